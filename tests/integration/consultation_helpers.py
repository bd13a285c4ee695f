"""Shared steps of the consultation tests: a bookable specialist made through
the API (profile, publish, verified by an admin, weekly hours), members with
bearer tokens, and small time helpers."""
from __future__ import annotations

import datetime as dt
import time
import uuid

from hearth_client import Client, api_log_in, api_sign_up, bearer, unique_email

ADMIN_PASSWORD = "admin passphrase for consultation tests 9"
ALL_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(1, 8)]


def utc(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> int:
    return int(dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp())


class Person:
    def __init__(self, server, role: str, name: str):
        self.server = server
        self.name = name
        self.email, self.user = api_sign_up(server.url, role=role, display_name=name)
        self.token = api_log_in(server.url, self.email)["token"]

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)

    def call(self, method: str, path: str, json=None):
        return Client(self.server.url).request(method, path, json=json, headers=self.headers)

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, json=None):
        return self.call("POST", path, json=json if json is not None else {})

    def put(self, path: str, json):
        return self.call("PUT", path, json=json)


def all_day_hours(**extra) -> dict:
    """A PUT /api/v1/me/availability body: every hour of every day in UTC; `extra` adds or replaces fields."""
    return {"timezone": "UTC", "weekly": ALL_DAY, "time_off": [], "min_notice_hours": 0, "horizon_days": 60, **extra}


def member(server, name: str = "Mina Member") -> Person:
    return Person(server, "member", name)


def admin_token(server) -> str:
    """An admin of this server (created once per server) and a fresh token."""
    if not getattr(server, "_consultation_admin", None):
        email = unique_email("admin")
        server.create_admin(email, ADMIN_PASSWORD, name="Ada Admin")
        server._consultation_admin = email
    return api_log_in(server.url, server._consultation_admin, ADMIN_PASSWORD)["token"]


def profile_body(name: str, offers: bool = True, timezone: str = "Europe/Berlin") -> dict:
    return {"full_name": name, "credentials": "MSc, Registered Psychotherapist", "licence_number": "PSY-40217",
            "licence_region": "HCPC (United Kingdom)",
            "headline": "Helping couples and individuals heal from relational trauma.",
            "bio": "Plain bio.", "approach": "", "specialties": ["attachment"], "modalities": [], "languages": ["en"],
            "online": True, "in_person": False, "city": "", "country": "DE", "timezone": timezone,
            "fee_min": 80, "fee_max": 120, "currency": "EUR", "offers_free_consultation": offers}


def specialist(server, offers: bool = True, listed: bool = True, weekly=None, timezone: str = "UTC",
               min_notice_hours: int = 0, horizon_days: int = 60, time_off=None, mode: str = "video",
               video_url: str = "", address: str = "") -> Person:
    """A specialist with a profile (listed and verified unless told otherwise),
    weekly hours (every hour of every day in UTC unless told otherwise) and
    how the consultations take place (by video with a link e-mailed later
    unless told otherwise)."""
    s = Person(server, "specialist", f"Dr Sam Test{uuid.uuid4().hex[:6]}")
    res = s.put("/api/v1/me/profile", profile_body(s.name, offers))
    assert res.status in (200, 201), res
    res = s.get("/api/v1/me/profile")
    assert res.status == 200, res
    s.slug = res.json()["profile"]["slug"]
    if listed:
        res = s.post("/api/v1/me/profile/publish")
        assert res.status == 200, res
        res = Client(server.url).post(f"/api/v1/admin/specialists/{s.slug}/verify", json={},
                                      headers=bearer(admin_token(server)))
        assert res.status == 200, res
    res = s.put("/api/v1/me/availability", {"timezone": timezone, "weekly": weekly if weekly is not None else ALL_DAY,
                                            "time_off": time_off or [], "min_notice_hours": min_notice_hours,
                                            "horizon_days": horizon_days, "mode": mode, "video_url": video_url,
                                            "address": address})
    assert res.status == 200, res
    return s


def open_slots(server, slug: str, tz: str = "", days: int = 14) -> list[dict]:
    query = f"?to={utc(int(time.time()) + days * 86400)}" + (f"&tz={tz}" if tz else "")
    res = Client(server.url).get(f"/api/v1/specialists/{slug}/slots{query}")
    assert res.status == 200, res
    return res.json()["items"]


def book(person: Person, slug: str, start: str, **extra):
    return person.post("/api/v1/consultations", {"specialist": slug, "start": start, **extra})
