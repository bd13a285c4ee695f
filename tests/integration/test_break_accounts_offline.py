"""Attacks on sign-up with an e-mailed confirmation, on the "You are
booking ..." line of the sign-up and log-in pages, and on the service
worker script, kept as tests so they stay refused."""
from __future__ import annotations

import html
import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from consultation_helpers import admin_token, open_slots, profile_body, specialist, utc
from hearth_client import (GOOD_PASSWORD, SESSION_COOKIE, Client, api_sign_up, bearer, confirm_by_link,
                           extract_csrf, link_from_mail, unique_email, wait_for_mails, wait_for_token)


def sign_up(c: Client, email: str | None = None, **fields):
    token = c.csrf_from("/signup")
    form = {"display_name": "Break Person", "email": email or unique_email("brk"), "password": GOOD_PASSWORD,
            "role": "member", "_csrf": token, **fields}
    return form, c.post("/signup", form=form)


def hidden_fields(page_html: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in
            re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page_html)}


def verify_token_of(data_dir, address: str) -> str:
    return wait_for_token(data_dir, address, "/verify-email")


def handoff_of(page_html: str) -> str | None:
    m = re.search(r'<p class="handoff__what">(.*?)</p>', page_html, re.S)
    return m.group(1) if m else None


# --- sign-up answers alike ------------------------------------------------

def comparable(res, address: str) -> tuple:
    """Status, header names and cookie names, and the body with the address
    and the CSRF token taken out: what a person asking can see."""
    body = res.text.replace(address, "ADDRESS")
    if 'name="_csrf"' in body:
        body = body.replace(extract_csrf(body), "TOKEN")
    names = sorted(k.lower() for k, _ in res.headers._pairs if k.lower() not in ("date", "content-length"))
    cookies = sorted(line.split("=", 1)[0] for line in res.set_cookies)
    return res.status, names, cookies, body


def test_free_and_taken_addresses_answer_alike_with_a_booking_handoff_and_in_about_the_same_time(server):
    s = specialist(server)
    start = open_slots(server, s.slug)[0]["start"]
    return_to = f"/specialists/{s.slug}/book?start={start}&tz=UTC"
    taken, _ = api_sign_up(server.url)
    seen, spent = [], {"free": [], "taken": []}
    for kind in ("free", "taken", "free", "taken", "free", "taken"):
        address = unique_email("free") if kind == "free" else taken
        c = Client(server.url)
        c.get("/signup")  # the CSRF cookie is set before, so both posts start alike
        began = time.monotonic()
        _, res = sign_up(c, email=address, return_to=return_to)
        spent[kind].append(time.monotonic() - began)
        assert res.status == 200, res
        seen.append(comparable(res, address))
    assert all(x == seen[0] for x in seen), seen
    assert "Free consultation with " + s.name in seen[0][3]
    # Both cost a password hash and one write: neither is several times the other.
    free, taken_time = sorted(spent["free"])[1], sorted(spent["taken"])[1]
    assert max(free, taken_time) < 3 * min(free, taken_time) + 0.05, spent


def test_the_api_sign_up_and_api_verify_still_work(server):
    address, _ = api_sign_up(server.url)
    token = verify_token_of(server.data_dir, address)
    res = Client(server.url).post("/api/v1/email/verify", json={"token": token})
    assert res.status == 200 and res.json()["verified"] is True, res
    again = Client(server.url).post("/api/v1/email/verify", json={"token": token})
    assert again.status >= 400, again


# --- the confirmation link -------------------------------------------------

HOSTILE = ["/%0d%0aSet-Cookie:%20x=1", "/\r\nLocation: https://evil.example", "/\tevil", "/\\evil.example",
           "%2F%2Fevil.example", "/%2F%2Fevil.example", "%252F%252Fevil.example", "/" + "a" * 5000,
           "https:evil.example", " //evil.example", "/ /evil.example", "\u2215\u2215evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_return_to_in_the_link_and_in_the_form_stays_local(server, target):
    c = Client(server.url)
    form, _ = sign_up(c)
    token = verify_token_of(server.data_dir, form["email"])
    page = c.get("/verify-email?token=" + token + "&return_to=" + urllib.parse.quote(target, safe=""))
    assert page.status == 200, page
    kept = hidden_fields(page.text)["return_to"]
    assert kept.startswith("/") and not kept.startswith("//") and re.fullmatch(r"[\x21-\x7e]+", kept), kept
    # The form itself is posted with the hostile value (as an attacker would).
    res = c.post("/verify-email", form={"token": token, "return_to": target, "_csrf": hidden_fields(page.text)["_csrf"]})
    assert res.status == 303, res
    loc = res.location
    assert loc.startswith("/") and not loc.startswith("//") and "\\" not in loc, loc
    assert re.fullmatch(r"[\x21-\x7e]+", loc) and len(loc) <= 2048, loc
    assert not any(line.lower().startswith("x=") for line in res.set_cookies)


def test_a_password_reset_token_does_not_confirm_and_a_confirmation_token_does_not_reset(server):
    address, _ = api_sign_up(server.url)
    verify = verify_token_of(server.data_dir, address)
    c = Client(server.url)
    token = c.csrf_from("/password/forgot")
    assert c.post("/password/forgot", form={"email": address, "_csrf": token}).status == 200
    reset = wait_for_token(server.data_dir, address, "/password/reset", count=2)
    v = Client(server.url)
    assert v.get("/verify-email?token=" + reset).status == 410
    csrf = v.csrf_from("/login")
    res = v.post("/verify-email", form={"token": reset, "_csrf": csrf})
    assert res.status == 410 and not res.cookie_header(SESSION_COOKIE), res
    assert v.get("/password/reset?token=" + verify).status == 410
    # Neither was used up by the wrong door.
    assert Client(server.url).get("/password/reset?token=" + reset).status == 200
    assert Client(server.url).get("/verify-email?token=" + verify).status == 200


def test_confirming_needs_the_browsers_own_csrf_token_and_a_refusal_leaves_the_link_usable(server):
    c = Client(server.url)
    form, _ = sign_up(c)
    token = verify_token_of(server.data_dir, form["email"])
    # A page elsewhere posting the form: no token, or a token of another browser.
    forged = Client(server.url)
    assert forged.post("/verify-email", form={"token": token}).status == 403
    other_token = Client(server.url).csrf_from("/login")
    res = forged.post("/verify-email", form={"token": token, "_csrf": other_token})
    assert res.status == 403 and not res.cookie_header(SESSION_COOKIE), res
    assert c.get("/verify-email?token=" + token).status == 200
    assert confirm_by_link(c, server.data_dir, form["email"]).status == 303


def test_the_confirmation_page_names_the_address_it_would_sign_in_to(server):
    # Someone forwards the link of their own new account, hoping the reader
    # confirms and then writes private things into an account they can read.
    c = Client(server.url)
    form, _ = sign_up(c, email=unique_email("sender"))
    token = verify_token_of(server.data_dir, form["email"])
    page = Client(server.url).get("/verify-email?token=" + token)
    assert page.status == 200 and f"<strong>{form['email']}</strong>" in page.text, page
    assert "If this is not your address" in page.text
    # A dead link names nobody.
    dead = Client(server.url).get("/verify-email?token=" + "x" * 43)
    assert dead.status == 410 and "<strong>" not in dead.text.split("<main", 1)[-1]


def test_racing_presses_of_one_link_sign_in_once(server):
    c = Client(server.url)
    form, _ = sign_up(c)
    token = verify_token_of(server.data_dir, form["email"])
    browsers = [Client(server.url) for _ in range(6)]
    posts = [(b, {"token": token, "_csrf": b.csrf_from("/login")}) for b in browsers]
    with ThreadPoolExecutor(len(posts)) as pool:
        answers = list(pool.map(lambda p: p[0].post("/verify-email", form=p[1]), posts))
    assert sorted(a.status for a in answers) == [303] + [410] * 5, answers
    assert sum(1 for a in answers if a.cookie_header(SESSION_COOKIE)) == 1


def test_confirming_while_signed_in_as_the_same_person_keeps_the_session(server):
    c = Client(server.url)
    form, _ = sign_up(c, return_to="/help")
    token = verify_token_of(server.data_dir, form["email"])
    csrf = c.csrf_from("/login")
    res = c.post("/api/v1/session", json={"email": form["email"], "password": GOOD_PASSWORD})
    assert res.status == 200, res
    session = c.session_token
    page = c.get("/verify-email?token=" + token + "&return_to=/help")
    res = c.post("/verify-email", form=hidden_fields(page.text))
    assert res.status == 303 and res.location == "/help", res
    assert not res.cookie_header(SESSION_COOKIE) and c.session_token == session
    assert csrf


# --- "You are booking ..." --------------------------------------------------

def booking_return(slug: str, start: str, tz: str = "UTC") -> str:
    return f"/specialists/{slug}/book?start={urllib.parse.quote(start)}&tz={urllib.parse.quote(tz)}"


def handoff_on(server, return_to: str) -> list[str | None]:
    """The handoff line on the sign-up page, the log-in page and the log-in
    page shown again after a wrong password."""
    q = "?return_to=" + urllib.parse.quote(return_to, safe="")
    c = Client(server.url)
    lines = [handoff_of(c.get("/signup" + q).text), handoff_of(c.get("/login" + q).text)]
    csrf = c.csrf_from("/login")
    again = c.post("/login", form={"email": unique_email("nobody"), "password": "not the one at all",
                                   "return_to": return_to, "_csrf": csrf})
    assert again.status == 401 or again.status == 422 or again.status == 200, again
    lines.append(handoff_of(again.text))
    return lines


def test_the_handoff_names_an_open_booking_and_stays_after_a_wrong_password(server):
    s = specialist(server)
    start = open_slots(server, s.slug)[0]["start"]
    lines = handoff_on(server, booking_return(s.slug, start))
    assert all(line and ("Free consultation with " + s.name) in line for line in lines), lines


def test_switching_between_log_in_and_sign_up_after_a_refusal_keeps_the_booking(server):
    s = specialist(server)
    return_to = booking_return(s.slug, open_slots(server, s.slug)[0]["start"])
    c = Client(server.url)
    csrf = c.csrf_from("/login")
    refused_login = c.post("/login", form={"email": unique_email("nobody"), "password": "not the one at all",
                                           "return_to": return_to, "_csrf": csrf})
    _, refused_signup = sign_up(c, password="short", return_to=return_to)
    assert refused_signup.status == 422, refused_signup
    for page, other in ((refused_login, "/signup"), (refused_signup, "/login")):
        links = [html.unescape(h) for h in re.findall(r'href="(' + other + r'\?return_to=[^"]*)"', page.text)]
        in_form = [h for h in links if urllib.parse.parse_qs(urllib.parse.urlsplit(h).query).get("return_to")
                   == [return_to]]
        assert in_form, links
        assert "Free consultation with " + s.name in (handoff_of(c.get(in_form[0]).text) or "")


def test_the_handoff_says_nothing_of_a_past_or_malformed_start_or_a_bad_path(server):
    s = specialist(server)
    past = utc(int(time.time()) - 3 * 86400)
    for return_to in (booking_return(s.slug, past), booking_return(s.slug, "tomorrow"),
                      booking_return(s.slug, "2026-02-30T10:00:00Z"), f"/specialists/{s.slug}/book",
                      f"/specialists/{s.slug}/book?start=&tz=UTC", f"/specialists/{s.slug}/x/book?start=" + past,
                      f"/specialists/%2e%2e/book?start={utc(int(time.time()) + 86400)}"):
        assert handoff_on(server, return_to) == [None, None, None], return_to


@pytest.mark.parametrize("start", ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "2030-01-01T10:00:00+14:00",
                                   "2030-01-01T10:00:00.123456789Z", "2030-13-01T10:00:00Z", "%00", "1e309"])
def test_odd_starts_never_break_the_pages(server, start):
    s = specialist(server)
    for path in ("/signup", "/login"):
        res = Client(server.url).get(path + "?return_to=" + urllib.parse.quote(booking_return(s.slug, start), safe=""))
        assert res.status in (200, 400), (start, res)


def test_the_handoff_says_nothing_of_a_specialist_not_open_to_bookings(server):
    future = utc((int(time.time()) // 3600 + 30) * 3600)
    unlisted = specialist(server, listed=False)
    not_offering = specialist(server, offers=False)
    suspended = specialist(server)
    res = Client(server.url).post(f"/api/v1/admin/specialists/{suspended.slug}/suspend",
                                  json={"reason": "Licence under review."}, headers=bearer(admin_token(server)))
    assert res.status == 200, res
    for s in (unlisted, not_offering, suspended):
        assert handoff_on(server, booking_return(s.slug, future)) == [None, None, None], s.slug


def test_the_handoff_escapes_names_and_ignores_a_hostile_zone(server):
    s = specialist(server)
    name = 'Dr Ana "Quote" O\'Neil & <b>Co</b>'
    res = s.put("/api/v1/me/profile", {**profile_body(name), "timezone": "UTC"})
    if res.status >= 400:
        name = 'Dr Ana O\'Neil & "Co"'
        res = s.put("/api/v1/me/profile", {**profile_body(name), "timezone": "UTC"})
    assert res.status in (200, 201), res
    start = open_slots(server, s.slug)[0]["start"]
    page = Client(server.url).get("/signup?return_to=" + urllib.parse.quote(
        booking_return(s.slug, start, '<script>alert(1)</script>'), safe=""))
    line = handoff_of(page.text)
    assert line and html.unescape(line).startswith("Free consultation with " + name), line
    assert "<b>" not in line and "<script>" not in page.text.split("</header>", 1)[-1], line
    assert "(UTC time)" in html.unescape(line) or "UTC" in line


# --- the service worker -----------------------------------------------------

def test_the_worker_script_never_carries_request_text(server):
    plain = Client(server.url).get("/sw.js")
    assert plain.status == 200, plain
    for path in ("/sw.js?x=</script><script>alert(1)//", "/sw.js?HEARTH_PRECACHE=[%22/account%22]"):
        res = Client(server.url).get(path, headers={"If-None-Match": '"*"', "Cookie": "x=alert(2)"})
        assert res.status == 200 and res.text == plain.text, path
    assert "alert" not in plain.text and "/account" not in plain.text.split("\n", 2)[1]
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    # A signed-in person gets the very same script: nothing personal in it.
    member_email, _ = api_sign_up(server.url)
    c = Client(server.url)
    assert c.post("/api/v1/session", json={"email": member_email, "password": GOOD_PASSWORD}).status == 200
    assert c.get("/sw.js").text == plain.text
