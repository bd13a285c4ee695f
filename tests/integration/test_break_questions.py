"""Questions and answers under attack: what an attacker, a careless user or
a curious reader could learn or change. Above all, the asker of an
anonymous question appears nowhere public, not even through the words of
an error. Both engines."""
import threading
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, bearer
from question_helpers import answer, answerer, asked, ask, member, show
from specialist_helpers import admin_client, token_of
from specialist_helpers import admin_mail  # noqa: F401  (fixture)
from specialist_helpers import ADMIN_PASSWORD

MISSING = 987654321


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def admin(site, admin_mail):
    return admin_client(site, admin_mail)


@pytest.fixture(scope="module")
def admin_token(site, admin, admin_mail):
    return token_of(site, admin_mail, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def specialist(site, admin):
    return answerer(site, admin, name=f"Dr Break Answer{uuid.uuid4().hex[:6]}")


def secret_asker(site):
    """(token, name, user) of a member with a name nobody else has, and their anonymous question."""
    name = f"Ysolde Marrowfeld{uuid.uuid4().hex[:6]}"
    _, token, user = member(site, name=name)
    q = asked(site, token, title=f"Anonymous worry {uuid.uuid4().hex[:6]} about trust", anonymous=True)
    return token, name, user, q


def hide(site, admin_token, reporter, target_type, target_id):
    c = Client(site.url)
    rep = c.post("/api/v1/reports", json={"target_type": target_type, "target_id": target_id, "reason": "spam"},
                 headers=bearer(reporter))
    assert rep.status == 201, rep
    res = c.post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve", json={"action": "hide", "reason": "Off topic"},
                 headers=bearer(admin_token))
    assert res.status == 200, res


def refusal(res):
    return res.status, (res.error().get("message") if res.status >= 400 and res.text else None)


# --- error words -------------------------------------------------------------

def test_anothers_question_and_a_missing_one_are_refused_with_the_same_words(site):
    _, _, _, q = secret_asker(site)
    _, other, _ = member(site)
    c = Client(site.url)
    change = {"title": "A changed title long enough", "body": "Changed.", "topics": ["boundaries"],
              "anonymous": False}
    for method, path, body in [("PUT", "/api/v1/questions/{}", change),
                               ("DELETE", "/api/v1/questions/{}", None),
                               ("POST", "/api/v1/questions/{}/accepted", {"answer_id": 1}),
                               ("DELETE", "/api/v1/questions/{}/accepted", None)]:
        theirs = c.request(method, path.format(q["id"]), json=body, headers=bearer(other))
        missing = c.request(method, path.format(MISSING), json=body, headers=bearer(other))
        assert refusal(theirs) == refusal(missing), (method, path, theirs, missing)
        assert theirs.status == 404
    assert Client(site.url).get(f"/api/v1/questions/{q['id']}").json()["title"] == q["title"]


def test_a_hidden_question_and_a_missing_one_read_alike(site, admin_token):
    _, _, _, q = secret_asker(site)
    _, reporter, _ = member(site)
    hide(site, admin_token, reporter, "question", q["id"])
    c = Client(site.url)
    for token in (None, reporter):
        headers = bearer(token) if token else None
        hidden = c.get(f"/api/v1/questions/{q['id']}", headers=headers)
        missing = c.get(f"/api/v1/questions/{MISSING}", headers=headers)
        assert refusal(hidden) == refusal(missing), (hidden, missing)
        assert hidden.status == 404


# --- anonymity -----------------------------------------------------------------

def test_reporting_an_anonymous_question_tells_the_reporter_nothing_of_its_asker(site):
    _, name, user, q = secret_asker(site)
    _, reporter, _ = member(site)
    c = Client(site.url)
    rep = c.post("/api/v1/reports", json={"target_type": "question", "target_id": q["id"], "reason": "spam"},
                 headers=bearer(reporter))
    assert rep.status == 201, rep
    mine = c.get("/api/v1/me/reports", headers=bearer(reporter))
    assert mine.status == 200, mine
    for res in (rep, mine):
        assert name not in res.text
        assert f'"id":{user["id"]},' not in res.text.replace(" ", "") or user["id"] == q["id"]


def test_the_answering_specialists_profile_and_pages_do_not_name_the_anonymous_asker(site, specialist):
    _, name, _, q = secret_asker(site)
    spec, profile = specialist
    assert answer(site, spec, q["id"]).status == 201
    c = Client(site.url)
    for path in (f"/specialists/{profile['slug']}", f"/questions/{q['id']}", "/questions", "/questions/unanswered",
                 "/sitemap.xml", f"/api/v1/questions/{q['id']}", "/api/v1/questions", "/search?q=worry",
                 "/api/v1/search?q=worry"):
        res = c.get(path)
        assert name not in res.text, path
        assert res.headers.get("Last-Modified") is None or path == "/sitemap.xml", path


def test_the_askers_marker_is_never_served_to_anyone_else(site, specialist):
    token, name, _, q = secret_asker(site)
    spec, _ = specialist
    c = Client(site.url)
    assert "You asked this" in c.get(f"/questions/{q['id']}", headers=bearer(token)).text
    assert show(site, q["id"], token).json()["asked_by_you"] is True
    _, other, _ = member(site)
    for headers in (None, bearer(other), bearer(spec)):
        page = c.get(f"/questions/{q['id']}", headers=headers)
        assert "You asked this" not in page.text and name not in page.text
        assert "asked_by_you" not in c.get(f"/api/v1/questions/{q['id']}", headers=headers).json()


# --- bad input -------------------------------------------------------------------

@pytest.mark.parametrize("value", ["false", "true", 0, 1, [], {}])
def test_anonymous_must_be_true_or_false(site, value):
    _, token, _ = member(site)
    word = "anonflag" + uuid.uuid4().hex[:8]
    res = ask(site, token, title=f"Question with {word} inside", anonymous=value)
    assert res.status == 422 and res.error().get("field") == "anonymous", res
    assert Client(site.url).get(f"/api/v1/questions?q={word}").json()["total"] == 0


@pytest.mark.parametrize("topics", ["boundaries", {"a": "boundaries"}, [1], [["boundaries"]], 7])
def test_topics_that_are_not_a_list_of_text_are_refused(site, topics):
    _, token, _ = member(site)
    res = ask(site, token, topics=topics)
    assert res.status == 422 and res.error().get("field") == "topics", res


def test_duplicate_topics_are_kept_once(site):
    _, token, _ = member(site)
    q = asked(site, token, topics=["boundaries", "boundaries", " boundaries "])
    assert [t["slug"] for t in q["topics"]] == ["boundaries"]


@pytest.mark.parametrize("title", ["\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b",
                                   "\u202eevil title that flips\u202c text", "\U0001F600" * 10001])
def test_invisible_flipping_and_huge_titles_are_refused(site, title):
    _, token, _ = member(site)
    res = ask(site, token, title=title)
    assert res.status in (413, 422), res


def test_a_huge_answer_of_emoji_is_refused_and_saves_nothing(site, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    res = answer(site, spec, q["id"], body="\U0001F600" * 10001)
    assert res.status in (413, 422), res
    assert show(site, q["id"]).json()["answer_count"] == 0


# --- hidden items --------------------------------------------------------------------

def test_the_answers_of_a_hidden_question_are_unreachable(site, admin, admin_token, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    aid = answer(site, spec, q["id"]).json()["id"]
    _, reporter, _ = member(site)
    hide(site, admin_token, reporter, "question", q["id"])
    c = Client(site.url)
    assert c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(reporter)).status == 404
    other_spec, _ = answerer(site, admin)
    assert answer(site, other_spec, q["id"]).status == 404
    rep = c.post("/api/v1/reports", json={"target_type": "answer", "target_id": aid, "reason": "spam"},
                 headers=bearer(reporter))
    assert rep.status == 404, rep
    assert show(site, q["id"], token).json()["hidden"] is True


def test_a_hidden_answer_cannot_be_accepted_and_an_accepted_one_hidden_is_no_longer_accepted(site, admin_token,
                                                                                              specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    aid = answer(site, spec, q["id"]).json()["id"]
    c = Client(site.url)
    assert c.post(f"/api/v1/questions/{q['id']}/accepted", json={"answer_id": aid}, headers=bearer(token)).status == 200
    _, reporter, _ = member(site)
    hide(site, admin_token, reporter, "answer", aid)
    assert show(site, q["id"]).json()["accepted_answer_id"] is None
    again = c.post(f"/api/v1/questions/{q['id']}/accepted", json={"answer_id": aid}, headers=bearer(token))
    assert again.status == 422, again


# --- races -------------------------------------------------------------------------------

def at_once(*calls):
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_answers_by_one_specialist_at_once_save_one(site, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    results = at_once(*[lambda: answer(site, spec, q["id"]) for _ in range(4)])
    assert sorted(r.status for r in results) == [201, 409, 409, 409], results
    assert show(site, q["id"]).json()["answer_count"] == 1


def test_helpful_twice_at_once_counts_once(site, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    aid = answer(site, spec, q["id"]).json()["id"]
    _, reader, _ = member(site)
    c = Client(site.url)
    results = at_once(*[lambda: c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(reader)) for _ in range(4)])
    assert all(r.status == 200 for r in results), results
    assert show(site, q["id"]).json()["answers"][0]["helpful_count"] == 1


def test_an_edit_racing_the_first_answer_never_changes_an_answered_question(site, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    change = {"title": "A title changed during the answer", "body": "Changed.", "topics": ["boundaries"],
              "anonymous": False}
    c = Client(site.url)
    edit, ans = at_once(lambda: c.request("PUT", f"/api/v1/questions/{q['id']}", json=change, headers=bearer(token)),
                        lambda: answer(site, spec, q["id"]))
    assert ans.status == 201, ans
    assert edit.status in (200, 409), edit
    shown = show(site, q["id"]).json()
    assert shown["answer_count"] == 1
    # Either the edit came first (and the answer answers the changed words) or it was refused.
    assert (shown["title"] == change["title"]) == (edit.status == 200)


def test_a_delete_racing_an_answer_leaves_no_orphan(site, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    c = Client(site.url)
    gone, ans = at_once(lambda: c.delete(f"/api/v1/questions/{q['id']}", headers=bearer(token)),
                        lambda: answer(site, spec, q["id"]))
    assert gone.status == 204, gone
    assert ans.status in (201, 404), ans
    assert c.get(f"/api/v1/questions/{q['id']}").status == 404


# --- wrong users ----------------------------------------------------------------------------

def test_specialists_and_admins_cannot_ask_edit_or_mark_helpful(site, admin_token, specialist):
    _, token, _ = member(site)
    q = asked(site, token)
    spec, _ = specialist
    aid = answer(site, spec, q["id"]).json()["id"]
    c = Client(site.url)
    for who in (spec, admin_token):
        assert ask(site, who).status == 403
        assert c.request("PUT", f"/api/v1/questions/{q['id']}", json={"title": "x" * 20, "body": "b",
                         "topics": ["boundaries"]}, headers=bearer(who)).status in (403, 404)
        assert c.delete(f"/api/v1/questions/{q['id']}", headers=bearer(who)).status in (403, 404)
    assert c.post(f"/api/v1/answers/{aid}/helpful", headers=bearer(spec)).status == 403
    assert c.post(f"/api/v1/answers/{aid}/helpful").status == 401
    assert show(site, q["id"]).json()["answers"][0]["helpful_count"] == 0
    assert show(site, q["id"]).json()["title"] == q["title"]


def test_page_forms_need_their_csrf_token(site):
    email, token, _ = member(site)
    q = asked(site, token)
    c = Client(site.url)
    from specialist_helpers import signed_in
    page, _ = signed_in(site, role="member", email=email)
    for path in (f"/questions/{q['id']}/delete", f"/questions/{q['id']}/edit", "/questions/new"):
        res = page.post(path, form={"title": "A title long enough here", "body": "b", "topics": "boundaries",
                                    "visibility": "named"})
        assert res.status == 403, (path, res)
    assert c.get(f"/api/v1/questions/{q['id']}").status == 200


def test_questions_and_answers_of_invisible_characters_only_are_refused(site, specialist):
    _, token, _ = member(site)
    res = ask(site, token, body="\u200b\u2060\ufeff\u3164")
    assert res.status == 422 and res.error()["field"] == "body", res
    q = asked(site, token)
    spec, _ = specialist
    res = answer(site, spec, q["id"], body="\u200b" * 30 + "ok")
    assert res.status == 422 and res.error()["field"] == "body", res
    assert show(site, q["id"]).json()["answer_count"] == 0


# --- crisis words ---------------------------------------------------------------------------------

def test_crisis_words_in_a_title_flag_once_across_edits_and_never_hide(site, admin_token):
    _, token, _ = member(site)
    res = ask(site, token, title="I want to kill myself after the breakup", body="Nothing helps.")
    assert res.status == 201 and res.json()["crisis_resources"] is True, res
    qid = res.json()["id"]
    change = {"title": "I still want to kill myself after the breakup", "body": "Nothing helps at all.",
              "topics": ["boundaries"], "anonymous": True}
    c = Client(site.url)
    for _ in range(2):
        res = c.request("PUT", f"/api/v1/questions/{qid}", json=change, headers=bearer(token))
        assert res.status == 200 and res.json()["crisis_resources"] is True, res
    items = c.get("/api/v1/admin/reports?status=open&per_page=100", headers=bearer(admin_token)).json()["items"]
    flags = [i for i in items if i["target_type"] == "question" and i["target_id"] == qid]
    assert len(flags) == 1, flags
    assert show(site, qid).status == 200


def test_an_answer_hidden_while_it_is_chosen_is_never_left_accepted(site, admin_token, specialist):
    c = Client(site.url)
    for _ in range(3):
        _, token, _ = member(site)
        q = asked(site, token)
        spec, _ = specialist
        aid = answer(site, spec, q["id"]).json()["id"]
        _, reporter, _ = member(site)
        rep = c.post("/api/v1/reports", json={"target_type": "answer", "target_id": aid, "reason": "spam"},
                     headers=bearer(reporter))
        assert rep.status == 201, rep
        accept, hidden = at_once(
            lambda: c.post(f"/api/v1/questions/{q['id']}/accepted", json={"answer_id": aid}, headers=bearer(token)),
            lambda: c.post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve",
                           json={"action": "hide", "reason": "Off topic"}, headers=bearer(admin_token)))
        assert hidden.status == 200, hidden
        assert accept.status in (200, 422), accept
        mine = show(site, q["id"], token).json()
        assert mine["accepted_answer_id"] is None, mine
        assert show(site, q["id"]).json()["accepted_answer_id"] is None


def test_what_the_asker_sees_is_never_cacheable_by_others(site):
    token, _, _, q = secret_asker(site)
    c = Client(site.url)
    for path in (f"/questions/{q['id']}", f"/api/v1/questions/{q['id']}", f"/questions/{q['id']}/edit"):
        res = c.get(path, headers=bearer(token))
        assert res.status == 200, (path, res)
        cache = (res.headers.get("Cache-Control") or "").lower()
        assert "public" not in cache and ("private" in cache or "no-store" in cache), (path, res.headers)


def test_a_suspended_specialist_answers_nothing(site, admin, admin_token):
    spec, profile = answerer(site, admin)
    _, token, _ = member(site)
    q = asked(site, token)
    res = Client(site.url).post(f"/api/v1/admin/specialists/{profile['slug']}/suspend",
                                json={"reason": "Licence under review."}, headers=bearer(admin_token))
    assert res.status == 200, res
    assert answer(site, spec, q["id"]).status in (401, 403)
    assert show(site, q["id"]).json()["answer_count"] == 0


def test_an_edit_that_leaves_out_anonymous_keeps_the_question_anonymous(site):
    token, name, _, q = secret_asker(site)
    c = Client(site.url)
    change = {"title": "A changed anonymous worry about trust", "body": "Changed.", "topics": ["boundaries"]}
    res = c.request("PUT", f"/api/v1/questions/{q['id']}", json=change, headers=bearer(token))
    assert res.status == 200 and res.json()["anonymous"] is True, res
    public = show(site, q["id"]).json()
    assert public["anonymous"] is True and public["asker"] is None and name not in json_text(public)
    # Saying so still changes it.
    res = c.request("PUT", f"/api/v1/questions/{q['id']}", json={**change, "anonymous": False}, headers=bearer(token))
    assert res.status == 200 and res.json()["anonymous"] is False, res


def json_text(obj) -> str:
    import json
    return json.dumps(obj, ensure_ascii=False)


def test_deleting_an_anonymous_question_twice_at_once_tells_each_writer_once_and_names_nobody(site, admin):
    import time
    from hearth_client import mail_text, mails_to, wait_for_mail
    token, name, _, q = secret_asker(site)
    writers = []
    for _ in range(2):
        spec, _ = answerer(site, admin)
        writers.append(Client(site.url).get("/api/v1/me", headers=bearer(spec)).json()["user"]["email"])
        assert answer(site, spec, q["id"]).status == 201
    c = Client(site.url)
    results = at_once(lambda: c.delete(f"/api/v1/questions/{q['id']}", headers=bearer(token)),
                      lambda: c.delete(f"/api/v1/questions/{q['id']}", headers=bearer(token)))
    assert sorted(r.status for r in results) == [204, 404], results
    subject = "A question you answered on Hearth was deleted"
    for email in writers:
        text = mail_text(wait_for_mail(site.data_dir, email, subject))
        assert name not in text and q["title"] not in text
    time.sleep(0.5)
    for email in writers:
        assert len([m for m in mails_to(site.data_dir, email) if m["Subject"] == subject]) == 1


def test_answer_and_accept_forms_need_their_csrf_token(site, admin):
    from specialist_helpers import listed_specialist
    email, token, _ = member(site)
    q = asked(site, token)
    spec_page, _ = listed_specialist(site, admin)
    res = spec_page.post(f"/questions/{q['id']}/answers", form={"body": "A careful answer that is long enough."})
    assert res.status == 403, res
    from specialist_helpers import signed_in
    page, _ = signed_in(site, role="member", email=email)
    assert page.post(f"/questions/{q['id']}/accepted", form={"answer_id": "1"}).status == 403
    assert show(site, q["id"]).json()["answer_count"] == 0
