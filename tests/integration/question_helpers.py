"""Shared steps for the questions tests: members who ask, listed
specialists who answer, through the API with bearer tokens."""
from __future__ import annotations

import uuid

from hearth_client import Client, api_sign_up, bearer
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
