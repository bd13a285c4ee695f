""""Contact us": a signed-in person writes from /contact or the API, the
operators' address is told that a request arrived (never what it says), an
admin answers from the inbox, the answer goes out by e-mail and is kept with
the request, and the person reads it on /account and in the API. Wrong
users, bad input and the rate limit. Both engines."""
import html
import re
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, bearer, extract_csrf, mail_text, mails_to, wait_for_mail
from specialist_helpers import ADMIN_PASSWORD, admin_client, audit_entries, listed_specialist, signed_in, token_of
from specialist_helpers import admin_mail, admin_token  # noqa: F401  (fixtures)
from hearth_client import api_sign_up

OPERATORS = "care@hearth.example"


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    """A server whose operators publish an address and a reply time."""
    srv = _launch(request.param, {"HEARTH_CONTACT_EMAIL": OPERATORS,
                                  "HEARTH_CONTACT_REPLY_TIME": "within two working days"})
    yield srv
    srv.cleanup()


def member(site, name="Mira Member"):
    """(e-mail, bearer token) of a new member."""
    email, _ = api_sign_up(site.url, display_name=name)
    return email, token_of(site, email)


def send(site, token, subject="Question about my account", body="How do I change my name?", **extra):
    return Client(site.url).post("/api/v1/contact", json={"subject": subject, "body": body, **extra},
                                 headers=bearer(token))


def own(site, token):
    res = Client(site.url).get("/api/v1/me/contact", headers=bearer(token))
    assert res.status == 200, res
    return res.json()


def test_a_request_goes_from_member_to_inbox_to_answer_email_to_account(site, admin_mail, admin_token):
    email, token = member(site, "Nadia Flow")
    secret = "my ex keeps finding my profile " + uuid.uuid4().hex[:8]
    res = send(site, token, subject="Someone keeps finding me", body=secret)
    assert res.status == 201, res
    req = res.json()
    assert req["status"] == "open" and req["answer"] is None and req["subject"] == "Someone keeps finding me"

    # The operators hear that a request came, with a link, and nothing of what it says.
    note = wait_for_mail(site.data_dir, OPERATORS, "A new contact request",
                         containing=f"/admin/contact/{req['id']}")
    assert secret not in mail_text(note) and "Someone keeps finding me" not in mail_text(note)

    # The inbox shows it, open, newest first, with who wrote it.
    inbox = Client(site.url).get("/api/v1/admin/contact?status=open", headers=bearer(admin_token))
    assert inbox.status == 200, inbox
    first = inbox.json()["items"][0]
    assert first["id"] == req["id"] and first["body"] == secret and first["author"]["email"] == email

    answer = "You can block them from your account settings. " + uuid.uuid4().hex[:6]
    res = Client(site.url).post(f"/api/v1/admin/contact/{req['id']}/answer", json={"answer": answer},
                                headers=bearer(admin_token))
    assert res.status == 200, res
    assert res.json()["status"] == "answered" and res.json()["answer"] == answer

    mail = wait_for_mail(site.data_dir, email, "Hearth has answered your request")
    assert answer in mail_text(mail) and "/account" in mail_text(mail)

    mine = own(site, token)
    assert mine["total"] == 1 and mine["items"][0]["answer"] == answer
    assert mine["items"][0]["status"] == "answered" and mine["items"][0]["answered_at"]
    assert "author" not in mine["items"][0]

    c, _ = signed_in(site, email=email)
    page = html.unescape(c.get("/account").text)
    assert "Your requests to Hearth" in page and answer in page and "Someone keeps finding me" in page

    # The audit log says who answered which request, never the words.
    entries = [e for e in audit_entries(site, admin_mail, "contact.answer") if e["target_id"] == str(req["id"])]
    assert len(entries) == 1 and answer not in str(entries) and "answer_given: true" in entries[0]["detail"]

    # Answered now: it left the open tab for the answered one.
    tabs = {s: Client(site.url).get(f"/api/v1/admin/contact?status={s}", headers=bearer(admin_token)).json()
            for s in ("open", "answered")}
    assert req["id"] not in [i["id"] for i in tabs["open"]["items"]]
    assert req["id"] in [i["id"] for i in tabs["answered"]["items"]]


def test_the_page_form_sends_once_and_confirms(site, admin_token):
    c, email = signed_in(site, role="member")
    page = c.get("/contact")
    assert page.status == 200
    assert 'data-draft="contact"' in page.text and "You need to be logged in" not in page.text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)
    form = {"_csrf": extract_csrf(page.text), "idempotency_key": key,
            "subject": "Billing question", "body": "Do specialists pay to be listed?"}
    res = c.post("/contact", form=form)
    assert res.status == 303, res
    assert re.fullmatch(r"/contact/sent/\d+", res.location), res.location
    assert "hearth_draft_sent=contact" in str(res.set_cookies)
    again = c.post("/contact", form=form)  # a double submit
    assert again.status == 303 and again.location == res.location

    sent = c.get(res.location)
    assert sent.status == 200
    text = html.unescape(sent.text)
    assert "We have your message" in text and "within two working days" in text and "Billing question" in text
    mine = c.get("/api/v1/me/contact").json()
    assert mine["total"] == 1

    # Someone else cannot open that confirmation, nor find the request anywhere.
    other, _ = signed_in(site, role="member")
    assert other.get(res.location).status == 404
    assert other.get("/api/v1/me/contact").json()["total"] == 0


def test_visitors_see_the_gate_and_come_back_to_contact(site):
    page = Client(site.url).get("/contact")
    assert page.status == 200
    text = html.unescape(page.text)
    assert "You need to be logged in to contact us" in text
    assert 'href="/login?return_to=%2Fcontact"' in page.text and 'href="/signup?return_to=%2Fcontact"' in page.text
    # They can write (kept in the browser as the draft "contact"); sending
    # leads to the gate and back, saving nothing, the words never in a URL.
    assert 'data-draft="contact"' in page.text and "Log in to send" in text and "Send to Hearth" not in text
    assert 'name="idempotency_key"' not in page.text
    c = Client(site.url)
    form = c.get("/contact")
    res = c.post("/contact", form={"_csrf": extract_csrf(form.text), "subject": "Secret subject",
                                   "body": "words typed before an account"})
    assert res.status == 303 and res.headers["Location"] == "/login?gated=1&return_to=%2Fcontact", res
    assert "words" not in res.headers["Location"] and "Secret" not in res.headers["Location"]
    # The address and the help links stay.
    assert f'<a href="mailto:{OPERATORS}">{OPERATORS}</a>' in page.text and 'href="/help"' in page.text
    assert Client(site.url).post("/api/v1/contact", json={"subject": "x", "body": "y"}).status == 401


def test_about_a_specialist_prefills_the_subject(site, admin_mail):
    _, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    c, _ = signed_in(site, role="member")
    page = html.unescape(c.get(f"/contact?about={profile['slug']}").text)
    assert f'value="Please put me in touch with {profile["full_name"]}"' in page
    assert "You are writing about" in page


def test_about_a_specialist_prefills_nothing_for_an_unknown_slug(site):
    c, _ = signed_in(site, role="member")
    page = c.get("/contact?about=nobody-by-that-name")
    assert page.status == 200
    assert re.search(r'name="subject" type="text" maxlength="200" required value=""', page.text)


@pytest.mark.parametrize("subject,body,field", [
    ("", "A body", "subject"),
    ("   ", "A body", "subject"),
    ("Two\nlines", "A body", "subject"),
    ("x" * 201, "A body", "subject"),
    ("A subject", "", "body"),
    ("A subject", "y" * 5001, "body"),
    ("A subject", "bell\x07", "body"),
])
def test_bad_input_is_422_naming_the_field_and_nothing_is_saved(site, subject, body, field):
    _, token = member(site)
    res = send(site, token, subject=subject, body=body)
    assert res.status == 422, res
    assert res.error()["field"] == field
    assert own(site, token)["total"] == 0


def test_limits_are_in_characters_not_bytes(site):
    _, token = member(site)
    res = send(site, token, subject="ü" * 200, body="€" * 5000)
    assert res.status == 201, res


def test_the_page_form_shows_errors_and_keeps_what_was_typed(site):
    c, _ = signed_in(site, role="member")
    page = c.get("/contact")
    res = c.post("/contact", form={"_csrf": extract_csrf(page.text), "subject": "Kept subject", "body": ""})
    assert res.status == 422
    assert 'value="Kept subject"' in res.text and 'id="body-error"' in res.text
    assert "hearth_draft_sent" not in str(res.set_cookies)
    assert c.get("/api/v1/me/contact").json()["total"] == 0


def test_members_cannot_use_the_admin_inbox(site, admin_token):
    _, token = member(site)
    req = send(site, token).json()
    other_email, other_token = member(site)
    for method, path, body in (("GET", "/api/v1/admin/contact", None),
                               ("GET", f"/api/v1/admin/contact/{req['id']}", None),
                               ("POST", f"/api/v1/admin/contact/{req['id']}/answer", {"answer": "hi"}),
                               ("POST", f"/api/v1/admin/contact/{req['id']}/close", {})):
        res = Client(site.url).request(method, path, json=body, headers=bearer(other_token))
        assert res.status == 403, (path, res)
        assert Client(site.url).request(method, path, json=body).status == 401, path
    c, _ = signed_in(site, role="member", email=other_email)
    assert c.get("/admin/contact").status == 403
    assert c.get(f"/admin/contact/{req['id']}").status == 403
    # Nothing changed.
    assert own(site, token)["items"][0]["status"] == "open"


def test_admin_answer_is_checked_and_close_is_audited(site, admin_mail, admin_token):
    _, token = member(site)
    req = send(site, token).json()
    h = bearer(admin_token)
    res = Client(site.url).post(f"/api/v1/admin/contact/{req['id']}/answer", json={"answer": "  "}, headers=h)
    assert res.status == 422 and res.error()["field"] == "answer"
    assert own(site, token)["items"][0]["status"] == "open"
    assert Client(site.url).post("/api/v1/admin/contact/999999/answer", json={"answer": "x"}, headers=h).status == 404
    assert Client(site.url).get("/api/v1/admin/contact/abc", headers=h).status == 404
    assert Client(site.url).get("/api/v1/admin/contact?status=weird", headers=h).status == 422
    res = Client(site.url).post(f"/api/v1/admin/contact/{req['id']}/close", json={}, headers=h)
    assert res.status == 200 and res.json()["status"] == "closed"
    assert own(site, token)["items"][0]["status"] == "closed"
    assert [e for e in audit_entries(site, admin_mail, "contact.close") if e["target_id"] == str(req["id"])]


def test_the_admin_pages_list_read_and_answer(site, admin_mail):
    email, token = member(site, "Pia Pages")
    req = send(site, token, subject="Page answer please", body="Line one\nLine two").json()
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    inbox = admin.get("/admin/contact")
    assert inbox.status == 200 and f'href="/admin/contact/{req["id"]}"' in inbox.text
    page = admin.get(f"/admin/contact/{req['id']}")
    assert page.status == 200 and "Line one\nLine two" in html.unescape(page.text)
    res = admin.post(f"/admin/contact/{req['id']}/answer", form={"_csrf": extract_csrf(page.text), "answer": ""})
    assert res.status == 422 and 'id="answer-error"' in res.text
    res = admin.post(f"/admin/contact/{req['id']}/answer",
                     form={"_csrf": extract_csrf(page.text), "answer": "Answered from the page"})
    assert res.status == 303, res
    assert own(site, token)["items"][0]["answer"] == "Answered from the page"
    wait_for_mail(site.data_dir, email, "Hearth has answered your request", containing="Answered from the page")


def test_paging_of_own_requests(site):
    _, token = member(site)
    for i in range(3):
        assert send(site, token, subject=f"Number {i}").status == 201
    res = Client(site.url).get("/api/v1/me/contact?per_page=2&page=2", headers=bearer(token)).json()
    assert res["total"] == 3 and res["page"] == 2 and res["per_page"] == 2
    assert [i["subject"] for i in res["items"]] == ["Number 0"]


def test_requests_are_rate_limited_per_person(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url)
    token = token_of(srv, email)
    for i in range(5):
        assert send(srv, token, subject=f"Request {i}").status == 201
    res = send(srv, token, subject="One too many")
    assert res.status == 429, res
    assert int(res.headers["Retry-After"]) > 0
    # The page form says so and keeps what was written.
    c, _ = signed_in(srv, email=email)
    page = c.get("/contact")
    res = c.post("/contact", form={"_csrf": extract_csrf(page.text), "subject": "Still here",
                                   "body": "Kept words", "idempotency_key": "k" * 12})
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0
    assert 'value="Still here"' in res.text and "Kept words" in res.text
    assert own(srv, token)["total"] == 5
