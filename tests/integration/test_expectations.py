"""Specialists set expectations (issue 11, item 2): whether they take on new
clients and new messages, set in the wizard's practice step and through
PUT /api/v1/me/profile; what the public profile and its JSON say; and the
measured "usually replies within", which the maintenance step computes from
stored conversations (features/specialists/reply_time.hpp has the rule)."""
from __future__ import annotations

import html as html_lib
import time

import pytest

from hearth_client import Client, api_sign_up, bearer
from message_helpers import db_rows
from specialist_helpers import (admin_client, admin_email, listed_specialist, my_profile, post_step, signed_in,
                                token_of, PRACTICE)

SETTINGS = ("accepting_new_clients", "messages_open")


@pytest.fixture(scope="module")
def admin(server):
    return admin_client(server, admin_email(server))


def put_profile(server, token: str, body: dict):
    return Client(server.url).request("PUT", "/api/v1/me/profile", json=body, headers=bearer(token))


def api_fields(profile: dict) -> dict:
    """The PUT body that keeps a profile as it is (without the two settings)."""
    keys = ("full_name", "credentials", "licence_number", "licence_region", "headline", "bio", "approach", "online",
            "in_person", "city", "country", "timezone", "fee_min", "fee_max", "currency", "sliding_scale",
            "reduced_fees", "offers_free_consultation", "website", "phone", "contact_email")
    body = {k: profile[k] for k in keys}
    for kind in ("specialties", "modalities", "languages"):
        body[kind] = [t["slug"] for t in profile[kind]]
    return body


def public_json(server, slug: str) -> dict:
    res = Client(server.url).get(f"/api/v1/specialists/{slug}")
    assert res.status == 200, res
    return res.json()["profile"]


def public_page(server, slug: str) -> str:
    """The profile page as a visitor sees it, character references resolved."""
    res = Client(server.url).get(f"/specialists/{slug}")
    assert res.status == 200, res
    return html_lib.unescape(res.text)


# --- Settings through the API ---

def test_public_json_has_the_settings_and_no_reply_time_yet(server, admin):
    _, profile = listed_specialist(server, admin)
    p = public_json(server, profile["slug"])
    assert p["accepting_new_clients"] is True
    assert p["messages_open"] is True
    assert p["usual_reply_hours"] is None


def test_api_sets_the_settings_and_absent_keeps_them(server, admin):
    c, profile = listed_specialist(server, admin)
    token = token_of(server, my_email(server, c))
    body = api_fields(profile)
    res = put_profile(server, token, dict(body, accepting_new_clients=False, messages_open=False))
    assert res.status == 200, res
    saved = res.json()["profile"]
    assert saved["accepting_new_clients"] is False and saved["messages_open"] is False
    p = public_json(server, profile["slug"])
    assert p["accepting_new_clients"] is False and p["messages_open"] is False

    # A PUT without them (a client that does not know them) keeps them.
    res = put_profile(server, token, dict(body, headline="A new headline."))
    assert res.status == 200, res
    p = public_json(server, profile["slug"])
    assert p["headline"] == "A new headline."
    assert p["accepting_new_clients"] is False and p["messages_open"] is False

    res = put_profile(server, token, dict(body, messages_open=True))
    assert res.status == 200, res
    p = public_json(server, profile["slug"])
    assert p["messages_open"] is True and p["accepting_new_clients"] is False


@pytest.mark.parametrize("field", SETTINGS)
@pytest.mark.parametrize("value", ["yes", 1, 0, None, "true", [], {}])
def test_api_refuses_anything_but_true_or_false(server, admin, field, value):
    token, profile = listed_specialist_once(server, admin)
    res = put_profile(server, token, dict(api_fields(profile), **{field: value}))
    assert res.status == 422, res
    assert res.error()["field"] == field, res.body
    assert public_json(server, profile["slug"])[field] is True  # nothing saved


_specialists: dict = {}


def listed_specialist_once(server, admin):
    """One listed specialist (its token and profile) per engine, for the many bad values."""
    if server.engine not in _specialists:
        c, profile = listed_specialist(server, admin)
        _specialists[server.engine] = (token_of(server, my_email(server, c)), profile)
    return _specialists[server.engine]


def my_email(server, c: Client) -> str:
    res = c.get("/api/v1/me")
    assert res.status == 200, res
    return res.json()["user"]["email"]


def test_only_the_specialist_changes_their_own_settings(server, admin):
    owner, profile = listed_specialist(server, admin)
    body = dict(api_fields(profile), messages_open=False)

    # Visitors and members are refused; another specialist's PUT changes only their own profile.
    assert Client(server.url).request("PUT", "/api/v1/me/profile", json=body).status == 401
    _, member = api_sign_up(server.url, role="member")
    member_token = token_of(server, member["email"])
    assert put_profile(server, member_token, body).status == 403
    other, other_profile = listed_specialist(server, admin)
    other_token = token_of(server, my_email(server, other))
    res = put_profile(server, other_token, dict(api_fields(other_profile), messages_open=False))
    assert res.status == 200, res
    assert res.json()["profile"]["slug"] == other_profile["slug"]
    assert public_json(server, profile["slug"])["messages_open"] is True
    assert public_json(server, other_profile["slug"])["messages_open"] is False


# --- Settings through the wizard ---

def test_practice_step_saves_the_settings(server, admin):
    c, profile = listed_specialist(server, admin)
    page = c.get("/account/profile/practice").text
    assert 'name="accepting_new_clients" type="radio" value="1" checked' in page
    assert 'name="messages_open" type="radio" value="1" checked' in page

    res = post_step(c, "practice", dict(PRACTICE, accepting_new_clients="0", messages_open="0"))
    assert res.status == 303, res
    saved = my_profile(c)
    assert saved["accepting_new_clients"] is False and saved["messages_open"] is False
    page = c.get("/account/profile/practice").text
    assert 'name="accepting_new_clients" type="radio" value="0" checked' in page
    assert 'name="messages_open" type="radio" value="0" checked' in page
    review = c.get("/account/profile/review").text
    assert "Not taking on new clients at the moment" in review
    assert "Closed to new conversations" in review

    # A step posted without them (an old form) keeps them.
    res = post_step(c, "practice", PRACTICE)
    assert res.status == 303, res
    assert my_profile(c)["messages_open"] is False


@pytest.mark.parametrize("field", SETTINGS)
def test_practice_step_refuses_a_bad_value_naming_the_field(server, admin, field):
    c, _ = listed_specialist(server, admin)
    res = post_step(c, "practice", dict(PRACTICE, **{field: "maybe"}))
    assert res.status == 422, res
    assert f'id="{field}-error"' in res.text
    assert "Choose yes or no." in res.text
    assert my_profile(c)[field] is True


# --- The public profile ---

def test_open_profile_links_to_a_new_message(server, admin):
    _, profile = listed_specialist(server, admin)
    html = public_page(server, profile["slug"])
    assert f'href="/messages/new?to={profile["slug"]}"' in html
    assert "Send a message" in html
    assert "isn't taking" not in html
    # Booking stays the one primary action; the message is the secondary one.
    assert f'<a class="button button--secondary" href="/messages/new?to={profile["slug"]}">' in html


def test_closed_profile_points_to_the_free_consultation(server, admin):
    c, profile = listed_specialist(server, admin)  # bookable
    assert post_step(c, "practice", dict(PRACTICE, messages_open="0")).status == 303
    html = public_page(server, profile["slug"])
    name = profile["full_name"]
    assert f"{name} isn't taking new messages at the moment." in html
    assert "/messages/new" not in html
    assert f'You can still <a href="/specialists/{profile["slug"]}/book">book their free 30-minute consultation</a>' in html


def test_closed_profile_without_a_consultation_points_to_similar_specialists(server, admin):
    c, profile = listed_specialist(server, admin, free=False)
    assert post_step(c, "practice", dict(PRACTICE, offers_free_consultation="0", accepting_new_clients="0",
                                         messages_open="0")).status == 303
    html = public_page(server, profile["slug"])
    assert "taking on new clients or new messages at the moment." in html
    first = profile["specialties"][0]
    assert f'<a href="/specialists?specialty={first["slug"]}">Other specialists in {first["name"]}</a>' in html
    assert "/messages/new" not in html
    assert "book their free" not in html


def test_not_taking_new_clients_still_lets_people_write(server, admin):
    c, profile = listed_specialist(server, admin, free=False)
    assert post_step(c, "practice", dict(PRACTICE, offers_free_consultation="0",
                                         accepting_new_clients="0")).status == 303
    html = public_page(server, profile["slug"])
    assert "taking on new clients at the moment." in html
    # Without a consultation to book, the message is the primary action.
    assert f'<a class="button" href="/messages/new?to={profile["slug"]}">Send a message</a>' in html


# --- The measured reply time (rows written straight into the database, then
# a restart runs the maintenance step at once) ---

HOUR = 3600
DAY = 86400


def add_conversation(server, profile: dict, specialist_id: int, age: int, reply_after: int | None) -> None:
    _, member = api_sign_up(server.url, role="member")
    created = int(time.time()) - age
    first_reply = "NULL" if reply_after is None else int(created + reply_after)
    db_rows(server, "INSERT INTO conversations (member_id, specialist_id, profile_id, created_at, last_message_at, "
                    f"first_reply_at) VALUES ({int(member['id'])}, {int(specialist_id)}, {int(profile['id'])}, "
                    f"{created}, {created}, {first_reply})")


def restart(server) -> None:
    server.stop()
    server.start()


def reply_hours_after_restart(server, slug: str, expected, timeout: float = 15.0):
    """Restarts the server (its first maintenance round measures at once) and
    reads usual_reply_hours until it is `expected` or `timeout` runs out.
    The round runs beside the first requests, so only a change can be waited
    for; an unchanged value needs another profile's change as its witness."""
    restart(server)
    deadline = time.monotonic() + timeout
    while True:
        value = public_json(server, slug)["usual_reply_hours"]
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def listed_with_id(server, admin) -> tuple[dict, int]:
    """A listed specialist's profile (with its id) and their user id."""
    c, profile = listed_specialist(server, admin)
    user_id = c.get("/api/v1/me").json()["user"]["id"]
    return dict(profile, id=profile_id(server, profile["slug"])), user_id


def test_reply_time_appears_after_three_conversations_and_counts_silence(fresh_server):
    server = fresh_server
    admin = admin_client(server, admin_email(server))
    profile, specialist_id = listed_with_id(server, admin)
    slug = profile["slug"]
    # Measured in the same round (one write): once its figure shows, the round is done.
    marker, marker_id = listed_with_id(server, admin)
    for _ in range(3):
        add_conversation(server, marker, marker_id, 2 * DAY, 30 * 60)

    add_conversation(server, profile, specialist_id, 5 * DAY, HOUR)
    add_conversation(server, profile, specialist_id, 4 * DAY, 3 * HOUR)
    add_conversation(server, profile, specialist_id, 600, None)  # ten minutes: not judged yet
    assert reply_hours_after_restart(server, marker["slug"], 1) == 1
    assert public_json(server, slug)["usual_reply_hours"] is None
    assert "Usually replies" not in public_page(server, slug)
    assert "Usually replies within an hour" in public_page(server, marker["slug"])

    add_conversation(server, profile, specialist_id, 3 * DAY, 2 * HOUR)
    assert reply_hours_after_restart(server, slug, 2) == 2
    assert "Usually replies within a few hours" in public_page(server, slug)

    # Two conversations left unanswered for days count as slower than every answer.
    add_conversation(server, profile, specialist_id, 6 * DAY, None)
    add_conversation(server, profile, specialist_id, 7 * DAY, None)
    assert reply_hours_after_restart(server, slug, 3) == 3

    # Mostly unanswered: no figure at all rather than a flattering one.
    add_conversation(server, profile, specialist_id, 8 * DAY, None)
    add_conversation(server, profile, specialist_id, 9 * DAY, None)
    assert reply_hours_after_restart(server, slug, None) is None
    assert "Usually replies" not in public_page(server, slug)


def profile_id(server, slug: str) -> int:
    return int(db_rows(server, f"SELECT id FROM specialist_profiles WHERE slug = '{slug}'")[0][0])


# --- Through the messages API: real conversations and replies ---

def test_closing_messages_through_the_api_refuses_new_conversations(server):
    from message_helpers import member, specialist, start, started

    m, s = member(server), specialist(server)
    earlier = member(server)
    conv = started(earlier, s.slug)
    body = api_fields(s.get("/api/v1/me/profile").json()["profile"])
    res = s.put("/api/v1/me/profile", dict(body, messages_open=False))
    assert res.status == 200, res
    res = start(m, s.slug)
    assert res.status == 409 and res.error()["code"] == "messages_closed", res
    # Someone already in a conversation carries on.
    assert start(earlier, s.slug, "continuing").status == 201
    assert s.put("/api/v1/me/profile", dict(body, messages_open=True)).status == 200
    assert start(m, s.slug).status == 201
    assert conv


def test_replies_through_the_api_are_measured(fresh_server):
    from message_helpers import member, send, specialist, started

    server = fresh_server
    s = specialist(server)
    # Answered at once: two conversations are not enough for a figure.
    for _ in range(2):
        conv = started(member(server), s.slug)
        assert send(s, conv, "Thank you for writing. When suits you?").status == 201
    witness = specialist(server)  # three answered: its figure shows the round has run
    for _ in range(3):
        conv = started(member(server), witness.slug)
        assert send(witness, conv, "Hello, thank you.").status == 201
    assert reply_hours_after_restart(server, witness.slug, 1) == 1
    assert public_json(server, s.slug)["usual_reply_hours"] is None

    conv = started(member(server), s.slug)
    assert send(s, conv, "Hello.").status == 201
    assert reply_hours_after_restart(server, s.slug, 1) == 1
    assert "Usually replies within an hour" in public_page(server, s.slug)
