"""Data exports (GDPR articles 15 and 20): /account/export, the one-time
download, the background build (`hearth export run`), expiry, the rate
limit, the audit log, and GET /api/v1/me/export. A member and a specialist
with data in every feature export every record of theirs, messages
decrypted, and nothing of a third person's; export.json is checked against
the published docs/export-schema.json."""
from __future__ import annotations

import io
import json
import os
import pathlib
import re
import time
import urllib.parse
import uuid
import zipfile

import jsonschema
import pytest

from conftest import _launch
from consultation_helpers import Person, book, member, open_slots, specialist
from hearth_client import Client, GOOD_PASSWORD, bearer, wait_for_mail
from message_helpers import db_rows, send, started
from specialist_helpers import signed_in, tiny_png, upload_photo

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "export-schema.json").read_text())


def phrase(label: str) -> str:
    """A phrase found nowhere else: long enough for every field's minimum."""
    return f"{label} {uuid.uuid4().hex[:10]} written for the export"


def cookie_client(server, person: Person) -> Client:
    return signed_in(server, email=person.email)[0]


def ask_for_export(c: Client):
    """POSTs the page's form; returns the response (a 303 to ?key=...)."""
    token = c.csrf_from("/account/export")
    return c.post("/account/export", form={"_csrf": token})


def key_of(res) -> str:
    assert res.status == 303, res
    query = urllib.parse.urlparse(res.location).query
    return urllib.parse.parse_qs(query)["key"][0]


def download_path(key: str) -> str:
    return "/account/export/download?key=" + urllib.parse.quote(key, safe="")


def archive_of(res) -> dict[str, bytes]:
    assert res.status == 200, res
    assert res.headers["Content-Type"] == "application/zip"
    assert "attachment" in res.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(res.body)) as z:
        return {name: z.read(name) for name in z.namelist()}


def exported(server, person: Person) -> tuple[dict, dict[str, bytes]]:
    """Asks for an export on the page and downloads it: (export.json, files)."""
    c = cookie_client(server, person)
    key = key_of(ask_for_export(c))
    page = c.get("/account/export?key=" + urllib.parse.quote(key, safe=""))
    assert page.status == 200 and "Download the archive" in page.text, page
    files = archive_of(c.get(download_path(key)))
    doc = json.loads(files["export.json"])
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return doc, files


def audit_actions(server, user_id: int) -> list[str]:
    return [r[0] for r in db_rows(server, f"SELECT action FROM audit_log WHERE actor_user_id = {int(user_id)} "
                                          "ORDER BY id")]


@pytest.fixture(scope="module")
def world(server):
    """A specialist and a member with data in every feature, and a third
    person whose words must appear in neither export."""
    w = type("World", (), {})()
    w.p = {k: phrase(k) for k in ("note", "msg_member", "msg_specialist", "anon_q", "named_q", "answer", "article",
                                  "report_note", "contact_body", "contact_answer", "other_msg", "other_q",
                                  "other_contact", "reason")}
    w.spec = specialist(server)
    w.member = member(server, "Mina Exporter")
    w.other = member(server, "Otto Stranger")
    w.other_spec = specialist(server)
    # A photo on the specialist's profile.
    res = upload_photo(cookie_client(server, w.spec), "me.png", "image/png", tiny_png())
    assert res.status in (200, 303), res
    # A consultation with a note, and one cancelled with a reason.
    slots = open_slots(server, w.spec.slug)
    res = book(w.member, w.spec.slug, slots[3]["start"], note=w.p["note"], timezone="Europe/Berlin")
    assert res.status == 201, res
    w.booking_id = res.json()["consultation"]["id"] if "consultation" in res.json() else res.json()["id"]
    # Messages both ways.
    w.conversation_id = started(w.member, w.spec.slug, w.p["msg_member"])
    assert send(w.spec, w.conversation_id, w.p["msg_specialist"]).status == 201
    # Questions (one anonymous), an answer, a helpful mark and the accepted answer.
    c = Client(server.url)
    res = c.post("/api/v1/questions", headers=w.member.headers,
                 json={"title": "Staying calm when my partner shuts down", "body": w.p["anon_q"],
                       "topics": ["boundaries"], "anonymous": True})
    assert res.status == 201, res
    w.anon_qid = res.json()["id"]
    res = c.post("/api/v1/questions", headers=w.member.headers,
                 json={"title": "How do I set a first boundary?", "body": w.p["named_q"],
                       "topics": ["boundaries"], "anonymous": False})
    assert res.status == 201, res
    w.named_qid = res.json()["id"]
    res = c.post(f"/api/v1/questions/{w.named_qid}/answers", headers=w.spec.headers, json={"body": w.p["answer"]})
    assert res.status == 201, res
    w.answer_id = res.json()["id"]
    assert c.post(f"/api/v1/answers/{w.answer_id}/helpful", headers=w.member.headers).status == 200
    assert c.post(f"/api/v1/questions/{w.named_qid}/accepted", headers=w.member.headers,
                  json={"answer_id": w.answer_id}).status == 200
    # The specialist follows a topic and keeps an article draft.
    assert c.request("PUT", "/api/v1/me/topic-follows", headers=w.spec.headers,
                     json={"topics": ["boundaries"]}).status == 200
    res = c.post("/api/v1/articles", headers=w.spec.headers,
                 json={"title": "Repair after conflict", "summary": "A draft.", "body": w.p["article"],
                       "key_points": [], "topics": ["boundaries"]})
    assert res.status == 201, res
    res = c.request("PUT", f"/api/v1/articles/{res.json()['slug']}/cover?alt=A%20calm%20lake", headers=w.spec.headers,
                    raw_body=tiny_png(), content_type="image/png")
    assert res.status == 200, res
    # The member reports the specialist's message, and writes to Hearth (answered).
    mid = int(db_rows(server, f"SELECT id FROM messages WHERE conversation_id = {w.conversation_id} "
                              f"AND sender_id = {w.spec.user['id']}")[0][0])
    res = c.post("/api/v1/reports", headers=w.member.headers,
                 json={"target_type": "message", "target_id": mid, "reason": "spam", "note": w.p["report_note"]})
    assert res.status == 201, res
    res = c.post("/api/v1/contact", headers=w.member.headers,
                 json={"subject": "A question about my data", "body": w.p["contact_body"]})
    assert res.status == 201, res
    db_rows(server, f"UPDATE contact_requests SET status = 'answered', answer = '{w.p['contact_answer']}', "
                    f"answered_at = {int(time.time())} WHERE user_id = {w.member.user['id']}")
    # The third person: a conversation with another specialist, a question, a contact request.
    other_conversation = started(w.other, w.other_spec.slug, w.p["other_msg"])
    assert other_conversation
    assert c.post("/api/v1/questions", headers=w.other.headers,
                  json={"title": "Something else entirely", "body": w.p["other_q"], "topics": ["boundaries"],
                        "anonymous": True}).status == 201
    assert c.post("/api/v1/contact", headers=w.other.headers,
                  json={"subject": "Other", "body": w.p["other_contact"]}).status == 201
    return w


def absent_everywhere(files: dict[str, bytes], needles) -> None:
    for name, content in files.items():
        for needle in needles:
            assert needle.encode() not in content, (needle, name)


def test_a_member_exports_every_record_of_theirs_and_nothing_of_anyone_else(server, world):
    w = world
    doc, files = exported(server, w.member)
    text = files["export.json"].decode()
    assert doc["account"]["email"] == w.member.email and doc["account"]["display_name"] == "Mina Exporter"
    assert doc["account"]["role"] == "member" and doc["profile"] is None
    # The booking with their own note, the specialist by name, its .ics.
    booking = next(b for b in doc["consultations"] if b["id"] == w.booking_id)
    assert booking["note"] == w.p["note"] and booking["role"] == "member" and booking["with"] == w.spec.name
    ics = files[booking["calendar_file"]].decode()
    assert "BEGIN:VCALENDAR" in ics and f"consultation-{w.booking_id}@hearth" in ics
    # Messages decrypted, both ways; the specialist by display name only.
    conv = next(c for c in doc["conversations"] if c["id"] == w.conversation_id)
    assert [m["text"] for m in conv["messages"]] == [w.p["msg_member"], w.p["msg_specialist"]]
    assert [m["from_you"] for m in conv["messages"]] == [True, False] and conv["with"] == w.spec.name
    # Both questions (the anonymous one too), the helpful and accepted marks.
    by_id = {q["id"]: q for q in doc["questions"]}
    assert by_id[w.anon_qid]["anonymous"] is True and by_id[w.anon_qid]["body"] == w.p["anon_q"]
    assert by_id[w.named_qid]["accepted_answer_id"] == w.answer_id
    assert doc["helpful_marks"][0]["answer_id"] == w.answer_id
    assert doc["accepted_marks"] == [{"question_id": w.named_qid, "answer_id": w.answer_id}]
    # The report (not the reported message), the contact request with its answer.
    report = doc["reports"][0]
    assert report["target_type"] == "message" and report["note"] == w.p["report_note"]
    assert w.p["msg_specialist"] not in json.dumps(doc["reports"])
    contact = doc["contact_requests"][0]
    assert contact["body"] == w.p["contact_body"] and contact["answer"] == w.p["contact_answer"]
    # Sessions without tokens, audit entries, every time in UTC.
    assert doc["sessions"] and all("token" not in s for s in doc["sessions"])
    assert "account.sign_up" in [a["action"] for a in doc["audit_log"]]
    assert all(t.endswith("Z") for t in re.findall(r'"\w+_at":"([^"]+)"', text))
    # The summary page says the same, on its own (no external resources).
    summary = files["summary.html"].decode()
    for p in ("note", "msg_member", "msg_specialist", "anon_q", "contact_answer"):
        assert w.p[p] in summary, p
    assert not re.search(r'(src|href)="(https?:)?//', summary)
    # Nothing of the third person's, nor of the specialist's account.
    absent_everywhere(files, [w.other.email, w.p["other_msg"], w.p["other_q"], w.p["other_contact"],
                              w.spec.email, w.p["article"]])
    for session_hash in db_rows(server, f"SELECT token_hash FROM sessions WHERE user_id = {w.member.user['id']}"):
        absent_everywhere(files, [session_hash[0]])


def test_a_specialist_exports_profile_hours_photo_answers_articles_and_follows(server, world):
    w = world
    doc, files = exported(server, w.spec)
    assert doc["account"]["role"] == "specialist"
    profile = doc["profile"]
    assert profile["slug"] == w.spec.slug and profile["licence_number"] == "PSY-40217"
    assert {"kind": "specialty", "slug": "attachment"} in [{"kind": t["kind"], "slug": t["slug"]}
                                                           for t in profile["terms"]]
    assert len(profile["photos"]) == 1 and files[profile["photos"][0]].startswith(b"\x89PNG")
    assert len(doc["availability"]["weekly"]) == 7
    booking = next(b for b in doc["consultations"] if b["id"] == w.booking_id)
    assert booking["role"] == "specialist" and booking["with"] == "Mina Exporter" and booking["note"] is None
    assert booking["calendar_file"] in files
    conv = next(c for c in doc["conversations"] if c["id"] == w.conversation_id)
    assert [m["text"] for m in conv["messages"]] == [w.p["msg_member"], w.p["msg_specialist"]]
    assert conv["with"] == "Mina Exporter"
    answer = doc["answers"][0]
    assert answer["id"] == w.answer_id and answer["body"] == w.p["answer"] and answer["accepted"] is True
    assert [a["body_markdown"] for a in doc["articles"]] == [w.p["article"]]
    assert doc["articles"][0]["status"] == "draft"
    assert files[doc["articles"][0]["cover_file"]].startswith(b"\x89PNG")
    assert [f["topic"] for f in doc["topic_follows"]] == ["boundaries"]
    assert doc["questions"] == [] and doc["reports"] == []
    # Not the member's e-mail address, questions, report or contact request.
    text = files["export.json"].decode()
    for needle in (w.member.email, w.p["anon_q"], w.p["report_note"], w.p["contact_body"], w.other.email,
                   w.p["other_msg"], w.p["other_q"]):
        assert needle not in text, needle
    assert w.p["article"] in files["summary.html"].decode()


def test_the_link_works_once_for_its_owner_only(server, world):
    w = world
    c = cookie_client(server, w.member)
    key = key_of(ask_for_export(c))
    stranger = cookie_client(server, w.other)
    assert stranger.get(download_path(key)).status == 404
    assert Client(server.url).get(download_path(key)).status in (302, 303)  # a visitor is sent to log in
    assert c.get(download_path("not-a-key")).status == 404
    assert c.get("/account/export/download").status == 404
    archive_of(c.get(download_path(key)))
    again = c.get(download_path(key))
    assert again.status == 410 and "ask for a new export" in again.text.lower()
    # The file is gone from the disk and the request says so.
    assert db_rows(server, f"SELECT status, file_name FROM data_exports WHERE user_id = {w.member.user['id']} "
                           "ORDER BY id DESC LIMIT 1") == [("downloaded", "")]
    actions = audit_actions(server, w.member.user["id"])
    assert "export.requested" in actions and "export.downloaded" in actions


def test_visitors_and_forms_without_a_token_change_nothing(server, world):
    visitor = Client(server.url)
    res = visitor.get("/account/export")
    assert res.status in (302, 303) and "/login" in res.location
    c = cookie_client(server, world.member)
    before = db_rows(server, "SELECT COUNT(*) FROM data_exports")
    assert c.post("/account/export", form={}).status == 403  # no CSRF token
    assert db_rows(server, "SELECT COUNT(*) FROM data_exports") == before
    page = c.get("/account/export?key=made-up")
    assert page.status == 200 and "could not find that export" in page.text
    account = c.get("/account")
    assert 'href="/account/export"' in account.text


def test_the_api_returns_the_document_and_is_audited(server, world):
    w = world
    res = Client(server.url).get("/api/v1/me/export", headers=w.member.headers)
    assert res.status == 200, res
    doc = res.json()
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert doc["account"]["id"] == w.member.user["id"]
    assert w.p["msg_specialist"] in res.text and w.p["other_msg"] not in res.text
    assert Client(server.url).get("/api/v1/me/export").status == 401
    rows = db_rows(server, f"SELECT detail FROM audit_log WHERE actor_user_id = {w.member.user['id']} "
                           "AND action = 'export.downloaded'")
    assert ("via: api",) in rows


def test_the_schema_is_published(server):
    res = Client(server.url).get("/export-schema.json")
    assert res.status == 200 and res.json() == SCHEMA


@pytest.fixture(params=["sqlite", "postgresql"])
def background_server(request):
    """Every export built in the background."""
    srv = _launch(request.param, {"HEARTH_EXPORT_BUILD_AT_ONCE_RECORDS": "0"})
    yield srv
    srv.cleanup()


def test_large_exports_are_built_in_the_background_then_expire(background_server):
    srv = background_server
    person = member(srv, "Bea Background")
    c = cookie_client(srv, person)
    key = key_of(ask_for_export(c))
    page_path = "/account/export?key=" + urllib.parse.quote(key, safe="")
    status = db_rows(srv, "SELECT status FROM data_exports")[0][0]
    if status == "pending":
        assert "preparing your data" in c.get(page_path).text
        assert c.get(download_path(key)).status == 409
    # One round (the server's maintenance may have run one already).
    run = srv.cli("export", "run")
    assert run.returncode == 0, (run.stdout, run.stderr)
    assert db_rows(srv, "SELECT status FROM data_exports") == [("ready",)]
    assert "Download the archive" in c.get(page_path).text
    # Back from the e-mail, without the key in the address: this browser remembers it.
    assert "Download the archive" in c.get("/account/export").text
    stranger = cookie_client(srv, member(srv, "Sid Shared"))
    stranger.cookies["hearth_export_key"] = key
    shared = stranger.get("/account/export")
    assert shared.status == 200 and "Download the archive" not in shared.text and "could not find" not in shared.text
    mail = wait_for_mail(srv.data_dir, person.email, "Your Hearth data is ready")
    assert mail is not None
    done = c.get(download_path(key))
    files = archive_of(done)
    assert json.loads(files["export.json"])["account"]["email"] == person.email
    assert any(line.startswith("hearth_export_key=;") and "Max-Age=0" in line for line in done.set_cookies)
    # A second export is left to expire: a day later the link is gone and so is the file.
    key2 = key_of(ask_for_export(c))
    assert srv.cli("export", "run").returncode == 0
    name = db_rows(srv, "SELECT file_name FROM data_exports WHERE status = 'ready'")[0][0]
    assert os.path.exists(os.path.join(srv.data_dir, "exports", name))
    later = srv.cli("export", "run", "--now", str(int(time.time()) + 2 * 86400))
    assert later.returncode == 0 and "1 expired" in later.stdout, later.stdout
    assert not os.path.exists(os.path.join(srv.data_dir, "exports", name))
    assert c.get(download_path(key2)).status == 410
    # An archive no request names (a node stopped between a download and
    # deleting it) is swept once it is older than a build could take.
    stray = os.path.join(srv.data_dir, "exports", "export-0-stray.zip")
    fresh = os.path.join(srv.data_dir, "exports", "export-0-fresh.zip")
    for path in (stray, fresh):
        pathlib.Path(path).write_bytes(b"PK")
    os.utime(stray, (time.time() - 3600, time.time() - 3600))
    assert srv.cli("export", "run").returncode == 0
    assert not os.path.exists(stray) and os.path.exists(fresh)


def test_three_exports_a_day(rate_limited_server):
    srv = rate_limited_server
    person = member(srv, "Rita Ratelimit")
    c = cookie_client(srv, person)
    for _ in range(2):
        key_of(ask_for_export(c))
    # The API counts under the same rule.
    assert Client(srv.url).get("/api/v1/me/export", headers=person.headers).status == 200
    res = ask_for_export(c)
    assert res.status == 429 and int(res.headers["Retry-After"]) > 0
    res = Client(srv.url).get("/api/v1/me/export", headers=person.headers)
    assert res.status == 429 and res.error()["code"] == "rate_limited"
    assert db_rows(srv, "SELECT COUNT(*) FROM data_exports") == [("2",)]
