"""Issue 10, journey 3: a specialist is never listed as offering what cannot
be booked. On both engines: the free-consultation mark, the directory's
free filter, the featured strips and the campaign page show only bookable
specialists (an open slot in the coming 14 days); the wizard's hours step
(the availability form) makes a specialist bookable; a specialist whose
only slot is booked loses the mark; cards show the next free time in the
viewer's zone; the "you're listed" and "your hours have run out" e-mails
are sent once each; nobody sets another's hours; specialists land on the
page that names their next step.

Each engine gets a server of its own (module scope), so the featured strips
hold exactly the specialists made here."""
from __future__ import annotations

import datetime as dt
import html
import re
import time
import urllib.parse
from zoneinfo import ZoneInfo

import pytest

from conftest import ENGINES, _launch
from consultation_helpers import book, member, parse_utc, utc
from hearth_client import GOOD_PASSWORD, Client, api_sign_up, confirm_by_link, mail_text, mails_to, unique_email
from specialist_helpers import (admin_action, admin_client, admin_email, ask_to_be_listed, fill_wizard, my_profile,
                                set_hours, signed_in, unique_name)

MARK = "Offers a free consultation"


@pytest.fixture(scope="module", params=ENGINES)
def own_server(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def admin(own_server):
    return admin_client(own_server, admin_email(own_server))


def verified_without_hours(server, admin, name: str | None = None):
    """A specialist who offers free consultations, listed, with no hours."""
    c, email = signed_in(server)
    fill_wizard(c, name=name or unique_name("Hoursless"))
    assert ask_to_be_listed(c).status == 303
    slug = my_profile(c)["slug"]
    assert admin_action(admin, slug, "verify").status == 303
    return c, email, slug


def api_profile(server, slug: str) -> dict:
    res = Client(server.url).get(f"/api/v1/specialists/{slug}")
    assert res.status == 200, res
    return res.json()["profile"]


def free_filter_slugs(server) -> set[str]:
    res = Client(server.url).get("/api/v1/specialists?free_consultation=1&per_page=100")
    assert res.status == 200, res
    return {p["slug"] for p in res.json()["items"]}


def card_of(page: str, slug: str) -> str:
    """The card (<li class="card specialist-card"> to its </dl>) that links
    to the profile, from the results (the first card linking there)."""
    for part in page.split('<li class="card specialist-card">')[1:]:
        card = part.split("</dl>")[0]
        if f'href="/specialists/{slug}"' in card:
            return card
    return ""


def mails(server, address: str, subject: str, count: int, timeout: float = 10) -> list:
    """The e-mails to `address` whose subject contains `subject`, once
    `count` of them are in the outbox (the mailer writes every 2 s), or
    after a while, whatever there is, so a test also sees one too many."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mails_to(server.data_dir, address) if subject in m["Subject"]]
        if len(found) >= count or time.monotonic() > deadline:
            time.sleep(0.5 if len(found) >= count else 0)
            return [m for m in mails_to(server.data_dir, address) if subject in m["Subject"]]
        time.sleep(0.2)


def featured_part(page: str) -> str:
    m = re.search(r'aria-labelledby="featured-title">(.*?)</section>', page, re.S)
    return m.group(1) if m else ""


def shown_everywhere(server, slug: str) -> dict[str, bool]:
    """Where the specialist shows as offering a free consultation."""
    visitor = Client(server.url)
    directory = visitor.get("/specialists").text
    profile = visitor.get(f"/specialists/{slug}").text
    return {
        "card_mark": MARK in card_of(directory, slug),
        "free_filter": slug in free_filter_slugs(server),
        "home_strip": f"/specialists/{slug}" in featured_part(visitor.get("/").text),
        "directory_strip": f"/specialists/{slug}" in featured_part(directory),
        "campaign": f"/specialists/{slug}" in visitor.get("/free-consultation").text,
        "profile_mark": "Offers a free 30-minute consultation" in profile,
        "profile_button": f"/specialists/{slug}/book" in profile,
        "api_bookable": api_profile(server, slug)["bookable"],
    }


def strips_hold_only_bookable(server) -> None:
    """Everyone in the home page's and the directory's featured strips (page
    2 of a one-per-page directory, so the strip draws from the others) is bookable."""
    visitor = Client(server.url)
    for path in ("/", "/specialists?per_page=1&page=1", "/specialists?per_page=1&page=2"):
        for slug in set(re.findall(r'href="/specialists/([a-z0-9-]+)"', featured_part(visitor.get(path).text))):
            assert api_profile(server, slug)["bookable"], (path, slug)


def test_a_verified_specialist_without_hours_is_not_offered_until_hours_are_set(own_server, admin):
    c, _, slug = verified_without_hours(own_server, admin)
    assert api_profile(own_server, slug)["offers_free_consultation"] is True
    shown = shown_everywhere(own_server, slug)
    assert not any(shown.values()), shown
    strips_hold_only_bookable(own_server)
    profile = Client(own_server.url).get(f"/specialists/{slug}").text
    assert "No free consultation times at the moment" in profile
    # Listed all the same: the card is in the directory, without the mark.
    assert card_of(Client(own_server.url).get("/specialists").text, slug)

    # The wizard's hours step (the availability form) makes them bookable.
    res = set_hours(c)
    assert res.status == 303 and res.location == "/account/profile/photo?saved=1", res
    shown = shown_everywhere(own_server, slug)
    # The directory's strip never repeats a card of its page (journey 4), and
    # with this few specialists everyone bookable is on the first page.
    assert not shown.pop("directory_strip"), shown
    assert all(shown.values()), shown
    strips_hold_only_bookable(own_server)
    assert api_profile(own_server, slug)["next_open_slot"]


def one_slot_hours() -> tuple[list[tuple[str, str]], int]:
    """Form fields for exactly one open slot (every day, one 30-minute window
    in UTC, bookable one day ahead, no notice) and that slot's start."""
    now = int(time.time())
    start = (now // 1800 + 3) * 1800  # 60 to 90 minutes from now, on the half hour
    minute = (start % 86400) // 60       # at most 23:30, so the window ends by 24:00
    clock = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    fields = []
    for day in range(1, 8):
        fields += [(f"d{day}_0_start", clock(minute)), (f"d{day}_0_end", clock(minute + 30))]
    return fields, start


def test_a_specialist_whose_only_slot_is_booked_loses_the_mark_and_is_told_once(own_server, admin):
    c, email, slug = verified_without_hours(own_server, admin)
    fields, start = one_slot_hours()
    assert set_hours(c, weekly=fields, timezone="UTC", horizon_days="1").status == 303
    profile = api_profile(own_server, slug)
    assert profile["bookable"] and profile["next_open_slot"] == utc(start)
    ran_out = lambda count, wait=10: mails(own_server, email, "hours have run out", count, wait)  # noqa: E731
    assert ran_out(1, 3) == []  # an open slot within 7 days: nothing to say

    someone = member(own_server)
    assert book(someone, slug, utc(start)).status == 201
    shown = shown_everywhere(own_server, slug)
    assert not any(shown.values()), shown
    assert api_profile(own_server, slug)["next_open_slot"] is None
    # The specialist is told once that their hours have run out ...
    assert len(ran_out(1)) == 1
    # ... and not again while they stay run out (the same hours saved again).
    assert set_hours(c, weekly=fields, timezone="UTC", horizon_days="1").status == 303
    assert len(ran_out(2, 3)) == 1

    # Hours that open again reset the notice; the next run-out is told again.
    assert set_hours(c, timezone="UTC").status == 303
    assert api_profile(own_server, slug)["bookable"]
    assert set_hours(c, weekly=fields, timezone="UTC", horizon_days="1").status == 303
    assert not api_profile(own_server, slug)["bookable"]  # the one slot is booked
    assert len(ran_out(2)) == 2
    body = mail_text(ran_out(2)[-1])
    assert "/account/profile/hours" in body


def test_cards_show_the_next_free_time_in_the_viewers_zone(own_server, admin):
    c, _, slug = verified_without_hours(own_server, admin)
    assert set_hours(c).status == 303
    start = parse_utc(api_profile(own_server, slug)["next_open_slot"])

    def expected(zone: str) -> str:
        t = dt.datetime.fromtimestamp(start, ZoneInfo(zone))
        return f"{t:%a} {t.day} {t:%b}, {t:%H:%M}"

    visitor = Client(own_server.url)
    card = card_of(visitor.get("/specialists").text, slug)
    assert f"Next free time: <time datetime=\"{utc(start)}\">{expected('UTC')}</time>" in card
    assert "(UTC)" in card
    card = card_of(visitor.get("/specialists?tz=Asia/Tokyo").text, slug)
    assert f">{expected('Asia/Tokyo')}</time>" in card and "(Asia/Tokyo)" in card
    # The zone the booking pages remember is used as well.
    visitor.get(f"/specialists/{slug}/book?tz=America/New_York")
    card = card_of(visitor.get("/specialists").text, slug)
    assert f">{expected('America/New_York')}</time>" in card and "(America/New York)" in card
    # An unknown zone falls back to UTC, saying so.
    card = card_of(Client(own_server.url).get("/specialists?tz=Mars/Olympus").text, slug)
    assert f">{expected('UTC')}</time>" in card and "(UTC)" in card


def test_the_listed_email_is_sent_once_and_says_what_to_do_next(own_server, admin):
    c, email, slug = verified_without_hours(own_server, admin)
    listed = mails(own_server, email, "You're listed on Hearth", 1)
    assert len(listed) == 1
    body = mail_text(listed[0])
    assert f"/specialists/{slug}" in body and "set your hours" in body and "/account/profile/hours" in body
    # Verifying again changes nothing and sends nothing.
    admin_action(admin, slug, "verify")
    assert len(mails(own_server, email, "You're listed on Hearth", 2, 3)) == 1


def test_the_listed_email_of_a_bookable_specialist_does_not_ask_for_hours(own_server, admin):
    c, email = signed_in(own_server)
    fill_wizard(c, name=unique_name("Ready"))
    assert set_hours(c).status == 303
    assert ask_to_be_listed(c).status == 303
    assert admin_action(admin, my_profile(c)["slug"], "verify").status == 303
    listed = mails(own_server, email, "You're listed on Hearth", 1)
    assert len(listed) == 1 and "set your hours" not in mail_text(listed[0])
    assert "book a free 30-minute consultation" in mail_text(listed[0])


def test_the_wizard_has_an_hours_step_only_for_free_consultations(own_server):
    c, _ = signed_in(own_server)
    fill_wizard(c, name=unique_name("Stepper"))
    page = c.get("/account/profile/hours")
    assert page.status == 200 and "Step 4 of 6: Hours for free consultations" in page.text
    assert 'name="wizard" value="1"' in page.text and 'action="/account/availability"' in page.text
    # A refusal is shown in the wizard, with what was typed.
    token = c.csrf_from("/account/profile/hours")
    res = c.post("/account/availability", form=[("_csrf", token), ("wizard", "1"), ("timezone", "Europe/Berlin"),
                                                ("mode", "video"),
                                                ("min_notice_hours", "12"), ("horizon_days", "30"),
                                                ("d1_0_start", "10:00"), ("d1_0_end", "10:10")])
    assert res.status == 422 and "Error: Step 4 of 6" in res.text and 'value="10:10"' in res.text
    assert 'role="alert"' in res.text
    # Without free consultations the step is left out and skipped.
    other, _ = signed_in(own_server)
    fill_wizard(other, name=unique_name("Nofree"), free=False)
    assert other.get("/account/profile/hours").location == "/account/profile/photo"
    assert "Step 4 of 5: Photo" in other.get("/account/profile/photo").text


def test_nobody_sets_another_specialists_hours_through_the_wizard(own_server, admin):
    owner, _, slug = verified_without_hours(own_server, admin)
    intruder, _ = signed_in(own_server)
    fill_wizard(intruder, name=unique_name("Intruder"))
    # The form has no profile field: a post always saves the poster's own hours.
    token = intruder.csrf_from("/account/profile/hours")
    res = intruder.post("/account/availability",
                        form=[("_csrf", token), ("wizard", "1"), ("profile", slug), ("slug", slug),
                              ("timezone", "UTC"), ("mode", "video"), ("min_notice_hours", "0"), ("horizon_days", "30"),
                              ("d1_0_start", "08:00"), ("d1_0_end", "20:00")])
    assert res.status == 303, res
    assert not api_profile(own_server, slug)["bookable"]
    # Members and visitors cannot reach the step or the form.
    someone, _ = signed_in(own_server, role="member")
    assert someone.get("/account/profile/hours").status == 403
    token = someone.csrf_from("/account")
    assert someone.post("/account/availability", form={"_csrf": token, "wizard": "1", "timezone": "UTC", "mode": "video",
                                                        "min_notice_hours": "0", "horizon_days": "30",
                                                        "d1_0_start": "08:00", "d1_0_end": "20:00"}).status == 403
    res = Client(own_server.url).get("/account/profile/hours")
    assert res.status == 302 and res.location.startswith("/login?")
    assert not api_profile(own_server, slug)["bookable"]


def test_specialists_land_on_their_next_step(own_server, admin):
    c = Client(own_server.url)
    token = c.csrf_from("/signup")
    email = unique_email("lander")
    res = c.post("/signup", form={"display_name": "Dr Lana Lander", "email": email, "password": GOOD_PASSWORD,
                                  "role": "specialist", "_csrf": token})
    assert res.status == 200, res  # "please check your e-mail"
    # The e-mailed link, once confirmed, continues to where a new specialist starts.
    res = confirm_by_link(c, own_server.data_dir, email)
    assert res.status == 303 and res.location == "/account/profile?landing=1", res
    start = c.get(res.location)
    assert "Next step: Tell people about yourself" in start.text

    # Logging in with an unfinished profile: the next step is the hours.
    fill_wizard(c, name=unique_name("Lander"))
    again = Client(own_server.url)
    token = again.csrf_from("/login")
    res = again.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": token})
    assert res.status == 303 and res.location == "/account/profile?landing=1", res
    page = again.get(res.location).text
    assert "Next step: Set your hours for free consultations" in page
    assert 'href="/account/profile/hours"' in page
    assert set_hours(again).status == 303
    assert "Next step: Ask to be listed" in again.get("/account/profile").text
    assert ask_to_be_listed(again).status == 303
    assert "Next step: Wait for us to verify your licence" in again.get("/account/profile").text
    assert admin_action(admin, my_profile(again)["slug"], "verify").status == 303
    page = again.get("/account/profile").text
    assert "Next step: Nothing to do: you are listed" in page and "Next open time:" in page
    # With nothing left to do, signing in lands on the account page as before.
    assert again.get("/account/profile?landing=1").location == "/account"

    # A page asked for still wins; members land on their account.
    other = Client(own_server.url)
    token = other.csrf_from("/login")
    res = other.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": token,
                                     "return_to": "/specialists"})
    assert res.location == "/specialists"
    member_email, _ = api_sign_up(own_server.url, role="member")
    m = Client(own_server.url)
    token = m.csrf_from("/login")
    assert m.post("/login", form={"email": member_email, "password": GOOD_PASSWORD,
                                  "_csrf": token}).location == "/account"
