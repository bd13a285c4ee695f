"""Retention, on both engines: a delivered e-mail keeps only its delivery
record (its text and attachment are cleared at once) and the record goes
after HEARTH_OUTBOX_RETENTION, with the development .eml files; mail still
waiting to be sent is never touched; mail given up is cleared and goes after
the same period. The access log has its own daily files, with tokens in
query strings redacted, and files older than HEARTH_ACCESS_LOG_DAYS are
deleted. The privacy page states the periods this server is configured
with.

Rounds are run with `hearth outbox prune --now T` (what the server's
maintenance runs every 10 minutes), so a test moves the clock instead of
waiting days."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from conftest import ENGINES, HearthServer, _launch, _skip_without_postgres
from hearth_client import Client, api_sign_up, mails_to, wait_for_mails
from message_helpers import db_rows

DAY = 86400


@pytest.fixture(params=ENGINES)
def three_day_server(request):
    """A server of its own keeping sent e-mail 3 days, with its access log
    in its own files (the default place, <data_dir>/logs) kept 5 days."""
    srv = _launch(request.param, {"HEARTH_OUTBOX_RETENTION": "3d", "HEARTH_ACCESS_LOG": "on",
                                  "HEARTH_ACCESS_LOG_DAYS": "5", "HEARTH_SESSION_IDLE_TIMEOUT": "45m"})
    yield srv
    srv.cleanup()


def prune(server, at: int) -> str:
    r = server.cli("outbox", "prune", "--now", str(at))
    assert r.returncode == 0, (r.stdout, r.stderr)
    return r.stdout


def count(server, where: str) -> int:
    return int(db_rows(server, f"SELECT COUNT(*) FROM outbox WHERE {where}")[0][0])


def wait_until(predicate, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def queue(server, to: str, body: str, *, not_before: int | None = None, attempts: int = 0,
          created_at: int | None = None, attachment: str | None = None) -> None:
    """Puts one e-mail straight into the outbox (as a feature's enqueue would)."""
    now = int(time.time())
    att = ("'invite.ics', 'text/calendar', '%s'" % attachment) if attachment else "NULL, NULL, NULL"
    db_rows(server, "INSERT INTO outbox (recipient, subject, body_text, attachment_name, attachment_type, "
                    "attachment_body, created_at, not_before, attempts) VALUES "
                    f"('{to}', 'Retention check', '{body}', {att}, {created_at or now}, "
                    f"{not_before or now}, {attempts})")


def address() -> str:
    return f"retention-{uuid.uuid4().hex[:12]}@example.org"


def test_a_delivered_mail_keeps_only_its_record(server):
    email, _ = api_sign_up(server.url)
    wait_for_mails(server.data_dir, email)  # delivered to its .eml file
    mine = f"recipient = '{email}'"
    wait_until(lambda: count(server, f"{mine} AND sent_at IS NOT NULL AND body_text = ''") == 1,
               "the delivered e-mail's text to be cleared")
    # The record: who, what subject, when; nothing of the text (which held the link's token).
    assert count(server, f"{mine} AND subject LIKE '%onfirm%' AND created_at > 0") == 1
    assert count(server, f"{mine} AND body_text LIKE '%token%'") == 0

    # An attachment's content goes too; its name and type stay in the record.
    to = address()
    queue(server, to, "Your consultation ATTACHED-TEXT", attachment="BEGIN:VCALENDAR SECRET-EVENT")
    msgs = wait_for_mails(server.data_dir, to)
    assert "ATTACHED-TEXT" in msgs[0].get_body(preferencelist=("plain",)).get_content()
    wait_until(lambda: count(server, f"recipient = '{to}' AND sent_at IS NOT NULL AND body_text = '' "
                                     "AND attachment_body IS NULL AND attachment_name = 'invite.ics'") == 1,
               "the attachment's content to be cleared")


def test_mail_not_yet_sent_keeps_its_text_and_given_up_mail_loses_it(three_day_server):
    srv = three_day_server
    waiting, retrying, given_up = address(), address(), address()
    now = int(time.time())
    # Waiting for a time far ahead, and half-way through its retries: untouched by any round.
    queue(srv, waiting, "WAITING-TEXT", not_before=now + 400 * DAY)
    queue(srv, retrying, "RETRYING-TEXT", not_before=now + 400 * DAY, attempts=29, created_at=now - 50 * DAY)
    # Tried 30 times (the limit) and never delivered: cleared, and deleted after the period.
    queue(srv, given_up, "GIVEN-UP-TEXT", not_before=now - 60, attempts=30, created_at=now - DAY)

    prune(srv, now + 60)
    assert count(srv, f"recipient = '{waiting}' AND body_text = 'WAITING-TEXT'") == 1
    assert count(srv, f"recipient = '{retrying}' AND body_text = 'RETRYING-TEXT'") == 1
    assert count(srv, f"recipient = '{given_up}' AND body_text = '' AND sent_at IS NULL") == 1

    # The record goes once 3 days have passed since it was queued.
    prune(srv, now + DAY)
    assert count(srv, f"recipient = '{given_up}'") == 1
    prune(srv, now + 2 * DAY + 60)
    assert count(srv, f"recipient = '{given_up}'") == 0
    prune(srv, now + 100 * DAY)
    assert count(srv, f"recipient = '{waiting}' AND body_text = 'WAITING-TEXT'") == 1
    assert count(srv, f"recipient = '{retrying}' AND body_text = 'RETRYING-TEXT'") == 1
    assert not mails_to(srv.data_dir, waiting) and not mails_to(srv.data_dir, given_up)


def test_old_records_and_files_are_deleted_after_the_configured_period(three_day_server):
    srv = three_day_server
    email, _ = api_sign_up(srv.url)
    wait_for_mails(srv.data_dir, email)
    wait_until(lambda: count(srv, f"recipient = '{email}' AND sent_at IS NOT NULL") == 1, "delivery")
    now = int(time.time())

    out = prune(srv, now + 3 * DAY - 120)  # not yet 3 days
    assert count(srv, f"recipient = '{email}'") == 1, out
    assert len(mails_to(srv.data_dir, email)) == 1

    out = prune(srv, now + 3 * DAY + 60)
    assert count(srv, f"recipient = '{email}'") == 0, out
    assert mails_to(srv.data_dir, email) == []  # the development copy goes with it
    assert "record(s)" in out


def test_the_privacy_page_states_the_configured_periods(three_day_server, server):
    page = Client(three_day_server.url).get("/privacy")
    assert page.status == 200
    text = page.text
    assert "for 3 days, then delete that too" in text
    assert "after 45 minutes without using Hearth" in text
    assert "12 hours after you log in" in text
    assert "Each day&#39;s log is kept for 5 days" in text or "Each day's log is kept for 5 days" in text
    assert "works for 2 days" in text and "new password for 1 hour" in text
    assert "we wait 7 days first" in text
    assert 'href="/account/export"' in text and 'href="/account/delete"' in text

    # The defaults (the shared server has its access log off).
    text = Client(server.url).get("/privacy").text
    assert "for 30 days, then delete that too" in text and "3 days" not in text
    assert "after 30 minutes without using Hearth" in text
    assert "keeps no log of the pages you open" in text and "log is kept for" not in text


def test_tokens_in_query_strings_do_not_reach_the_access_log(three_day_server):
    srv = three_day_server
    secrets = ["verify-" + uuid.uuid4().hex, "reset-" + uuid.uuid4().hex, "sig-" + uuid.uuid4().hex]
    c = Client(srv.url)
    c.get(f"/verify-email?token={secrets[0]}")
    c.get(f"/password/reset?token={secrets[1]}")
    c.get(f"/consultations/1/cancel?party=member&sig={secrets[2]}")
    assert c.get("/api/v1/specialists?page=2&per_page=5").status == 200
    srv.stop()
    files = sorted((Path(srv.data_dir) / "logs").glob("access_*.log"))
    assert len(files) == 1, files
    log = files[0].read_text()
    assert "/verify-email?token=[redacted]" in log, log
    assert "/password/reset?token=[redacted]" in log, log
    assert "page=2&per_page=5" in log, log
    for secret in secrets:
        assert secret not in log
        assert secret not in srv.log()
    # The lines are in the file, not on the server's output.
    assert "/verify-email" not in srv.log()


@pytest.mark.parametrize("engine", ENGINES)
def test_access_log_files_older_than_the_period_are_deleted(engine):
    _skip_without_postgres(engine)
    srv = HearthServer(engine, {"HEARTH_ACCESS_LOG": "on", "HEARTH_ACCESS_LOG_DAYS": "5"})
    try:
        logs = Path(srv.data_dir) / "logs"
        logs.mkdir()
        old, recent, other = logs / "access_2020-01-01.log", logs / "access_2020-01-07.log", logs / "notes_2020-01-01.log"
        for path, age_days in [(old, 6), (recent, 4), (other, 60)]:
            path.write_text("127.0.0.1 \"GET /\" 200\n")
            stamp = time.time() - age_days * DAY
            os.utime(path, (stamp, stamp))
        srv.start()  # the first maintenance round runs at start
        wait_until(lambda: not old.exists(), "the old access log to be deleted")
        assert recent.exists() and other.exists()
    finally:
        srv.cleanup()


@pytest.mark.parametrize("setting, value", [
    ("HEARTH_OUTBOX_RETENTION", "banana"),
    ("HEARTH_OUTBOX_RETENTION", "0s"),
    ("HEARTH_OUTBOX_RETENTION", "3w"),
    ("HEARTH_ACCESS_LOG_DAYS", "0"),
    ("HEARTH_ACCESS_LOG_DAYS", "3651"),
])
def test_bad_settings_stop_the_server_with_the_key_named(setting, value):
    srv = HearthServer("sqlite", {setting: value})
    try:
        with pytest.raises(RuntimeError) as failed:
            srv.start(timeout=15)
        assert setting in str(failed.value)
    finally:
        srv.cleanup()


def test_a_round_refuses_a_bad_time(server):
    r = server.cli("outbox", "prune", "--now", "-5")
    assert r.returncode != 0
    r = server.cli("outbox", "prune", "--now", "soon")
    assert r.returncode != 0


def test_through_smtp_a_delivered_mail_loses_its_text_and_a_refused_one_too(mailing_server, smtp):
    """The same through a real SMTP relay: delivered, and refused for good (never to be sent)."""
    srv = mailing_server
    delivered = address()
    queue(srv, delivered, "DELIVERED-TEXT")
    assert "DELIVERED-TEXT" in smtp.wait_for(delivered)[0].text()
    wait_until(lambda: count(srv, f"recipient = '{delivered}' AND sent_at IS NOT NULL AND body_text = ''") == 1,
               "the relayed e-mail's text to be cleared")

    smtp.refuse_next(1, permanent=True)
    refused = address()
    queue(srv, refused, "REFUSED-TEXT")
    wait_until(lambda: count(srv, f"recipient = '{refused}' AND last_error LIKE '%refused for good%'") == 1,
               "the refusal to be recorded")
    assert count(srv, f"recipient = '{refused}' AND sent_at IS NULL AND body_text = ''") == 1
    assert smtp.messages(refused) == []
