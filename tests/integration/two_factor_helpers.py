"""Shared steps of the two-factor sign-in tests: people with or without it,
codes from pyotp that were not used before, and the log-in code step."""
from __future__ import annotations

import re
import time

import pyotp

from hearth_client import GOOD_PASSWORD, Client, api_sign_up, bearer, extract_csrf


def fresh_code(secret: str, used: set[int]) -> str:
    """A code of `secret` for a 30-second step later than every step in
    `used` (each code is accepted once, and never an older one): the
    previous, this or the next step's (one step either side is within the
    window). Adds the step to `used`."""
    now = int(time.time()) // 30
    for step in (now - 1, now, now + 1):
        if step not in used and all(step > u for u in used):
            used.add(step)
            return pyotp.TOTP(secret).at(step * 30)
    time.sleep(31 - time.time() % 30)
    return fresh_code(secret, used)


class Person:
    """An account with a bearer token; `secret` and `used` once enrolled."""

    def __init__(self, server, role: str = "member"):
        self.server = server
        self.email, self.user = api_sign_up(server.url, role=role)
        self.password = GOOD_PASSWORD
        self.token = self.log_in().json()["token"]
        self.secret: str | None = None
        self.recovery_codes: list[str] = []
        self.used: set[int] = set()

    def log_in(self, **extra):
        return Client(self.server.url).post("/api/v1/session",
                                            json={"email": self.email, "password": self.password, **extra})

    def api(self, method: str, path: str, body=None):
        return Client(self.server.url).request(method, path, json=body if body is not None else {},
                                               headers=bearer(self.token))

    def code(self) -> str:
        return fresh_code(self.secret, self.used)

    def enrol(self) -> dict:
        res = self.api("POST", "/api/v1/me/totp")
        assert res.status == 201, res
        enrolment = res.json()
        self.secret = enrolment["secret"]
        self.recovery_codes = enrolment["recovery_codes"]
        res = self.api("POST", "/api/v1/me/totp/confirm", {"code": self.code()})
        assert res.status == 200, res
        return enrolment


def page_log_in(c: Client, email: str, password: str = GOOD_PASSWORD, return_to: str = ""):
    """Posts the log-in form; returns the response (the code form, or a redirect)."""
    csrf = c.csrf_from("/login")
    form = {"_csrf": csrf, "email": email, "password": password}
    if return_to:
        form["return_to"] = return_to
    return c.post("/login", form=form)


def challenge_of(html: str) -> str:
    m = re.search(r'name="challenge" value="([^"]+)"', html)
    assert m, "no challenge in the page"
    return m.group(1)


def answer_code(c: Client, code_form, code: str, remember: bool = False):
    form = {"_csrf": extract_csrf(code_form.text), "challenge": challenge_of(code_form.text), "code": code}
    if remember:
        form["remember"] = "1"
    return c.post("/login/two-factor", form=form)
