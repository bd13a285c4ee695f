"""The "you have a new message" e-mail: one per conversation until read,
no content, none when turned off (both engines)."""
from __future__ import annotations

import time

from hearth_client import mail_text, mails_to
from message_helpers import member, read, send, specialist, started

SECRET = "my very private words about the weekend"
SUBJECT = "You have a new message on Hearth"


def notices(server, address: str) -> list:
    """The "new message" e-mails to `address` (sign-up and listing e-mails left out)."""
    return [m for m in mails_to(server.data_dir, address) if m["Subject"] == SUBJECT]


def wait_for_notices(server, address: str, count: int, timeout: float = 15.0) -> list:
    deadline = time.monotonic() + timeout
    while len(found := notices(server, address)) < count:
        assert time.monotonic() < deadline, f"no notice #{count} to {address} (have {len(found)})"
        time.sleep(0.1)
    return found


def test_one_notice_until_read_and_no_content(server):
    m, s = member(server, "Noor Notice"), specialist(server)
    conv = started(m, s.slug, SECRET)
    assert send(m, conv, SECRET + " again").status == 201
    assert send(m, conv, SECRET + " and again").status == 201
    wait_for_notices(server, s.email, 1)
    time.sleep(2.5)  # the outbox sends every 2 seconds
    mails = notices(server, s.email)
    assert len(mails) == 1, [x["Subject"] for x in mails]
    text = mail_text(mails[0])
    # Not who wrote either: someone else may read this inbox.
    assert "Noor Notice" not in text and f"/messages/{conv}" in text
    assert "private words" not in text and "weekend" not in text
    assert "private words" not in mails[0].as_string()

    # Reading re-arms it: the next message sends one more.
    assert read(s, conv).status == 200
    assert send(m, conv, SECRET + " after reading").status == 201
    wait_for_notices(server, s.email, 2)
    # The sender is never told of their own messages.
    assert notices(server, m.email) == []
    # The reply notifies the member, without naming the specialist: an
    # inbox someone else reads must not say whom the member talks to.
    assert send(s, conv, "A reply").status == 201
    member_mail = wait_for_notices(server, m.email, 1)[0]
    assert s.name not in mail_text(member_mail) and s.slug not in mail_text(member_mail)
    assert "A reply" not in mail_text(member_mail)


def test_no_notice_when_turned_off(server):
    m, s = member(server), specialist(server)
    assert s.put("/api/v1/me/message-settings", {"message_emails": False}).status == 200
    conv = started(m, s.slug, "Hello")
    assert send(m, conv, "Hello again").status == 201
    # A notice to the member proves the outbox ran meanwhile.
    assert send(s, conv, "Hi").status == 201
    wait_for_notices(server, m.email, 1)
    time.sleep(1.0)
    assert notices(server, s.email) == []
