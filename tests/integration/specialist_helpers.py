"""Shared steps for the specialist profile and campaign tests: signing people
up with a cookie session, filling the profile wizard, listing a profile
through the admin pages, multipart bodies and a real PNG."""
from __future__ import annotations

import struct
import uuid
import zlib

import pytest

from hearth_client import GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, unique_email

ADMIN_PASSWORD = "admin passphrase for profile tests 7"

ABOUT = {"full_name": "Amara Okafor", "credentials": "MSc, Registered Psychotherapist",
         "licence_number": "PSY-40217", "licence_region": "HCPC (United Kingdom)",
         "headline": "Helping couples and individuals heal from relational trauma."}
WORK = [("bio", "I work with **adults and couples** whose past keeps showing up in their relationships.\n\n"
                "- attachment\n- trust after betrayal"),
        ("approach", "Sessions are *unhurried*. We go at your pace."),
        ("specialties", "attachment"), ("specialties", "complex-trauma"),
        ("modalities", "emdr"),
        ("languages", "en"), ("languages", "de")]
PRACTICE = {"online": "1", "in_person": "1", "city": "Berlin", "country": "DE", "timezone": "Europe/Berlin",
            "fee_min": "80", "fee_max": "120", "currency": "EUR", "offers_free_consultation": "1"}


def unique_name(prefix: str = "Amara") -> str:
    return f"{prefix} Test{uuid.uuid4().hex[:8]}"


def signed_in(server, role: str = "specialist", email: str | None = None,
              password: str = GOOD_PASSWORD, name: str = "Test Person") -> tuple[Client, str]:
    """A client with a cookie session (pages need its CSRF token)."""
    if email is None:
        email, _ = api_sign_up(server.url, role=role, display_name=name)
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": email, "password": password})
    assert res.status == 200, res
    return c, email


def token_of(server, email: str, password: str = GOOD_PASSWORD) -> str:
    return api_log_in(server.url, email, password)["token"]


def admin_email(server) -> str:
    email = unique_email("admin")
    server.create_admin(email, ADMIN_PASSWORD, name="Ada Admin")
    return email


@pytest.fixture(scope="module")
def admin_mail(site):
    """An admin of the module's `site` server (a fixture the test module
    defines), made once per module; a module imports this fixture by name."""
    return admin_email(site)


@pytest.fixture(scope="module")
def admin_token(site, admin_mail):
    """A bearer token of `admin_mail`, once per module."""
    return token_of(site, admin_mail, ADMIN_PASSWORD)


def admin_client(server, email: str) -> Client:
    return signed_in(server, email=email, password=ADMIN_PASSWORD)[0]


def pairs(fields) -> list[tuple[str, str]]:
    return list(fields.items()) if isinstance(fields, dict) else list(fields)


def post_step(c: Client, step: str, fields):
    """Posts one wizard step with the CSRF token of its own page."""
    token = c.csrf_from(f"/account/profile/{step}")
    return c.post(f"/account/profile/{step}", form=[("_csrf", token)] + pairs(fields))


def my_profile(c: Client) -> dict | None:
    res = c.get("/api/v1/me/profile")
    if res.status == 404:
        return None
    assert res.status == 200, res
    return res.json()["profile"]


def fill_wizard(c: Client, name: str | None = None, free: bool = True, practice: dict | None = None) -> dict:
    """Steps 1 to 3 of the wizard (about, work, practice); returns the saved
    profile. Practice details lead to the hours step when free consultations
    are offered, else to the photo."""
    about = dict(ABOUT, full_name=name or unique_name())
    for step, fields, next_step in (("about", about, "work"), ("work", WORK, "practice"),
                                    ("practice", dict(PRACTICE, offers_free_consultation="1" if free else "0",
                                                      **(practice or {})), "hours" if free else "photo")):
        res = post_step(c, step, fields)
        assert res.status == 303, res
        assert res.location == f"/account/profile/{next_step}?saved=1", res.location
    return my_profile(c)


# Every day 08:00 until 20:00: open times in any coming fortnight.
DAILY_HOURS = [(f"d{day}_0_{end}", value) for day in range(1, 8) for end, value in (("start", "08:00"), ("end", "20:00"))]


def set_hours(c: Client, weekly=None, timezone: str = "Europe/Berlin", min_notice_hours: str = "0",
              horizon_days: str = "30"):
    """Saves weekly hours through the wizard's hours step (the availability
    form, wizard=1); returns the response (303 on to the photo step)."""
    token = c.csrf_from("/account/profile/hours")
    return c.post("/account/availability",
                  form=[("_csrf", token), ("wizard", "1"), ("timezone", timezone), ("mode", "video"),
                        ("min_notice_hours", min_notice_hours), ("horizon_days", horizon_days)]
                  + list(DAILY_HOURS if weekly is None else weekly))


def ask_to_be_listed(c: Client):
    token = c.csrf_from("/account/profile/review")
    return c.post("/account/profile/publish", form={"_csrf": token})


def admin_action(admin: Client, slug: str, action: str, **fields):
    token = admin.csrf_from("/admin/specialists")
    return admin.post(f"/admin/specialists/{slug}/{action}",
                      form={"_csrf": token, "return_to": "/admin/specialists", **fields})


def listed_specialist(server, admin: Client, name: str | None = None, free: bool = True,
                      hours: bool = True) -> tuple[Client, dict]:
    """A specialist whose profile is filled in, requested and verified; one
    who offers free consultations also has open hours unless `hours` is
    False (and is then not bookable)."""
    c, _ = signed_in(server)
    fill_wizard(c, name=name, free=free)
    if free and hours:
        res = set_hours(c)
        assert res.status == 303, res
    assert ask_to_be_listed(c).status == 303
    slug = my_profile(c)["slug"]
    res = admin_action(admin, slug, "verify")
    assert res.status == 303, res
    return c, my_profile(c)


def audit_entries(server, admin_mail: str, action: str) -> list[dict]:
    res = Client(server.url).get("/api/v1/admin/audit-log?per_page=100",
                                 headers=bearer(token_of(server, admin_mail, ADMIN_PASSWORD)))
    assert res.status == 200, res
    return [e for e in res.json()["items"] if e["action"] == action]


def multipart(fields, files) -> tuple[bytes, str]:
    """A multipart/form-data body: fields [(name, value)], files [(name, filename, type, bytes)]."""
    boundary = "----HearthTest" + uuid.uuid4().hex
    body = b""
    for name, value in pairs(fields):
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n').encode() + \
            value.encode() + b"\r\n"
    for name, filename, content_type, data in files:
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload_photo(c: Client, filename: str, content_type: str, data: bytes):
    token = c.csrf_from("/account/profile/photo")
    body, ctype = multipart([("_csrf", token)], [("photo", filename, content_type, data)])
    return c.post("/account/profile/photo", raw_body=body, content_type=ctype)


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A real PNG (warm orange pixels), made here rather than read from a file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([194, 96, 58]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
