"""A tiny HTTP client for the integration tests (Python stdlib only).

It keeps its own cookies (from Set-Cookie; the Secure attribute is ignored
because the tests talk plain HTTP over loopback, Max-Age=0 deletes), sends
them back, and never follows redirects.
"""
from __future__ import annotations

import email
import email.policy
import http.client
import json as jsonlib
import os
import html
import re
import socket
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

SESSION_COOKIE = "__Host-hearth_session"
CSRF_COOKIE = "__Host-hearth_csrf"
DEVICE_COOKIE = "__Host-hearth_device"

# Admins need two-factor sign-in. The helper that makes an admin
# (enrol_two_factor, called by HearthServer.create_admin) enrols them and
# keeps a remembered browser for them; every later log-in with that address
# (POST /login or /api/v1/session) sends it, as that admin's own browser
# would, so tests sign admins in as before. Keyed by lower-case address.
REMEMBERED_DEVICES: dict[str, str] = {}
TOTP_SECRETS: dict[str, str] = {}
LOG_IN_PATHS = ("/login", "/api/v1/session")

# A password that passes every strength rule (length, not common, not a
# pattern, not made of the account's e-mail address or name).
GOOD_PASSWORD = "correct horse battery staple 42"


def unique_email(prefix: str = "it") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.org"


class Response:
    def __init__(self, status: int, reason: str, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.reason = reason
        self.header_list = headers
        self.body = body

    @property
    def headers(self) -> "Headers":
        return Headers(self.header_list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return jsonlib.loads(self.body)

    @property
    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie")

    def cookie_header(self, name: str) -> str | None:
        """The whole Set-Cookie line for cookie `name`, if set."""
        for line in self.set_cookies:
            if line.split("=", 1)[0].strip() == name:
                return line
        return None

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def error(self) -> dict:
        """The {"code","message","field"} object of a JSON error."""
        body = self.json()
        assert set(body) == {"error"}, body
        err = body["error"]
        assert set(err) == {"code", "message", "field"}, err
        assert isinstance(err["message"], str) and err["message"], err
        return err

    def __repr__(self) -> str:
        snippet = self.text[:500]
        return f"<Response {self.status} {self.header_list!r} {snippet!r}>"


class Headers:
    """Case-insensitive view of response headers."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self._pairs = pairs

    def get(self, name: str, default=None):
        for k, v in self._pairs:
            if k.lower() == name.lower():
                return v
        return default

    def get_all(self, name: str) -> list[str]:
        return [v for k, v in self._pairs if k.lower() == name.lower()]

    def __contains__(self, name: str) -> bool:
        return any(k.lower() == name.lower() for k, _ in self._pairs)

    def __getitem__(self, name: str) -> str:
        v = self.get(name)
        if v is None:
            raise KeyError(name)
        return v

    def __repr__(self) -> str:
        return repr(self._pairs)


def parse_set_cookie(line: str) -> tuple[str, str, dict[str, str]]:
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    attrs: dict[str, str] = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name.strip(), value.strip(), attrs


class Client:
    def __init__(self, base_url: str, timeout: float = 30.0):
        parsed = urllib.parse.urlsplit(base_url)
        self.host = parsed.hostname
        self.port = parsed.port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    # --- cookies ---
    @property
    def session_token(self) -> str | None:
        return self.cookies.get(SESSION_COOKIE)

    def _store_cookies(self, res: Response) -> None:
        for line in res.set_cookies:
            name, value, attrs = parse_set_cookie(line)
            max_age = attrs.get("max-age")
            if max_age is not None and int(max_age) <= 0:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    # --- requests ---
    def request(self, method: str, path: str, json=None, form=None, headers=None, raw_body=None,
                content_type=None, cookies: bool = True) -> Response:
        hdrs: dict[str, str] = {}
        body: bytes | None = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            hdrs["Content-Type"] = "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif raw_body is not None:
            body = raw_body if isinstance(raw_body, bytes) else raw_body.encode()
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        sent = dict(self.cookies) if cookies else {}
        device = _remembered_device(method, path, json, form)
        if device and DEVICE_COOKIE not in sent:
            sent[DEVICE_COOKIE] = device
        if sent:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in sent.items())
        if headers:
            hdrs.update(headers)
        if body is not None or method in ("POST", "PUT", "PATCH"):
            hdrs.setdefault("Content-Length", str(len(body or b"")))
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=hdrs)
            raw = conn.getresponse()
            data = raw.read()
            res = Response(raw.status, raw.reason, raw.getheaders(), data)
        finally:
            conn.close()
        self._store_cookies(res)
        return res

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> Response:
        return self.request("POST", path, **kw)

    def delete(self, path: str, **kw) -> Response:
        return self.request("DELETE", path, **kw)

    # --- pages ---
    def csrf_from(self, path: str) -> str:
        """GETs a page and returns the _csrf value of its (first) form."""
        res = self.get(path)
        assert res.status == 200, res
        return extract_csrf(res.text)


def _remembered_device(method: str, path: str, json, form) -> str | None:
    """The remembered-browser token of the admin a log-in is for, if any."""
    if method != "POST" or path.split("?")[0] not in LOG_IN_PATHS:
        return None
    fields = json if isinstance(json, dict) else dict(form) if form is not None else {}
    address = fields.get("email") if isinstance(fields, dict) else None
    return REMEMBERED_DEVICES.get(address.strip().lower()) if isinstance(address, str) else None


def totp_code(secret: str, offset_steps: int = 0) -> str:
    """The six-digit code of `secret` for now (plus `offset_steps` 30-second steps)."""
    import pyotp
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def enrol_two_factor(base_url: str, email_addr: str, password: str, remember: bool = True) -> dict:
    """Turns on two-factor sign-in for an account through the API (the first
    code from pyotp) and, with `remember`, signs in once more with the next
    step's code and "remember_device", keeping that browser's token in
    REMEMBERED_DEVICES. Returns the enrolment
    ({"secret", "otpauth_uri", "recovery_codes"})."""
    # From an address of its own (where the server trusts X-Forwarded-For),
    # so a test's own per-address log-in limits are not used up here.
    elsewhere = {"X-Forwarded-For": "192.0.2.250"}
    res = Client(base_url).post("/api/v1/session", json={"email": email_addr, "password": password},
                                headers=elsewhere)
    assert res.status == 200, res
    token = res.json()["token"]
    api = Client(base_url)
    res = api.post("/api/v1/me/totp", json={}, headers=bearer(token))
    assert res.status == 201, res
    enrolment = res.json()
    res = api.post("/api/v1/me/totp/confirm", json={"code": totp_code(enrolment["secret"])}, headers=bearer(token))
    assert res.status == 200, res
    TOTP_SECRETS[email_addr.lower()] = enrolment["secret"]
    if remember:
        # The confirming code used this step: the next one is within the window.
        c = Client(base_url)
        res = c.post("/api/v1/session", json={"email": email_addr, "password": password,
                                              "otp": totp_code(enrolment["secret"], 1), "remember_device": True},
                     headers=elsewhere)
        assert res.status == 200, res
        REMEMBERED_DEVICES[email_addr.lower()] = c.cookies[DEVICE_COOKIE]
    return enrolment


def extract_csrf(html: str) -> str:
    m = re.search(r'name="_csrf"\s+value="([^"]+)"', html)
    assert m, "no _csrf field in the page"
    return m.group(1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- API shortcuts (cookie-less clients, so no CSRF is needed) ---

def api_sign_up(base_url: str, email_addr: str | None = None, password: str = GOOD_PASSWORD,
                display_name: str = "Test Person", role: str = "member") -> tuple[str, dict]:
    email_addr = email_addr or unique_email()
    res = Client(base_url).post("/api/v1/users", json={"email": email_addr, "password": password,
                                                       "display_name": display_name, "role": role})
    # Sign-up answers alike whether or not the address was free (202); the
    # new account is read back by logging in.
    assert res.status == 202, res
    return email_addr, api_log_in(base_url, email_addr, password)["user"]


def api_log_in(base_url: str, email_addr: str, password: str = GOOD_PASSWORD) -> dict:
    res = Client(base_url).post("/api/v1/session", json={"email": email_addr, "password": password})
    assert res.status == 200, res
    return res.json()


def me_status(base_url: str, token: str) -> int:
    return Client(base_url).get("/api/v1/me", headers=bearer(token)).status


# --- e-mail (the server writes .eml files into <data_dir>/outbox) ---

def _safe_name(address: str) -> str:
    return "".join(c if c.isalnum() or c in "@." else "_" for c in address)


def mails_to(data_dir: str | os.PathLike, address: str) -> list[email.message.EmailMessage]:
    outbox = Path(data_dir) / "outbox"
    if not outbox.is_dir():
        return []
    out = []
    for path in sorted(outbox.glob(f"*-{_safe_name(address)}.eml")):
        with open(path, "rb") as f:
            out.append(email.message_from_binary_file(f, policy=email.policy.default))
    return out


def wait_for_mails(data_dir, address: str, count: int = 1, timeout: float = 15.0) -> list:
    deadline = time.monotonic() + timeout
    while True:
        msgs = mails_to(data_dir, address)
        if len(msgs) >= count:
            return msgs
        if time.monotonic() > deadline:
            raise AssertionError(f"no e-mail #{count} to {address} within {timeout}s (have {len(msgs)})")
        time.sleep(0.1)


def mail_text(msg) -> str:
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content()


def wait_for_mail(data_dir, address: str, subject: str, containing: str = "", timeout: float = 15.0):
    """The newest e-mail to `address` whose subject has `subject` and body `containing`."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mails_to(data_dir, address) if subject in m["Subject"] and containing in mail_text(m)]
        if found:
            return found[-1]
        assert time.monotonic() < deadline, f"no e-mail '{subject}' ({containing}) to {address}"
        time.sleep(0.1)


def token_from_mail(msg, path: str) -> str:
    """The token of the first link to `path` (e.g. /verify-email) in a message."""
    m = re.search(re.escape(path) + r"\?token=([A-Za-z0-9_\-]+)", mail_text(msg))
    assert m, f"no {path}?token= link in:\n{mail_text(msg)}"
    return m.group(1)


def wait_for_token(data_dir, address: str, path: str, count: int = 1, timeout: float = 15.0) -> str:
    msgs = wait_for_mails(data_dir, address, count, timeout)
    return token_from_mail(msgs[count - 1], path)


def link_from_mail(msg, path: str) -> str:
    """The first link to `path` in a message, as a local path with its query."""
    m = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\?[^\s]+)", mail_text(msg))
    assert m, f"no {path} link in:\n{mail_text(msg)}"
    return m.group(1)


def confirm_by_link(c: "Client", data_dir, address: str, count: int = 1) -> Response:
    """Opens the confirmation link e-mailed to `address` in `c` and presses
    "Confirm and continue"; the answer is the redirect onwards (or a 410 page)."""
    link = link_from_mail(wait_for_mails(data_dir, address, count)[count - 1], "/verify-email")
    page = c.get(link)
    assert page.status == 200, page
    form = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page.text))
    form = {k: html.unescape(v) for k, v in form.items()}
    return c.post("/verify-email", form=form)


# --- raw sockets, for what http.client cannot express ---

def read_http_response(f) -> Response:
    """Reads one HTTP/1.1 response (Content-Length framed) from a binary file."""
    status_line = f.readline()
    if not status_line:
        raise ConnectionError("connection closed before a response")
    version, status, *reason = status_line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    assert version.startswith("HTTP/1."), status_line
    headers = []
    while True:
        line = f.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        k, _, v = line.decode("latin-1").partition(":")
        headers.append((k.strip(), v.strip()))
    res = Response(int(status), reason[0] if reason else "", headers, b"")
    return res


def read_body(f, res: Response) -> None:
    length = res.headers.get("Content-Length")
    if length is not None:
        res.body = f.read(int(length))
        assert len(res.body) == int(length), "short body"
    elif res.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(f.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while f.readline() not in (b"\r\n", b""):
                    pass
                break
            chunks.append(f.read(size))
            f.readline()
        res.body = b"".join(chunks)


def raw_exchange(base_url: str, data: bytes, timeout: float = 10.0) -> Response:
    """Sends raw bytes, returns the first response (headers and body).

    The bytes are sent from a second thread while this one reads: a server
    may answer (e.g. 413) and close before it has read everything, and the
    answer must still be seen even though the rest cannot be sent."""
    parsed = urllib.parse.urlsplit(base_url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=timeout) as s:
        def send():
            try:
                s.sendall(data)
            except OSError:
                pass  # the server stopped reading; its answer is what counts

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        try:
            f = s.makefile("rb")
            res = read_http_response(f)
            read_body(f, res)
            return res
        finally:
            sender.join(timeout)
