"""Shared steps of the message tests: a member and a listed specialist
(consultation_helpers' people, with bearer tokens), starting and sending
with fresh idempotency keys, and switching a specialist's messages off in
the database (the setting's own page and API are tested with it)."""
from __future__ import annotations

import sqlite3
import subprocess
import uuid
from pathlib import Path

from consultation_helpers import Person, member, specialist  # noqa: F401  (re-exported)


def key() -> str:
    return "k-" + uuid.uuid4().hex


def start(person: Person, slug: str, body: str = "Hello, I would like to talk.", idem: str | None = None):
    return person.post("/api/v1/conversations", {"specialist": slug, "body": body, "idempotency_key": idem or key()})


def send(person: Person, conversation_id: int, body: str = "A reply.", idem: str | None = None):
    return person.post(f"/api/v1/conversations/{conversation_id}/messages",
                       {"body": body, "idempotency_key": idem or key()})


def started(person: Person, slug: str, body: str = "Hello, I would like to talk.") -> int:
    res = start(person, slug, body)
    assert res.status == 201, res
    return res.json()["conversation"]["id"]


def read(person: Person, conversation_id: int, query: str = ""):
    return person.get(f"/api/v1/conversations/{conversation_id}/messages{query}")


def conversations(person: Person, query: str = "") -> dict:
    res = person.get(f"/api/v1/conversations{query}")
    assert res.status == 200, res
    return res.json()


def sql(server, statement: str) -> str:
    """Runs one SQL statement on the server's database; returns psql's or sqlite's text output."""
    if server.engine == "sqlite":
        con = sqlite3.connect(Path(server.data_dir) / "hearth.db", timeout=10)
        try:
            rows = con.execute(statement).fetchall()
            con.commit()
        finally:
            con.close()
        return "\n".join("|".join(str(c) for c in r) for r in rows)
    out = subprocess.run(["psql", "-qAt", "-d", server.pg.url, "-c", statement], capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def set_messages_open(server, slug: str, is_open: bool) -> None:
    sql(server, f"UPDATE specialist_profiles SET messages_open = {1 if is_open else 0} WHERE slug = '{slug}'")


def message_count(server, conversation_id: int) -> int:
    return int(sql(server, f"SELECT COUNT(*) FROM messages WHERE conversation_id = {conversation_id}"))
