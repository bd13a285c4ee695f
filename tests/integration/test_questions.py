"""Questions and answers: members ask (named or anonymously), verified
specialists answer, members mark answers helpful, the asker chooses the
answer that helped most, edits until the first answer and deletes. The
asker of an anonymous question appears nowhere anyone else can look.
Wrong users, bad input and rate limits. Both engines."""
import json
import re
import time
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import (Client, api_sign_up, bearer, extract_csrf, mail_text, mails_to, wait_for_mail,
                           wait_for_mails)
from question_helpers import TOPICS, answer, answerer, ask, asked, member, show
from specialist_helpers import admin_client, listed_specialist, signed_in, token_of
from specialist_helpers import admin_mail  # noqa: F401  (fixture)
from specialist_helpers import ADMIN_PASSWORD


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def admin(site, admin_mail):
    return admin_client(site, admin_mail)


@pytest.fixture(scope="module")
def specialist(site, admin):
    return answerer(site, admin, name=f"Dr Noor Answer{uuid.uuid4().hex[:6]}")


def json_ld(page: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert m, "no JSON-LD"
    return json.loads(m.group(1))


def all_values(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from all_values(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from all_values(v)
    else:
        yield obj


# --- anonymity -------------------------------------------------------------

def test_the_asker_of_an_anonymous_question_appears_nowhere(site, admin, admin_mail, specialist):
    name = f"Zephyrine Quill{uuid.uuid4().hex[:6]}"
    email, token, user = member(site, name)
    word = "anonword" + uuid.uuid4().hex[:6]
    q = asked(site, token, title=f"Is it normal to feel numb {word}?", body=f"Since the breakup {word} I feel nothing.",
              anonymous=True)
    qid = q["id"]
    assert q["anonymous"] is True and q["asked_by_you"] is True and q["asker"] is None
    spec_token, profile = specialist
    assert answer(site, spec_token, qid).status == 201

    def clean(text: str, where: str):
        assert name not in text, where
        assert email not in text, where
        assert f"user-{user['id']}" not in text, where

    # Pages, as a visitor and as the answering specialist.
    for who in (None, spec_token):
        c = Client(site.url)
        headers = bearer(who) if who else None
        page = c.get(f"/questions/{qid}", headers=headers)
        assert page.status == 200, page
        clean(page.text, "question page")
        assert "Asked anonymously" in page.text
        ld = json_ld(page.text)
        assert ld["@type"] == "QAPage"
        main = ld["mainEntity"]
        assert "author" not in main and main["name"].startswith("Is it normal")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", main["dateCreated"]), main["dateCreated"]
        assert main["answerCount"] == 1
        assert main["suggestedAnswer"][0]["author"]["url"].endswith("/specialists/" + profile["slug"])
        clean(c.get("/questions", headers=headers).text, "list")
        found = c.get(f"/questions?q={word}", headers=headers)
        assert f"/questions/{qid}" in found.text
        clean(found.text, "search")
        # JSON: list and item.
        items = c.get(f"/api/v1/questions?q={word}", headers=headers).json()["items"]
        assert [i["id"] for i in items] == [qid]
        item = show(site, qid, who).json()
        for obj in (items[0], item):
            clean(json.dumps(obj), "json")
            assert "asker_id" not in obj and obj["asker"] is None and "asked_by_you" not in obj
            assert "created_at" not in obj and re.fullmatch(r"\d{4}-\d{2}-\d{2}", obj["created_on"])

    # The specialist's mail (if any) never names the asker.
    spec_email = Client(site.url).get("/api/v1/me", headers=bearer(spec_token)).json()["user"]["email"]
    for msg in mails_to(site.data_dir, spec_email):
        clean(mail_text(msg), "mail to the specialist")

    # The asker is told they asked anonymously; an admin sees who asked.
    mine = Client(site.url).get(f"/questions/{qid}", headers=bearer(token)).text
    assert "You asked this anonymously" in mine
    admin_view = show(site, qid, token_of(site, admin_mail, ADMIN_PASSWORD)).json()
    assert admin_view["asker_id"] == user["id"] and admin_view["asker_name"] == name


def test_a_named_question_shows_the_display_name(site):
    name = f"Orla Named{uuid.uuid4().hex[:6]}"
    _, token, _ = member(site, name)
    q = asked(site, token, anonymous=False)
    assert q["asker"] == {"name": name} and "created_at" not in q  # the day only, for every question
    page = Client(site.url).get(f"/questions/{q['id']}").text
    assert f"Asked by {name}" in page
    assert json_ld(page)["mainEntity"]["author"] == {"@type": "Person", "name": name}


# --- who may do what -------------------------------------------------------

def test_only_members_ask(site):
    assert ask(site, None).status == 401
    _, spec_user = api_sign_up(site.url, role="specialist")
    spec = token_of(site, spec_user["email"])
    assert ask(site, spec).status == 403


def test_members_and_unverified_specialists_cannot_answer(site, admin_mail):
    _, token, _ = member(site)
    qid = asked(site, token)["id"]
    _, other, _ = member(site)
    assert answer(site, other, qid).status == 403
    assert answer(site, token, qid).status == 403
    email, _ = api_sign_up(site.url, role="specialist")
    assert answer(site, token_of(site, email), qid).status == 403
    assert answer(site, token_of(site, admin_mail, ADMIN_PASSWORD), qid).status == 403
    assert answer(site, None, qid).status == 401
    assert show(site, qid).json()["answers"] == []
    page = Client(site.url).get(f"/questions/{qid}", headers=bearer(token_of(site, email))).text
    assert "Once your profile is verified and listed" in page and 'action="/questions/' + str(qid) + '/answers"' not in page


def test_one_answer_per_specialist_and_bad_answers(site, specialist):
    _, token, _ = member(site)
    qid = asked(site, token)["id"]
    spec, _ = specialist
    short = answer(site, spec, qid, body="Too short.")
    assert short.status == 422 and short.error()["field"] == "body"
    long = answer(site, spec, qid, body="x" * 10001)
    assert long.status == 422 and long.error()["field"] == "body"
    assert answer(site, spec, 999999999).status == 404
    res = answer(site, spec, qid)
    assert res.status == 201, res
    a = res.json()
    assert a["author"]["verified"] is True and a["author"]["url"].startswith("/specialists/")
    again = answer(site, spec, qid, body="A second answer from the same specialist, which is refused.")
    assert again.status == 409 and again.error()["code"] == "already_answered"
    assert show(site, qid).json()["answer_count"] == 1


def test_helpful_counts_once_per_member(site, specialist):
    _, token, _ = member(site)
    qid = asked(site, token)["id"]
    spec, _ = specialist
    aid = answer(site, spec, qid).json()["id"]
    _, reader, _ = member(site)
    c = Client(site.url)
    for _ in range(2):
        res = c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader))
        assert res.status == 200, res
    assert res.json()["helpful_count"] == 1 and res.json()["marked_helpful"] is True
    assert show(site, qid, reader).json()["answers"][0]["marked_helpful"] is True
    res = c.delete(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader))
    assert res.status == 200 and res.json()["helpful_count"] == 0
    assert c.delete(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader)).json()["helpful_count"] == 0
    # The specialist (its author or not) and visitors do not mark.
    assert c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(spec)).status == 403
    assert Client(site.url).post(f"/api/v1/answers/{aid}/helpful").status == 401
    assert c.post("/api/v1/answers/999999999/helpful", headers=bearer(reader)).status == 404


def test_only_the_asker_chooses_the_answer_that_helped_most(site, admin):
    _, token, _ = member(site)
    qid = asked(site, token)["id"]
    s1, _ = answerer(site, admin)
    s2, _ = answerer(site, admin)
    a1 = answer(site, s1, qid).json()["id"]
    a2 = answer(site, s2, qid, body="Another view: write down what you need before the call.").json()["id"]
    c = Client(site.url)
    _, other, _ = member(site)
    assert c.post(f"/api/v1/questions/{qid}/accepted", json={"answer_id": a2}, headers=bearer(other)).status == 404
    assert c.post(f"/api/v1/questions/{qid}/accepted", json={"answer_id": a2}, headers=bearer(s1)).status == 404
    assert c.post(f"/api/v1/questions/{qid}/accepted", json={"answer_id": a2}).status == 401
    other_q = asked(site, other)["id"]
    foreign = answer(site, s1, other_q).json()["id"]
    bad = c.post(f"/api/v1/questions/{qid}/accepted", json={"answer_id": foreign}, headers=bearer(token))
    assert bad.status == 422 and bad.error()["field"] == "answer_id"
    res = c.post(f"/api/v1/questions/{qid}/accepted", json={"answer_id": a2}, headers=bearer(token))
    assert res.status == 200, res
    body = res.json()
    assert body["accepted_answer_id"] == a2
    assert [a["id"] for a in body["answers"]] == [a2, a1] and body["answers"][0]["accepted"] is True
    page = Client(site.url).get(f"/questions/{qid}").text
    assert json_ld(page)["mainEntity"]["acceptedAnswer"]["url"].endswith(f"#answer-{a2}")
    # Changed, then cleared.
    assert c.post(f"/api/v1/questions/{qid}/accepted", json={"answer_id": a1},
                  headers=bearer(token)).json()["accepted_answer_id"] == a1
    res = c.delete(f"/api/v1/questions/{qid}/accepted", headers=bearer(token))
    assert res.status == 200 and res.json()["accepted_answer_id"] is None


def test_edit_and_delete_are_the_askers_alone(site, specialist):
    _, token, _ = member(site)
    qid = asked(site, token)["id"]
    _, other, _ = member(site)
    c = Client(site.url)
    change = {"title": "A changed title that is long enough", "body": "Changed.", "topics": ["attachment"],
              "anonymous": True}
    assert c.request("PUT", f"/api/v1/questions/{qid}", json=change, headers=bearer(other)).status == 404
    assert c.delete(f"/api/v1/questions/{qid}", headers=bearer(other)).status == 404
    spec, _ = specialist
    assert c.delete(f"/api/v1/questions/{qid}", headers=bearer(spec)).status == 404
    res = c.request("PUT", f"/api/v1/questions/{qid}", json=change, headers=bearer(token))
    assert res.status == 200, res
    q = res.json()
    assert q["title"] == change["title"] and q["anonymous"] is True and q["edited"] is True
    assert [t["slug"] for t in q["topics"]] == ["attachment"]
    assert answer(site, spec, qid).status == 201
    late = c.request("PUT", f"/api/v1/questions/{qid}", json=change, headers=bearer(token))
    assert late.status == 409 and late.error()["code"] == "answered"


def test_deleting_a_question_takes_its_answers_and_tells_their_writers(site, admin):
    _, token, _ = member(site)
    secret = "secretword" + uuid.uuid4().hex[:6]
    qid = asked(site, token, title=f"A question about {secret} and more", body=f"Details {secret}")["id"]
    spec, _ = answerer(site, admin)
    spec_email = Client(site.url).get("/api/v1/me", headers=bearer(spec)).json()["user"]["email"]
    aid = answer(site, spec, qid).json()["id"]
    res = Client(site.url).delete(f"/api/v1/questions/{qid}", headers=bearer(token))
    assert res.status == 204, res
    assert show(site, qid).status == 404
    assert Client(site.url).get(f"/questions/{qid}").status == 404
    assert Client(site.url).post(f"/api/v1/answers/{aid}/helpful", headers=bearer(token)).status == 404
    text = mail_text(wait_for_mail(site.data_dir, spec_email, "A question you answered on Hearth was deleted"))
    assert "has deleted it" in text and secret not in text
    assert Client(site.url).get(f"/api/v1/questions?q={secret}").json()["total"] == 0


# --- bad input --------------------------------------------------------------

@pytest.mark.parametrize("change,field", [
    ({"title": "Too short"}, "title"),
    ({"title": "A title with a line\nbreak inside it"}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"body": ""}, "body"),
    ({"body": "   "}, "body"),
    ({"body": "x" * 5001}, "body"),
    ({"topics": []}, "topics"),
    ({"topics": ["not-a-topic"]}, "topics"),
    ({"topics": ["boundaries", "attachment", "trust-and-repair", "starting-therapy"]}, "topics"),
])
def test_bad_questions_are_refused_naming_the_field_and_save_nothing(site, change, field):
    _, token, _ = member(site)
    res = ask(site, token, **change)
    assert res.status == 422, res
    assert res.error()["field"] == field
    mine = Client(site.url).get("/api/v1/questions?per_page=100").json()["items"]
    assert all(not i.get("asked_by_you") for i in mine)


def test_characters_are_counted_not_bytes(site):
    _, token, _ = member(site)
    assert ask(site, token, title="é" * 200, body="😀" * 5000).status == 201


@pytest.mark.parametrize("raw", [b'{"title":"Bad \xff\xfe bytes in a title","body":"x","topics":["boundaries"]}',
                                 b'{"title":"A title that is fine","body":"a\\u0000b","topics":["boundaries"]}'])
def test_bytes_that_are_not_text_save_nothing(site, raw):
    _, token, _ = member(site)
    before = Client(site.url).get("/api/v1/questions").json()["total"]
    res = Client(site.url).post("/api/v1/questions", raw_body=raw, content_type="application/json",
                                headers=bearer(token))
    assert res.status in (400, 422), res
    assert Client(site.url).get("/api/v1/questions").json()["total"] == before


# --- finding ----------------------------------------------------------------

def test_list_filters_search_and_paging(site, specialist):
    _, token, _ = member(site)
    tag = "filterword" + uuid.uuid4().hex[:6]
    answered = asked(site, token, title=f"Answered question {tag}", topics=["starting-therapy"])["id"]
    waiting = asked(site, token, title=f"Waiting question {tag}", topics=["free-consultations"])["id"]
    spec, _ = specialist
    hint = "answerhint" + uuid.uuid4().hex[:6]
    assert answer(site, spec, answered, body=f"Here is something about {hint} to read slowly.").status == 201
    c = Client(site.url)

    def ids(query):
        res = c.get(f"/api/v1/questions?{query}")
        assert res.status == 200, res
        return [i["id"] for i in res.json()["items"]]

    assert ids(f"q={tag}") == [waiting, answered] or set(ids(f"q={tag}")) == {waiting, answered}
    assert ids(f"q={tag}&status=answered") == [answered]
    assert ids(f"q={tag}&status=unanswered") == [waiting]
    assert ids(f"q={tag}&topic=free-consultations") == [waiting]
    assert ids(f"q={hint}") == [answered]  # answers' words find their question
    assert ids("topic=no-such-topic") == []
    newest = ids("per_page=2")
    assert newest[0] == waiting
    assert c.get("/api/v1/questions?status=maybe").status == 422
    assert c.get("/api/v1/questions?per_page=101").status == 422
    page = c.get(f"/questions?q={tag}&status=answered").text
    assert f"/questions/{answered}" in page and f"/questions/{waiting}" not in page


# --- e-mail -------------------------------------------------------------------

def test_the_asker_is_emailed_once_until_they_look(site, admin):
    email, token, _ = member(site)
    secret = "mailword" + uuid.uuid4().hex[:6]
    qid = asked(site, token, title=f"Question with {secret} inside", body=f"Body {secret}")["id"]
    s1, p1 = answerer(site, admin)
    s2, _ = answerer(site, admin)
    s3, _ = answerer(site, admin)
    subject = "Your question on Hearth has an answer"

    def notices():
        return [m for m in mails_to(site.data_dir, email) if m["Subject"] == subject]

    assert answer(site, s1, qid, body=f"An answer that mentions {secret} in passing.").status == 201
    msg = wait_for_mail(site.data_dir, email, subject)
    text = mail_text(msg)
    assert f"/questions/{qid}" in text
    assert secret not in text and p1["full_name"] not in text
    assert answer(site, s2, qid).status == 201
    assert len(notices()) == 1
    assert show(site, qid, token).status == 200  # the asker looks
    assert answer(site, s3, qid).status == 201
    deadline = time.monotonic() + 15
    while len(notices()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(notices()) == 2


# --- pages --------------------------------------------------------------------

def test_visitors_get_the_form_and_log_in_to_ask(site):
    c = Client(site.url)
    page = c.get("/questions/new")
    assert page.status == 200
    assert "Log in to ask" in page.text and 'data-draft="question-new"' in page.text
    assert "Nobody else will see who asked." in page.text
    res = c.post("/questions/new", form={"_csrf": extract_csrf(page.text), "title": "A question typed by a visitor",
                                         "body": "words", "visibility": "anonymous"})
    assert res.status == 303 and res.location == "/login?gated=1&return_to=%2Fquestions%2Fnew"


def test_a_member_asks_on_the_page(site):
    c, _ = signed_in(site, role="member", name="Paige Asker")
    token = c.csrf_from("/questions/new")
    form = [("_csrf", token), ("title", "How do I start therapy after years?"), ("body", "I keep putting it off."),
            ("topics", "starting-therapy"), ("topics", "boundaries"), ("visibility", "anonymous")]
    bad = c.post("/questions/new", form=[p for p in form if p[0] != "topics"])
    assert bad.status == 422 and "Choose at least one topic." in bad.text
    assert "How do I start therapy after years?" in bad.text
    res = c.post("/questions/new", form=form)
    assert res.status == 303, res
    assert re.fullmatch(r"/questions/\d+\?done=asked", res.location), res.location
    page = c.get(res.location).text
    assert "You asked this anonymously" in page and "Edit your question" in page


def test_crisis_words_show_resources_to_the_writer(site):
    _, token, _ = member(site)
    res = ask(site, token, body="Some nights I think I want to kill myself.")
    assert res.status == 201 and res.json()["crisis_resources"] is True
    assert ask(site, token).json()["crisis_resources"] is False
    page = Client(site.url).get(f"/questions/{res.json()['id']}?done=asked&support=1", headers=bearer(token)).text
    assert 'id="crisis-resources"' in page
    # A question is not a message to someone: the panel says what happens to it.
    assert "nobody may read it straight away" in page and "has been delivered" not in page


def test_unknown_and_malformed_ids_are_404(site):
    c = Client(site.url)
    for path in ("/questions/0", "/questions/abc", "/questions/99999999", "/api/v1/questions/-1"):
        assert c.get(path).status == 404, path


# --- rate limits ----------------------------------------------------------------

@pytest.fixture(params=ENGINES)
def limited(request):
    srv = _launch(request.param, {"HEARTH_RATE_LIMITS": "on"})
    yield srv
    srv.cleanup()


def test_asking_is_rate_limited(limited):
    _, token, _ = member(limited)
    for i in range(5):
        assert ask(limited, token, title=f"Question number {i} of the day").status == 201
    res = ask(limited, token, title="One question too many today")
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0


# --- moderation -------------------------------------------------------------------

def admin_queue(site, admin_token, status="open"):
    res = Client(site.url).get(f"/api/v1/admin/reports?status={status}&per_page=100", headers=bearer(admin_token))
    assert res.status == 200, res
    return res.json()["items"]


def test_crisis_words_flag_the_question_and_the_answer_for_review(site, admin, admin_mail):
    admin_token = token_of(site, admin_mail, ADMIN_PASSWORD)
    _, token, _ = member(site)
    qid = ask(site, token, body="Some nights I think about suicide.").json()["id"]
    spec, _ = answerer(site, admin)
    res = answer(site, spec, qid, body="If you are thinking of suicide, please call a helpline tonight.")
    assert res.status == 201 and res.json()["crisis_resources"] is True
    aid = res.json()["id"]
    calm = asked(site, token)["id"]
    items = admin_queue(site, admin_token)
    flagged = {(i["target_type"], i["target_id"]) for i in items if i["flagged_by_hearth"]}
    assert ("question", qid) in flagged and ("answer", aid) in flagged
    assert ("question", calm) not in flagged
    # Saved as usual, never hidden by it.
    assert show(site, qid).status == 200 and show(site, qid).json()["answer_count"] == 1


def test_reported_items_are_hidden_and_restored(site, admin, admin_mail):
    admin_token = token_of(site, admin_mail, ADMIN_PASSWORD)
    _, token, _ = member(site)
    word = "hideword" + uuid.uuid4().hex[:6]
    qid = asked(site, token, title=f"A question about {word} here")["id"]
    spec, _ = answerer(site, admin)
    aid = answer(site, spec, qid).json()["id"]
    _, reader, _ = member(site)
    c = Client(site.url)
    # Nobody reports what they wrote; others may.
    mine = c.post("/api/v1/reports", json={"target_type": "answer", "target_id": aid, "reason": "spam"},
                  headers=bearer(spec))
    assert mine.status in (403, 404), mine
    rep = c.post("/api/v1/reports", json={"target_type": "answer", "target_id": aid, "reason": "spam"},
                 headers=bearer(reader))
    assert rep.status == 201, rep
    res = c.post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve", json={"action": "hide", "reason": "Advertising"},
                 headers=bearer(admin_token))
    assert res.status == 200, res
    public = show(site, qid).json()
    assert public["answer_count"] == 0 and public["answers"] == []
    own = show(site, qid, spec).json()["answers"]
    assert own[0]["hidden"] is True and own[0]["hidden_reason"] == "Advertising"
    assert "Hidden by Hearth’s moderators:" in c.get(f"/questions/{qid}", headers=bearer(spec)).text
    assert c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader)).status == 404
    # The question itself: hidden, out of search, 404 to the public, shown to its asker and admins.
    rep = c.post("/api/v1/reports", json={"target_type": "question", "target_id": qid, "reason": "spam"},
                 headers=bearer(reader))
    assert rep.status == 201, rep
    assert c.post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve", json={"action": "hide", "reason": "Off topic"},
                  headers=bearer(admin_token)).status == 200
    assert show(site, qid).status == 404 and show(site, qid, reader).status == 404
    assert c.get(f"/questions/{qid}").status == 404
    assert c.get(f"/api/v1/questions?q={word}").json()["total"] == 0
    assert show(site, qid, token).json()["hidden_reason"] == "Off topic"
    assert show(site, qid, admin_token).status == 200
    assert answer(site, spec, qid, body="A late answer to a hidden question, refused.").status == 404
    assert c.post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve", json={"action": "restore"},
                  headers=bearer(admin_token)).status == 200
    assert show(site, qid).status == 200
    assert c.get(f"/api/v1/questions?q={word}").json()["total"] == 1


# --- the page forms ------------------------------------------------------------------

def page_client(site, role="member", name="Page Person"):
    c, email = signed_in(site, role=role, name=name)
    return c, email


def test_answer_helpful_accept_edit_and_delete_on_the_pages(site, admin):
    asker, _ = page_client(site, name="Hana Pages")
    token = asker.csrf_from("/questions/new")
    res = asker.post("/questions/new", form=[("_csrf", token), ("title", "What does a first session look like?"),
                                             ("body", "I have never been to therapy."), ("topics", "starting-therapy"),
                                             ("visibility", "named")])
    assert res.status == 303, res
    qid = int(re.search(r"/questions/(\d+)", res.location).group(1))
    path = f"/questions/{qid}"

    # The asker edits on the page while there is no answer.
    edit = asker.get(f"{path}/edit")
    assert edit.status == 200 and "Edit your question" in edit.text
    res = asker.post(f"{path}/edit", form=[("_csrf", extract_csrf(edit.text)), ("title", "What happens in a first session?"),
                                           ("body", "I have never been to therapy."), ("topics", "starting-therapy"),
                                           ("visibility", "anonymous")])
    assert res.status == 303 and res.location == f"{path}?done=edited", res
    assert "You asked this anonymously" in asker.get(path).text
    stranger, _ = page_client(site)
    assert stranger.get(f"{path}/edit").status == 404
    assert stranger.post(f"{path}/delete", form={"_csrf": stranger.csrf_from("/questions")}).status == 404

    # A specialist answers on the page; a short answer comes back with the words kept.
    spec_client, _ = listed_specialist(site, admin)
    page = spec_client.get(path).text
    assert "Answer as a specialist" in page
    short = spec_client.post(f"{path}/answers", form={"_csrf": extract_csrf(page), "body": "Too short to keep."})
    assert short.status == 422 and "Too short to keep." in short.text and "at least 20 characters" in short.text
    res = spec_client.post(f"{path}/answers", form={"_csrf": extract_csrf(page),
                                                    "body": "We talk about what brings you and what you hope for."})
    assert res.status == 303 and re.search(r"\?done=answered#answer-\d+$", res.location), res
    aid = int(res.location.rsplit("-", 1)[1])
    assert "Answer as a specialist" not in spec_client.get(path).text  # one answer each

    # No more editing; a member marks it helpful and takes it back; the asker accepts it.
    assert "Edit your question" not in asker.get(path).text
    late = asker.post(f"{path}/edit", form=[("_csrf", asker.csrf_from(path)), ("title", "Another title, long enough"),
                                            ("body", "x"), ("topics", "starting-therapy"), ("visibility", "named")])
    assert late.status == 409 and "can no longer be changed" in late.text
    res = stranger.post(f"/answers/{aid}/helpful", form={"_csrf": stranger.csrf_from(path), "helpful": "1"})
    assert res.status == 303 and res.location == f"{path}#answer-{aid}"
    assert "1 person found this helpful" in stranger.get(path).text
    stranger.post(f"/answers/{aid}/helpful", form={"_csrf": stranger.csrf_from(path), "helpful": "0"})
    assert "found this helpful" not in stranger.get(path).text
    res = asker.post(f"{path}/accepted", form={"_csrf": asker.csrf_from(path), "answer_id": str(aid)})
    assert res.status == 303 and "done=accepted" in res.location
    assert "Helped the asker most" in Client(site.url).get(path).text
    assert stranger.post(f"{path}/accepted", form={"_csrf": stranger.csrf_from(path), "answer_id": ""}).status == 404

    # The asker deletes it.
    res = asker.post(f"{path}/delete", form={"_csrf": asker.csrf_from(path)})
    assert res.status == 303 and res.location == "/questions?done=deleted"
    assert Client(site.url).get(path).status == 404


def test_specialists_and_admins_are_not_offered_the_ask_form(site, admin):
    spec, _ = page_client(site, role="specialist")
    page = spec.get("/questions/new").text
    assert "Questions are asked by members." in page and "Publish my question" not in page
    assert admin.get("/questions/new").status == 200


@pytest.fixture(params=ENGINES)
def prepared(request):
    """A server whose people and questions are made with rate limits off,
    then restarted with them on (the sign-up and log-in limits would stop
    the preparation, not what is tested)."""
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


def test_answering_and_helpful_marks_are_rate_limited(prepared):
    site = prepared
    admin_email_addr = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    site.create_admin(admin_email_addr, ADMIN_PASSWORD)
    spec, _ = answerer(site, admin_client(site, admin_email_addr))
    _, asker, _ = member(site)
    qids = [asked(site, asker, title=f"Question {i} for the limit")["id"] for i in range(31)]
    _, reader, _ = member(site)
    site.stop()
    site.env["HEARTH_RATE_LIMITS"] = "on"
    site.start()
    for qid in qids[:30]:
        assert answer(site, spec, qid).status == 201
    res = answer(site, spec, qids[30])
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0
    assert show(site, qids[30]).json()["answer_count"] == 0
    aid = show(site, qids[0]).json()["answers"][0]["id"]
    c = Client(site.url)
    for i in range(60):  # marks and taking them back count alike; below the write limit of 120 a minute
        method = c.post if i % 2 == 0 else c.delete
        assert method(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader)).status == 200
    res = c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader))
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0
