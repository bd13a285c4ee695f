"""Specialists follow topics (GET/PUT /api/v1/me/topic-follows, the form on
/questions/unanswered and on /account) and see the questions in those topics
that have no visible answer yet. Questions and answers are written straight
into the database here, so these tests need nothing but the schema (0018)."""
from __future__ import annotations

import time

import pytest

from hearth_client import Client, api_sign_up, bearer
from message_helpers import db_rows
from question_helpers import add_answer, add_question
from specialist_helpers import admin_client, admin_email, signed_in, token_of


# --- helpers ---

def user_id_of(server, token: str) -> int:
    return int(Client(server.url).get("/api/v1/me", headers=bearer(token)).json()["user"]["id"])


def account(server, role: str, name: str = "Test Person") -> tuple[str, int]:
    """A fresh account of `role`: its bearer token and user id."""
    email, user = api_sign_up(server.url, role=role, display_name=name)
    return token_of(server, email), int(user["id"])


def follows(server, token: str):
    return Client(server.url).get("/api/v1/me/topic-follows", headers=bearer(token))


def set_follows(server, token: str, topics):
    return Client(server.url).request("PUT", "/api/v1/me/topic-follows", json={"topics": topics},
                                      headers=bearer(token))


def slugs(res) -> list[str]:
    return [t["slug"] for t in res.json()["topics"]]


# --- the API ---

def test_a_specialist_follows_topics_in_the_vocabularys_order(server):
    token, _ = account(server, "specialist")
    assert follows(server, token).json() == {"topics": []}
    res = set_follows(server, token, ["boundaries", "attachment", "boundaries"])
    assert res.status == 200, res
    # In the vocabulary's order (boundaries before attachment), once each.
    assert slugs(res) == ["boundaries", "attachment"]
    assert res.json()["topics"][0]["name"] == "Boundaries"
    assert slugs(follows(server, token)) == ["boundaries", "attachment"]
    # The whole list is replaced, and an empty one follows nothing.
    assert slugs(set_follows(server, token, ["trust-and-repair"])) == ["trust-and-repair"]
    assert slugs(follows(server, token)) == ["trust-and-repair"]
    assert set_follows(server, token, []).json() == {"topics": []}
    assert follows(server, token).json() == {"topics": []}


def test_unknown_topics_are_refused_with_their_names_and_change_nothing(server):
    token, _ = account(server, "specialist")
    set_follows(server, token, ["attachment"])
    res = set_follows(server, token, ["attachment", "astrology", "boundaries"])
    assert res.status == 422, res
    err = res.json()["error"]
    assert err["code"] == "unknown_topics" and err["field"] == "topics"
    assert err["unknown"] == ["astrology"]
    assert "astrology" in err["message"]
    # A specialty is not a topic.
    res = set_follows(server, token, ["anxiety"])
    assert res.status == 422 and res.json()["error"]["unknown"] == ["anxiety"]
    assert slugs(follows(server, token)) == ["attachment"]


@pytest.mark.parametrize("body", [{}, {"topics": "boundaries"}, {"topics": [1]}, {"topics": [None]},
                                  {"topics": {"a": "b"}}])
def test_malformed_bodies_are_refused(server, body):
    token, _ = account(server, "specialist")
    set_follows(server, token, ["attachment"])
    res = Client(server.url).request("PUT", "/api/v1/me/topic-follows", json=body, headers=bearer(token))
    assert res.status == 422, res
    assert res.json()["error"]["field"] == "topics"
    assert slugs(follows(server, token)) == ["attachment"]


def test_only_specialists_follow_topics(server):
    member, _ = account(server, "member")
    assert follows(server, member).status == 403
    assert set_follows(server, member, ["boundaries"]).status == 403
    visitor = Client(server.url)
    assert visitor.get("/api/v1/me/topic-follows").status == 401
    assert visitor.request("PUT", "/api/v1/me/topic-follows", json={"topics": ["boundaries"]}).status == 401


def test_each_specialist_changes_only_their_own_follows(server):
    a, a_id = account(server, "specialist")
    b, b_id = account(server, "specialist")
    set_follows(server, a, ["attachment"])
    set_follows(server, b, ["boundaries", "breaking-the-cycle"])
    set_follows(server, a, [])
    assert slugs(follows(server, b)) == ["boundaries", "breaking-the-cycle"]
    rows = db_rows(server, f"SELECT user_id, topic FROM topic_follows WHERE user_id IN ({a_id}, {b_id}) ORDER BY topic")
    assert [(int(u), t) for u, t in rows] == [(b_id, "boundaries"), (b_id, "breaking-the-cycle")]


def test_an_admin_cannot_follow_topics(server):
    admin = admin_client(server, admin_email(server))
    assert admin.get("/api/v1/me/topic-follows").status == 403
    assert admin.get("/questions/unanswered").status == 403


# --- the pages ---

def test_the_page_form_saves_topics_and_refuses_unknown_ones(server):
    c, _ = signed_in(server, "specialist")
    page = c.get("/questions/unanswered")
    assert page.status == 200, page
    assert "Choose the topics" in page.text
    csrf = c.csrf_from("/questions/unanswered")
    res = c.post("/questions/unanswered/topics",
                 form=[("_csrf", csrf), ("topics", "attachment"), ("topics", "starting-therapy")])
    assert res.status == 303 and res.location == "/questions/unanswered?done=topics", res
    page = c.get("/questions/unanswered?done=topics").text
    assert "Your topics are saved." in page
    assert 'value="attachment" checked' in page and 'value="starting-therapy" checked' in page
    assert 'value="boundaries" checked' not in page

    res = c.post("/questions/unanswered/topics", form=[("_csrf", csrf), ("topics", "boundaries"),
                                                       ("topics", "not-a-topic")])
    assert res.status == 422, res
    assert "not-a-topic" in res.text
    assert 'value="boundaries" checked' in res.text  # the choice is kept
    token = c.session_token
    assert slugs(follows(server, token)) == ["attachment", "starting-therapy"]


def test_the_form_needs_its_csrf_token(server):
    c, _ = signed_in(server, "specialist")
    res = c.post("/questions/unanswered/topics", form=[("topics", "attachment")])
    assert res.status == 403
    assert follows(server, c.session_token).json() == {"topics": []}


def test_the_account_page_has_the_section_for_specialists_only(server):
    c, _ = signed_in(server, "specialist")
    page = c.get("/account").text
    assert "Topics you follow" in page
    csrf = c.csrf_from("/account")
    res = c.post("/questions/unanswered/topics", form=[("_csrf", csrf), ("back", "account"), ("topics", "boundaries")])
    assert res.status == 303 and res.location == "/account?done=topics#questions-topics", res
    page = c.get("/account?done=topics").text
    assert "Your topics are saved." in page and 'value="boundaries" checked' in page

    m, _ = signed_in(server, "member")
    assert "Topics you follow" not in m.get("/account").text


def test_members_get_a_403_page_and_visitors_are_sent_to_log_in(server):
    m, _ = signed_in(server, "member")
    res = m.get("/questions/unanswered")
    assert res.status == 403 and "text/html" in res.headers["Content-Type"]
    csrf = m.csrf_from("/account")
    assert m.post("/questions/unanswered/topics", form=[("_csrf", csrf), ("topics", "boundaries")]).status == 403
    res = Client(server.url).get("/questions/unanswered")
    assert res.status == 302 and res.location == "/login?gated=1&return_to=/questions/unanswered"


# --- what the list shows ---

def test_the_list_has_unanswered_visible_questions_in_followed_topics_newest_first(fresh_server):
    server = fresh_server  # its own: the paging below counts every question in these topics
    c, _ = signed_in(server, "specialist")
    token = c.session_token
    specialist_id = user_id_of(server, token)
    _, asker_id = account(server, "member", name="Quillon Asker")
    set_follows(server, token, ["boundaries", "attachment"])

    older = add_question(server, "Older boundaries question", ["boundaries"], asker_id, age=300)
    newer = add_question(server, "Newer attachment question", ["attachment", "trust-and-repair"], asker_id,
                         anonymous=True, age=100)
    add_question(server, "Not my topic question", ["starting-therapy"], asker_id, age=50)
    answered = add_question(server, "Answered boundaries question", ["boundaries"], asker_id, age=40)
    add_answer(server, answered, specialist_id)
    hidden_answer_only = add_question(server, "Only a hidden answer question", ["boundaries"], asker_id, age=30)
    add_answer(server, hidden_answer_only, specialist_id, hidden=True)
    add_question(server, "Hidden boundaries question", ["boundaries"], asker_id, age=20, hidden=True)

    page = c.get("/questions/unanswered")
    assert page.status == 200, page
    text = page.text
    assert "Not my topic question" not in text
    assert "Answered boundaries question" not in text
    assert "Hidden boundaries question" not in text
    titles = ["Only a hidden answer question", "Newer attachment question", "Older boundaries question"]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions), "newest first"
    assert f'href="/questions/{newer}"' in text and f'href="/questions/{older}"' in text
    assert f'href="/questions/{hidden_answer_only}"' in text
    assert "Trust and repair" in text  # the question's topics are shown
    # Nothing of who asked, anonymous or named.
    assert "Quillon" not in text

    # Paging: one a page, the second is the middle one.
    p2 = c.get("/questions/unanswered?page=2&per_page=1").text
    assert "Newer attachment question" in p2 and "Older boundaries question" not in p2
    assert 'rel="prev"' in p2 and 'rel="next"' in p2
    assert c.get("/questions/unanswered?page=0").status == 422

    # Once answered it drops out; once hidden too.
    add_answer(server, newer, specialist_id)
    db_rows(server, f"UPDATE questions SET hidden_at = {int(time.time())} WHERE id = {older}")
    text = c.get("/questions/unanswered").text
    assert "Newer attachment question" not in text and "Older boundaries question" not in text
    assert "Only a hidden answer question" in text


def test_following_nothing_prompts_to_choose_and_lists_nothing(server):
    c, _ = signed_in(server, "specialist")
    add_question(server, "A boundaries question nobody follows", ["boundaries"])
    text = c.get("/questions/unanswered").text
    assert "Choose the topics" in text
    assert "A boundaries question nobody follows" not in text


def test_another_specialists_topics_do_not_shape_my_list(server):
    a, _ = signed_in(server, "specialist")
    b, _ = signed_in(server, "specialist")
    set_follows(server, a.session_token, ["boundaries"])
    set_follows(server, b.session_token, ["attachment"])
    add_question(server, "Boundaries only question", ["boundaries"])
    add_question(server, "Attachment only question", ["attachment"])
    ta, tb = a.get("/questions/unanswered").text, b.get("/questions/unanswered").text
    assert "Boundaries only question" in ta and "Attachment only question" not in ta
    assert "Attachment only question" in tb and "Boundaries only question" not in tb


# --- seeding (`hearth seed --demo` and `--questions N`) ---

def count(server, sql: str) -> int:
    return int(db_rows(server, sql)[0][0])


def test_demo_questions_are_seeded_once_with_their_answers(fresh_server):
    server = fresh_server
    for _ in range(2):
        r = server.cli("seed", "--demo")
        assert r.returncode == 0, (r.stdout, r.stderr)
    assert "8 already there" in r.stdout, r.stdout
    demo = "FROM questions q JOIN users u ON u.id = q.asker_id WHERE u.email LIKE '%@hearth.localhost'"
    assert count(server, "SELECT COUNT(*) " + demo) == 8
    assert count(server, "SELECT COUNT(*) " + demo + " AND q.anonymous = 1") == 3
    assert count(server, "SELECT COUNT(*) FROM answers") == 10
    assert count(server, "SELECT COUNT(*) " + demo + " AND q.accepted_answer_id IS NOT NULL") == 4
    assert count(server, "SELECT COUNT(*) " + demo + " AND q.answer_count = 0") == 0
    # Through the services: counted, searchable, and listed on /questions.
    listed = Client(server.url).get("/api/v1/questions?q=boundaries").json()
    assert any("boundaries" in q["title"].lower() for q in listed["items"]), listed


def test_synthetic_questions_are_seeded_up_to_the_count(fresh_server):
    server = fresh_server
    r = server.cli("seed", "--questions", "30")
    assert r.returncode == 0, (r.stdout, r.stderr)
    synthetic = ("FROM questions q JOIN users u ON u.id = q.asker_id "
                 "WHERE u.email LIKE '%@synthetic.hearth.localhost'")
    assert count(server, "SELECT COUNT(*) " + synthetic) == 30
    first_titles = db_rows(server, "SELECT q.title " + synthetic + " ORDER BY q.id")
    r = server.cli("seed", "--questions", "30")
    assert r.returncode == 0 and "0 created" in r.stdout, r.stdout
    assert count(server, "SELECT COUNT(*) " + synthetic) == 30
    r = server.cli("seed", "--questions", "45")
    assert count(server, "SELECT COUNT(*) " + synthetic) == 45
    assert db_rows(server, "SELECT q.title " + synthetic + " ORDER BY q.id")[:30] == first_titles
    # About 40 % wait for an answer; the rest have one or two, counted.
    unanswered = count(server, "SELECT COUNT(*) " + synthetic + " AND q.answer_count = 0")
    assert unanswered == 18
    assert count(server, "SELECT COUNT(*) FROM answers") == count(server, "SELECT SUM(answer_count) FROM questions")
    res = Client(server.url).get("/api/v1/questions?per_page=5").json()
    assert res["total"] == 45


# --- through the questions API itself ---

def test_questions_asked_and_answered_through_the_api_come_and_go(fresh_server):
    from question_helpers import answer, answerer, asked, member as asking_member

    server = fresh_server
    admin = admin_client(server, admin_email(server))
    c, _ = signed_in(server, "specialist")
    set_follows(server, c.session_token, ["boundaries"])
    _, asker_token, _ = asking_member(server, name="Ottoline Asker")
    q = asked(server, asker_token, title="How do I stop saying yes to everything?", topics=["boundaries"],
              anonymous=True)
    text = c.get("/questions/unanswered").text
    assert "How do I stop saying yes to everything?" in text and "Ottoline" not in text
    # A listed specialist answers through the API: the question leaves the list.
    token, _ = answerer(server, admin)
    assert answer(server, token, q["id"]).status == 201
    assert "How do I stop saying yes to everything?" not in c.get("/questions/unanswered").text


# --- the answers match docs/openapi.yaml ---

def test_answers_match_the_openapi_description(server):
    from pathlib import Path

    import jsonschema
    import yaml

    doc = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    schemas = doc["components"]["schemas"]
    token, _ = account(server, "specialist")
    jsonschema.validate(follows(server, token).json(), schemas["TopicFollows"])
    jsonschema.validate(set_follows(server, token, ["attachment"]).json(), schemas["TopicFollows"])
    refused = set_follows(server, token, ["nope"])
    assert refused.status == 422
    jsonschema.validate(refused.json(), schemas["UnknownTopicsError"])
    assert set(refused.json()["error"]) == {"code", "message", "field", "unknown"}
    operations = doc["paths"]["/api/v1/me/topic-follows"]
    assert set(operations["put"]["responses"]) >= {"200", "401", "403", "422"}
