"""Account deletion (GDPR article 17) on both engines: the request behind the
password, the grace period that a log-in cancels, the erasure itself checked
by scanning every table of the database, what the other side still sees, and
the admin's view of a person (counts, never content)."""
from __future__ import annotations

import os
import time
import uuid

import pytest

from conftest import ENGINES, _launch
from consultation_helpers import Person, admin_token, all_day_hours, book, member, open_slots, profile_body, specialist
from db_scan import traces
from hearth_client import GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, mail_text, mails_to, \
    unique_email, wait_for_mail
from message_helpers import db_rows
from specialist_helpers import signed_in, tiny_png

GRACE_SECONDS = 2


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    """A server of this module's own whose deletions fall due after 2 s."""
    srv = _launch(request.param, {"HEARTH_DELETION_GRACE": f"{GRACE_SECONDS}s"})
    yield srv
    srv.cleanup()


def phrase(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}"


def request_deletion(person: Person, password: str = GOOD_PASSWORD, **extra):
    return person.post("/api/v1/me/deletion", {"password": password, **extra})


def pending_rows(site, user_id: int) -> list:
    return db_rows(site, f"SELECT due_at, cancelled_at FROM account_deletions WHERE user_id = {user_id}")


def purge(site, now: int | None = None) -> str:
    args = ["accounts", "purge"] + (["--now", str(now)] if now else [])
    r = site.cli(*args)
    assert r.returncode == 0, (r.stdout, r.stderr)
    return r.stdout


def purge_after_grace(site) -> None:
    time.sleep(GRACE_SECONDS + 1)
    purge(site)


def admin_person(site, user_id: int):
    return Client(site.url).get(f"/api/v1/admin/people/{user_id}", headers=bearer(admin_token(site)))


# --- the request ---

def test_a_request_needs_the_right_password_and_changes_nothing_without_it(site):
    m = member(site, "Wrong Password Person")
    res = request_deletion(m, password="not my password at all")
    assert res.status == 422, res
    assert res.error()["field"] == "password", res.error()
    res = m.post("/api/v1/me/deletion", {})
    assert res.status == 422 and res.error()["field"] == "password", res
    assert pending_rows(site, m.user["id"]) == []
    assert m.get("/api/v1/me").status == 200  # still signed in
    assert m.get("/api/v1/me/deletion").json() == {"deletion": None}
    # A visitor has nothing to delete.
    assert Client(site.url).post("/api/v1/me/deletion", json={"password": GOOD_PASSWORD}).status == 401
    assert Client(site.url).request("DELETE", "/api/v1/me/deletion").status == 401


def test_a_request_ends_every_session_and_says_when_by_e_mail(site):
    m = member(site, "Leaving Person")
    other_session = api_log_in(site.url, m.email)["token"]
    res = request_deletion(m)
    assert res.status == 202, res
    due = res.json()["deletion"]["due_at"]
    assert due.endswith("Z")
    assert m.get("/api/v1/me").status == 401
    assert Client(site.url).get("/api/v1/me", headers=bearer(other_session)).status == 401
    mail = wait_for_mail(site.data_dir, m.email, "will be deleted")
    assert "Log in before then and the deletion is cancelled" in mail_text(mail)
    assert len(pending_rows(site, m.user["id"])) == 1


def test_logging_in_during_the_grace_period_cancels_it_and_the_page_says_so(site):
    m = member(site, "Changed Mind Person")
    assert request_deletion(m).status == 202
    c, _ = signed_in(site, email=m.email)  # logs in through the API with a cookie
    wait_for_mail(site.data_dir, m.email, "deletion of your Hearth account was cancelled")
    page = c.get("/account")
    assert page.status == 200, page
    assert "has been cancelled" in page.text
    # Shown once; then the section only offers deletion again.
    assert "has been cancelled" not in c.get("/account").text
    # Past the grace period nothing happens to the account.
    purge_after_grace(site)
    assert api_log_in(site.url, m.email)["user"]["id"] == m.user["id"]


def test_a_second_request_while_one_is_pending_is_a_conflict(site):
    m = member(site, "Twice Person")
    admin = admin_token(site)
    assert request_deletion(m).status == 202
    res = Client(site.url).post(f"/api/v1/admin/people/{m.user['id']}/deletion", json={"reason": "E-mail of 3 May"},
                                headers=bearer(admin))
    assert res.status == 409, res
    assert res.error()["code"] == "already_pending"


def test_nobody_cancels_someone_elses_deletion(site):
    a = member(site, "Person A")
    b = member(site, "Person B")
    assert request_deletion(a).status == 202
    res = b.call("DELETE", "/api/v1/me/deletion")
    assert res.status == 404, res
    assert res.error()["code"] == "no_deletion"
    rows = pending_rows(site, a.user["id"])
    assert len(rows) == 1 and rows[0][1] == "", rows  # still pending, not cancelled


def test_the_deletion_page_explains_and_refuses_a_wrong_password(site):
    c, email = signed_in(site, role="member", name="Page Person")
    page = c.get("/account")
    assert 'href="/account/delete"' in page.text
    form = c.get("/account/delete")
    assert form.status == 200
    for words in ("Logging in again cancels the deletion", "a deleted account", "What stays"):
        assert words in form.text
    token = c.csrf_from("/account/delete")
    res = c.post("/account/delete", form={"_csrf": token, "password": "wrong password here"})
    assert res.status == 422, res
    assert "That is not your current password." in res.text
    assert c.get("/api/v1/me").status == 200
    res = c.post("/account/delete", form={"_csrf": token, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    assert "Your account will be deleted on" in res.text
    assert c.get("/api/v1/me").status == 401
    # Without a session the page is a log-in away.
    assert Client(site.url).get("/account/delete").status in (302, 303)


# --- the erasure ---

def test_a_deleted_member_leaves_no_trace_and_the_other_side_still_works(site):
    name = phrase("Mirela Deleteme")
    note = phrase("booking-note-secret")
    contact_subject = phrase("contact-subject")
    anon_title = phrase("Anonymous question title")
    m = Person(site, "member", name)
    s = specialist(site)
    # A consultation still to come, with a note.
    slot = open_slots(site, s.slug)[2]["start"]
    res = book(m, s.slug, slot, note=note, timezone="Europe/Berlin", idempotency_key=uuid.uuid4().hex)
    assert res.status == 201, res
    booking_id = res.json()["consultation"]["id"]
    # A conversation both wrote in.
    message = phrase("message words")
    res = m.post("/api/v1/conversations", {"specialist": s.slug, "body": f"Hello from the member. {message}",
                                          "idempotency_key": uuid.uuid4().hex})
    assert res.status in (200, 201), res
    conversation_id = res.json()["conversation"]["id"]
    res = s.post(f"/api/v1/conversations/{conversation_id}/messages",
                 {"body": "A reply from the specialist.", "idempotency_key": uuid.uuid4().hex})
    assert res.status in (200, 201), res
    # Questions, one named and one anonymous; a contact request.
    res = m.post("/api/v1/questions", {"title": phrase("Named question title"), "body": "Body of a named question.",
                                      "topics": ["boundaries"], "anonymous": False})
    assert res.status == 201, res
    named_id = res.json()["id"]
    res = m.post("/api/v1/questions", {"title": anon_title, "body": "Body of an anonymous question.",
                                      "topics": ["boundaries"], "anonymous": True})
    assert res.status == 201, res
    anon_id = res.json()["id"]
    res = m.post("/api/v1/contact", {"subject": contact_subject, "body": "Please help me with something."})
    assert res.status in (200, 201), res
    user_id = m.user["id"]
    assert db_rows(site, f"SELECT COUNT(*) FROM sessions WHERE user_id = {user_id}")[0][0] != "0"

    assert request_deletion(m).status == 202
    purge_after_grace(site)

    found = traces(site, [m.email, name, note, contact_subject, message])
    assert found == [], found
    assert db_rows(site, f"SELECT COUNT(*) FROM sessions WHERE user_id = {user_id}")[0][0] == "0"
    assert db_rows(site, f"SELECT COUNT(*) FROM account_tokens WHERE user_id = {user_id}")[0][0] == "0"
    assert db_rows(site, f"SELECT COUNT(*) FROM questions WHERE id = {anon_id} AND asker_id IS NULL")[0][0] == "1"
    # The specialist's consultation was cancelled, and they were told.
    res = s.get(f"/api/v1/consultations/{booking_id}")
    assert res.status == 200, res
    assert res.json()["consultation"]["status"] == "cancelled"
    wait_for_mail(site.data_dir, s.email, "Your free consultation was cancelled")
    # The other participant still reads the whole conversation, from "a deleted account".
    res = s.get(f"/api/v1/conversations/{conversation_id}")
    assert res.status == 200, res
    assert "a deleted account" in res.text
    res = s.get(f"/api/v1/conversations/{conversation_id}/messages")
    assert res.status == 200, res
    assert len(res.json()["items"]) == 2 and message in res.text
    # Writing to nobody is refused, with nothing stored.
    res = s.post(f"/api/v1/conversations/{conversation_id}/messages",
                 {"body": "Are you still there?", "idempotency_key": uuid.uuid4().hex})
    assert res.status == 409 and res.json()["error"]["code"] == "messages_closed", res
    assert "deleted" in res.json()["error"]["message"]
    assert len(s.get(f"/api/v1/conversations/{conversation_id}/messages").json()["items"]) == 2
    # Public question pages still work: the named one under "a deleted account".
    page = Client(site.url).get(f"/questions/{named_id}")
    assert page.status == 200 and "a deleted account" in page.text
    assert Client(site.url).get(f"/questions/{anon_id}").status == 200
    # The address is free again, for a new and empty account.
    again, user = api_sign_up(site.url, m.email, display_name="Someone New")
    assert user["id"] != user_id
    # The audit log keeps a pseudonym only.
    log = Client(site.url).get("/api/v1/admin/audit-log?per_page=100", headers=bearer(admin_token(site))).json()
    deleted = [e for e in log["items"] if e["action"] == "account.deleted"]
    assert deleted and deleted[0]["target_id"].startswith("deleted-")


def test_a_deleted_specialist_leaves_no_trace_and_their_photo_is_gone(site):
    s = Person(site, "specialist", phrase("Dr Sana Deleteme"))
    body = profile_body(s.name)
    body.update({"licence_number": phrase("LIC"), "headline": phrase("headline"), "bio": phrase("bio words")})
    assert s.put("/api/v1/me/profile", body).status in (200, 201)
    res = Client(site.url).request("PUT", "/api/v1/me/profile/photo", raw_body=tiny_png(), content_type="image/png",
                                   headers=s.headers)
    assert res.status in (200, 201), res
    s.slug = s.get("/api/v1/me/profile").json()["profile"]["slug"]
    assert s.post("/api/v1/me/profile/publish").status == 200
    res = Client(site.url).post(f"/api/v1/admin/specialists/{s.slug}/verify", json={},
                                headers=bearer(admin_token(site)))
    assert res.status == 200, res
    assert s.put("/api/v1/me/availability", all_day_hours()).status == 200
    photo = db_rows(site, f"SELECT photo_file FROM specialist_profiles WHERE slug = '{s.slug}'")[0][0]
    assert photo and os.path.exists(os.path.join(site.data_dir, "photos", photo))
    # A member booked a consultation still to come.
    m = member(site, "Booking Member")
    res = book(m, s.slug, open_slots(site, s.slug)[1]["start"], idempotency_key=uuid.uuid4().hex)
    assert res.status == 201, res
    booking_id = res.json()["consultation"]["id"]
    # Someone asked and they answered, under their name.
    asker = member(site, "Asking Member")
    res = asker.post("/api/v1/questions", {"title": phrase("A question for specialists"), "body": "Some words.",
                                          "topics": ["boundaries"], "anonymous": False})
    assert res.status == 201, res
    qid = res.json()["id"]
    # An article of theirs, published.
    article_title = phrase("Article title")
    res = s.post("/api/v1/articles", {"title": article_title, "summary": "About it.", "body": "Words about healing.",
                                     "key_points": [], "topics": []})
    assert res.status == 201, res
    article_slug = res.json()["slug"]
    assert s.post(f"/api/v1/articles/{article_slug}/publish").status == 200
    assert Client(site.url).get(f"/articles/{article_slug}").status == 200
    answer = phrase("answer words")
    res = s.post(f"/api/v1/questions/{qid}/answers", {"body": f"Start small. {answer}"})
    assert res.status == 201, res

    assert request_deletion(s).status == 202
    purge_after_grace(site)

    found = traces(site, [s.email, s.name, body["bio"], body["licence_number"], body["headline"], s.slug,
                          article_title, article_slug])
    assert found == [], found
    assert not os.path.exists(os.path.join(site.data_dir, "photos", photo))
    # The member's consultation was cancelled, and they were told.
    assert m.get(f"/api/v1/consultations/{booking_id}").json()["consultation"]["status"] == "cancelled"
    wait_for_mail(site.data_dir, m.email, "Your free consultation was cancelled")
    assert Client(site.url).get(f"/specialists/{s.slug}").status == 404
    assert Client(site.url).get(f"/articles/{article_slug}").status == 404
    assert s.slug not in Client(site.url).get("/api/v1/specialists?per_page=100").text
    page = Client(site.url).get(f"/questions/{qid}")
    assert page.status == 200 and answer in page.text and "a deleted account" in page.text


def test_the_cli_purges_only_what_is_due(site):
    m = member(site, "Not Yet Person")
    assert request_deletion(m).status == 202
    out = purge(site, now=int(time.time()) - 60)  # before the request fell due
    assert len(pending_rows(site, m.user["id"])) == 1
    out = purge(site, now=int(time.time()) + 3600)
    assert "Accounts deleted:" in out
    assert pending_rows(site, m.user["id"]) == []
    assert db_rows(site, f"SELECT COUNT(*) FROM users WHERE id = {m.user['id']} AND deleted_at IS NOT NULL")[0][0] == "1"


# --- the admin's view of a person ---

def test_admins_see_counts_never_content_and_others_cannot(site):
    secret = phrase("never-shown-question")
    m = member(site, "Counted Person")
    res = m.post("/api/v1/questions", {"title": secret, "body": "Words.", "topics": ["boundaries"],
                                      "anonymous": True})
    assert res.status == 201, res
    res = admin_person(site, m.user["id"])
    assert res.status == 200, res
    counts = res.json()["counts"]
    assert counts["questions"] == 1 and counts["sessions"] >= 1 and counts["messages_sent"] == 0
    assert secret not in res.text
    admin_email = site._consultation_admin
    from consultation_helpers import ADMIN_PASSWORD
    admin, _ = signed_in(site, email=admin_email, password=ADMIN_PASSWORD)
    page = admin.get(f"/admin/people/{m.user['id']}")
    assert page.status == 200 and "Questions asked" in page.text and secret not in page.text
    found = admin.get(f"/admin/people?email={m.email.split('@')[0]}")
    assert found.status == 200 and f"/admin/people/{m.user['id']}" in found.text
    # Not for members or specialists; not for visitors; not for unknown people.
    other = member(site, "Curious Person")
    assert other.get(f"/api/v1/admin/people/{m.user['id']}").status == 403
    assert other.post(f"/api/v1/admin/people/{m.user['id']}/deletion", {"reason": "x"}).status == 403
    assert Client(site.url).get(f"/api/v1/admin/people/{m.user['id']}").status == 401
    c, _ = signed_in(site, role="member")
    assert c.get(f"/admin/people/{m.user['id']}").status == 403
    assert admin_person(site, 99999999).status == 404
    assert admin_person(site, "abc").status == 404


def test_an_admin_starts_a_deletion_requested_by_e_mail(site):
    m = member(site, "Wrote In Person")
    admin = admin_token(site)
    url = f"/api/v1/admin/people/{m.user['id']}/deletion"
    res = Client(site.url).post(url, json={"reason": ""}, headers=bearer(admin))
    assert res.status == 422 and res.error()["field"] == "reason", res
    assert pending_rows(site, m.user["id"]) == []
    res = Client(site.url).post(url, json={"reason": "Their e-mail of 3 May asking us to delete it"},
                                headers=bearer(admin))
    assert res.status == 202, res
    assert m.get("/api/v1/me").status == 401
    assert "As you asked us" in mail_text(wait_for_mail(site.data_dir, m.email, "will be deleted"))
    assert admin_person(site, m.user["id"]).json()["deletion"]["due_at"]
    log = Client(site.url).get("/api/v1/admin/audit-log?per_page=50", headers=bearer(admin)).json()["items"]
    entry = [e for e in log if e["action"] == "account.deletion_started_by_admin"][0]
    assert entry["detail"].endswith("reason_given: true") and "3 May" not in entry["detail"]
    # The same grace path: logging in cancels it.
    api_log_in(site.url, m.email)
    assert admin_person(site, m.user["id"]).json()["deletion"] is None
    assert Client(site.url).post("/api/v1/admin/people/99999999/deletion", json={"reason": "x"},
                                 headers=bearer(admin)).status == 404


# --- the API answers as docs/openapi.yaml describes ---

def test_the_deletion_api_answers_as_documented(site):
    from test_openapi_shapes import check
    m = member(site, "Documented Person")
    admin = bearer(admin_token(site))
    check(m.get("/api/v1/me/deletion"), "GET", "/api/v1/me/deletion", 200)
    check(request_deletion(m, password="wrong password"), "POST", "/api/v1/me/deletion", 422)
    check(m.call("DELETE", "/api/v1/me/deletion"), "DELETE", "/api/v1/me/deletion", 404)
    check(Client(site.url).get("/api/v1/me/deletion"), "GET", "/api/v1/me/deletion", 401)
    check(Client(site.url).get(f"/api/v1/admin/people/{m.user['id']}", headers=admin),
          "GET", "/api/v1/admin/people/{id}", 200)
    check(m.get(f"/api/v1/admin/people/{m.user['id']}"), "GET", "/api/v1/admin/people/{id}", 403)
    check(Client(site.url).get("/api/v1/admin/people/99999999", headers=admin), "GET", "/api/v1/admin/people/{id}", 404)
    url = f"/api/v1/admin/people/{m.user['id']}/deletion"
    check(Client(site.url).post(url, json={}, headers=admin), "POST", "/api/v1/admin/people/{id}/deletion", 422)
    check(request_deletion(m), "POST", "/api/v1/me/deletion", 202)
    check(Client(site.url).get(f"/api/v1/admin/people/{m.user['id']}", headers=admin),
          "GET", "/api/v1/admin/people/{id}", 200)
    check(Client(site.url).post(url, json={"reason": "E-mail"}, headers=admin),
          "POST", "/api/v1/admin/people/{id}/deletion", 409)
    token = api_log_in(site.url, m.email)["token"]  # cancels it
    again = Client(site.url).post("/api/v1/me/deletion", json={"password": GOOD_PASSWORD}, headers=bearer(token))
    check(again, "POST", "/api/v1/me/deletion", 202)
    token = api_log_in(site.url, m.email)["token"]
    check(Client(site.url).get("/api/v1/me/deletion", headers=bearer(token)), "GET", "/api/v1/me/deletion", 200)


def test_password_attempts_are_limited_per_account(rate_limited_server):
    site = rate_limited_server
    m = member(site, "Guessed Person")
    for _ in range(5):
        assert request_deletion(m, password="a guess that is wrong").status == 422
    res = request_deletion(m)  # even the right password waits now
    assert res.status == 429, res
    assert int(res.headers["Retry-After"]) > 0
    assert pending_rows(site, m.user["id"]) == []
    assert m.get("/api/v1/me").status == 200
