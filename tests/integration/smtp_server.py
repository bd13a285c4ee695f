"""A real SMTP server on loopback for the integration tests (aiosmtpd).

It speaks what a real relay demands of Hearth: STARTTLS (a self-signed
certificate made when the server starts, for 127.0.0.1 and localhost) and
AUTH (PLAIN or LOGIN, only over TLS, required before MAIL FROM). Every
accepted message is recorded. A test can make it refuse the next N
messages with a temporary 451 or a permanent 550, or take it down and bring
it back up on the same port.

Hearth is pointed at it with `SmtpServer.hearth_env()` (HEARTH_SMTP_URL,
HEARTH_SMTP_USER, HEARTH_SMTP_PASSWORD, HEARTH_SMTP_CA_FILE).
"""
from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "hearth-relay"
PASSWORD = "relay-secret-7f3a"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) valid for 127.0.0.1 and
    localhost, made with the openssl command; returns (cert, key)."""
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60)
    return cert, key


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    authenticated_as: str | None
    tls: bool

    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def text(self) -> str:
        """The plain-text body, decoded."""
        msg = self.message()
        part = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
        return part.get_content()


@dataclass
class _State:
    received: list[Received] = field(default_factory=list)
    refuse_left: int = 0
    refuse_reply: str = "451 4.3.0 Try again later"
    refused: int = 0
    auth_failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler:
    def __init__(self, state: _State):
        self.state = state

    async def handle_DATA(self, server, session, envelope):
        with self.state.lock:
            if self.state.refuse_left > 0:
                self.state.refuse_left -= 1
                self.state.refused += 1
                return self.state.refuse_reply
            self.state.received.append(Received(
                envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content or b""),
                session.auth_data if session.authenticated else None,
                session.ssl is not None))
        return "250 2.0.0 OK"


class SmtpServer:
    """STARTTLS + AUTH SMTP on 127.0.0.1:<port>. start()/stop() may be called
    again: the port stays the same."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="hearth-smtp-"))
        self.cert, self.key = make_certificate(self.dir)
        self.port = _free_port()
        self._state = _State()
        self._controller: Controller | None = None

    # --- running ---

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
              and auth_data.password == PASSWORD.encode())
        if not ok:
            with self._state.lock:
                self._state.auth_failures += 1
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=USER)

    def start(self) -> "SmtpServer":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        self._controller = Controller(
            _Handler(self._state), hostname="127.0.0.1", port=self.port,
            tls_context=context, require_starttls=True, auth_required=True, auth_require_tls=True,
            authenticator=self._authenticate, auth_exclude_mechanism=["CRAM-MD5"])
        deadline = time.monotonic() + 10
        while True:  # the port may linger for a moment after stop()
            try:
                self._controller.start()
                return self
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        """Takes the server down: connections to the port are refused."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- what Hearth needs ---

    def hearth_env(self) -> dict[str, str]:
        return {
            "HEARTH_SMTP_URL": f"smtp://127.0.0.1:{self.port}",
            "HEARTH_SMTP_USER": USER,
            "HEARTH_SMTP_PASSWORD": PASSWORD,
            "HEARTH_SMTP_CA_FILE": str(self.cert),
            "HEARTH_MAIL_RETRY_BASE": "1s",
        }

    # --- behaviour ---

    def refuse_next(self, count: int, permanent: bool = False) -> None:
        """The next `count` messages are refused after DATA: 451 (try again)
        or, when permanent, 550 (never)."""
        with self._state.lock:
            self._state.refuse_left = count
            self._state.refuse_reply = ("550 5.7.1 Refused by policy" if permanent
                                        else "451 4.3.0 Try again later")

    # --- what was received ---

    @property
    def refused(self) -> int:
        with self._state.lock:
            return self._state.refused

    @property
    def auth_failures(self) -> int:
        with self._state.lock:
            return self._state.auth_failures

    def messages(self, to: str | None = None) -> list[Received]:
        with self._state.lock:
            got = list(self._state.received)
        return [m for m in got if to is None or any(r.lower() == to.lower() for r in m.rcpt_tos)]

    def wait_for(self, to: str, count: int = 1, subject: str = "", timeout: float = 20.0) -> list[Received]:
        """Waits until `count` messages to `to` (with `subject` in the
        subject, when given) have arrived; returns them all."""
        deadline = time.monotonic() + timeout
        while True:
            got = [m for m in self.messages(to) if subject in str(m.message()["Subject"])]
            if len(got) >= count or time.monotonic() > deadline:
                return got
            time.sleep(0.1)
