"""Shared steps for the message storage tests: a listed specialist and
members with API tokens, sending through the API, reading a whole
conversation back, and looking at what the database itself holds."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid

from hearth_client import Client, api_log_in, api_sign_up, bearer
from specialist_helpers import (admin_action, admin_client, admin_email, ask_to_be_listed, fill_wizard, my_profile,
                                set_hours, signed_in)


class Person:
    def __init__(self, server, email: str, user_id: int):
        self.server = server
        self.email = email
        self.user_id = user_id
        self.token = api_log_in(server.url, email)["token"]

    def client(self) -> Client:
        return Client(self.server.url)

    def headers(self) -> dict[str, str]:
        return bearer(self.token)


def listed_specialist(server) -> tuple[Person, str]:
    """A verified, listed specialist taking messages; returns (person, slug)."""
    admin = admin_client(server, admin_email(server))
    c, email = signed_in(server)
    fill_wizard(c)
    assert set_hours(c).status == 303
    assert ask_to_be_listed(c).status == 303
    slug = my_profile(c)["slug"]
    assert admin_action(admin, slug, "verify").status == 303
    user_id = api_log_in(server.url, email)["user"]["id"]
    return Person(server, email, user_id), slug


def member(server) -> Person:
    email, user = api_sign_up(server.url, display_name="Member " + uuid.uuid4().hex[:6])
    return Person(server, email, user["id"])


def new_key() -> str:
    return "k-" + uuid.uuid4().hex


def start(who: Person, slug: str, body: str, key: str | None = None):
    return who.client().post("/api/v1/conversations", headers=who.headers(),
                             json={"specialist": slug, "body": body, "idempotency_key": key or new_key()})


def send(who: Person, conversation_id: int, body: str, key: str | None = None, timeout: float = 30.0):
    return Client(who.server.url, timeout=timeout).post(
        f"/api/v1/conversations/{conversation_id}/messages", headers=who.headers(),
        json={"body": body, "idempotency_key": key or new_key()})


def all_messages(who: Person, conversation_id: int) -> list[dict]:
    """Every message of a conversation, oldest first, paging back from the newest."""
    out: list[dict] = []
    before = None
    while True:
        path = f"/api/v1/conversations/{conversation_id}/messages?limit=100"
        if before is not None:
            path += f"&before={before}"
        res = who.client().get(path, headers=who.headers())
        assert res.status == 200, res
        page = res.json()
        out = page["items"] + out
        if not page["has_earlier"] or not page["items"]:
            return out
        before = page["items"][0]["id"]


def db_rows(server, sql: str) -> list[tuple[str, ...]]:
    """Rows of a query run on the server's database itself, as text."""
    if server.engine == "sqlite":
        with sqlite3.connect(os.path.join(server.data_dir, "hearth.db"), timeout=30) as db:
            return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql)]
    out = subprocess.run(["psql", server.env["HEARTH_DATABASE_URL"], "-X", "-A", "-t", "-F", "\t", "-c", sql],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


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
