"""Free 30-minute first consultations, on SQLite and PostgreSQL: the booking
rules of the API, cancel and reschedule, idempotent retries, calendar files
read by a real iCalendar parser, the e-mails and their signed cancel links,
and the pages (booking with CSRF, the list, the signed link, weekly hours)."""
from __future__ import annotations

import datetime as dt
import html
import re
import threading
import time
import urllib.parse
import zoneinfo

import icalendar
import pytest

from consultation_helpers import ALL_DAY, admin_token, book, member, open_slots, parse_utc, specialist, utc
from hearth_client import wait_for_mail, GOOD_PASSWORD, Client, extract_csrf, mail_text, mails_to

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def cookie_client(server, person) -> Client:
    """A browser-like client: a cookie session, so pages need their CSRF token."""
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": person.email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    return c


def booked(person, slug, start, **extra) -> dict:
    res = book(person, slug, start, **extra)
    assert res.status == 201, res
    return res.json()["consultation"]


def calendar_event(ics: bytes):
    cal = icalendar.Calendar.from_ical(ics)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1, ics
    return cal, events[0]


def as_utc(text: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(parse_utc(text), dt.timezone.utc)



def calendar_part(msg) -> bytes:
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in msg.walk()]
    return parts[0].get_payload(decode=True)


def cancel_link(msg) -> str:
    m = re.search(r"(/consultations/\d+/cancel\?party=\w+&sig=[A-Za-z0-9_\-]+)", mail_text(msg))
    assert m, mail_text(msg)
    return m.group(1)


@pytest.fixture(scope="module")
def spec(server):
    """One bookable specialist (hours all day, every day, in UTC) per engine."""
    return specialist(server)


# --- booking rules (API) ---

def test_a_member_books_an_open_slot(server, spec):
    m = member(server)
    slot = open_slots(server, spec.slug)[5]
    res = book(m, spec.slug, slot["start"], note="Hello", tz="Europe/Berlin")
    assert res.status == 201, res
    c = res.json()["consultation"]
    assert (c["status"], c["start"], c["end"], c["role"]) == ("booked", slot["start"], slot["end"], "member")
    assert c["specialist"]["slug"] == spec.slug and c["note"] == "Hello"
    assert slot["start"] not in [s["start"] for s in open_slots(server, spec.slug)]
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["id"] == c["id"]
    assert [b["id"] for b in spec.get("/api/v1/consultations").json()["items"]].count(c["id"]) == 1


def test_a_time_outside_the_hours_or_in_the_past_is_422(server):
    # Mondays 09:00-10:00 UTC only.
    s = specialist(server, weekly=[{"weekday": 1, "start": "09:00", "end": "10:00"}], horizon_days=30)
    m = member(server)
    slots = open_slots(server, s.slug, days=30)
    assert slots and all(as_utc(x["start"]).weekday() == 0 for x in slots)
    monday = parse_utc(slots[-1]["start"])
    for start in (monday + 86400, monday + 15 * 60, monday - 3600, monday + 3600):
        res = book(m, s.slug, utc(start))
        assert res.status == 422, res
        assert res.error()["code"] == "not_available" and res.error()["field"] == "start"
    past = utc((int(time.time()) // 1800 - 2) * 1800)
    res = book(m, s.slug, past)
    assert res.status == 422 and res.error()["field"] == "start", res
    beyond = utc(monday + 35 * 86400)  # a Monday past the 30-day horizon
    assert book(m, s.slug, beyond).status == 422
    assert book(m, s.slug, "tomorrow at nine").status == 422


def test_specialists_who_do_not_offer_it_or_are_not_listed(server):
    m = member(server)
    start = utc((int(time.time()) // 1800 + 4) * 1800)
    no = specialist(server, offers=False)
    res = book(m, no.slug, start)
    assert res.status == 403 and res.error()["code"] == "consultations_not_offered", res
    assert Client(server.url).get(f"/api/v1/specialists/{no.slug}/slots").status == 403
    hidden = specialist(server, listed=False)
    res = book(m, hidden.slug, start)
    assert res.status == 404, res
    assert Client(server.url).get(f"/api/v1/specialists/{hidden.slug}/slots").status == 404
    assert book(m, "nobody-by-this-name", start).status == 404
    assert Client(server.url).get(f"/specialists/{hidden.slug}/book").status == 404
    page = Client(server.url).get(f"/specialists/{no.slug}/book")
    assert page.status == 403 and "does not offer a free first consultation" in page.text


def test_only_members_book(server, spec):
    start = open_slots(server, spec.slug)[7]["start"]
    other = specialist(server)
    res = book(other, spec.slug, start)
    assert res.status == 403, res
    res = Client(server.url).post("/api/v1/consultations", json={"specialist": spec.slug, "start": start},
                                  headers={"Authorization": f"Bearer {admin_token(server)}"})
    assert res.status == 403, res
    res = Client(server.url).post("/api/v1/consultations", json={"specialist": spec.slug, "start": start})
    assert res.status == 401, res
    assert start in [s["start"] for s in open_slots(server, spec.slug)]


def test_a_taken_slot_is_409_with_other_times(server, spec):
    first, second = member(server), member(server)
    start = open_slots(server, spec.slug)[9]["start"]
    booked(first, spec.slug, start)
    res = book(second, spec.slug, start, tz="America/New_York")
    assert res.status == 409, res
    body = res.json()
    assert body["error"]["code"] == "slot_taken"
    others = body["other_slots"]
    assert others and start not in [o["start"] for o in others]
    assert others[0]["local"]["timezone"] == "America/New_York"


def test_one_upcoming_per_specialist_and_three_in_all(server, spec):
    m = member(server)
    slots = open_slots(server, spec.slug)
    booked(m, spec.slug, slots[11]["start"])
    res = book(m, spec.slug, slots[13]["start"])
    assert res.status == 409 and res.error()["code"] == "already_booked", res
    for _ in range(2):
        s = specialist(server)
        booked(m, s.slug, open_slots(server, s.slug)[2]["start"])
    fourth = specialist(server)
    res = book(m, fourth.slug, open_slots(server, fourth.slug)[2]["start"])
    assert res.status == 409 and res.error()["code"] == "too_many_bookings", res
    assert len(m.get("/api/v1/consultations").json()["items"]) == 3


def test_a_retry_with_the_same_key_books_once(server, spec):
    m = member(server)
    slots = open_slots(server, spec.slug)
    first = book(m, spec.slug, slots[15]["start"], idempotency_key="retry-key-0001")
    again = book(m, spec.slug, slots[15]["start"], idempotency_key="retry-key-0001")
    assert (first.status, again.status) == (201, 200), (first, again)
    assert first.json()["consultation"]["id"] == again.json()["consultation"]["id"]
    assert len(m.get("/api/v1/consultations").json()["items"]) == 1
    assert book(m, spec.slug, slots[15]["start"], idempotency_key="short").status == 422


def test_a_double_submit_at_the_same_moment_books_once(server, spec):
    m = member(server)
    start = open_slots(server, spec.slug)[17]["start"]
    barrier = threading.Barrier(6)
    results = []

    def submit():
        barrier.wait()
        results.append(book(m, spec.slug, start, idempotency_key="double-submit-key"))

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status for r in results) == [200] * 5 + [201], results
    assert len({r.json()["consultation"]["id"] for r in results}) == 1
    assert len(m.get("/api/v1/consultations").json()["items"]) == 1


# --- cancel and reschedule (API) ---

def test_only_the_two_participants_see_or_cancel_a_booking(server, spec):
    m, stranger = member(server), member(server)
    c = booked(m, spec.slug, open_slots(server, spec.slug)[19]["start"])
    for path in (f"/api/v1/consultations/{c['id']}", f"/api/v1/consultations/{c['id']}/ics"):
        assert stranger.get(path).status == 404
        assert spec.get(path).status == 200
    assert stranger.post(f"/api/v1/consultations/{c['id']}/cancel", {"reason": "mine now"}).status == 404
    assert stranger.post(f"/api/v1/consultations/{c['id']}/reschedule",
                         {"start": open_slots(server, spec.slug)[2]["start"]}).status == 404
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["status"] == "booked"
    assert Client(server.url).get(f"/api/v1/consultations/{c['id']}").status == 401


def test_either_side_cancels_once(server, spec):
    m = member(server)
    start = open_slots(server, spec.slug)[21]["start"]
    c = booked(m, spec.slug, start)
    res = spec.post(f"/api/v1/consultations/{c['id']}/cancel", {"reason": "I am unwell that day"})
    assert res.status == 200, res
    got = res.json()["consultation"]
    assert got["status"] == "cancelled" and got["cancel_reason"] == "I am unwell that day"
    res = m.post(f"/api/v1/consultations/{c['id']}/cancel")
    assert res.status == 409 and res.error()["code"] == "already_cancelled", res
    assert start in [s["start"] for s in open_slots(server, spec.slug)]
    # The member may book the same specialist again.
    booked(m, spec.slug, start)


def test_reschedule_into_a_taken_slot_and_then_a_free_one(server, spec):
    m, other = member(server), member(server)
    slots = open_slots(server, spec.slug)
    mine, theirs, free = slots[23]["start"], slots[25]["start"], slots[27]["start"]
    c = booked(m, spec.slug, mine)
    booked(other, spec.slug, theirs)
    res = m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": theirs})
    assert res.status == 409 and res.error()["code"] == "slot_taken", res
    res = m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": utc(parse_utc(free) + 600)})
    assert res.status == 422 and res.error()["code"] == "not_available", res
    res = spec.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": free})
    assert res.status == 403, res  # the member moves it, not the specialist
    res = m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": free})
    assert res.status == 200, res
    moved = res.json()["consultation"]
    assert (moved["id"], moved["start"], moved["status"]) == (c["id"], free, "booked")
    starts = [s["start"] for s in open_slots(server, spec.slug)]
    assert mine in starts and free not in starts
    booked(member(server), spec.slug, mine)  # the old time is really free again


# --- calendar files and e-mails ---

def test_the_calendar_file_parses_and_holds_the_booked_times(server, spec):
    m = member(server)
    c = booked(m, spec.slug, open_slots(server, spec.slug)[29]["start"])
    for who in (m, spec):
        res = who.get(f"/api/v1/consultations/{c['id']}/ics")
        assert res.status == 200 and res.headers["Content-Type"].startswith("text/calendar"), res
        cal, event = calendar_event(res.body)
        assert event["DTSTART"].dt == as_utc(c["start"]) and event["DTEND"].dt == as_utc(c["end"])
        assert str(event["UID"]) == f"consultation-{c['id']}@hearth"
        assert list(event.walk("VALARM"))
    page = cookie_client(server, m).get(f"/consultations/{c['id']}/calendar.ics")
    assert page.status == 200 and "attachment" in page.headers["Content-Disposition"], page
    assert calendar_event(page.body)[1]["DTSTART"].dt == as_utc(c["start"])
    assert cookie_client(server, member(server)).get(f"/consultations/{c['id']}/calendar.ics").status == 404


def test_both_sides_get_a_confirmation_with_a_calendar_file(server, spec):
    m = member(server, name="Noor Member")
    c = booked(m, spec.slug, open_slots(server, spec.slug)[31]["start"], note="About trust", tz="America/New_York")
    local = as_utc(c["start"]).astimezone(NEW_YORK).strftime("%H:%M")
    to_member = wait_for_mail(server.data_dir, m.email, "is booked")
    to_specialist = wait_for_mail(server.data_dir, spec.email, "is booked", "Noor Member")
    for msg in (to_member, to_specialist):
        _, event = calendar_event(calendar_part(msg))
        assert event["DTSTART"].dt == as_utc(c["start"]) and event["DTEND"].dt == as_utc(c["end"])
        assert re.search(rf"/consultations/{c['id']}/cancel\?party=\w+&sig=", mail_text(msg))
    assert local in mail_text(to_member) and "(America/New York time)" in mail_text(to_member)
    # The note stays in Hearth: the specialist's e-mail says there is one and links to it.
    assert "About trust" not in mail_text(to_specialist) and "About trust" not in mail_text(to_member)
    assert "wrote you a note" in mail_text(to_specialist) and "/consultations" in mail_text(to_specialist)
    assert "wrote you a note" not in mail_text(to_member)


def test_the_signed_cancel_link_works_once(server, spec):
    m = member(server, name="Link Member")
    c = booked(m, spec.slug, open_slots(server, spec.slug)[33]["start"])
    link = cancel_link(wait_for_mail(server.data_dir, m.email, "is booked"))
    assert link.startswith(f"/consultations/{c['id']}/cancel?party=member&sig=")
    visitor = Client(server.url)  # the link works without logging in
    page = visitor.get(link)
    assert page.status == 200 and spec.name in html.unescape(page.text), page
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    form = {"_csrf": extract_csrf(page.text), "party": query["party"], "sig": query["sig"], "reason": "Changed plans"}
    res = visitor.post(f"/consultations/{c['id']}/cancel", form={k: v for k, v in form.items() if k != "_csrf"})
    assert res.status == 403, res  # no CSRF token, nothing happens
    res = visitor.post(f"/consultations/{c['id']}/cancel", form=form)
    assert res.status == 200 and "is cancelled" in res.text, res
    got = m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]
    assert got["status"] == "cancelled" and got["cancel_reason"] == "Changed plans"
    dead = visitor.get(link)
    assert dead.status == 404 and "This link no longer works" in dead.text
    assert visitor.post(f"/consultations/{c['id']}/cancel", form=form).status == 404
    for msg in (wait_for_mail(server.data_dir, m.email, "was cancelled"),
                wait_for_mail(server.data_dir, spec.email, "was cancelled", "Link Member")):
        # The reason stays in Hearth; the e-mail says there is one.
        assert "Changed plans" not in mail_text(msg) and "A reason was given" in mail_text(msg)
        cal, event = calendar_event(calendar_part(msg))
        assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"


def test_a_tampered_or_moved_link_is_404(server, spec):
    m = member(server, name="Tamper Member")
    slots = open_slots(server, spec.slug)
    c = booked(m, spec.slug, slots[35]["start"])
    link = cancel_link(wait_for_mail(server.data_dir, spec.email, "is booked", "Tamper Member"))
    assert "party=specialist" in link
    visitor = Client(server.url)
    assert visitor.get(link).status == 200
    sig = link.split("sig=")[1]
    tampered = [link.replace("sig=" + sig, "sig=" + ("A" if sig[0] != "A" else "B") + sig[1:]),
                link.replace("party=specialist", "party=member"),
                link.replace(f"/consultations/{c['id']}/", f"/consultations/{c['id'] + 1}/"),
                link.replace("party=specialist", "party=admin")]
    token = extract_csrf(visitor.get(link).text)
    for bad in tampered:
        assert visitor.get(bad).status == 404, bad
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(bad).query))
        res = visitor.post(urllib.parse.urlsplit(bad).path, form={"_csrf": token, **q})
        assert res.status == 404, (bad, res)
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["status"] == "booked"
    # Moving the booking kills the links made for the old time.
    assert m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": slots[37]["start"]}).status == 200
    assert visitor.get(link).status == 404


# --- pages ---

def test_the_book_page_shows_times_in_the_chosen_zone(server, spec):
    slot = open_slots(server, spec.slug)[3]
    local = as_utc(slot["start"]).astimezone(NEW_YORK)
    visitor = Client(server.url)
    res = visitor.get(f"/specialists/{spec.slug}/book?tz=America/New_York")
    assert res.status == 200, res  # visitors see the times
    text = html.unescape(res.text)
    # The whole pill is the label, so a click anywhere on it chooses the time.
    m = re.search(r'<label class="slot__choice" for="([^"]+)"><input type="radio" id="\1" name="start" value="' +
                  re.escape(slot["start"]) + r'"[^>]*><span class="slot__time">([^<]+)</span></label>', text)
    assert m and m.group(2) == local.strftime("%H:%M"), m
    assert f"{local.strftime('%A')} {local.day} {local.strftime('%B')}" in text
    assert "Times are shown in America/New York time" in text
    assert res.cookie_header("__Host-hearth_tz").startswith("__Host-hearth_tz=America/New_York")
    # The zone is remembered for the next visit; an unknown zone is named, not a failure.
    again = visitor.get(f"/specialists/{spec.slug}/book")
    assert '<option value="America/New_York" selected>' in again.text and "data-tz-auto" not in again.text
    assert "data-tz-auto" in Client(server.url).get(f"/specialists/{spec.slug}/book").text
    bad = Client(server.url).get(f"/specialists/{spec.slug}/book?tz=Mars/Olympus")
    assert bad.status == 200 and "We don" in bad.text and 'aria-invalid="true"' in bad.text
    later = visitor.get(f"/specialists/{spec.slug}/book?tz=America/New_York&page=1")
    assert later.status == 200 and "Earlier dates" in later.text and slot["start"] not in later.text


def test_booking_through_the_page_with_csrf_and_a_double_submit(server, spec):
    m = member(server, name="Page Member")
    c = cookie_client(server, m)
    path = f"/specialists/{spec.slug}/book?tz=America/New_York"
    page = c.get(path)
    assert page.status == 200
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)
    assert key != re.search(r'name="idempotency_key" value="([^"]+)"', c.get(path).text).group(1)
    start = open_slots(server, spec.slug)[39]["start"]
    form = {"_csrf": extract_csrf(page.text), "idempotency_key": key, "tz": "America/New_York", "start": start,
            "note": "A first talk"}
    no_csrf = c.post(f"/specialists/{spec.slug}/book", form={k: v for k, v in form.items() if k != "_csrf"})
    assert no_csrf.status == 403
    assert m.get("/api/v1/consultations").json()["items"] == []
    res = c.post(f"/specialists/{spec.slug}/book", form=form)
    assert res.status == 303 and res.location.startswith("/consultations?booked="), res
    again = c.post(f"/specialists/{spec.slug}/book", form=form)
    assert again.status == 303 and again.location == res.location, again
    items = m.get("/api/v1/consultations").json()["items"]
    assert len(items) == 1 and items[0]["start"] == start and items[0]["note"] == "A first talk"
    listing = c.get(res.location)
    assert listing.status == 200
    local = as_utc(start).astimezone(NEW_YORK)
    text = html.unescape(listing.text)
    assert "is booked for" in text and local.strftime("%H:%M") in text and spec.name in text
    assert f'<time datetime="{start}">' in text
    assert f"/consultations/{items[0]['id']}/calendar.ics" in text
    assert f"/consultations/{items[0]['id']}/reschedule" in text


def test_the_page_offers_other_times_when_the_slot_was_just_taken(server, spec):
    m = member(server)
    c = cookie_client(server, m)
    start = open_slots(server, spec.slug)[41]["start"]
    page = c.get(f"/specialists/{spec.slug}/book?tz=UTC")
    booked(member(server), spec.slug, start)
    res = c.post(f"/specialists/{spec.slug}/book", form={
        "_csrf": extract_csrf(page.text), "tz": "UTC", "start": start, "note": "kept",
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)})
    assert res.status == 409, res
    assert "Someone booked that time a moment before you" in html.unescape(res.text)
    assert f'value="{start}"' not in res.text and 'name="start" value="' in res.text
    assert ">kept</textarea>" in res.text
    missing = c.post(f"/specialists/{spec.slug}/book", form={"_csrf": extract_csrf(page.text), "tz": "UTC"})
    assert missing.status == 422 and "Please choose a time" in missing.text


def test_a_visitor_is_sent_to_sign_up_with_their_choice_kept(server, spec):
    visitor = Client(server.url)
    page = visitor.get(f"/specialists/{spec.slug}/book?tz=Europe/Berlin")
    start = open_slots(server, spec.slug)[43]["start"]
    res = visitor.post(f"/specialists/{spec.slug}/book",
                       form={"_csrf": extract_csrf(page.text), "tz": "Europe/Berlin", "start": start})
    assert res.status == 303, res
    target = urllib.parse.urlsplit(res.location)
    query = dict(urllib.parse.parse_qsl(target.query))
    # New here by default: the visitor is offered an account first (log in is linked from there).
    assert target.path == "/signup"
    back = urllib.parse.urlsplit(query["return_to"])
    assert back.path == f"/specialists/{spec.slug}/book"
    assert dict(urllib.parse.parse_qsl(back.query)) == {"tz": "Europe/Berlin", "start": start}
    m = member(server)
    c = cookie_client(server, m)
    chosen = c.get(query["return_to"])
    assert re.search(r'name="start" value="' + re.escape(start) + '" checked', chosen.text)
    assert start in [s["start"] for s in open_slots(server, spec.slug)]  # nothing was booked


def test_specialists_see_their_bookings_and_cancel_from_the_list(server):
    s = specialist(server)
    m = member(server, name="Listed Member")
    c = booked(m, s.slug, open_slots(server, s.slug)[1]["start"], note="Looking forward")
    sc = cookie_client(server, s)
    listing = sc.get("/consultations?tz=Asia/Tokyo")
    text = html.unescape(listing.text)
    assert listing.status == 200 and "Listed Member" in text and "Looking forward" in text
    assert as_utc(c["start"]).astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).strftime("%H:%M") in text
    assert f"/consultations/{c['id']}/reschedule" not in text  # members move bookings
    res = sc.post(f"/consultations/{c['id']}/cancel", form={"_csrf": extract_csrf(listing.text), "reason": "Ill"})
    assert res.status == 303 and res.location == f"/consultations?cancelled={c['id']}", res
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["status"] == "cancelled"
    again = sc.post(f"/consultations/{c['id']}/cancel", form={"_csrf": extract_csrf(listing.text)})
    assert again.status == 409 and "already cancelled" in again.text
    stranger = cookie_client(server, member(server))
    assert stranger.post(f"/consultations/{c['id']}/cancel",
                         form={"_csrf": extract_csrf(stranger.get("/consultations").text)}).status == 404
    assert Client(server.url).get("/consultations").status == 302


def test_rescheduling_through_the_page(server, spec):
    m = member(server)
    c = booked(m, spec.slug, open_slots(server, spec.slug)[45]["start"])
    mc = cookie_client(server, m)
    page = mc.get(f"/consultations/{c['id']}/reschedule?tz=UTC")
    assert page.status == 200 and "Choose a new time" in page.text
    new = open_slots(server, spec.slug)[47]["start"]
    res = mc.post(f"/consultations/{c['id']}/reschedule",
                  form={"_csrf": extract_csrf(page.text), "tz": "UTC", "start": new})
    assert res.status == 303 and res.location == f"/consultations?moved={c['id']}", res
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["start"] == new
    other = cookie_client(server, member(server))
    assert other.get(f"/consultations/{c['id']}/reschedule").status == 404


def test_a_specialist_sets_weekly_hours_on_the_page(server):
    s = specialist(server, weekly=[])
    c = cookie_client(server, s)
    page = c.get("/account/availability")
    assert page.status == 200 and "Your hours for free consultations" in page.text
    assert "/account/availability" in c.get("/account").text
    token = extract_csrf(page.text)
    bad = c.post("/account/availability", form={
        "_csrf": token, "timezone": "Europe/Berlin", "min_notice_hours": "soon", "horizon_days": "30",
        "d1_0_start": "09:00", "d1_0_end": "08:00", "d2_0_start": "09:00",
        "off_0_start": "2030-01-02T10:00", "off_0_end": "2030-01-01T10:00"})
    assert bad.status == 422, bad
    text = html.unescape(bad.text)
    for field in ("d1_0_end", "d2_0_end", "min_notice_hours", "off_0_end"):
        assert f'href="#{field}"' in text and f'id="{field}-error"' in text, field
    assert 'value="09:00"' in text  # what was typed is kept
    assert s.get("/api/v1/me/availability").json()["weekly"] == []
    good = c.post("/account/availability", form={
        "_csrf": token, "timezone": "Europe/Berlin", "min_notice_hours": "2", "horizon_days": "21", "mode": "video",
        "d1_0_start": "09:00", "d1_0_end": "12:30", "d1_1_start": "14:00", "d1_1_end": "00:00",
        "d5_0_start": "10:00", "d5_0_end": "11:00",
        "off_0_start": "2030-01-01T10:00", "off_0_end": "2030-01-02T10:00"})
    assert good.status == 303 and good.location == "/account/availability?saved=1", good
    got = s.get("/api/v1/me/availability").json()
    assert got["timezone"] == "Europe/Berlin" and got["min_notice_hours"] == 2 and got["horizon_days"] == 21
    assert got["weekly"] == [{"weekday": 1, "start": "09:00", "end": "12:30"},
                             {"weekday": 1, "start": "14:00", "end": "24:00"},
                             {"weekday": 5, "start": "10:00", "end": "11:00"}]
    assert got["time_off"] == [{"start": "2030-01-01T09:00:00Z", "end": "2030-01-02T09:00:00Z"}]
    shown = c.get("/account/availability?saved=1").text
    assert 'value="2030-01-01T10:00"' in shown and 'id="d1_1_end" name="d1_1_end" value="00:00"' in shown
    assert cookie_client(server, member(server)).get("/account/availability").status == 403


def test_availability_api_validation(server):
    s = specialist(server)
    for body, field in (({"timezone": "Nowhere/Town"}, "timezone"),
                        ({"weekly": [{"weekday": 8, "start": "09:00", "end": "10:00"}]}, "weekly"),
                        ({"weekly": [{"weekday": 1, "start": "09:00", "end": "09:15"}]}, "weekly"),
                        ({"min_notice_hours": -1}, "min_notice_hours"),
                        ({"horizon_days": 0}, "horizon_days"),
                        ({"time_off": [{"start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"}]}, "time_off")):
        full = {"timezone": "UTC", "weekly": ALL_DAY, "time_off": [], "min_notice_hours": 0, "horizon_days": 60,
                **body}
        res = s.put("/api/v1/me/availability", full)
        assert res.status == 422 and res.error()["field"] == field, (body, res)
    assert member(server).get("/api/v1/me/availability").status == 403


# --- what a person types, checked by the service for pages and API alike ---

def test_the_note_is_counted_in_characters_and_control_characters_are_refused(server, spec):
    m = member(server)
    slots = open_slots(server, spec.slug)
    res = book(m, spec.slug, slots[49]["start"], note="ü" * 2001)
    assert res.status == 422 and res.error()["field"] == "note", res
    for bad in ("escape \x1b[31m", "nul \x00 byte", "bell \x07"):
        res = book(m, spec.slug, slots[49]["start"], note=bad)
        assert res.status == 422 and res.error()["field"] == "note", (bad, res)
    assert m.get("/api/v1/consultations").json()["items"] == []
    res = book(m, spec.slug, slots[49]["start"], note="ü" * 2000)
    assert res.status == 201 and res.json()["consultation"]["note"] == "ü" * 2000, res


def test_the_booking_page_refuses_control_characters_in_the_note(server, spec):
    m = member(server)
    c = cookie_client(server, m)
    page = c.get(f"/specialists/{spec.slug}/book?tz=UTC")
    start = open_slots(server, spec.slug)[51]["start"]
    form = {"_csrf": extract_csrf(page.text), "tz": "UTC", "start": start,
            "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)}
    for bad in ("nul \x00 byte", "escape \x1b[2J"):
        res = c.post(f"/specialists/{spec.slug}/book", form={**form, "note": bad})
        assert res.status == 422, (bad, res)
        assert 'id="note-error"' in res.text and f'value="{start}" checked' in res.text
    assert m.get("/api/v1/consultations").json()["items"] == []
    res = c.post(f"/specialists/{spec.slug}/book", form={**form, "note": "Two\r\nlines\tand a tab"})
    assert res.status == 303, res
    assert m.get("/api/v1/consultations").json()["items"][0]["note"] == "Two\r\nlines\tand a tab"


def test_the_cancel_reason_limit_is_one_thousand_characters_everywhere(server, spec):
    slots = open_slots(server, spec.slug)
    # The API: 1,000 two-byte characters are fine, 1,001 are not.
    m = member(server)
    c = booked(m, spec.slug, slots[53]["start"])
    res = m.post(f"/api/v1/consultations/{c['id']}/cancel", {"reason": "ü" * 1001})
    assert res.status == 422 and res.error()["field"] == "reason", res
    res = m.post(f"/api/v1/consultations/{c['id']}/cancel", {"reason": "nul \x00"})
    assert res.status == 422 and res.error()["field"] == "reason", res
    res = m.post(f"/api/v1/consultations/{c['id']}/cancel", {"reason": "ü" * 1000})
    assert res.status == 200 and res.json()["consultation"]["cancel_reason"] == "ü" * 1000, res
    # The signed link's page.
    m2 = member(server, name="Reason Member")
    c2 = booked(m2, spec.slug, slots[55]["start"])
    link = cancel_link(wait_for_mail(server.data_dir, m2.email, "is booked"))
    visitor = Client(server.url)
    page = visitor.get(link)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    form = {"_csrf": extract_csrf(page.text), "party": query["party"], "sig": query["sig"]}
    res = visitor.post(f"/consultations/{c2['id']}/cancel", form={**form, "reason": "ü" * 1001})
    assert res.status == 422 and 'id="reason-error"' in res.text, res
    assert m2.get(f"/api/v1/consultations/{c2['id']}").json()["consultation"]["status"] == "booked"
    res = visitor.post(f"/consultations/{c2['id']}/cancel", form={**form, "reason": "ü" * 1000})
    assert res.status == 200 and "is cancelled" in res.text, res
    # The list page of a signed-in participant.
    m3 = member(server)
    c3 = booked(m3, spec.slug, slots[57]["start"])
    mc = cookie_client(server, m3)
    token = extract_csrf(mc.get("/consultations").text)
    res = mc.post(f"/consultations/{c3['id']}/cancel", form={"_csrf": token, "reason": "ü" * 1001})
    assert res.status == 422 and "at most 1000 characters" in res.text, res
    assert m3.get(f"/api/v1/consultations/{c3['id']}").json()["consultation"]["status"] == "booked"


def test_the_calendar_attachment_and_download_say_utf_8(server, spec):
    m = member(server, name="Zoë Member")
    c = booked(m, spec.slug, open_slots(server, spec.slug)[59]["start"])
    msg = wait_for_mail(server.data_dir, m.email, "is booked")
    part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    assert part.get_content_charset() == "utf-8" and part.get_param("method") == "REQUEST", part["Content-Type"]
    assert "Zoë Member" in calendar_part(msg).decode("utf-8")
    res = m.get(f"/api/v1/consultations/{c['id']}/ics")
    assert res.headers["Content-Type"] == "text/calendar; charset=utf-8", res.headers
    page = cookie_client(server, m).get(f"/consultations/{c['id']}/calendar.ics")
    assert page.headers["Content-Type"] == "text/calendar; charset=utf-8", page.headers


def test_booking_has_its_own_rate_limit(rate_limited_server):
    server = rate_limited_server
    s = specialist(server)
    m = member(server)
    slots = open_slots(server, s.slug)
    assert book(m, s.slug, slots[0]["start"]).status == 201
    statuses = [book(m, s.slug, slots[2]["start"]).status for _ in range(19)]
    assert set(statuses) == {409}, statuses  # already booked with this specialist, but each attempt counts
    res = book(m, s.slug, slots[2]["start"])
    assert res.status == 429 and res.error()["code"] == "rate_limited" and "Retry-After" in res.headers, res
    # Another member is not held back by this one.
    assert book(member(server), s.slug, slots[4]["start"]).status == 201


def test_who_may_book_is_answered_before_the_fields(server, spec):
    assert Client(server.url).post("/api/v1/consultations", json={}).status == 401
    assert spec.post("/api/v1/consultations", {}).status == 403
    res = member(server).post("/api/v1/consultations", {})
    assert res.status == 422 and res.json()["error"]["field"] == "specialist", res
    assert member(server).put("/api/v1/me/availability", {"weekly": "not a list"}).status == 403
