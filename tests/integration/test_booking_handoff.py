"""The hand-off from a booking to an account and back: the sign-up and
log-in pages name the booking a visitor is part-way through, and a member
who comes back with an open time chosen meets the confirm step first."""
import html
import urllib.parse

from consultation_helpers import book, member, open_slots, specialist
from hearth_client import Client, bearer

HANDOFF = 'aria-label="What you are doing"'


def book_path(slug, start, tz="Europe/London"):
    return f"/specialists/{slug}/book?tz={urllib.parse.quote(tz, safe='')}&start={urllib.parse.quote(start, safe='')}"


def handoff_page(server, page, return_to, headers=None):
    res = Client(server.url).get(f"{page}?return_to={urllib.parse.quote(return_to, safe='')}", headers=headers)
    assert res.status == 200, res
    return res.text


def test_a_visitor_who_continues_is_sent_to_sign_up_with_the_booking_named(server):
    s = specialist(server)
    start = open_slots(server, s.slug)[3]["start"]
    c = Client(server.url)
    token = c.csrf_from(f"/specialists/{s.slug}/book")
    res = c.post(f"/specialists/{s.slug}/book", form={"start": start, "tz": "Europe/London", "_csrf": token})
    assert res.status == 303, res
    target = urllib.parse.urlsplit(res.location)
    assert target.path == "/signup"
    back = urllib.parse.parse_qs(target.query)["return_to"][0]
    assert back.startswith(f"/specialists/{s.slug}/book?")
    for page in ("/signup", "/login"):
        text = handoff_page(server, page, back)
        assert HANDOFF in text
        assert f"Free consultation with {html.escape(s.name)}" in text
        assert "(Europe/London time)" in text


def test_the_handoff_says_nothing_it_should_not(server):
    hidden = specialist(server, listed=False)
    not_offering = specialist(server, offers=False)
    shown = specialist(server)
    start = open_slots(server, shown.slug)[0]["start"]
    for return_to in (book_path(hidden.slug, start),           # not listed: not even its name
                      book_path(not_offering.slug, start),     # offers no consultation
                      book_path(shown.slug, "not-a-time"),
                      f"/specialists/{shown.slug}/book",       # no time chosen
                      f"/specialists/{shown.slug}?start={start}",
                      "/account", "//evil.example/specialists/x/book?start=" + start):
        for page in ("/signup", "/login"):
            text = handoff_page(server, page, return_to)
            assert HANDOFF not in text, (page, return_to)
            assert hidden.name not in text
    # A zone that does not exist reads as UTC, and says so.
    text = handoff_page(server, "/signup", book_path(shown.slug, start, tz="Mars/Olympus"))
    assert "(UTC time)" in text


def test_a_member_with_an_open_time_chosen_meets_the_confirm_step(server):
    s = specialist(server)
    slots = open_slots(server, s.slug)
    m = member(server)
    page = Client(server.url).get(book_path(s.slug, slots[2]["start"]), headers=bearer(m.token))
    assert page.status == 200, page
    assert "Confirm your free consultation" in page.text
    assert f'name="start" value="{slots[2]["start"]}"' in page.text
    # A time someone else has just taken: the picker, not a confirm step.
    other = member(server, "Other Member")
    assert book(other, s.slug, slots[5]["start"]).status == 201
    taken = Client(server.url).get(book_path(s.slug, slots[5]["start"]), headers=bearer(m.token))
    assert taken.status == 200 and "Confirm your free consultation" not in taken.text
    # Visitors and specialists never see it.
    assert "Confirm your free consultation" not in Client(server.url).get(book_path(s.slug, slots[2]["start"])).text
    own = Client(server.url).get(book_path(s.slug, slots[2]["start"]), headers=bearer(s.token))
    assert "Confirm your free consultation" not in own.text


def test_a_visitor_who_continues_without_a_time_is_asked_for_one_first(server):
    s = specialist(server)
    c = Client(server.url)
    token = c.csrf_from(f"/specialists/{s.slug}/book")
    for start in ("", "not-a-time"):
        res = c.post(f"/specialists/{s.slug}/book", form={"start": start, "tz": "Europe/London", "_csrf": token})
        assert res.status == 422, res
        assert "Please choose a time for your consultation." in res.text
        assert res.location is None
