"""The daily digest of unanswered questions in a specialist's topics: at
most one e-mail a day, none when nothing is new, never twice when rounds
run at once, and nothing in it about who asked (titles and links only).

Rounds are run with `hearth questions digest --now T` (the step the
server's maintenance runs every 10 minutes), so a test moves the clock
instead of waiting a day. The outbox table shows what a round queued (in the
same write that records the digest); the texts are read from the .eml
files the server delivers them to."""
from __future__ import annotations

import subprocess
import time

from conftest import HEARTH_BIN
from hearth_client import Client, api_sign_up, bearer, mail_text, mails_to
from message_helpers import db_rows
from question_helpers import add_answer, add_question
from specialist_helpers import token_of

DAY = 86400


def specialist_following(server, topics: list[str]) -> tuple[str, int]:
    """A new specialist following `topics`: their e-mail and user id."""
    email, user = api_sign_up(server.url, role="specialist", display_name="Digest Reader")
    res = Client(server.url).request("PUT", "/api/v1/me/topic-follows", json={"topics": topics},
                                     headers=bearer(token_of(server, email)))
    assert res.status == 200, res
    return email, int(user["id"])


def member(server, name: str) -> int:
    _, user = api_sign_up(server.url, role="member", display_name=name)
    return int(user["id"])


def run_round(server, at: int) -> str:
    r = server.cli("questions", "digest", "--now", str(at))
    assert r.returncode == 0, (r.stdout, r.stderr)
    return r.stdout


def digest_bodies(server, address: str) -> list[str]:
    """The text of every digest queued for `address`, oldest first, read from
    the .eml files the server writes (the outbox clears an e-mail's text once
    it is delivered), once every queued digest has been delivered."""
    queued = len(digest_subjects(server, address))
    deadline = time.monotonic() + 15
    while True:
        sent = [m for m in mails_to(server.data_dir, address) if "your topics" in m["Subject"]]
        if len(sent) >= queued or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(sent) == queued, (len(sent), queued)
    return [mail_text(m) for m in sent]


def digest_subjects(server, address: str) -> list[str]:
    return [r[0] for r in db_rows(server, f"SELECT subject FROM outbox WHERE recipient = '{address}' "
                                          "AND subject LIKE '%your topics%' ORDER BY id")]


def test_one_digest_a_day_with_only_new_unanswered_questions(fresh_server):
    # A server of its own: the first digest looks back a day, and questions
    # other tests asked in these topics would be in it too.
    server = fresh_server
    email, _ = specialist_following(server, ["boundaries", "attachment"])
    asker = member(server, "Marisol Quandary")
    named = add_question(server, "How do I say no to my sister", ["boundaries"], asker,
                         body="BODYTEXT-named my sister asks every week")
    anonymous = add_question(server, "Why do I panic when texts go unanswered", ["attachment"], asker,
                             anonymous=True, body="BODYTEXT-anonymous I feel it in my chest")
    add_question(server, "A question in a topic not followed", ["starting-therapy"], asker)
    add_question(server, "A hidden boundaries question", ["boundaries"], asker, hidden=True)
    answered = add_question(server, "An answered boundaries question", ["boundaries"], asker)
    add_answer(server, answered, member(server, "Someone"))

    now = int(time.time()) + 5
    run_round(server, now)
    bodies = digest_bodies(server, email)
    assert len(bodies) == 1
    body = bodies[0]
    assert "How do I say no to my sister" in body and f"/questions/{named}" in body
    assert "Why do I panic when texts go unanswered" in body and f"/questions/{anonymous}" in body
    assert "not followed" not in body and "hidden boundaries" not in body and "answered boundaries" not in body
    # Titles and links only: nothing of who asked, named or anonymous, and no body text.
    assert "Marisol" not in body and "Quandary" not in body
    assert "BODYTEXT" not in body
    assert "Digest Reader" in body  # addressed to the specialist
    assert digest_subjects(server, email) == ["2 questions in your topics are waiting for an answer"]

    # The same day: nothing more, even with a new question.
    run_round(server, now + 60)
    assert len(digest_bodies(server, email)) == 1
    later = add_question(server, "Is it too late to repair trust", ["attachment"], asker)
    run_round(server, now + DAY - 60)
    assert len(digest_bodies(server, email)) == 1

    # A day later: only the new one.
    run_round(server, now + DAY + 1)
    bodies = digest_bodies(server, email)
    assert len(bodies) == 2
    assert "Is it too late to repair trust" in bodies[1] and f"/questions/{later}" in bodies[1]
    assert "How do I say no to my sister" not in bodies[1]
    assert "Why do I panic" not in bodies[1]
    assert digest_subjects(server, email)[1] == "A question in your topics is waiting for an answer"


def test_no_email_when_nothing_is_new_and_the_day_is_not_spent(server):
    email, user_id = specialist_following(server, ["breaking-the-cycle"])
    now = int(time.time()) + 5
    run_round(server, now)
    assert digest_bodies(server, email) == []
    assert db_rows(server, f"SELECT COUNT(*) FROM question_digests WHERE user_id = {user_id}")[0][0] == "0"
    # A question an hour later is sent at once: the empty round used up nothing.
    add_question(server, "How do I stop repeating my parents", ["breaking-the-cycle"])
    run_round(server, now + 3600)
    assert len(digest_bodies(server, email)) == 1
    # Nothing new the next day: no e-mail.
    run_round(server, now + 3600 + DAY + 1)
    assert len(digest_bodies(server, email)) == 1


def test_rounds_at_once_send_each_digest_once(server):
    readers = [specialist_following(server, ["trust-and-repair"])[0] for _ in range(3)]
    add_question(server, "Can we rebuild trust after lies", ["trust-and-repair"])
    now = int(time.time()) + 5
    procs = [subprocess.Popen([HEARTH_BIN, "questions", "digest", "--now",
                               str(now)], env=server.env, cwd=server.data_dir, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    for address in readers:
        assert len(digest_bodies(server, address)) == 1, address


def test_specialists_who_follow_nothing_or_members_get_no_digest(server):
    email, _ = specialist_following(server, ["healing-family-trauma"])
    other, _ = specialist_following(server, [])
    add_question(server, "My family never talks about the past", ["healing-family-trauma"])
    run_round(server, int(time.time()) + 5)
    assert len(digest_bodies(server, email)) == 1
    assert digest_bodies(server, other) == []


def test_a_first_digest_does_not_reach_back_beyond_a_day(server):
    email, _ = specialist_following(server, ["self-care-and-burnout"])
    qid = add_question(server, "An old burnout question", ["self-care-and-burnout"])
    db_rows(server, f"UPDATE questions SET created_at = {int(time.time()) - 3 * DAY} WHERE id = {qid}")
    add_question(server, "A fresh burnout question", ["self-care-and-burnout"])
    run_round(server, int(time.time()) + 5)
    body = digest_bodies(server, email)[0]
    assert "A fresh burnout question" in body and "An old burnout question" not in body
