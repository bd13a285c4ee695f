"""Hostile values and wrong users against the public contact details, the
fee filter in one currency and the way a consultation takes place, on
SQLite and PostgreSQL: what was found broken and now holds, and the
strongest attacks that held from the start, kept so they stay held."""
from __future__ import annotations

import html
import re
import time
import uuid

import icalendar
import pytest

from conftest import ENGINES, _launch
from consultation_helpers import all_day_hours, Person, admin_token, book, member, open_slots, profile_body, specialist
from hearth_client import (wait_for_mail, GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, extract_csrf, mail_text,
                           mails_to)
from specialist_helpers import PRACTICE

# --- the servers ---


@pytest.fixture(scope="module", params=ENGINES)
def server(request):
    srv = _launch(request.param, {"HEARTH_CONTACT_EMAIL": "care@hearth.example"})
    yield srv
    srv.cleanup()




def listed_with(server, **fields) -> Person:
    """A verified specialist whose profile carries `fields` on top of the usual."""
    s = Person(server, "specialist", "Dr Break Test")
    res = s.put("/api/v1/me/profile", {**profile_body(s.name), **fields})
    assert res.status in (200, 201), res
    s.slug = res.json()["profile"]["slug"]
    assert s.post("/api/v1/me/profile/publish").status == 200
    res = Client(server.url).post(f"/api/v1/admin/specialists/{s.slug}/verify", json={},
                                  headers=bearer(admin_token(server)))
    assert res.status == 200, res
    return s


# --- 1. public contact details ---

HOSTILE_WEBSITES = [
    "JavaScript:alert(1)", "javascript://example.org/%0aalert(1)", "data:text/html,<b>x</b>",
    "vbscript:msgbox(1)", "HTTPS://example.org", "https:example.org", "//evil.example/",
    "https://bank.example:443@evil.example/", "https://example.org/\u202egpj.exe", "https://ex ample.org/",
    "https://пример.рф/", "https://example.org/\r\nSet-Cookie: a=b", "https://localhost/", "https://example.org:99x/",
]
HOSTILE_PHONES = ["tel:+4930123456", "+49 30 123456;ext=1", "0800 CALL NOW", "+49 30 1234567<script>",
                  "4930+123456", "+49 30 12345678901234567", "+49\u202e30 123456"]
HOSTILE_EMAILS = ["Eve <eve@evil.example>", "eve@evil.example\r\nBcc: all@example.org", "eve@evil.example,b@c.de",
                  "eve@evil.example?cc=b@c.de", '"eve"@evil.example', "eve@localhost", "eve@evil..example",
                  "eve@@evil.example", "eve@evil.example%0ABcc:x@y.z"]


def test_hostile_contact_details_are_all_refused(server):
    s = listed_with(server)
    for field, values in (("website", HOSTILE_WEBSITES), ("phone", HOSTILE_PHONES),
                          ("contact_email", HOSTILE_EMAILS)):
        for value in values:
            res = s.put("/api/v1/me/profile", {**profile_body(s.name), field: value})
            assert res.status == 422 and res.error()["field"] == field, (field, value, res)
    got = s.get("/api/v1/me/profile").json()["profile"]
    assert got["website"] == got["phone"] == got["contact_email"] == ""


def test_quotes_and_punycode_in_details_stay_inside_their_attributes(server):
    s = listed_with(server, website="https://xn--80ak6aa92e.com/a?b=1&c=2", phone="+44 (20) 7946-0018",
                    contact_email="o'brien+care@xn--prxis-ira.example")
    page = Client(server.url).get(f"/specialists/{s.slug}").text
    block = re.search(r'<section class="profile-contact" id="get-in-touch".*?</section>', page, re.S).group(0)
    hrefs = re.findall(r'href="([^"]*)"', block)
    assert "https://xn--80ak6aa92e.com/a?b=1&amp;c=2" in hrefs
    assert "tel:+442079460018" in hrefs
    assert "mailto:o&apos;brien+care@xn--prxis-ira.example" in hrefs
    assert "<script" not in block and "javascript:" not in block.lower()


def test_contact_about_echoes_nothing_of_a_hostile_slug(server):
    for about in ("%3Cscript%3Ealert(1)%3C/script%3E", "x%22onmouseover=alert(1)", "..%2F..%2Fadmin",
                  "a%0d%0aX-Evil:%201"):
        page = Client(server.url).get(f"/contact?about={about}")
        assert page.status in (200, 400), page  # 400: control characters in the address
        assert "<script>alert" not in page.text and '"onmouseover' not in page.text
        assert "You are writing about" not in page.text
        assert "X-Evil" not in str(page.header_list)
    # A name cannot add recipients or headers to the operators' mailto link.
    s = listed_with(server, full_name="Dr Amp&cc=eve@evil.example?bcc=x")
    page = Client(server.url).get(f"/contact?about={s.slug}").text
    mailto = re.search(r'href="(mailto:care@hearth.example\?subject=[^"]*)"', page).group(1)
    assert "&amp;cc=" not in mailto and "?bcc" not in mailto and mailto.count("?") == 1, mailto


# --- 2. fees in one currency ---

def test_the_fee_filter_refuses_abuse_and_does_not_leak_a_currency_between_visitors(server):
    gbp = listed_with(server, full_name="Dr Pound Breaker", currency="GBP", fee_min=90, fee_max=90)
    eur = listed_with(server, full_name="Dr Euro Breaker", currency="EUR", fee_min=90, fee_max=90)
    api = Client(server.url)
    for query, field in (("fee_min=-1", "fee_min"), ("fee_max=99999999999999999999999", "fee_max"),
                         ("fee_max=1e3", "fee_max"), ("fee_max=0x10", "fee_max"), ("fee_max=%EF%BC%91", "fee_max"),
                         ("fee_min=200&fee_max=100", "fee_min"), ("fee_max=100&currency=XXX", "currency"),
                         ("fee_max=100&currency=%3Cscript%3E", "currency"), ("reduced_fees=maybe", "reduced_fees")):
        res = api.get(f"/api/v1/specialists?{query}")
        assert res.status == 422 and res.error()["field"] == field, (query, res)
        assert "<script>" not in res.text
    page = api.get("/specialists?fee_max=100&currency=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.status == 200 and "<script>alert(1)" not in page.text

    def names(headers, query="fee_max=100&per_page=50"):
        res = api.get(f"/api/v1/specialists?{query}", headers=headers)
        assert res.status == 200, res
        return {p["full_name"] for p in res.json()["items"]} & {"Dr Pound Breaker", "Dr Euro Breaker"}

    # The same address, asked in turn by visitors whose browsers speak for
    # different countries: each gets their own currency's matches (the cache
    # keys the currency, not the first visitor's).
    uk, de = {"Accept-Language": "en-GB,en;q=0.9"}, {"Accept-Language": "de-DE"}
    for _ in range(2):
        assert names(uk) == {"Dr Pound Breaker"}
        assert names(de) == {"Dr Euro Breaker"}
        assert names(None) == {"Dr Euro Breaker"}
        assert names({"Accept-Language": "en-GB;q=0, de-AT"}) == {"Dr Euro Breaker"}
    # The form's "Automatic" choice names each visitor's own default.
    for headers, label in ((uk, "Automatic (GBP)"), (de, "Automatic (EUR)"), (uk, "Automatic (GBP)")):
        assert label in api.get("/specialists?fee_max=100", headers=headers).text
    for query in ("fee_max=100&currency=GBP&currency=EUR", "fee_max=100&currency=gbp"):
        assert names(de, query + "&per_page=50") == {"Dr Pound Breaker"}, query
    # A card says which currency its fee is in, whoever asks.
    cards = api.get("/specialists?sort=fee&per_page=50", headers=uk).text
    assert "£90 (GBP)" in html.unescape(cards) and "€90 (EUR)" in html.unescape(cards)
    del gbp, eur


# --- 3. how a consultation takes place ---

HOSTILE_LINKS = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
                 "vbscript:msgbox(1)", "HTTPS://meet.example.org/x", "https:meet.example.org", "https:///x",
                 "https://meet.example.org/\u202ex", "https://meet.example.org/\"onclick=\"x",
                 "https://meet.example.org/<b>", "https://meet.example.org\r\nLOCATION:evil",
                 "https://bank.example:pw@evil.example/", "https://" + "a" * 500 + ".org"]


def test_hostile_video_links_and_addresses_are_refused(server):
    s = specialist(server)
    for link in HOSTILE_LINKS:
        res = s.put("/api/v1/me/availability", all_day_hours(mode="video", video_url=link))
        assert res.status == 422 and res.error()["field"] == "video_url", (link, res)
    for address in ("12 High St\r\nLOCATION:evil", "12 High St\u202e", "12 High St\u2028York", "x" * 301):
        res = s.put("/api/v1/me/availability", all_day_hours(mode="in_person", address=address))
        assert res.status == 422 and res.error()["field"] == "address", (address, res)
    assert s.get("/api/v1/me/availability").json()["video_url"] == ""


def test_hostile_phone_numbers_are_refused_when_booking(server):
    s = specialist(server, mode="phone")
    m = member(server)
    start = open_slots(server, s.slug)[1]["start"]
    for phone in ("tel:+447700900123", "+44 7700 900123\r\nBcc: x@y.z", "+44\u202e7700900123",
                  "+44 7700 900123 <b>", "javascript:alert(1)", "+44 7700 900123 ext 5", "+44 7700 900123" + "0" * 40):
        res = book(m, s.slug, start, phone=phone)
        assert res.status == 422 and res.error()["field"] == "phone", (phone, res)


def ics_lines_are_valid(raw: bytes) -> list[str]:
    """RFC 5545 3.1: CRLF line ends, at most 75 octets a line, folds never
    inside a UTF-8 character."""
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line, line
        line.decode("utf-8")  # each physical line is whole characters
    return [line.decode() for line in lines]


SPECIALIST_NAME = 'Dr Zoë "Q", Smith; Jr \\ Ünal 😀'
MEMBER_NAME = "Mo O'Brien, Jr; 😀 \\ Ünal"
ADDRESS = ("Hof 3; 2. OG, Straße der Pariser Kommune 12\\14, 10243 Berlin 😀 " * 5)[:300].strip()


def test_the_calendar_file_stays_valid_with_hostile_text(server):
    s = specialist(server, mode="in_person", address=ADDRESS)
    body = profile_body(SPECIALIST_NAME)
    assert s.put("/api/v1/me/profile", body).status == 200
    address = f"o'brien+x?y=z:{uuid.uuid4().hex[:8]}@example.org"
    m = Person.__new__(Person)
    m.server, m.name = server, MEMBER_NAME
    m.email, m.user = api_sign_up(server.url, email_addr=address, display_name=MEMBER_NAME)
    m.token = api_log_in(server.url, address)["token"]
    res = book(m, s.slug, open_slots(server, s.slug)[3]["start"])
    assert res.status == 201, res
    c = res.json()["consultation"]
    for who in (m, s):
        raw = who.get(f"/api/v1/consultations/{c['id']}/ics").body
        ics_lines_are_valid(raw)
        event = list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))[0]
        assert str(event["LOCATION"]) == ADDRESS
        assert ADDRESS in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]) == f"Free consultation: {MEMBER_NAME} and {SPECIALIST_NAME}"
        assert event["ORGANIZER"].params["CN"] == SPECIALIST_NAME.replace('"', "")
        assert event["ATTENDEE"].params["CN"] == MEMBER_NAME and str(event["ATTENDEE"]) == f"mailto:{address}"
    # The e-mailed copy is the same valid file.
    mail = wait_for_mail(server.data_dir, m.email, "is booked")
    parts = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert parts, mail
    ics_lines_are_valid(parts[0].get_payload(decode=True))


def test_a_stranger_sees_no_booking_details_anywhere(server):
    link = "https://meet.example.org/private-room-" + str(int(time.time()))
    s = specialist(server, video_url=link)
    other = specialist(server)
    m = member(server)
    c = book(m, s.slug, open_slots(server, s.slug)[5]["start"])
    assert c.status == 201, c
    cid = c.json()["consultation"]["id"]
    for stranger in (other, member(server)):
        for path in (f"/api/v1/consultations/{cid}", f"/api/v1/consultations/{cid}/ics"):
            assert stranger.get(path).status == 404, (path, stranger.name)
        assert link not in stranger.get("/api/v1/consultations").text
    visitor = Client(server.url)
    for path in (f"/api/v1/consultations/{cid}/ics", f"/consultations?booked={cid}",
                 f"/consultations/{cid}/cancel?party=member&sig=AAAA", f"/specialists/{s.slug}",
                 f"/specialists/{s.slug}/book", f"/api/v1/specialists/{s.slug}",
                 f"/api/v1/specialists/{s.slug}/slots", f"/contact?about={s.slug}"):
        assert link not in visitor.get(path).text, path
    # Another specialist cannot change someone else's hours or way.
    assert other.put("/api/v1/me/availability", all_day_hours(mode="phone")).status == 200
    assert s.get("/api/v1/me/availability").json()["video_url"] == link


def test_the_cancel_link_in_an_email_shows_no_private_note(server):
    """The note is kept out of e-mail (e-mail travels further than the
    page): the cancel link every e-mail carries must not open it either."""
    s = specialist(server)
    m = member(server)
    secret = "note-only-in-hearth-" + str(int(time.time()))
    c = book(m, s.slug, open_slots(server, s.slug)[7]["start"], note=secret)
    assert c.status == 201, c
    for address in (s.email, m.email):
        text = mail_text(wait_for_mail(server.data_dir, address, "is booked"))
        link = re.search(r"(/consultations/\d+/cancel\?party=\w+&sig=[A-Za-z0-9_\-]+)", text).group(1)
        page = Client(server.url).get(link)
        assert page.status == 200, page
        assert "Cancel this free consultation?" in html.unescape(page.text)
        assert secret not in page.text, address


def test_contact_about_a_specialist_with_details_sends_people_to_them(server):
    """A /contact?about= link kept from before the specialist shared their
    own details does not say they have none."""
    s = listed_with(server)
    page = html.unescape(Client(server.url).get(f"/contact?about={s.slug}").text)
    assert "hasn't shared contact details" in page and "Please%20put%20me%20in%20touch" in page
    body = {**profile_body(s.name), "website": "https://www.example.org/practice"}
    assert s.put("/api/v1/me/profile", body).status == 200
    page = html.unescape(Client(server.url).get(f"/contact?about={s.slug}").text)
    assert "You are writing about" in page and "hasn't shared contact details" not in page
    assert f'href="/specialists/{s.slug}#get-in-touch"' in page


def test_details_taken_back_leave_every_public_page_at_once(server):
    """A specialist who removes their number or changes their fees is not
    shown with the old ones by a kept copy of their profile or a page of
    the directory."""
    s = listed_with(server, full_name="Dr Kept Copy", phone="+49 30 9876 5432", contact_email="kept@example.org",
                    fee_min=70, fee_max=70, currency="GBP")
    visitor = Client(server.url)
    for _ in range(2):  # the second answer may come from memory
        assert "9876 5432" in visitor.get(f"/specialists/{s.slug}").text
        assert "9876 5432" in visitor.get(f"/api/v1/specialists/{s.slug}").text
        assert "£70 (GBP)" in html.unescape(visitor.get("/specialists?q=Kept&fee_max=80&currency=GBP").text)
    assert s.put("/api/v1/me/profile", profile_body("Dr Kept Copy")).status == 200  # EUR 80-120, no details
    assert "9876 5432" not in visitor.get(f"/specialists/{s.slug}").text
    assert "kept@example.org" not in visitor.get(f"/api/v1/specialists/{s.slug}").text
    page = html.unescape(visitor.get("/specialists?q=Kept&fee_max=80&currency=GBP").text)
    assert "Dr Kept Copy" not in page
    assert "€80–120 (EUR)" in html.unescape(visitor.get("/specialists?q=Kept").text)


XSS = '"><script>alert(1)</script><a x="'


def test_forms_shown_again_keep_hostile_text_inert(server):
    """The wizard's practice step and the hours page, refused with markup
    in every new field, show it back as text."""
    s = specialist(server)
    c = Client(server.url)
    assert c.post("/api/v1/session", json={"email": s.email, "password": GOOD_PASSWORD}).status == 200
    page = c.get("/account/availability")
    form = {"_csrf": extract_csrf(page.text), "timezone": "UTC", "min_notice_hours": "0", "horizon_days": "30",
            "d1_0_start": "09:00", "d1_0_end": "12:00"}
    for extra in ({"mode": "video", "video_url": "https://x.example/" + XSS}, {"mode": XSS}):
        res = c.post("/account/availability", form={**form, **extra})
        assert res.status == 422, (extra, res)
        assert "<script>alert(1)" not in res.text and '<a x="' not in res.text, extra
    # An address is free text: kept, and shown back as text.
    res = c.post("/account/availability", form={**form, "mode": "in_person", "address": XSS})
    assert res.status == 303, res
    page = c.get("/account/availability").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    token = c.get("/account/profile/practice")
    assert token.status == 200, token
    fields = {**PRACTICE, "website": "https://x.example/" + XSS, "phone": XSS, "contact_email": XSS + "@x.example",
              "currency": XSS, "fee_min": XSS}
    res = c.post("/account/profile/practice", form=[("_csrf", extract_csrf(token.text))] + list(fields.items()))
    assert res.status == 422, res
    assert "<script>alert(1)" not in res.text and '<a x="' not in res.text


def test_the_audit_log_holds_no_link_address_or_phone_number(server):
    marker = str(int(time.time() * 1000))
    link = f"https://meet.example.org/audit-{marker}"
    address = f"{marker} Audit Lane, York"
    phone = f"+44 7700 {marker[-6:]}"
    video = specialist(server, video_url=link)
    in_person = specialist(server, mode="in_person", address=address)
    by_phone = specialist(server, mode="phone")
    m = member(server)
    for s, extra in ((video, {}), (in_person, {}), (by_phone, {"phone": phone})):
        res = book(m, s.slug, open_slots(server, s.slug)[9]["start"], **extra)
        assert res.status == 201, res
    headers = bearer(admin_token(server))
    entries, page = [], 1
    while True:
        res = Client(server.url).get(f"/api/v1/admin/audit-log?per_page=100&page={page}", headers=headers)
        assert res.status == 200, res
        entries += res.json()["items"]
        if len(res.json()["items"]) < 100:
            break
        page += 1
    text = str(entries)
    assert marker not in text and phone not in text and "7700" + marker[-6:] not in text.replace(" ", "")
