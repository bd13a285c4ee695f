"""200 members try to book the same slot at the same moment: exactly one
gets it (201), the other 199 are told calmly that it was taken (409
slot_taken), nobody sees a 5xx, and the database holds one active booking
for that slot. On SQLite and on PostgreSQL."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from consultation_helpers import Person, book, open_slots, specialist

MEMBERS = 200


def test_two_hundred_members_race_for_one_slot(server):
    s = specialist(server)
    # Signing up and logging in hash passwords (argon2); the server has
    # four workers, so eight at a time keeps them busy.
    with ThreadPoolExecutor(max_workers=8) as pool:
        members = list(pool.map(lambda i: Person(server, "member", f"Racer {i}"), range(MEMBERS)))
    start = open_slots(server, s.slug)[4]["start"]

    barrier = threading.Barrier(MEMBERS)
    results: list = [None] * MEMBERS

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            results[i] = book(members[i], s.slug, start, idempotency_key=f"race-{i:04d}-key")
        except Exception as e:  # a dropped connection counts as a failure below
            results[i] = e

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(MEMBERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    failures = [r for r in results if isinstance(r, Exception) or r is None]
    assert not failures, failures[:3]
    statuses = [r.status for r in results]
    assert statuses.count(201) == 1, sorted(set(statuses))
    assert statuses.count(409) == MEMBERS - 1, sorted(set(statuses))
    assert all(r.json()["error"]["code"] == "slot_taken" for r in results if r.status == 409)
    assert all(r.json()["other_slots"] for r in results if r.status == 409)
    winner = next(r for r in results if r.status == 201).json()["consultation"]

    # The specialist sees exactly one active booking at that time: the winner's.
    items = s.get("/api/v1/consultations").json()["items"]
    at_start = [b for b in items if b["start"] == start and b["status"] == "booked"]
    assert [b["id"] for b in at_start] == [winner["id"]]
    assert len(items) == 1
    assert start not in [x["start"] for x in open_slots(server, s.slug)]
