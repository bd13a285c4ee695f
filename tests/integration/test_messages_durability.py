"""Never lost, never duplicated, on both engines: many messages sent at once
from several threads, each with its own idempotency key; the server is
SIGKILLed at a random moment and started again on the same database. Every
message that got a 2xx reads back exactly once; resending every key, whether
it was acknowledged or not, leaves exactly one copy of each. The "new
message" e-mails that went out meanwhile went through a real SMTP server
and carry no message text."""
from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter

from message_helpers import all_messages, db_rows, member, send, start
from message_helpers import key as new_key
from message_helpers import specialist as listed_specialist

THREADS = 6
MAX_PER_THREAD = 2000  # each sender keeps going until the server dies


def test_sigkill_mid_stream_loses_and_duplicates_nothing(mailing_server, smtp):
    srv = mailing_server
    specialist = listed_specialist(srv)
    slug = specialist.slug
    senders = []
    for _ in range(THREADS):
        person = member(srv)
        res = start(person, slug, "Hello, a first message before the storm.")
        assert res.status == 201, res
        senders.append((person, res.json()["conversation"]["id"]))

    run = "durable-" + random.randbytes(4).hex()
    planned: dict[str, tuple] = {}      # key -> (person, conversation, body)
    acknowledged: dict[str, int] = {}   # key -> message id answered with 2xx
    failed: list[str] = []              # keys whose send got no answer (the server died)
    lock = threading.Lock()
    go = threading.Event()

    def sender(index: int, person, cid: int):
        go.wait()
        for n in range(MAX_PER_THREAD):
            key = f"{run}-{index}-{n}-{new_key()}"
            body = f"{run} message {index}/{n}"
            with lock:
                planned[key] = (person, cid, body)
            try:
                res = send(person, cid, body, idem=key, timeout=10)
            except Exception:  # connection refused or reset: the server is gone
                with lock:
                    failed.append(key)
                return
            if 200 <= res.status < 300:
                assert res.json()["message"]["body"] == body
                with lock:
                    acknowledged[key] = res.json()["message"]["id"]
            else:
                with lock:
                    failed.append(key)

    threads = [threading.Thread(target=sender, args=(i, p, c)) for i, (p, c) in enumerate(senders)]
    for t in threads:
        t.start()
    go.set()
    # Kill once some sends were acknowledged, at a random moment after that.
    deadline = time.monotonic() + 30
    while len(acknowledged) < THREADS * 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(random.uniform(0.0, 1.0))
    srv.proc.kill()
    srv.proc.wait()
    for t in threads:
        t.join(60)
    assert acknowledged, "nothing was acknowledged before the kill"
    assert failed, "the kill came after every send had finished"
    print(f"{srv.engine}: {len(acknowledged)} acknowledged, {len(planned) - len(acknowledged)} not, at the kill")

    srv.start()

    def bodies_by_conversation():
        out = {}
        for person, cid in senders:
            out[cid] = Counter(m["body"] for m in all_messages(person, cid))
        return out

    # Every acknowledged message reads back exactly once, with its own id.
    stored = bodies_by_conversation()
    for key, message_id in acknowledged.items():
        person, cid, body = planned[key]
        assert stored[cid][body] == 1, (key, stored[cid][body])
    for cid, counts in stored.items():
        assert all(n == 1 for n in counts.values()), counts.most_common(3)

    # Resending every key (acknowledged or not) leaves one copy of each; an
    # acknowledged one answers with the message it already made.
    for key, (person, cid, body) in planned.items():
        res = send(person, cid, body, idem=key)
        assert res.status in (200, 201), res
        if key in acknowledged:
            assert res.status == 200 and res.json()["message"]["id"] == acknowledged[key], res
    stored = bodies_by_conversation()
    for key, (person, cid, body) in planned.items():
        assert stored[cid][body] == 1, key
    total = sum(sum(c.values()) for c in stored.values())
    assert total == len(planned) + len(senders)  # plus each conversation's first message

    # The "new message" e-mails go through SMTP to the specialist. One for
    # a conversation read after the restart and written to again arrives
    # now (notices claimed by the killed node wait for its claim to lapse).
    notice = "new message"

    def notices_for(cid: int) -> list:
        return [m for m in smtp.messages(specialist.email)
                if notice in str(m.message()["Subject"]) and f"/messages/{cid}" in m.text()]

    person, cid = senders[0]
    all_messages(specialist, cid)  # reading clears the pending notice
    assert send(person, cid, f"{run} after the restart").status == 201
    # The newest notice to the specialist is this one (its text is cleared
    # once delivered; notices_for below checks it names this conversation).
    queued = db_rows(srv, f"SELECT id FROM outbox WHERE recipient = '{specialist.email}' "
                          f"AND subject LIKE '%{notice}%' ORDER BY id")
    newest = int(queued[-1][0])

    def outbox_id(received) -> int:
        return int(re.match(r"<outbox-(\d+)\.", received.message()["Message-ID"]).group(1))

    deadline = time.monotonic() + 30
    while newest not in [outbox_id(m) for m in smtp.messages()] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert newest in [outbox_id(m) for m in notices_for(cid)], "no new-message e-mail reached the SMTP server"
    # No e-mail arrived twice.
    ids = [outbox_id(m) for m in smtp.messages()]
    assert len(ids) == len(set(ids)), ids
    for received in smtp.messages():
        raw = received.data.decode("utf-8", "replace")
        text = received.text()
        assert received.tls and received.authenticated_as
        assert run not in raw and run not in text
        assert "before the storm" not in raw and "before the storm" not in text
    # At most one notice per conversation until it is read.
    for other_person, other_cid in senders[1:]:
        assert len(notices_for(other_cid)) <= 1
