"""Sends that race each other (both engines): one idempotency key sent many
times at once stores one message, and both participants writing at once
lose nothing and keep their unread counts right."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from message_helpers import conversations, key, member, message_count, read, send, specialist, started

SECRET = "a phrase that must never reach the log"


def test_one_key_sent_at_once_stores_one_message(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    k = key()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: send(m, conv, SECRET, idem=k), range(8)))
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] * 7 + [201], answers
    assert len({a.json()["message"]["id"] for a in answers}) == 1
    assert message_count(server, conv) == 2
    assert conversations(s)["items"][0]["unread_count"] == 2
    assert SECRET not in server.log()


def test_both_sides_writing_at_once(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    assert read(s, conv).status == 200

    def burst(args):
        person, label = args
        return [send(person, conv, f"{label} {i}").status for i in range(10)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(burst, [(m, "member a"), (s, "specialist a"), (m, "member b"), (s, "specialist b")]))
    assert all(status == 201 for r in results for status in r), results
    assert message_count(server, conv) == 41
    assert conversations(m)["items"][0]["unread_count"] == 20
    assert conversations(s)["items"][0]["unread_count"] == 20
    bodies = [i["body"] for i in read(m, conv, "?limit=100").json()["items"]]
    assert len(bodies) == 41 and len(set(bodies)) == 41
    assert conversations(m)["unread_total"] == 0
