"""E-mail through a real SMTP server (aiosmtpd on loopback, STARTTLS and AUTH
required): account mail arrives over TLS with the relay's login; a relay
that refuses for a while, or is down, is retried with backoff and gets
each message exactly once; a permanent refusal ends the retries; two nodes
on one database never send a message twice."""
from __future__ import annotations

import re
import time
from pathlib import Path

from conftest import HearthServer, _launch, _skip_without_postgres
from hearth_client import Client, GOOD_PASSWORD, unique_email
from message_helpers import db_rows
from smtp_server import USER


def sign_up(srv: HearthServer, address: str | None = None) -> str:
    address = address or unique_email("smtp")
    res = Client(srv.url).post("/api/v1/users", json={"email": address, "password": GOOD_PASSWORD,
                                                      "display_name": "Mail Reader", "role": "member"})
    assert res.status == 202, res
    return address


def outbox_rows(srv: HearthServer, recipient: str) -> list[tuple]:
    """(attempts, sent_at, last_error, not_before) of each outbox row to `recipient`."""
    rows = db_rows(srv, "SELECT attempts, sent_at, last_error, not_before FROM outbox "
                        f"WHERE recipient = '{recipient}' ORDER BY id")
    return [(int(a), int(sent) if sent else None, err or None, int(nb)) for a, sent, err, nb in rows]


def wait_until(predicate, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_account_mail_arrives_over_starttls_with_auth(mailing_server, smtp):
    address = sign_up(mailing_server)
    got = smtp.wait_for(address)
    assert len(got) == 1
    msg = got[0]
    assert msg.tls and msg.authenticated_as == USER
    assert msg.rcpt_tos == [address]
    assert "confirm" in str(msg.message()["Subject"]).lower()
    token = re.search(r"/verify-email\?token=([A-Za-z0-9_\-]+)", msg.text()).group(1)
    assert Client(mailing_server.url).post("/api/v1/email/verify", json={"token": token}).status == 200
    # Through SMTP, not the development .eml files.
    assert not list((Path(mailing_server.data_dir) / "outbox").glob("*.eml"))
    assert smtp.auth_failures == 0
    assert outbox_rows(mailing_server, address)[0][1] is not None


def test_a_relay_that_refuses_twice_gets_the_message_once(mailing_server, smtp):
    smtp.refuse_next(2)
    address = sign_up(mailing_server)
    got = smtp.wait_for(address, timeout=30)
    assert len(got) == 1
    assert smtp.refused == 2
    rows = outbox_rows(mailing_server, address)
    assert len(rows) == 1 and rows[0][0] == 3 and rows[0][1] is not None
    time.sleep(4)  # a duplicate would have had time to arrive
    assert len(smtp.messages(address)) == 1


def test_a_relay_that_is_down_then_up_gets_the_message_once(mailing_server, smtp):
    smtp.stop()
    address = sign_up(mailing_server)
    # At least two failed attempts, the second after a backoff.
    wait_until(lambda: outbox_rows(mailing_server, address)[0][0] >= 2, what="two attempts while the relay is down")
    attempts, sent_at, last_error, not_before = outbox_rows(mailing_server, address)[0]
    assert sent_at is None and "SMTP" in last_error
    smtp.start()
    got = smtp.wait_for(address, timeout=30)
    assert len(got) == 1
    time.sleep(4)
    assert len(smtp.messages(address)) == 1
    assert outbox_rows(mailing_server, address)[0][1] is not None


def test_a_permanent_refusal_is_recorded_and_not_retried(mailing_server, smtp):
    smtp.refuse_next(5, permanent=True)
    address = sign_up(mailing_server)
    wait_until(lambda: smtp.refused >= 1, what="the refusal")
    rows = wait_until(lambda: [r for r in outbox_rows(mailing_server, address) if r[2]], what="the recorded refusal")
    assert "refused for good" in rows[0][2] and "550" in rows[0][2]
    assert rows[0][1] is None
    time.sleep(6)  # with a 1 s retry base, a retry would have happened by now
    assert smtp.refused == 1
    assert smtp.messages(address) == []
    # Mail to others still flows.
    smtp.refuse_next(0)
    other = sign_up(mailing_server)
    assert len(smtp.wait_for(other)) == 1


def test_the_wrong_relay_password_is_retried_not_dropped(smtp):
    env = {**smtp.hearth_env(), "HEARTH_SMTP_PASSWORD": "not-the-password"}
    srv = _launch("sqlite", env)
    try:
        address = sign_up(srv)
        wait_until(lambda: smtp.auth_failures >= 2, what="two refused logins")
        assert smtp.messages(address) == []
        row = outbox_rows(srv, address)[0]
        assert row[1] is None and "refused for good" not in (row[2] or "")
    finally:
        srv.cleanup()


def test_a_relay_certificate_not_trusted_is_never_used(smtp):
    # Without the CA file, the self-signed certificate does not verify: the
    # password is not sent and the message waits.
    env = {k: v for k, v in smtp.hearth_env().items() if k != "HEARTH_SMTP_CA_FILE"}
    srv = _launch("sqlite", env)
    try:
        address = sign_up(srv)
        wait_until(lambda: outbox_rows(srv, address)[0][0] >= 1 and outbox_rows(srv, address)[0][2],
                   what="a failed attempt")
        assert smtp.messages(address) == [] and smtp.auth_failures == 0
        assert outbox_rows(srv, address)[0][1] is None
    finally:
        srv.cleanup()


def test_two_nodes_on_one_database_send_each_message_once(smtp):
    _skip_without_postgres("postgresql")
    first = _launch("postgresql", smtp.hearth_env())
    second = None
    try:
        second = _launch("postgresql", {**smtp.hearth_env(), "HEARTH_DATABASE_URL": first.env["HEARTH_DATABASE_URL"]})
        smtp.refuse_next(3)
        addresses = [sign_up(first if i % 2 else second) for i in range(12)]
        for address in addresses:
            assert len(smtp.wait_for(address, timeout=40)) == 1, address
        time.sleep(5)
        for address in addresses:
            assert len(smtp.messages(address)) == 1, address
    finally:
        if second:
            second.cleanup()
        first.cleanup()
