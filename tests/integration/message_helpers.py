"""Shared steps of the message tests: a member and a listed specialist
(consultation_helpers' people, with bearer tokens), starting and sending
with fresh idempotency keys, reading a whole conversation back, switching
a specialist's messages off in the database (the setting's own page and
API are tested with it), and looking at what the database itself holds."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid

from consultation_helpers import Person, member, specialist  # noqa: F401  (re-exported)
from hearth_client import Client


def key() -> str:
    return "k-" + uuid.uuid4().hex


def start(person: Person, slug: str, body: str = "Hello, I would like to talk.", idem: str | None = None):
    return person.post("/api/v1/conversations", {"specialist": slug, "body": body, "idempotency_key": idem or key()})


def send(person: Person, conversation_id: int, body: str = "A reply.", idem: str | None = None,
         timeout: float = 30.0):
    """Sends one message; `timeout` (seconds) bounds the wait for the answer."""
    return Client(person.server.url, timeout=timeout).post(
        f"/api/v1/conversations/{conversation_id}/messages", headers=person.headers,
        json={"body": body, "idempotency_key": idem or key()})


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


def all_messages(person: Person, conversation_id: int) -> list[dict]:
    """Every message of a conversation, oldest first, paging back from the newest."""
    out: list[dict] = []
    before = None
    while True:
        path = f"/api/v1/conversations/{conversation_id}/messages?limit=100"
        if before is not None:
            path += f"&before={before}"
        res = person.get(path)
        assert res.status == 200, res
        page = res.json()
        out = page["items"] + out
        if not page["has_earlier"] or not page["items"]:
            return out
        before = page["items"][0]["id"]


def db_rows(server, statement: str) -> list[tuple[str, ...]]:
    """Runs one SQL statement on the server's database itself (committed);
    returns its rows as text, NULL as ""."""
    if server.engine == "sqlite":
        con = sqlite3.connect(os.path.join(server.data_dir, "hearth.db"), timeout=30)
        try:
            rows = [tuple("" if v is None else str(v) for v in row) for row in con.execute(statement)]
            con.commit()
        finally:
            con.close()
        return rows
    out = subprocess.run(["psql", server.env["HEARTH_DATABASE_URL"], "-X", "-q", "-A", "-t", "-F", "\t",
                          "-c", statement], check=True, capture_output=True, text=True, timeout=60).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def set_messages_open(server, slug: str, is_open: bool) -> None:
    db_rows(server, f"UPDATE specialist_profiles SET messages_open = {1 if is_open else 0} WHERE slug = '{slug}'")


def message_count(server, conversation_id: int) -> int:
    return int(db_rows(server, f"SELECT COUNT(*) FROM messages WHERE conversation_id = {conversation_id}")[0][0])


def stored_bytes(server) -> bytes:
    """Everything the database holds on disk or in a dump: on SQLite the
    database file and its WAL and shared-memory files; on PostgreSQL a
    plain `pg_dump` of the database."""
    if server.engine == "sqlite":
        data = b""
        for name in sorted(os.listdir(server.data_dir)):
            if name.startswith("hearth.db"):
                with open(os.path.join(server.data_dir, name), "rb") as f:
                    data += f.read()
        return data
    return subprocess.run(["pg_dump", "--no-owner", server.env["HEARTH_DATABASE_URL"]], check=True,
                          capture_output=True, timeout=120).stdout
