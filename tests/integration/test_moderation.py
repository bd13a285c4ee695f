"""One moderation queue for what people write, through the real message and
profile targets, on both engines: reporting a profile (wrong user, own item
and unknown ids 404 with nothing saved; bad reasons and long notes 422),
the queue grouped by item with the item in place and Hearth's own flags
first, and the admins' actions: hide (the public gets 404, admins still see
it, the author sees the reason), restore, dismiss, and suspending the
author's account (no log-in, sessions and tokens dead, profile unlisted, no
messages) until an admin lifts it. Every action is audited without the
reported words; reporters see their report's status."""
import html
import os
import sqlite3
import uuid

import pytest

from conftest import ENGINES, _launch, _psql
from hearth_client import GOOD_PASSWORD, Client, api_sign_up, bearer, extract_csrf
from specialist_helpers import (ADMIN_PASSWORD, admin_client, audit_entries, fill_wizard, listed_specialist,
                                my_profile, signed_in, token_of)
from specialist_helpers import admin_mail, admin_token  # noqa: F401  (fixtures)
from test_reports import Conversation, own_reports, phrase, queue, report


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


class Listed:
    """A listed specialist: their cookie client, bearer token, profile and account."""

    def __init__(self, server, admin_mail):
        self.client, self.profile = listed_specialist(server, admin_client(server, admin_mail), free=False)
        self.slug = self.profile["slug"]
        self.user = self.client.get("/api/v1/me").json()["user"]
        self.email = self.user["email"]
        self.token = token_of(server, self.email)
        res = Client(server.url).get(f"/api/v1/specialists/{self.slug}")
        assert res.status == 200, res
        self.id = res.json()["profile"]["id"]


def member(server):
    email, user = api_sign_up(server.url, display_name="Mira Member")
    return email, token_of(server, email)


def resolve(server, admin_token, report_id, action, reason=None):
    body = {"action": action}
    if reason is not None:
        body["reason"] = reason
    return Client(server.url).post(f"/api/v1/admin/reports/{report_id}/resolve", json=body,
                                   headers=bearer(admin_token))


def item_of(server, admin_token, target_type, target_id, status="open"):
    found = [i for i in queue(server, admin_token, status)["items"]
             if i["target_type"] == target_type and i["target_id"] == target_id]
    assert len(found) <= 1
    return found[0] if found else None


def public_status(server, slug) -> int:
    return Client(server.url).get(f"/api/v1/specialists/{slug}").status


def in_directory(server, slug) -> bool:
    res = Client(server.url).get("/api/v1/specialists?per_page=100")
    assert res.status == 200, res
    return slug in [i["slug"] for i in res.json()["items"]]


def sql(server, statement: str) -> None:
    """Writes straight into the server's database (what another feature's
    code would do in its own transaction)."""
    if server.engine == "sqlite":
        con = sqlite3.connect(os.path.join(server.data_dir, "hearth.db"), timeout=10)
        con.execute(statement)
        con.commit()
        con.close()
    else:
        _psql(server.pg.url, statement)


# --- filing reports ---

def test_a_signed_in_person_reports_a_listed_profile_not_their_own(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    _, mem = member(site)
    res = report(site, mem, spec.id, target_type="profile", reason="spam", note="Advertises pills")
    assert res.status == 201, res
    rep = res.json()
    assert rep["target_type"] == "profile" and rep["target_id"] == spec.id and rep["status"] == "open"
    assert rep["status_label"] == "Open" and rep["action"] is None
    again = report(site, mem, spec.id, target_type="profile", reason="other")
    assert again.status == 200 and again.json()["id"] == rep["id"]

    # Their own profile, an unknown one, an unlisted one: 404 alike, nothing saved.
    assert report(site, spec.token, spec.id, target_type="profile").status == 404
    assert report(site, mem, 99999999, target_type="profile").status == 404
    draft, _ = signed_in(site)
    fill_wizard(draft)
    draft_slug = my_profile(draft)["slug"]
    admin = Client(site.url)
    draft_id = admin.get(f"/api/v1/specialists/{draft_slug}", headers=bearer(admin_token)).json()["profile"]["id"]
    missing = report(site, mem, 99999999, target_type="profile")
    unlisted = report(site, mem, draft_id, target_type="profile")
    assert unlisted.status == 404 and unlisted.json() == missing.json()
    assert own_reports(site, spec.token)["total"] == 0
    assert [r["id"] for r in own_reports(site, mem)["items"]] == [rep["id"]]
    # Visitors are asked to log in.
    assert Client(site.url).post("/api/v1/reports", json={"target_type": "profile", "target_id": spec.id,
                                                           "reason": "spam"}).status == 401


@pytest.mark.parametrize("body,field", [
    ({"reason": "rude"}, "reason"),
    ({"reason": ""}, "reason"),
    ({"reason": "other", "note": "n" * 2001}, "note"),
    ({"reason": "other", "target_id": 0}, "target_id"),
])
def test_bad_profile_reports_are_422_naming_the_field(site, admin_mail, body, field):
    spec = Listed(site, admin_mail)
    _, mem = member(site)
    payload = {"target_type": "profile", "target_id": spec.id, **body}
    res = Client(site.url).post("/api/v1/reports", json=payload, headers=bearer(mem))
    assert res.status == 422 and res.error()["code"] == "invalid" and res.error()["field"] == field, res
    assert own_reports(site, mem)["total"] == 0


def test_a_message_is_reported_only_by_the_other_participant(site, admin_mail):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("unwelcome"))
    _, stranger = member(site)
    assert report(site, stranger, mid).status == 404
    assert report(site, conv.specialist_token, mid).status == 404
    assert report(site, conv.member_token, mid).status == 201
    assert own_reports(site, stranger)["total"] == 0


def test_reports_of_any_kind_share_the_per_person_limit(rate_limited_server):
    srv = rate_limited_server
    srv.create_admin("mod-limit@example.org", ADMIN_PASSWORD)
    conv = Conversation(srv, "mod-limit@example.org")
    spec = Listed(srv, "mod-limit@example.org")
    for _ in range(30):
        assert report(srv, conv.member_token, conv.send(conv.specialist["id"], phrase("m"))).status == 201
    res = report(srv, conv.member_token, spec.id, target_type="profile")
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0
    assert own_reports(srv, conv.member_token)["total"] == 30


# --- the queue ---

def test_the_queue_groups_reports_by_item_with_the_item_in_place(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    _, first = member(site)
    _, second = member(site)
    a = report(site, first, spec.id, target_type="profile", reason="spam").json()
    b = report(site, second, spec.id, target_type="profile", reason="harassment", note="<b>rude</b>").json()
    item = item_of(site, admin_token, "profile", spec.id)
    assert [r["id"] for r in item["reports"]] == [b["id"], a["id"]]
    assert item["can_hide"] is True and item["flagged_by_hearth"] is False and item["message"] is None
    shown = item["item"]
    assert shown["title"] == f"Profile: {spec.profile['full_name']}"
    assert shown["text"] == spec.profile["headline"] and shown["readable"] is True
    assert shown["author"] == {"id": spec.user["id"], "name": spec.user["display_name"], "suspended": False}
    assert shown["public_path"] == f"/specialists/{spec.slug}" and shown["hidden"] is False
    # The page shows it once, with both reports, as text.
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get("/admin/reports")
    assert page.status == 200
    assert page.text.count(f'data-report-item="profile-{spec.id}"') == 1
    assert "&lt;b&gt;rude&lt;/b&gt;" in page.text and "<b>rude</b>" not in page.text
    assert html.escape(spec.profile["headline"]) in page.text or spec.profile["headline"] in html.unescape(page.text)


def test_hearths_own_flags_come_first_and_are_marked(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    older = Listed(site, admin_mail)
    _, mem = member(site)
    assert report(site, mem, spec.id, target_type="profile").status == 201
    # Hearth flags the other profile (as the questions feature does for
    # words about self-harm), twice: one open flag.
    for _ in range(2):
        sql(site, "INSERT INTO reports (reporter_id, target_type, target_id, reason, note, status, created_at) "
                  f"VALUES (NULL, 'profile', {older.id}, 'self_harm_concern', '', 'open', 1) ON CONFLICT DO NOTHING")
    items = queue(site, admin_token)["items"]
    assert items[0]["target_id"] == older.id and items[0]["flagged_by_hearth"] is True
    assert len(items[0]["reports"]) == 1
    flag = items[0]["reports"][0]
    assert flag["reporter"] is None and flag["flagged_by_hearth"] is True and flag["reason"] == "self_harm_concern"
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get("/admin/reports").text
    assert "Flagged by Hearth: possible self-harm" in page
    assert page.index(f'data-report-item="profile-{older.id}"') < page.index(f'data-report-item="profile-{spec.id}"')
    # Resolved like any other report, and nobody's "own reports" list shows it.
    assert resolve(site, admin_token, flag["id"], "dismiss").status == 200
    assert own_reports(site, mem)["total"] == 1


def test_people_who_are_not_admins_cannot_moderate(site, admin_mail):
    spec = Listed(site, admin_mail)
    email, mem = member(site)
    rep = report(site, mem, spec.id, target_type="profile").json()
    for token in (mem, spec.token):
        assert resolve(site, token, rep["id"], "hide", "no").status == 403
        assert Client(site.url).delete(f"/api/v1/admin/users/{spec.user['id']}/suspension",
                                       headers=bearer(token)).status == 403
    assert Client(site.url).delete(f"/api/v1/admin/users/{spec.user['id']}/suspension").status == 401
    assert public_status(site, spec.slug) == 200


# --- actions ---

def test_hiding_a_profile_takes_it_down_and_restoring_brings_it_back(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    mem_email, mem = member(site)
    rep = report(site, mem, spec.id, target_type="profile", reason="spam").json()
    assert in_directory(site, spec.slug)

    res = resolve(site, admin_token, rep["id"], "hide")
    assert res.status == 422 and res.error()["field"] == "reason"
    assert public_status(site, spec.slug) == 200

    reason = phrase("Claims a licence we could not confirm")
    res = resolve(site, admin_token, rep["id"], "hide", reason)
    assert res.status == 200, res
    assert res.json()["status"] == "actioned" and res.json()["action"] == "hide" and res.json()["resolved_count"] == 1
    # The public: gone, from the page, the API and the directory.
    assert public_status(site, spec.slug) == 404
    assert Client(site.url).get(f"/specialists/{spec.slug}").status == 404
    assert not in_directory(site, spec.slug)
    # Admins still see it; the queue shows it hidden, with its reason.
    assert Client(site.url).get(f"/api/v1/specialists/{spec.slug}", headers=bearer(admin_token)).status == 200
    shown = item_of(site, admin_token, "profile", spec.id, "actioned")["item"]
    assert shown["hidden"] is True and shown["hidden_reason"] == reason
    # The author sees it, and why.
    mine = Client(site.url).get("/api/v1/me/profile", headers=bearer(spec.token)).json()["profile"]
    assert mine["suspended_reason"] == reason
    page = spec.client.get(f"/specialists/{spec.slug}")
    assert page.status == 200 and reason in html.unescape(page.text)
    # The reporter sees that something was done.
    mine = own_reports(site, mem)["items"][0]
    assert mine["status"] == "actioned" and mine["status_label"] == "Action taken"
    # Audited, without the reason's words or the profile's.
    entries = [e for e in audit_entries(site, admin_mail, "report.resolve") if e["target_id"] == str(spec.id)]
    assert len(entries) == 1 and "hide" in entries[0]["detail"] and reason not in str(entries)
    # Nothing open any more: a second hide changes nothing.
    res = resolve(site, admin_token, rep["id"], "hide", reason)
    assert res.status == 409 and res.error()["code"] == "already_resolved"

    res = resolve(site, admin_token, rep["id"], "restore")
    assert res.status == 200, res
    assert res.json()["status"] == "dismissed" and res.json()["action"] == "restore"
    assert public_status(site, spec.slug) == 200 and in_directory(site, spec.slug)
    assert own_reports(site, mem)["items"][0]["status_label"] == "Reviewed: no action"
    entries = [e for e in audit_entries(site, admin_mail, "report.resolve") if e["target_id"] == str(spec.id)]
    assert len(entries) == 2 and "restore" in entries[0]["detail"]
    res = resolve(site, admin_token, rep["id"], "restore")
    assert res.status == 409 and res.error()["code"] == "already_resolved"


def test_dismissing_leaves_the_item_and_tells_the_reporter(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    _, mem = member(site)
    rep = report(site, mem, spec.id, target_type="profile").json()
    words = phrase("nothing wrong here")
    res = resolve(site, admin_token, rep["id"], "dismiss", words)
    assert res.status == 200 and res.json()["status"] == "dismissed" and res.json()["action"] == "dismiss"
    assert public_status(site, spec.slug) == 200
    assert own_reports(site, mem)["items"][0]["status_label"] == "Reviewed: no action"
    assert item_of(site, admin_token, "profile", spec.id) is None
    assert item_of(site, admin_token, "profile", spec.id, "dismissed") is not None
    entries = [e for e in audit_entries(site, admin_mail, "report.resolve") if e["target_id"] == str(spec.id)]
    assert len(entries) == 1 and "dismiss" in entries[0]["detail"] and words not in str(entries)
    assert resolve(site, admin_token, rep["id"], "dismiss").status == 409


def test_suspending_an_author_locks_the_account_until_an_admin_lifts_it(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    _, mem = member(site)
    rep = report(site, mem, spec.id, target_type="profile", reason="harassment").json()
    assert spec.client.get("/account").status == 200

    reason = phrase("Threatened a client")
    res = resolve(site, admin_token, rep["id"], "suspend", reason)
    assert res.status == 200, res
    assert res.json()["action"] == "suspend" and res.json()["status"] == "actioned"
    # Every session ended: the bearer token and the cookie are worthless.
    assert Client(site.url).get("/api/v1/me", headers=bearer(spec.token)).status == 401
    assert spec.client.get("/api/v1/me").status == 401
    # No new log-in, said plainly.
    res = Client(site.url).post("/api/v1/session", json={"email": spec.email, "password": GOOD_PASSWORD})
    assert res.status == 403 and res.error()["code"] == "account_suspended", res
    c = Client(site.url)
    token = c.csrf_from("/login")
    page = c.post("/login", form={"_csrf": token, "email": spec.email, "password": GOOD_PASSWORD})
    assert page.status == 403 and "suspended" in page.text
    # A wrong password says nothing about the suspension.
    wrong = Client(site.url).post("/api/v1/session", json={"email": spec.email, "password": "not the password at all"})
    assert wrong.status == 401 and "suspended" not in wrong.text
    # The profile is unlisted; the queue says the author is suspended.
    assert public_status(site, spec.slug) == 404 and not in_directory(site, spec.slug)
    shown = item_of(site, admin_token, "profile", spec.id, "actioned")["item"]
    assert shown["author"]["suspended"] is True
    # Audited twice (the resolve, the suspension), never with the words.
    entries = [e for e in audit_entries(site, admin_mail, "account.suspend") if e["target_id"] == str(spec.user["id"])]
    assert len(entries) == 1 and reason not in str(entries)
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    page = admin.get("/admin/reports?status=actioned")
    assert f'action="/admin/users/{spec.user["id"]}/lift-suspension"' in page.text

    # An admin lifts it (the page form), and everything comes back.
    res = admin.post(f"/admin/users/{spec.user['id']}/lift-suspension", form={"_csrf": extract_csrf(page.text)})
    assert res.status == 303 and "done=lifted" in res.location
    res = Client(site.url).delete(f"/api/v1/admin/users/{spec.user['id']}/suspension", headers=bearer(admin_token))
    assert res.status == 409 and res.error()["code"] == "not_suspended"
    assert Client(site.url).delete("/api/v1/admin/users/99999999/suspension",
                                   headers=bearer(admin_token)).status == 404
    assert token_of(site, spec.email)
    assert public_status(site, spec.slug) == 200 and in_directory(site, spec.slug)
    lifted = [e for e in audit_entries(site, admin_mail, "account.reinstate") if e["target_id"] == str(spec.user["id"])]
    assert len(lifted) == 1


def test_a_suspended_sender_can_no_longer_send_messages(site, admin_mail, admin_token):
    conv = Conversation(site, admin_mail)
    mid = conv.send(conv.specialist["id"], phrase("you will regret this"))
    rep = report(site, conv.member_token, mid).json()
    res = resolve(site, admin_token, rep["id"], "suspend", "Threats in messages")
    assert res.status == 200, res
    res = Client(site.url).post(f"/api/v1/conversations/{conv.id}/messages",
                                json={"body": "still here", "idempotency_key": uuid.uuid4().hex},
                                headers=bearer(conv.specialist_token))
    assert res.status == 401
    # The member's side keeps working; the sender's profile is unlisted, so
    # nobody new can start a conversation with them.
    assert Client(site.url).get(f"/api/v1/conversations/{conv.id}/messages",
                                headers=bearer(conv.member_token)).status == 200
    assert Client(site.url).post("/api/v1/session", json={"email": conv.specialist_email,
                                                           "password": GOOD_PASSWORD}).status == 403


# --- pages ---

def test_the_profile_page_offers_a_calm_report_link_to_signed_in_people(site, admin_mail, admin_token):
    spec = Listed(site, admin_mail)
    assert "Report this profile" not in Client(site.url).get(f"/specialists/{spec.slug}").text
    assert "Report this profile" not in spec.client.get(f"/specialists/{spec.slug}").text
    email, mem = member(site)
    c, _ = signed_in(site, email=email)
    page = c.get(f"/specialists/{spec.slug}")
    assert page.status == 200 and "Report this profile" in page.text
    form = {"_csrf": extract_csrf(page.text), "target_type": "profile", "target_id": str(spec.id),
            "reason": "other", "note": "", "return_to": f"/specialists/{spec.slug}"}
    res = c.post("/reports", form=form)
    assert res.status == 303 and res.location == f"/specialists/{spec.slug}?done=reported", res
    assert "Thank you for telling us" in c.get(res.location).text
    account = c.get("/account").text
    assert "Your reports" in account and "A profile" in account and "Open" in account

    # The queue's form: a hide without a reason is said above the queue, and changes nothing.
    admin, _ = signed_in(site, email=admin_mail, password=ADMIN_PASSWORD)
    queue_page = admin.get("/admin/reports")
    rep_id = own_reports(site, mem)["items"][0]["id"]
    res = admin.post(f"/admin/reports/{rep_id}/resolve",
                     form={"_csrf": extract_csrf(queue_page.text), "action": "hide", "reason": "  "})
    assert res.status == 422 and "Nothing was changed" in res.text and 'role="alert"' in res.text
    assert public_status(site, spec.slug) == 200
    res = admin.post(f"/admin/reports/{rep_id}/resolve",
                     form={"_csrf": extract_csrf(queue_page.text), "action": "dismiss", "reason": ""})
    assert res.status == 303
    assert "Reviewed: no action" in c.get("/account").text


def test_two_admins_acting_on_one_item_at_once_act_once(site, admin_mail, admin_token):
    from concurrent.futures import ThreadPoolExecutor
    spec = Listed(site, admin_mail)
    _, mem = member(site)
    rep = report(site, mem, spec.id, target_type="profile").json()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: resolve(site, admin_token, rep["id"], "hide", "Twice at once"), range(4)))
    assert sorted(a.status for a in answers) == [200, 409, 409, 409]
    entries = [e for e in audit_entries(site, admin_mail, "report.resolve") if e["target_id"] == str(spec.id)]
    assert len(entries) == 1
    assert public_status(site, spec.slug) == 404
