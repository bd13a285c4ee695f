"""Shared steps for the questions tests: members who ask, listed
specialists who answer, through the API with bearer tokens."""
from __future__ import annotations

import time
import uuid

from hearth_client import Client, api_sign_up, bearer
from message_helpers import db_rows
from specialist_helpers import listed_specialist, token_of

TOPICS = ["boundaries", "trust-and-repair"]


def member(site, name: str | None = None) -> tuple[str, str, dict]:
    """(e-mail, bearer token, user) of a new member."""
    name = name or f"Member {uuid.uuid4().hex[:8]}"
    email, user = api_sign_up(site.url, display_name=name)
    return email, token_of(site, email), user


def ask(site, token, title="How do I keep boundaries with my family?", body="They call every day.",
        topics=None, anonymous=False, **extra):
    payload = {"title": title, "body": body, "topics": TOPICS if topics is None else topics,
               "anonymous": anonymous, **extra}
    return Client(site.url).post("/api/v1/questions", json=payload, headers=bearer(token))


def asked(site, token, **kw) -> dict:
    res = ask(site, token, **kw)
    assert res.status == 201, res
    return res.json()


def answerer(site, admin, name: str | None = None) -> tuple[str, dict]:
    """(bearer token, profile) of a listed (verified) specialist."""
    c, profile = listed_specialist(site, admin, name=name)
    me = c.get("/api/v1/me").json()["user"]
    return token_of(site, me["email"]), profile


def answer(site, token, qid, body="Start small: one clear sentence about what you need, said calmly."):
    return Client(site.url).post(f"/api/v1/questions/{qid}/answers", json={"body": body}, headers=bearer(token))


def show(site, qid, token=None):
    return Client(site.url).get(f"/api/v1/questions/{qid}", headers=bearer(token) if token else None)


# --- rows written straight into the database (tests that need only the schema) ---

def add_question(server, title: str, topics: list[str], asker_id: int | None = None, anonymous: bool = False,
                 body: str = "A question body.", age: int = 0, hidden: bool = False) -> int:
    """Inserts a question asked `age` seconds ago; returns its id."""
    now = int(time.time()) - age
    asker = "NULL" if asker_id is None else str(int(asker_id))
    hidden_at = str(now) if hidden else "NULL"
    qid = int(db_rows(server, "INSERT INTO questions (asker_id, anonymous, title, body, created_at, updated_at, "
                              f"hidden_at) VALUES ({asker}, {1 if anonymous else 0}, '{title}', '{body}', {now}, "
                              f"{now}, {hidden_at}) RETURNING id")[0][0])
    for t in topics:
        db_rows(server, f"INSERT INTO question_topics (question_id, topic) VALUES ({qid}, '{t}')")
    return qid


def add_answer(server, question_id: int, author_id: int, hidden: bool = False) -> int:
    """Inserts an answer and recounts the question's visible answers; returns its id."""
    now = int(time.time())
    hidden_at = str(now) if hidden else "NULL"
    answer_id = int(db_rows(server, "INSERT INTO answers (question_id, author_id, body, created_at, updated_at, "
                                    f"hidden_at) VALUES ({question_id}, {author_id}, 'An answer.', {now}, {now}, "
                                    f"{hidden_at}) RETURNING id")[0][0])
    recount(server, question_id)
    return answer_id


def recount(server, question_id: int) -> None:
    """questions.answer_count as the questions store keeps it: visible answers."""
    db_rows(server, f"UPDATE questions SET answer_count = (SELECT COUNT(*) FROM answers WHERE question_id = "
                    f"{question_id} AND hidden_at IS NULL) WHERE id = {question_id}")
