"""Attacks on "Contact us" and reports: wrong users, CSRF, open redirects
through return_to, markup in what people write, answers that race or come
after a request is closed, reports resolved twice or after newer reports
came in, and paging extremes. Both engines."""
import threading
import time
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, api_sign_up, bearer, extract_csrf
from message_helpers import db_rows
from specialist_helpers import ADMIN_PASSWORD, admin_email, audit_entries, signed_in, token_of
from test_reports import Conversation, own_reports, phrase, report


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def admin_mail(site):
    return admin_email(site)


@pytest.fixture(scope="module")
def admin_token(site, admin_mail):
    return token_of(site, admin_mail, ADMIN_PASSWORD)


def member(site, name="Mira Member"):
    email, _ = api_sign_up(site.url, display_name=name)
    return email, token_of(site, email)


def contact(site, token, subject="About my account", body="How do I change my name?"):
    res = Client(site.url).post("/api/v1/contact", json={"subject": subject, "body": body},
                                headers=bearer(token))
    assert res.status == 201, res
    return res.json()


def answer(site, admin_token, rid, text, **extra):
    return Client(site.url).post(f"/api/v1/admin/contact/{rid}/answer", json={"answer": text, **extra},
                                 headers=bearer(admin_token))


def answer_mails(site, email):
    """The answer e-mails to `email` in the outbox, sent or not yet."""
    return db_rows(site, "SELECT id FROM outbox WHERE recipient = '%s' AND subject LIKE '%%has answered%%'" % email)


# --- what held: wrong users, CSRF, redirects, markup, paging ---

def test_other_people_and_non_admins_never_see_a_request(site, admin_token):
    _, owner = member(site, "Owner Person")
    rid = contact(site, owner, body=phrase("private words"))["id"]
    _, other = member(site, "Other Person")
    spec_email, _ = api_sign_up(site.url, role="specialist", display_name="Spec Person")
    spec = token_of(site, spec_email)
    for token in (other, spec):
        h = bearer(token)
        assert Client(site.url).get(f"/api/v1/admin/contact/{rid}", headers=h).status == 403
        assert answer(site, token, rid, "hijack").status == 403
        assert Client(site.url).post(f"/api/v1/admin/contact/{rid}/close", headers=h).status == 403
        assert rid not in [r["id"] for r in Client(site.url).get("/api/v1/me/contact", headers=h).json()["items"]]
    c, _ = signed_in(site, role="member")
    assert c.get(f"/contact/sent/{rid}").status == 404
    assert Client(site.url).get(f"/contact/sent/{rid}").status in (302, 303, 401, 404)


def test_cookie_writes_need_the_csrf_token(site, admin_mail):
    c, _ = signed_in(site, role="member")
    res = c.post("/contact", form={"subject": "csrf", "body": "no token here"})
    assert res.status == 403, res
    res = c.post("/api/v1/contact", json={"subject": "csrf", "body": "no token here"})
    assert res.status in (401, 403), res
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("csrf"))
    m, _ = signed_in(site, email=conv.member_email)
    res = m.post("/reports", form={"target_type": "message", "target_id": str(mid), "reason": "spam"})
    assert res.status == 403, res
    assert own_reports(site, conv.member_token)["total"] == 0


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "/%2F/evil.example", "%2F%2Fevil.example",
                                    "https://evil.example/", "/\t/evil.example", " //evil.example",
                                    "/ok\r\nSet-Cookie: x=1", "javascript:alert(1)", "\\\\evil.example",
                                    "/%5Cevil.example", "http:/evil.example"])
def test_return_to_never_leaves_the_site(site, admin_mail, target):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("redirect"))
    c, _ = signed_in(site, email=conv.member_email)
    token = extract_csrf(c.get("/account").text)
    res = c.post("/reports", form={"_csrf": token, "target_type": "message", "target_id": str(mid),
                                   "reason": "other", "return_to": target})
    assert res.status == 303, res
    loc = res.location
    assert loc.startswith("/") and not loc.startswith("//") and not loc.startswith("/\\"), loc
    assert "\r" not in loc and "\n" not in loc and "Set-Cookie" not in str(res.headers.get("Set-Cookie", ""))


def test_markup_in_subjects_bodies_and_answers_is_text_everywhere(site, admin_mail, admin_token):
    email, token = member(site, "<img src=x onerror=alert(1)>")
    evil = "<script>alert('x')</script>"
    rid = contact(site, token, subject=evil, body=evil + "\n<b>bold</b>")["id"]
    res = answer(site, admin_token, rid, "Answer " + evil)
    assert res.status == 200, res
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    for page in (admin.get(f"/admin/contact/{rid}").text, admin.get("/admin/contact?status=answered").text):
        assert "<script>alert" not in page and "<img src=x" not in page
    c, _ = signed_in(site, email=email)
    for page in (c.get("/account").text, c.get(f"/contact/sent/{rid}").text):
        assert "<script>alert" not in page and "<img src=x" not in page


@pytest.mark.parametrize("subject", ["a\r\nBcc: victim@evil.example", "a\u202eevil", "a\x00b", "a\u2028b"])
def test_subjects_that_would_break_headers_or_lie_are_refused(site, subject):
    _, token = member(site)
    res = Client(site.url).post("/api/v1/contact", json={"subject": subject, "body": "x"}, headers=bearer(token))
    assert res.status == 422 and res.error()["field"] == "subject", res


@pytest.mark.parametrize("query", ["page=-1", "page=0", "page=99999999999999999999", "per_page=100000",
                                   "per_page=-5", "page=9223372036854775807", "status=OPEN", "status=open%00",
                                   "status[]=open", "status=open&status=closed"])
def test_paging_and_status_extremes_never_fail(site, admin_token, query):
    for path in ("/api/v1/admin/contact", "/api/v1/admin/reports", "/api/v1/me/contact", "/api/v1/me/reports"):
        res = Client(site.url).get(f"{path}?{query}", headers=bearer(admin_token))
        assert res.status in (200, 400, 404, 422), (path, query, res)


def test_an_admin_reads_no_unreported_message_through_any_route(site, admin_mail, admin_token):
    conv = Conversation(site, admin_mail)
    hidden = phrase("never reported")
    mid = conv.send(conv.specialist["id"], hidden)
    h = bearer(admin_token)
    for path in (f"/api/v1/admin/reports/messages/{mid}", f"/api/v1/admin/reports?target_id={mid}",
                 f"/api/v1/conversations/{conv.id}/messages", f"/api/v1/conversations/{conv.id}",
                 f"/messages/{conv.id}", f"/admin/reports?status=open&target_id={mid}"):
        res = Client(site.url).get(path, headers=h)
        assert hidden not in res.text, path
    # The admin cannot make it "reported" by reporting it: they are not in the conversation.
    assert report(site, admin_token, mid).status == 404
    assert Client(site.url).get(f"/api/v1/admin/reports/messages/{mid}", headers=h).status == 404


def test_reporting_your_own_or_a_strangers_message_saves_nothing(site, admin_mail):
    conv = Conversation(site, admin_mail)
    mine = conv.send(conv.member["id"], phrase("mine"))
    assert report(site, conv.member_token, mine).status == 404
    _, stranger = member(site, "Stranger")
    theirs = conv.send(conv.specialist["id"], phrase("theirs"))
    assert report(site, stranger, theirs).status == 404
    assert own_reports(site, conv.member_token)["total"] == 0 and own_reports(site, stranger)["total"] == 0


# --- findings ---

def test_answering_a_closed_request_is_refused_and_sends_nothing(site, admin_token):
    email, token = member(site, "Closed Case")
    rid = contact(site, token)["id"]
    h = bearer(admin_token)
    assert Client(site.url).post(f"/api/v1/admin/contact/{rid}/close", headers=h).status == 200
    res = answer(site, admin_token, rid, "A late answer")
    assert res.status == 409 and res.error()["code"] == "request_closed", res
    got = Client(site.url).get(f"/api/v1/admin/contact/{rid}", headers=h).json()
    assert got["status"] == "closed" and got["answer"] is None
    assert answer_mails(site, email) == []


def test_two_admins_answering_at_once_send_one_answer(site, admin_token):
    email, token = member(site, "Raced Person")
    rid = contact(site, token)["id"]
    results = []
    barrier = threading.Barrier(2)

    def go(text):
        barrier.wait()
        results.append(answer(site, admin_token, rid, text))

    threads = [threading.Thread(target=go, args=(f"Answer from admin {n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status for r in results)
    assert statuses == [200, 409], results
    loser = next(r for r in results if r.status == 409)
    assert loser.error()["code"] == "answered_meanwhile"
    winner = next(r for r in results if r.status == 200).json()
    assert len(answer_mails(site, email)) == 1
    assert Client(site.url).get(f"/api/v1/admin/contact/{rid}", headers=bearer(admin_token)).json()["answer"] \
        == winner["answer"]


def test_an_answer_written_before_someone_else_answered_is_refused(site, admin_mail, admin_token):
    email, token = member(site, "Stale Page")
    rid = contact(site, token)["id"]
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    stale = admin.get(f"/admin/contact/{rid}").text
    assert 'name="replaces_answer_at" value=""' in stale
    assert answer(site, admin_token, rid, "The first answer").status == 200
    res = admin.post(f"/admin/contact/{rid}/answer", form={"_csrf": extract_csrf(stale), "answer": "Second answer",
                                                            "replaces_answer_at": ""})
    assert res.status == 409 and "already answered" in res.text, res
    assert "Second answer" in res.text and "The first answer" in res.text  # both in view, nothing lost
    got = Client(site.url).get(f"/api/v1/admin/contact/{rid}", headers=bearer(admin_token)).json()
    assert got["answer"] == "The first answer"
    assert len(answer_mails(site, email)) == 1
    # Answering again, knowingly, still works: from the page shown again...
    seen = res.text.split('name="replaces_answer_at" value="')[1].split('"')[0]
    assert seen == got["answered_at"]
    res = admin.post(f"/admin/contact/{rid}/answer", form={"_csrf": extract_csrf(stale), "answer": "A correction",
                                                            "replaces_answer_at": seen})
    assert res.status == 303, res
    got = Client(site.url).get(f"/api/v1/admin/contact/{rid}", headers=bearer(admin_token)).json()
    assert got["answer"] == "A correction"
    # ...and through the API, naming the answer it replaces.
    res = answer(site, admin_token, rid, "Blind answer")
    assert res.status == 409 and res.error()["code"] == "answered_meanwhile", res
    res = answer(site, admin_token, rid, "Not a time", replaces_answer_at="yesterday")
    assert res.status == 422 and res.error()["field"] == "replaces_answer_at", res
    res = answer(site, admin_token, rid, "Knowing answer", replaces_answer_at=got["answered_at"])
    assert res.status in (200, 409), res  # 409 only when both fell in the same second


def test_closing_twice_is_audited_once_and_a_closed_page_offers_no_answer(site, admin_mail, admin_token):
    _, token = member(site, "Twice Closed")
    rid = contact(site, token)["id"]
    for _ in range(2):
        res = Client(site.url).post(f"/api/v1/admin/contact/{rid}/close", headers=bearer(admin_token))
        assert res.status == 200 and res.json()["status"] == "closed"
    entries = [e for e in audit_entries(site, admin_mail, "contact.close") if e["target_id"] == str(rid)]
    assert len(entries) == 1
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get(f"/admin/contact/{rid}").text
    assert f'action="/admin/contact/{rid}/answer"' not in page and "can no longer be answered" in page


def test_resolving_twice_is_409_and_writes_one_audit_entry(site, admin_mail, admin_token):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("twice"))
    rep = report(site, conv.member_token, mid).json()
    url = f"/api/v1/admin/reports/{rep['id']}/resolve"
    assert Client(site.url).post(url, json={"action": "dismiss"}, headers=bearer(admin_token)).status == 200
    res = Client(site.url).post(url, json={"action": "actioned"}, headers=bearer(admin_token))
    assert res.status == 409 and res.error()["code"] == "already_resolved", res
    entries = [e for e in audit_entries(site, admin_mail, "report.resolve") if e["target_id"] == str(mid)]
    assert len(entries) == 1
    assert own_reports(site, conv.member_token)["items"][0]["status"] == "dismissed"
    # From the queue page, a second click says so and changes nothing.
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    token = extract_csrf(admin.get("/admin/reports").text)
    res = admin.post(f"/admin/reports/{rep['id']}/resolve", form={"_csrf": token, "action": "actioned"})
    assert res.status == 303 and res.location == "/admin/reports?done=already", res
    assert "already resolved" in admin.get(res.location).text
    assert own_reports(site, conv.member_token)["items"][0]["status"] == "dismissed"


def test_an_idempotency_key_sent_again_with_other_words_is_refused_not_swallowed(site):
    _, token = member(site, "Key Reuser")
    key = uuid.uuid4().hex
    h = bearer(token)
    first = Client(site.url).post("/api/v1/contact", json={"subject": "One", "body": "First words",
                                                           "idempotency_key": key}, headers=h)
    assert first.status == 201, first
    same = Client(site.url).post("/api/v1/contact", json={"subject": "One", "body": "  First words \n",
                                                          "idempotency_key": key}, headers=h)
    assert same.status == 200 and same.json()["id"] == first.json()["id"], same
    other = Client(site.url).post("/api/v1/contact", json={"subject": "One", "body": "Quite other words",
                                                           "idempotency_key": key}, headers=h)
    assert other.status == 409 and other.error()["code"] == "idempotency_key_reused", other
    assert other.error()["field"] == "idempotency_key"
    mine = Client(site.url).get("/api/v1/me/contact", headers=h).json()
    assert mine["total"] == 1 and mine["items"][0]["body"] == "First words"


def test_the_page_form_sent_again_with_other_words_keeps_them_and_a_new_key_sends_them(site):
    c, _ = signed_in(site, role="member")
    page = c.get("/contact").text
    token = extract_csrf(page)
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    res = c.post("/contact", form={"_csrf": token, "idempotency_key": key, "subject": "Page", "body": "Words one"})
    assert res.status == 303, res
    res = c.post("/contact", form={"_csrf": token, "idempotency_key": key, "subject": "Page", "body": "Words two"})
    assert res.status == 409 and "Words two" in res.text and "sent before" in res.text, res
    fresh = res.text.split('name="idempotency_key" value="')[1].split('"')[0]
    assert fresh and fresh != key
    res = c.post("/contact", form={"_csrf": token, "idempotency_key": fresh, "subject": "Page", "body": "Words two"})
    assert res.status == 303, res
    bodies = [r["body"] for r in c.get("/api/v1/me/contact").json()["items"]]
    assert sorted(bodies) == ["Words one", "Words two"]


# --- message keys: a missing key file, a key file others may read ---

def _stored_message(srv):
    """A message stored on `srv` (a member writing to a listed specialist)."""
    conv = Conversation(srv)
    return conv


def _starts(srv) -> bool:
    try:
        srv.start(timeout=20)
        return True
    except RuntimeError:
        return False


@pytest.mark.parametrize("engine", ENGINES)
def test_a_node_without_its_key_file_refuses_to_start_when_messages_are_stored(engine):
    srv = _launch(engine)
    try:
        conv = _stored_message(srv)
        key_file = f"{srv.data_dir}/message_keys"
        original = open(key_file).read()
        srv.stop()
        import os
        os.rename(key_file, key_file + ".away")
        assert not _starts(srv), srv.log()
        assert "message key file" in srv.log() and "missing" in srv.log()
        assert not os.path.exists(key_file)  # no fresh key 1 made in its place
        # A key file others may read is refused too.
        os.rename(key_file + ".away", key_file)
        os.chmod(key_file, 0o644)
        assert not _starts(srv)
        assert "chmod 600" in srv.log()
        # With its own key file back (0600), every message reads again.
        os.chmod(key_file, 0o600)
        assert open(key_file).read() == original
        assert _starts(srv), srv.log()
        res = Client(srv.url).get(f"/api/v1/conversations/{conv.id}/messages", headers=bearer(conv.member_token))
        assert res.status == 200 and "may I ask about your approach" in res.text
    finally:
        srv.cleanup()


# --- "usually replies within": blocking must not flatter it ---

def test_a_specialist_blocking_whom_they_did_not_answer_does_not_flatter_the_reply_time(fresh_server):
    from test_expectations import DAY, HOUR, add_conversation, listed_with_id, public_json, reply_hours_after_restart
    from specialist_helpers import admin_client as admin_of
    server = fresh_server
    admin = admin_of(server, admin_email(server))
    profile, specialist_id = listed_with_id(server, admin)
    for age, after in ((5 * DAY, HOUR), (4 * DAY, 2 * HOUR), (3 * DAY, 3 * HOUR)):
        add_conversation(server, profile, specialist_id, age, after)
    for age in (6 * DAY, 7 * DAY):  # never answered, then blocked by the specialist
        add_conversation(server, profile, specialist_id, age, None)
        db_rows(server, "UPDATE conversations SET blocked_by = specialist_id, blocked_at = created_at + 100 "
                        "WHERE id = (SELECT MAX(id) FROM conversations)")
    # One the member blocked at once: the specialist could not answer it; left out.
    add_conversation(server, profile, specialist_id, 8 * DAY, None)
    db_rows(server, "UPDATE conversations SET blocked_by = member_id, blocked_at = created_at + 10 "
                    "WHERE id = (SELECT MAX(id) FROM conversations)")
    # Samples: 1 h, 2 h, 3 h and two "never": the upper median is 3 hours
    # (2 if the blocked ones were left out, none if the member's counted).
    assert reply_hours_after_restart(server, profile["slug"], 3) == 3
    assert public_json(server, profile["slug"])["usual_reply_hours"] == 3


# --- more that held: double submits at once, visitors, clamped paging, notes ---

def test_one_key_sent_many_times_at_once_stores_one_request(site):
    _, token = member(site, "Double Clicker")
    key = uuid.uuid4().hex
    results = []
    barrier = threading.Barrier(6)

    def go():
        barrier.wait()
        results.append(Client(site.url).post("/api/v1/contact", json={"subject": "Once", "body": "Only once",
                                                                      "idempotency_key": key}, headers=bearer(token)))

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status for r in results) == [200] * 5 + [201], results
    assert len({r.json()["id"] for r in results}) == 1
    assert Client(site.url).get("/api/v1/me/contact", headers=bearer(token)).json()["total"] == 1


def test_visitors_save_nothing_and_are_sent_to_log_in(site):
    c = Client(site.url)
    page = c.get("/contact")
    assert page.status == 200 and "You need to be logged in to contact us" in page.text
    res = c.post("/api/v1/contact", json={"subject": "Anon", "body": "Anonymous"})
    assert res.status == 401, res
    assert c.get("/api/v1/me/contact").status == 401
    assert c.post("/api/v1/reports", json={"target_type": "message", "target_id": 1, "reason": "spam"}).status == 401


def test_per_page_is_clamped_and_huge_pages_are_empty(site, admin_token):
    res = Client(site.url).get("/api/v1/admin/contact?per_page=100000", headers=bearer(admin_token))
    assert res.status in (200, 422) and (res.status == 422 or res.json()["per_page"] <= 100), res
    res = Client(site.url).get("/api/v1/admin/contact?page=1000000", headers=bearer(admin_token))
    assert res.status in (200, 422) and (res.status == 422 or res.json()["items"] == []), res


def test_report_notes_and_reporter_names_are_text_in_the_admin_queue(site, admin_mail):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], "<script>alert('m')</script>")
    assert report(site, conv.member_token, mid, note="<img src=x onerror=alert(1)>").status == 201
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get("/admin/reports").text
    assert "<img src=x" not in page and "<script>alert('m')" not in page
    assert "&lt;img src=x" in page or "&lt;img" in page


@pytest.mark.parametrize("raw", [b'{"subject":"Bad \xff\xfe bytes","body":"x"}',
                                 b'{"subject":"Nul","body":"a\\u0000b"}',
                                 b'{"subject":"Lone","body":"half a pair \\ud800"}',
                                 b'{"subject":"Bell","body":"ring \\u0007"}'])
def test_bytes_that_are_not_text_save_nothing(site, raw):
    _, token = member(site, "Byte Sender")
    res = Client(site.url).post("/api/v1/contact", raw_body=raw, content_type="application/json",
                                headers=bearer(token))
    assert res.status in (400, 422), res
    assert Client(site.url).get("/api/v1/me/contact", headers=bearer(token)).json()["total"] == 0


def test_answers_and_bodies_count_characters_not_bytes(site, admin_token):
    _, token = member(site, "Long Writer")
    rid = contact(site, token, subject="é" * 200, body="😀" * 5000)["id"]
    assert answer(site, admin_token, rid, "😀" * 5000).status == 200
    res = answer(site, admin_token, rid, "😀" * 5001,
                 replaces_answer_at=Client(site.url).get(f"/api/v1/admin/contact/{rid}",
                                                         headers=bearer(admin_token)).json()["answered_at"])
    assert res.status == 422 and res.error()["field"] == "answer", res


def test_an_answer_and_a_close_at_once_never_mail_a_closed_request(site, admin_token):
    for _ in range(3):
        email, token = member(site, "Close Race")
        rid = contact(site, token)["id"]
        results = {}
        barrier = threading.Barrier(2)

        def do_answer():
            barrier.wait()
            results["answer"] = answer(site, admin_token, rid, "Racing answer")

        def do_close():
            barrier.wait()
            results["close"] = Client(site.url).post(f"/api/v1/admin/contact/{rid}/close",
                                                     headers=bearer(admin_token))

        threads = [threading.Thread(target=do_answer), threading.Thread(target=do_close)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results["close"].status == 200
        got = Client(site.url).get(f"/api/v1/admin/contact/{rid}", headers=bearer(admin_token)).json()
        assert got["status"] == "closed"
        if results["answer"].status == 200:  # answered first, then closed: the answer stands, mailed once
            assert got["answer"] == "Racing answer" and len(answer_mails(site, email)) == 1
        else:
            assert results["answer"].status == 409 and results["answer"].error()["code"] == "request_closed"
            assert got["answer"] is None and answer_mails(site, email) == []


def test_a_specialist_cannot_write_to_themselves_to_make_a_reply_time(site):
    from message_helpers import specialist, start
    s = specialist(site)
    res = start(s, s.slug, "Talking to myself to look fast")
    assert 400 <= res.status < 500, res
    assert db_rows(site, f"SELECT COUNT(*) FROM conversations WHERE member_id = {s.user['id']}") == [("0",)]


@pytest.mark.parametrize("engine", ENGINES)
def test_rotating_keys_while_people_send_loses_nothing(engine):
    from message_helpers import all_messages, member as msg_member, send as msg_send, specialist as listed, start
    srv = _launch(engine)
    try:
        specialist = listed(srv)
        slug = specialist.slug
        person = msg_member(srv)
        res = start(person, slug, "The first message")
        assert res.status == 201, res
        cid = res.json()["conversation"]["id"]
        sent: list[str] = []
        stop = threading.Event()

        def keep_sending():
            n = 0
            while not stop.is_set():
                text = f"during rotation {n}"
                r = msg_send(person if n % 2 else specialist, cid, text)
                if r.status == 201:
                    sent.append(text)
                n += 1

        writer = threading.Thread(target=keep_sending)
        writer.start()
        try:
            time.sleep(0.5)
            r = srv.cli("keys", "rotate", "--batch", "5")
            assert r.returncode == 0, (r.stdout, r.stderr)
            time.sleep(0.5)
        finally:
            stop.set()
            writer.join()
        assert len(sent) > 10
        bodies = [m["body"] for m in all_messages(person, cid)]
        assert bodies[0] == "The first message" and bodies[1:] == sent
        used = {int(k) for (k,) in db_rows(srv, "SELECT DISTINCT key_id FROM messages")}
        with open(f"{srv.data_dir}/message_keys") as f:
            held = {int(line.split()[0]) for line in f if line.strip() and not line.startswith("#")}
        assert used <= held, (used, held, r.stdout)
    finally:
        srv.cleanup()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reported_message_whose_key_was_lost_does_not_take_the_queue_down(engine):
    import base64
    import secrets
    srv = _launch(engine)
    try:
        conv = Conversation(srv)
        srv.create_admin("ops@example.org", ADMIN_PASSWORD)
        admin_tok = token_of(srv, "ops@example.org", ADMIN_PASSWORD)
        readable = conv.send(conv.specialist["id"], "A message that stays readable")
        key_file = f"{srv.data_dir}/message_keys"
        with open(key_file, "a") as f:
            f.write(f"2 {base64.b64encode(secrets.token_bytes(32)).decode()}\n")
        time.sleep(1.1)  # the keyring looks at the file at most once a second
        lost = conv.send(conv.specialist["id"], "Sealed under a key removed later")
        assert report(srv, conv.member_token, readable).status == 201
        assert report(srv, conv.member_token, lost).status == 201
        with open(key_file) as f:
            kept = [line for line in f if not line.startswith("2 ")]
        with open(key_file, "w") as f:
            f.writelines(kept)
        srv.stop()
        srv.start()
        res = Client(srv.url).get("/api/v1/admin/reports?per_page=100", headers=bearer(admin_tok))
        assert res.status == 200, res
        by_id = {i["target_id"]: i["message"] for i in res.json()["items"]}
        assert by_id[readable]["body"] == "A message that stays readable" and by_id[readable]["readable"] is True
        assert by_id[lost]["body"] is None and by_id[lost]["readable"] is False
        admin, _ = signed_in(srv, email="ops@example.org", password=ADMIN_PASSWORD)
        page = admin.get("/admin/reports")
        assert page.status == 200 and "A message that stays readable" in page.text
        assert "cannot be opened" in page.text
        assert "reported message" in srv.log() and "cannot be opened" in srv.log()
        # It can still be resolved.
        rep = [r for r in own_reports(srv, conv.member_token)["items"] if r["target_id"] == lost][0]
        res = Client(srv.url).post(f"/api/v1/admin/reports/{rep['id']}/resolve", json={"action": "dismiss"},
                                   headers=bearer(admin_tok))
        assert res.status == 200, res
    finally:
        srv.cleanup()
