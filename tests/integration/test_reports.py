"""Reports of messages: only a participant who did not write a message can
report it (anyone else gets 404 and nothing is saved); one report per
person and message; the admins' queue shows a reported message's text in
place and writes an audit-log entry for each view; a message nobody
reported cannot be read by an admin through any route; admins resolve
reports and reporters see the status. Both engines. Messages are sent
through the messages API (POST /api/v1/conversations)."""
import html
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, api_sign_up, bearer, extract_csrf
from specialist_helpers import (ADMIN_PASSWORD, admin_action, admin_client, admin_email, ask_to_be_listed,
                                audit_entries, fill_wizard, my_profile, signed_in, token_of)
from specialist_helpers import admin_mail, admin_token  # noqa: F401  (fixtures)


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


class Conversation:
    """A member and a listed specialist with a conversation between them,
    started by the member's first message."""

    def __init__(self, server, admin_mail=None):
        self.server = server
        self.member_email, self.member = api_sign_up(server.url, display_name="Mona Member")
        specialist_client, self.specialist_email = signed_in(server, role="specialist", name="Sami Specialist")
        fill_wizard(specialist_client, free=False)
        assert ask_to_be_listed(specialist_client).status == 303
        slug = my_profile(specialist_client)["slug"]
        admin = admin_client(server, admin_mail or admin_email(server))
        assert admin_action(admin, slug, "verify").status == 303
        self.specialist = specialist_client.get("/api/v1/me").json()["user"]
        self.member_token = token_of(server, self.member_email)
        self.specialist_token = token_of(server, self.specialist_email)
        res = Client(server.url).post("/api/v1/conversations", json={
            "specialist": slug, "body": "Hello, may I ask about your approach?",
            "idempotency_key": uuid.uuid4().hex}, headers=bearer(self.member_token))
        assert res.status == 201, res
        self.id = res.json()["conversation"]["id"]

    def send(self, sender_id: int, text: str) -> int:
        token = self.member_token if sender_id == self.member["id"] else self.specialist_token
        res = Client(self.server.url).post(f"/api/v1/conversations/{self.id}/messages",
                                           json={"body": text, "idempotency_key": uuid.uuid4().hex},
                                           headers=bearer(token))
        assert res.status == 201, res
        return res.json()["message"]["id"]


def phrase(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:10]}"


def report(server, token, target_id, reason="harassment", target_type="message", note=""):
    return Client(server.url).post("/api/v1/reports", json={"target_type": target_type, "target_id": target_id,
                                                            "reason": reason, "note": note},
                                   headers=bearer(token))


def own_reports(server, token):
    res = Client(server.url).get("/api/v1/me/reports", headers=bearer(token))
    assert res.status == 200, res
    return res.json()


def queue(server, admin_token, status="open"):
    res = Client(server.url).get(f"/api/v1/admin/reports?status={status}&per_page=100", headers=bearer(admin_token))
    assert res.status == 200, res
    return res.json()


def views_of(server, admin_mail, message_id) -> int:
    return len([e for e in audit_entries(server, admin_mail, "report.view_message")
                if e["target_id"] == str(message_id)])


# --- the tests ---

def test_a_reported_message_is_shown_to_admins_and_each_view_is_audited(site, admin_mail, admin_token):
    conv = Conversation(site, admin_mail)
    reported_text = phrase("you will regret leaving me")
    unreported_text = phrase("see you on tuesday")
    mid = conv.send(conv.specialist["id"], reported_text)
    other = conv.send(conv.specialist["id"], unreported_text)

    res = report(site, conv.member_token, mid, note="This frightens me")
    assert res.status == 201, res
    rep = res.json()
    assert rep["status"] == "open" and rep["target_id"] == mid and rep["reason"] == "harassment"
    again = report(site, conv.member_token, mid, reason="spam")
    assert again.status == 200 and again.json()["id"] == rep["id"] and again.json()["reason"] == "harassment"

    assert views_of(site, admin_mail, mid) == 0
    items = [i for i in queue(site, admin_token)["items"] if i["target_id"] == mid]
    assert len(items) == 1 and items[0]["message"]["body"] == reported_text
    assert items[0]["message"]["sender"]["id"] == conv.specialist["id"]
    assert [r["id"] for r in items[0]["reports"]] == [rep["id"]]
    assert items[0]["reports"][0]["note"] == "This frightens me"
    assert views_of(site, admin_mail, mid) >= 1
    before = views_of(site, admin_mail, mid)
    one = Client(site.url).get(f"/api/v1/admin/reports/messages/{mid}", headers=bearer(admin_token))
    assert one.status == 200 and one.json()["message"]["body"] == reported_text
    assert views_of(site, admin_mail, mid) == before + 1
    # The audit entry names who viewed which message, never its words.
    assert reported_text not in str(audit_entries(site, admin_mail, "report.view_message"))

    # The page shows it in place too, and that view is audited as well.
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get("/admin/reports")
    assert page.status == 200 and reported_text in html.unescape(page.text)
    assert views_of(site, admin_mail, mid) == before + 2

    # Never the unreported one, through any route.
    assert unreported_text not in str(queue(site, admin_token)) and unreported_text not in page.text
    for status in ("open", "dismissed", "actioned"):
        assert unreported_text not in str(queue(site, admin_token, status))
    assert Client(site.url).get(f"/api/v1/admin/reports/messages/{other}", headers=bearer(admin_token)).status == 404
    assert Client(site.url).get("/api/v1/admin/reports/messages/99999999", headers=bearer(admin_token)).status == 404
    assert views_of(site, admin_mail, other) == 0
    # Nor through the conversation's own routes: admins are not participants.
    for path in (f"/api/v1/conversations/{conv.id}", f"/api/v1/conversations/{conv.id}/messages"):
        res = Client(site.url).get(path, headers=bearer(admin_token))
        assert res.status == 404 and unreported_text not in res.text, (path, res)
    assert admin.get(f"/messages/{conv.id}").status == 404


def test_only_a_participant_who_did_not_write_it_can_report(site, admin_mail, admin_token):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("hello"))
    stranger_email, _ = api_sign_up(site.url)
    stranger = token_of(site, stranger_email)
    assert report(site, stranger, mid).status == 404
    assert report(site, conv.specialist_token, mid).status == 404  # their own message
    assert report(site, conv.member_token, 99999999).status == 404
    assert Client(site.url).post("/api/v1/reports", json={"target_type": "message", "target_id": mid,
                                                           "reason": "spam"}).status == 401
    assert own_reports(site, stranger)["total"] == 0 and own_reports(site, conv.specialist_token)["total"] == 0
    assert mid not in [i["target_id"] for i in queue(site, admin_token)["items"]]
    # The specialist can report what the member wrote to them.
    mine = conv.send(conv.member["id"], phrase("buy cheap pills"))
    assert report(site, conv.specialist_token, mine, reason="spam").status == 201


@pytest.mark.parametrize("body,code,field", [
    ({"target_type": "message", "reason": "rude"}, "invalid", "reason"),
    ({"target_type": "message", "reason": ""}, "invalid", "reason"),
    # Every kind is registered now (questions, answers, messages, articles,
    # profiles); an unregistered kind's "unsupported_target" is covered by
    # tests/unit/moderation_desk_test.cpp with a fake target.
    ({"target_type": "bogus", "reason": "spam"}, "invalid", "target_type"),
    ({"target_type": "message", "reason": "other", "note": "n" * 2001}, "invalid", "note"),
    ({"target_type": "message", "reason": "other", "target_id": None}, "invalid", "target_id"),
    ({"target_type": "message", "reason": "other", "target_id": "seven"}, "invalid", "target_id"),
])
def test_bad_reports_are_422_naming_the_field_and_nothing_is_saved(site, admin_mail, body, code, field):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("hi"))
    payload = {"target_id": mid, **body}
    res = Client(site.url).post("/api/v1/reports", json=payload, headers=bearer(conv.member_token))
    assert res.status == 422, res
    assert res.error()["code"] == code and res.error()["field"] == field
    assert own_reports(site, conv.member_token)["total"] == 0


def test_members_cannot_use_the_queue(site, admin_mail):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("hi"))
    rep = report(site, conv.member_token, mid).json()
    for token in (conv.member_token, conv.specialist_token):
        h = bearer(token)
        assert Client(site.url).get("/api/v1/admin/reports", headers=h).status == 403
        assert Client(site.url).get(f"/api/v1/admin/reports/messages/{mid}", headers=h).status == 403
        assert Client(site.url).post(f"/api/v1/admin/reports/{rep['id']}/resolve", json={"action": "dismiss"},
                                     headers=h).status == 403
    assert Client(site.url).get("/api/v1/admin/reports").status == 401
    c, _ = signed_in(site, email=conv.member_email)
    assert c.get("/admin/reports").status == 403
    assert own_reports(site, conv.member_token)["items"][0]["status"] == "open"


def test_resolving_reports_and_the_reporter_sees_the_status(site, admin_mail, admin_token):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("spam spam"))
    rep = report(site, conv.member_token, mid, reason="spam").json()
    h = bearer(admin_token)
    url = f"/api/v1/admin/reports/{rep['id']}/resolve"
    # A message cannot be hidden (it is private to its two people), with or without a reason.
    for body in ({"action": "hide", "reason": "too rude"}, {"action": "restore"}):
        res = Client(site.url).post(url, json=body, headers=h)
        assert res.status == 422 and res.error()["code"] == "unsupported_action" and res.error()["field"] == "action"
    # Suspending the sender needs a reason.
    res = Client(site.url).post(url, json={"action": "suspend"}, headers=h)
    assert res.status == 422 and res.error()["field"] == "reason", res
    res = Client(site.url).post(url, json={"action": "explode"}, headers=h)
    assert res.status == 422 and res.error()["field"] == "action"
    assert Client(site.url).post("/api/v1/admin/reports/99999999/resolve", json={"action": "dismiss"},
                                 headers=h).status == 404
    assert own_reports(site, conv.member_token)["items"][0]["status"] == "open"

    words = phrase("spoke with the sender")
    res = Client(site.url).post(url, json={"action": "actioned", "reason": words}, headers=h)
    assert res.status == 200, res
    assert res.json()["status"] == "actioned" and res.json()["resolved_count"] == 1
    assert own_reports(site, conv.member_token)["items"][0]["status"] == "actioned"
    assert mid not in [i["target_id"] for i in queue(site, admin_token)["items"]]
    assert mid in [i["target_id"] for i in queue(site, admin_token, "actioned")["items"]]
    entries = [e for e in audit_entries(site, admin_mail, "report.resolve") if e["target_id"] == str(mid)]
    assert len(entries) == 1 and words not in str(entries) and "actioned" in entries[0]["detail"]


def test_the_report_form_goes_back_with_thanks(site, admin_mail):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("form report"))
    c, _ = signed_in(site, email=conv.member_email)
    token = extract_csrf(c.get("/account").text)
    form = {"_csrf": token, "target_type": "message", "target_id": str(mid), "reason": "other",
            "note": "", "return_to": f"/messages/{conv.id}"}
    res = c.post("/reports", form=form)
    assert res.status == 303 and res.location == f"/messages/{conv.id}?done=reported", res
    res = c.post("/reports", form={**form, "return_to": "//evil.example/x"})
    assert res.status == 303 and res.location == "/reports/thanks", res
    assert "Thank you, we will look at it" in c.get(res.location).text
    assert own_reports(site, conv.member_token)["total"] == 1
    res = c.post("/reports", form={**form, "reason": "nope"})
    assert res.status == 422

    # An admin resolves it from the queue page.
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get("/admin/reports")
    rep_id = own_reports(site, conv.member_token)["items"][0]["id"]
    assert f'action="/admin/reports/{rep_id}/resolve"' in page.text
    res = admin.post(f"/admin/reports/{rep_id}/resolve",
                     form={"_csrf": extract_csrf(page.text), "action": "dismiss", "reason": ""})
    assert res.status == 303, res
    assert own_reports(site, conv.member_token)["items"][0]["status"] == "dismissed"


def test_reports_are_rate_limited_per_person(rate_limited_server):
    srv = rate_limited_server
    conv = Conversation(srv)
    ids = [conv.send(conv.specialist["id"], phrase("m")) for _ in range(31)]
    for mid in ids[:30]:
        assert report(srv, conv.member_token, mid).status == 201
    res = report(srv, conv.member_token, ids[30])
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0
    assert own_reports(srv, conv.member_token)["total"] == 30
