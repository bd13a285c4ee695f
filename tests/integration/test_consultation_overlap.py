"""No two booked consultations of one specialist overlap in time, on SQLite
and PostgreSQL. Booking and rescheduling used to refuse only an identical
start: after a specialist moved their hours by a quarter of an hour, a start
inside a booked consultation was accepted. Now any overlap, even of one
minute, is 409 slot_taken with other times to offer, by the rule the slot
list uses; back-to-back slots stay fine; racing overlapping starts give one
booking."""
from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

from consultation_helpers import book, member, open_slots, specialist, utc

LONDON = zoneinfo.ZoneInfo("Europe/London")


def monday_at(hour: int, minute: int = 0, weeks_ahead: int = 1) -> str:
    """A Monday at least two days away, at hour:minute London time, as UTC."""
    today = dt.datetime.now(LONDON).date()
    day = today + dt.timedelta(days=2)
    day += dt.timedelta(days=(7 - day.weekday()) % 7 + 7 * (weeks_ahead - 1))
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
    return utc(int(local.timestamp()))


def monday_hours(start: str, end: str, *more: tuple[str, str]) -> list[dict]:
    return [{"weekday": 1, "start": s, "end": e} for s, e in ((start, end), *more)]


def london_specialist(server, *hours: tuple[str, str]):
    hours = hours or (("09:00", "12:00"),)
    return specialist(server, weekly=monday_hours(*hours[0], *hours[1:]), timezone="Europe/London",
                      min_notice_hours=0, horizon_days=60)


def move_hours(s, *hours: tuple[str, str]) -> None:
    res = s.put("/api/v1/me/availability", {"timezone": "Europe/London", "weekly": monday_hours(*hours[0], *hours[1:]),
                                            "time_off": [], "min_notice_hours": 0, "horizon_days": 60})
    assert res.status == 200, res


def starts(server, slug: str) -> list[str]:
    return [x["start"] for x in open_slots(server, slug, days=30)]


def assert_taken(res, start: str, other_slots: bool = True) -> None:
    """409 slot_taken; a booking is offered other times (a reschedule answers as before, without them)."""
    assert res.status == 409, res
    body = res.json()
    assert body["error"]["code"] == "slot_taken" and body["error"]["field"] == "start", body
    if other_slots:
        assert body["other_slots"] and start not in [o["start"] for o in body["other_slots"]], body
    else:
        assert "other_slots" not in body, body


def test_a_start_inside_a_booking_after_the_hours_moved_is_refused(server):
    s = london_specialist(server)
    nine, quarter_past, quarter_to_ten = monday_at(9), monday_at(9, 15), monday_at(9, 45)
    first = book(member(server), s.slug, nine)
    assert first.status == 201, first
    move_hours(s, ("09:15", "12:15"))
    listed = starts(server, s.slug)
    assert quarter_past not in listed and quarter_to_ten in listed
    assert_taken(book(member(server), s.slug, quarter_past), quarter_past)
    # What was refused was not booked: the specialist still has one booking.
    items = s.get("/api/v1/consultations").json()["items"]
    assert [b["start"] for b in items if b["status"] == "booked"] == [nine]
    assert book(member(server), s.slug, quarter_to_ten).status == 201


def test_a_reschedule_into_an_overlap_is_refused(server):
    s = london_specialist(server)
    nine = monday_at(9)
    assert book(member(server), s.slug, nine).status == 201
    move_hours(s, ("09:15", "12:15"))
    m = member(server)
    res = book(m, s.slug, monday_at(10, 15))
    assert res.status == 201, res
    c = res.json()["consultation"]
    quarter_past = monday_at(9, 15)
    res = m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": quarter_past})
    assert_taken(res, quarter_past, other_slots=False)
    assert m.get(f"/api/v1/consultations/{c['id']}").json()["consultation"]["start"] == monday_at(10, 15)
    # Moving half an hour along its own time is fine: a booking never overlaps itself.
    res = m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": monday_at(10, 45)})
    assert res.status == 200, res
    res = m.post(f"/api/v1/consultations/{c['id']}/reschedule", {"start": monday_at(10, 15)})
    assert res.status == 200, res


def test_one_minute_of_overlap_at_either_end_is_refused(server):
    s = london_specialist(server)
    nine = monday_at(9)
    assert book(member(server), s.slug, nine).status == 201  # 09:00-09:30
    move_hours(s, ("08:31", "12:00"), ("09:29", "12:00"))
    for hour, minute in ((8, 31), (9, 1), (9, 29)):  # 08:31-09:01 touches its first minute, 09:29 its last
        start = monday_at(hour, minute)
        assert start not in starts(server, s.slug), start
        assert_taken(book(member(server), s.slug, start), start)
    res = book(member(server), s.slug, monday_at(9, 31))  # a minute after it ends
    assert res.status == 201, res


def test_back_to_back_slots_are_both_booked(server):
    s = london_specialist(server)
    first, second = book(member(server), s.slug, monday_at(9)), book(member(server), s.slug, monday_at(9, 30))
    assert (first.status, second.status) == (201, 201), (first, second)
    assert monday_at(10) in starts(server, s.slug)


def test_a_cancelled_booking_does_not_block_an_overlapping_start(server):
    s = london_specialist(server)
    m = member(server)
    res = book(m, s.slug, monday_at(9))
    assert res.status == 201, res
    move_hours(s, ("09:15", "12:15"))
    assert m.post(f"/api/v1/consultations/{res.json()['consultation']['id']}/cancel").status == 200
    assert book(member(server), s.slug, monday_at(9, 15)).status == 201


def test_racing_overlapping_starts_give_one_booking(server):
    # Two grids a quarter of an hour apart, so 09:00 and 09:15 are both offered.
    s = london_specialist(server, ("09:00", "12:00"), ("09:15", "12:15"))
    pairs = [(monday_at(h), monday_at(h, 15)) for h in (9, 10, 11)]
    for a, b in pairs:
        assert a in starts(server, s.slug) and b in starts(server, s.slug)
    for a, b in pairs:
        racers = [(member(server), start) for start in (a, b, a, b)]
        barrier = threading.Barrier(len(racers))
        results: list = [None] * len(racers)

        def attempt(i: int) -> None:
            person, start = racers[i]
            barrier.wait()
            results[i] = book(person, s.slug, start)

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(racers))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        statuses = sorted(r.status for r in results)
        assert statuses == [201, 409, 409, 409], results
        assert all(r.json()["error"]["code"] == "slot_taken" for r in results if r.status == 409)
    booked = [b for b in s.get("/api/v1/consultations").json()["items"] if b["status"] == "booked"]
    assert len(booked) == 3
    spans = sorted((b["start"], b["end"]) for b in booked)
    assert all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:])), spans
