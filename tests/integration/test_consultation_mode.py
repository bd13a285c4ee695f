"""How a free consultation takes place, on SQLite and PostgreSQL: the
specialist chooses video (their own https link, or one e-mailed later), a
phone call to the member's number, or an address, before hours can be saved;
each booking carries it to its two participants only (API, pages, e-mails,
the calendar file read by a real iCalendar parser), with what happens next.
Also: private words (the booking note, a cancel reason) stay out of the
audit log and out of every e-mail, and the time-zone box says which zone
the times are in."""
from __future__ import annotations

import email
import email.policy
import html
import re
import time
import uuid
from pathlib import Path

import icalendar
import pytest

from consultation_helpers import (all_day_hours, Person, admin_token, book, member, open_slots, profile_body, specialist)
from hearth_client import wait_for_mail, GOOD_PASSWORD, Client, bearer, extract_csrf, mail_text, mails_to

LINK = "https://meet.example.org/room-7;type=video,audio?pwd=a1"
ADDRESS = "Room 4; 2nd floor, 12 Mill Lane, York"
PHONE = "+44 7700 900123"


def cookie_client(server, person) -> Client:
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": person.email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    return c


def unset_specialist(server) -> Person:
    """A listed specialist who has never saved hours (nor chosen a way)."""
    s = Person(server, "specialist", f"Dr New Test{uuid.uuid4().hex[:6]}")
    assert s.put("/api/v1/me/profile", profile_body(s.name)).status in (200, 201)
    s.slug = s.get("/api/v1/me/profile").json()["profile"]["slug"]
    assert s.post("/api/v1/me/profile/publish").status == 200
    res = Client(server.url).post(f"/api/v1/admin/specialists/{s.slug}/verify", json={},
                                  headers=bearer(admin_token(server)))
    assert res.status == 200, res
    return s



def booked(person, slug, start, **extra) -> dict:
    res = book(person, slug, start, **extra)
    assert res.status == 201, res
    return res.json()["consultation"]


def calendar_event(ics: bytes):
    cal = icalendar.Calendar.from_ical(ics)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1, ics
    return events[0]



def all_outbox_text(server) -> str:
    """Every .eml the server wrote, decoded part by part (text and calendar)."""
    out = []
    for path in sorted((Path(server.data_dir) / "outbox").glob("*.eml")):
        raw = path.read_bytes()
        out.append(raw.decode("utf-8", "replace"))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for part in msg.walk():
            if part.get_content_maintype() == "multipart":
                continue
            payload = part.get_payload(decode=True) or b""
            out.append(payload.decode("utf-8", "replace"))
    return "\n".join(out)


def all_audit_entries(server) -> list[dict]:
    headers = bearer(admin_token(server))
    entries, page = [], 1
    while True:
        res = Client(server.url).get(f"/api/v1/admin/audit-log?per_page=100&page={page}", headers=headers)
        assert res.status == 200, res
        items = res.json()["items"]
        entries += items
        if len(items) < 100:
            return entries
        page += 1


# --- the specialist's choice ---

def test_the_way_is_checked_and_links_must_be_https(server):
    s = unset_specialist(server)
    assert s.get("/api/v1/me/availability").json()["mode"] is None
    for extra, field in (({"mode": "pigeon"}, "mode"),
                         ({"mode": "video", "video_url": "http://meet.example.org/x"}, "video_url"),
                         ({"mode": "video", "video_url": "javascript:alert(1)"}, "video_url"),
                         ({"mode": "video", "video_url": "https://user@evil.example/"}, "video_url"),
                         ({"mode": "video", "video_url": "https://a.example/ spaced"}, "video_url"),
                         ({"mode": "in_person", "address": "   "}, "address"),
                         ({"mode": "in_person", "address": "12 High St\nYork"}, "address"),
                         ({"video_url": LINK}, "mode")):
        res = s.put("/api/v1/me/availability", all_day_hours(**extra))
        assert res.status == 422 and res.error()["field"] == field, (extra, res)
    assert s.get("/api/v1/me/availability").json()["weekly"] == []  # nothing was saved
    # A client that predates the choice (API.md's body has no "mode") still
    # saves hours: video, with the link e-mailed by the specialist.
    res = s.put("/api/v1/me/availability", all_day_hours())
    assert res.status == 200, res
    got = s.get("/api/v1/me/availability").json()
    assert got["mode"] == "video" and got["video_url"] == "" and got["weekly"] != []
    res = s.put("/api/v1/me/availability", all_day_hours(mode="video", video_url=f"  {LINK} "))
    assert res.status == 200, res
    got = s.get("/api/v1/me/availability").json()
    assert got["mode"] == "video" and got["video_url"] == LINK and got["address"] == ""
    # A body without the way keeps the stored one.
    assert s.put("/api/v1/me/availability", all_day_hours(min_notice_hours=2)).status == 200
    assert s.get("/api/v1/me/availability").json()["video_url"] == LINK
    assert member(server).put("/api/v1/me/availability", all_day_hours(mode="phone")).status == 403


def test_the_hours_page_asks_for_the_way_and_shows_existing_specialists_video(server):
    s = unset_specialist(server)
    c = cookie_client(server, s)
    page = c.get("/account/availability")
    assert page.status == 200 and 'name="mode" value="video"' in page.text
    assert " checked" not in re.search(r'<fieldset class="field-group meeting-mode.*?</fieldset>', page.text,
                                       re.S).group(0)
    form = {"_csrf": extract_csrf(page.text), "timezone": "UTC", "min_notice_hours": "0", "horizon_days": "30",
            "d1_0_start": "09:00", "d1_0_end": "12:00"}
    res = c.post("/account/availability", form=form)
    assert res.status == 422 and 'id="mode-error"' in res.text and 'value="09:00"' in res.text, res
    res = c.post("/account/availability", form={**form, "mode": "in_person", "address": ""})
    assert res.status == 422 and 'id="address-error"' in res.text, res
    res = c.post("/account/availability", form={**form, "mode": "video", "video_url": "http://x.example/"})
    assert res.status == 422 and 'id="video_url-error"' in res.text and 'value="http://x.example/"' in res.text
    res = c.post("/account/availability", form={**form, "mode": "in_person", "address": ADDRESS})
    assert res.status == 303, res
    got = s.get("/api/v1/me/availability").json()
    assert got["mode"] == "in_person" and got["address"] == ADDRESS
    shown = c.get("/account/availability").text
    assert 'value="in_person" checked' in shown and html.escape(ADDRESS) in shown
    # Specialists who set hours before the choice existed: video, shown chosen.
    existing = cookie_client(server, specialist(server)).get("/account/availability").text
    assert 'value="video" required checked' in existing


# --- bookings carry it to their two participants ---

def test_a_video_booking_gives_the_link_to_both_and_to_no_one_else(server):
    s = specialist(server, video_url=LINK)
    m = member(server, name="Vid Member")
    public = Client(server.url).get(f"/specialists/{s.slug}/book").text
    assert "by video" in public and "meet.example.org" not in public
    assert "meet.example.org" not in Client(server.url).get(f"/specialists/{s.slug}").text
    assert "meet.example.org" not in Client(server.url).get(f"/api/v1/specialists/{s.slug}").text
    c = booked(m, s.slug, open_slots(server, s.slug)[2]["start"])
    assert c["how"]["kind"] == "video" and c["how"]["video_url"] == LINK and c["how"]["next_steps"]
    assert any("open the link" in step for step in c["how"]["next_steps"])
    theirs = s.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["how"]
    assert theirs["video_url"] == LINK and theirs["kind"] == "video"
    stranger = member(server)
    assert stranger.get(f"/api/v1/consultations/{c['id']}").status == 404
    assert stranger.get(f"/api/v1/consultations/{c['id']}/ics").status == 404
    assert LINK not in stranger.get("/api/v1/consultations").text
    for who in (m, s):
        res = who.get(f"/api/v1/consultations/{c['id']}/ics")
        raw = res.body.decode()
        assert "LOCATION:https://meet.example.org/room-7\\;type=video\\,audio?pwd=a1" in raw.replace("\r\n ", "")
        event = calendar_event(res.body)
        assert str(event["LOCATION"]) == LINK and str(event["URL"]) == LINK
        assert f"join at {LINK}" in str(event["DESCRIPTION"]) and "/consultations" in str(event["DESCRIPTION"])
    for address in (m.email, s.email):
        text = mail_text(wait_for_mail(server.data_dir, address, "is booked"))
        assert LINK in text and "What happens next:" in text and "How it happens: By video call" in text
    listing = cookie_client(server, m).get("/consultations").text
    assert html.escape(LINK) in listing and "What happens next" in listing


def test_without_a_link_the_specialist_emails_one(server):
    s = specialist(server)
    m = member(server)
    c = booked(m, s.slug, open_slots(server, s.slug)[4]["start"])
    assert c["how"]["video_url"] == ""
    assert any("will e-mail you a link" in step for step in c["how"]["next_steps"])
    theirs = s.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["how"]
    assert any(m.email in step for step in theirs["next_steps"])
    event = calendar_event(m.get(f"/api/v1/consultations/{c['id']}/ics").body)
    assert "link from" in str(event["LOCATION"]) and str(event["URL"]).endswith("/consultations")


def test_in_person_the_address_is_escaped_and_shown_only_once_booked(server):
    s = specialist(server, mode="in_person", address=ADDRESS)
    book_page = Client(server.url).get(f"/specialists/{s.slug}/book").text
    assert "in person" in book_page and "Mill Lane" not in book_page
    m = member(server)
    c = booked(m, s.slug, open_slots(server, s.slug)[6]["start"])
    assert c["how"]["kind"] == "in_person" and c["how"]["address"] == ADDRESS
    res = m.get(f"/api/v1/consultations/{c['id']}/ics")
    assert "LOCATION:Room 4\\; 2nd floor\\, 12 Mill Lane\\, York" in res.body.decode().replace("\r\n ", "")
    event = calendar_event(res.body)
    assert str(event["LOCATION"]) == ADDRESS and ADDRESS in str(event["DESCRIPTION"])
    assert html.escape(ADDRESS) in cookie_client(server, m).get("/consultations").text
    assert "Mill Lane" not in member(server).get("/api/v1/consultations").text
    # A later change of the specialist's way does not move an agreed booking.
    assert s.put("/api/v1/me/availability", all_day_hours(mode="phone")).status == 200
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["how"]["address"] == ADDRESS


def test_by_phone_the_member_must_give_a_number_only_the_two_see(server):
    s = specialist(server, mode="phone")
    m = member(server, name="Phone Member")
    slots = open_slots(server, s.slug)
    res = book(m, s.slug, slots[8]["start"])
    assert res.status == 422 and res.error()["field"] == "phone", res
    for bad in ("call me", "1234", "+44 7700 900123 4567 89", "+44\n7700900123"):
        res = book(m, s.slug, slots[8]["start"], phone=bad)
        assert res.status == 422 and res.error()["field"] == "phone", (bad, res)
    assert m.get("/api/v1/consultations").json()["items"] == []
    c = booked(m, s.slug, slots[8]["start"], phone=f" {PHONE} ")
    assert c["how"]["kind"] == "phone" and c["how"]["phone"] == PHONE
    assert s.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["how"]["phone"] == PHONE
    assert member(server).get(f"/api/v1/consultations/{c['id']}").status == 404
    assert "7700 900123" not in Client(server.url).get(f"/specialists/{s.slug}/book").text
    event_text = m.get(f"/api/v1/consultations/{c['id']}/ics").body.decode().replace("\r\n ", "")
    assert "7700 900123" not in event_text and "calls Phone Member" in event_text
    # The member's e-mail shows them their number; the specialist's points to Hearth.
    assert PHONE in mail_text(wait_for_mail(server.data_dir, m.email, "is booked"))
    to_specialist = mail_text(wait_for_mail(server.data_dir, s.email, "is booked"))
    assert "7700 900123" not in to_specialist and "/consultations" in to_specialist
    listing = cookie_client(server, s).get("/consultations").text
    assert "Their number:" in listing and 'href="tel:+447700900123"' in listing


def test_the_booking_page_asks_for_the_phone_number_and_keeps_the_note(server):
    s = specialist(server, mode="phone")
    c = cookie_client(server, member(server))
    page = c.get(f"/specialists/{s.slug}/book?tz=UTC")
    assert 'id="phone"' in page.text and 'type="tel"' in page.text and "by phone" in page.text
    start = open_slots(server, s.slug)[10]["start"]
    form = {"_csrf": extract_csrf(page.text), "tz": "UTC", "start": start, "note": "kept note"}
    res = c.post(f"/specialists/{s.slug}/book", form=form)
    assert res.status == 422 and 'id="phone-error"' in res.text and ">kept note</textarea>" in res.text, res
    assert f'value="{start}" checked' in res.text
    res = c.post(f"/specialists/{s.slug}/book", form={**form, "phone": PHONE})
    assert res.status == 303 and res.location.startswith("/consultations?booked="), res
    confirmation = html.unescape(c.get(res.location).text)
    assert "What happens next" in confirmation and "calls you" in confirmation and PHONE in confirmation
    # No phone field where the specialist does not call.
    assert 'id="phone"' not in cookie_client(server, member(server)).get(
        f"/specialists/{specialist(server).slug}/book?tz=UTC").text


def test_the_confirmation_page_says_how_and_what_happens_next(server):
    s = specialist(server, video_url=LINK)
    c = cookie_client(server, member(server))
    page = c.get(f"/specialists/{s.slug}/book?tz=UTC")
    start = open_slots(server, s.slug)[12]["start"]
    res = c.post(f"/specialists/{s.slug}/book", form={"_csrf": extract_csrf(page.text), "tz": "UTC",
                                                      "start": start})
    assert res.status == 303, res
    text = html.unescape(c.get(res.location).text)
    section = re.search(r'<section class="panel panel--soft booking-next".*?</section>', text, re.S)
    assert section, text
    assert "By video call" in section.group(0) and LINK in section.group(0)
    assert "cancel or change the time" in section.group(0)


# --- private words (journey 8) ---

def test_the_note_and_reasons_stay_out_of_the_audit_log_and_every_email(server):
    s = specialist(server)
    secret_note = f"note-{uuid.uuid4().hex}"
    secret_reason = f"reason-{uuid.uuid4().hex}"
    link_reason = f"linkreason-{uuid.uuid4().hex}"
    m = member(server, name="Private Member")
    slots = open_slots(server, s.slug)
    kept = booked(m, s.slug, slots[14]["start"], note=secret_note)
    gone = booked(member(server), s.slug, slots[16]["start"], note=secret_note + "-2")
    res = s.post(f"/api/v1/consultations/{gone['id']}/cancel", {"reason": secret_reason})
    assert res.status == 200, res
    # A cancel through the signed link in an e-mail, with a reason.
    third_member = member(server)
    third = booked(third_member, s.slug, slots[18]["start"])
    link = re.search(r"(/consultations/\d+/cancel\?party=\w+&sig=[A-Za-z0-9_\-]+)",
                     mail_text(wait_for_mail(server.data_dir, third_member.email, "is booked"))).group(1)
    visitor = Client(server.url)
    form_page = visitor.get(link)
    query = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    res = visitor.post(f"/consultations/{third['id']}/cancel",
                       form={"_csrf": extract_csrf(form_page.text), **query, "reason": link_reason})
    assert res.status == 200, res
    wait_for_mail(server.data_dir, s.email, "was cancelled")
    wait_for_mail(server.data_dir, third_member.email, "was cancelled")

    entries = all_audit_entries(server)
    for words in (secret_note, secret_reason, link_reason):
        assert not [e for e in entries if words in str(e)], words
    cancels = [e for e in entries if e["action"] == "consultation.cancel"
               and e["target_id"] in (str(gone["id"]), str(third["id"]))]
    assert len(cancels) == 2 and all(e["detail"] == "reason_given: true" for e in cancels), cancels
    booking = [e for e in entries if e["action"] == "consultation.book" and e["target_id"] == str(kept["id"])]
    assert booking and "note_given: true" in booking[0]["detail"], booking

    outbox = all_outbox_text(server)
    for words in (secret_note, secret_reason, link_reason):
        assert words not in outbox, words
    assert "A reason was given" in mail_text(wait_for_mail(server.data_dir, s.email, "was cancelled"))

    # The specialist still reads them in Hearth.
    listing = cookie_client(server, s).get("/consultations").text
    assert secret_note in listing and secret_reason in listing and link_reason in listing
    assert s.get(f"/api/v1/consultations/{kept['id']}").json()["consultation"]["note"] == secret_note


# --- the time-zone box (journey 11) ---

def test_the_zone_is_named_without_javascript_and_hidden_without_consultations(server):
    s = specialist(server)
    page = Client(server.url).get(f"/specialists/{s.slug}/book").text
    assert "Times are shown in UTC time, as we don’t know your time zone yet" in html.unescape(page)
    assert 'aria-describedby="tz-hint"' in page and 'id="tz"' in page
    chosen = Client(server.url).get(f"/specialists/{s.slug}/book?tz=Europe/Paris").text
    assert 'id="tz-hint"' not in chosen
    m = member(server)
    mc = cookie_client(server, m)
    assert 'class="tz-form"' not in mc.get("/consultations").text
    booked(m, s.slug, open_slots(server, s.slug)[20]["start"])
    assert 'class="tz-form"' in mc.get("/consultations").text


def test_calendar_files_never_carry_the_specialists_account_address(server):
    s = specialist(server)
    m = member(server, name="Calendar Member")
    c = booked(m, s.slug, open_slots(server, s.slug)[4]["start"])
    for person in (m, s):
        text = person.get(f"/api/v1/consultations/{c['id']}/ics").body.decode()
        event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
        assert s.email not in text.replace("\r\n ", "")
        organizer = event["ORGANIZER"]
        assert organizer.params["CN"] == s.name
        assert str(organizer).startswith("mailto:") and "@" in str(organizer)
    # The e-mailed copies too.
    for address in (m.email, s.email):
        for msg in mails_to(server.data_dir, address):
            for part in msg.walk():
                if part.get_content_type() == "text/calendar":
                    assert s.email not in part.get_content().replace("\r\n ", "")
