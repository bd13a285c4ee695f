"""Starts real Hearth servers for the integration tests.

Each server gets its own data directory and, for PostgreSQL, its own fresh
database (created from HEARTH_TEST_POSTGRES_URL and dropped afterwards).
Without HEARTH_TEST_POSTGRES_URL the PostgreSQL variants are skipped.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from hearth_client import Client, enrol_two_factor

ROOT = Path(__file__).resolve().parents[2]
HEARTH_BIN = os.environ.get("HEARTH_BIN", str(ROOT / "build" / "hearth"))
POSTGRES_URL = os.environ.get("HEARTH_TEST_POSTGRES_URL", "")
ENGINES = ["sqlite", "postgresql"]
LISTENING = re.compile(r"Hearth is listening on http://127\.0\.0\.1:(\d+)")


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True, text=True, timeout=60)


def _with_database(url: str, dbname: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + dbname))


class PostgresDatabase:
    """A fresh database on the test PostgreSQL server, dropped on close()."""

    def __init__(self):
        self.name = "hearth_it_" + uuid.uuid4().hex[:16]
        _psql(POSTGRES_URL, f"CREATE DATABASE {self.name}")
        self.url = _with_database(POSTGRES_URL, self.name)

    def close(self) -> None:
        # WITH (FORCE) ends the sessions it finds, but a client that
        # reconnects at once (a node's LISTEN connection, a command still
        # finishing) can hold the database again before the drop: try again.
        for attempt in range(10):
            try:
                _psql(POSTGRES_URL, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
                return
            except subprocess.CalledProcessError as e:
                if attempt == 9:
                    raise RuntimeError(f"cannot drop {self.name}: {e.stderr}") from e
                time.sleep(0.3)


class HearthServer:
    def __init__(self, engine: str, extra_env: dict[str, str] | None = None):
        self.engine = engine
        self.data_dir = tempfile.mkdtemp(prefix="hearth-it-")
        self.pg: PostgresDatabase | None = None
        env = {k: v for k, v in os.environ.items() if not k.startswith("HEARTH_")}
        env.update({
            "HEARTH_LISTEN": "127.0.0.1:0",
            "HEARTH_DATA_DIR": self.data_dir,
            "HEARTH_RATE_LIMITS": "off",
            "HEARTH_ACCESS_LOG": "off",
            "HEARTH_THREADS": "4",
        })
        if engine == "postgresql":
            self.pg = PostgresDatabase()
            env["HEARTH_DATABASE_URL"] = self.pg.url
        else:
            env["HEARTH_DATABASE_URL"] = "sqlite://" + os.path.join(self.data_dir, "hearth.db")
        env.update(extra_env or {})
        self.env = env
        self.log_lines: list[str] = []
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self.returncode: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> Client:
        return Client(self.url)

    def log(self) -> str:
        return "".join(self.log_lines)

    def start(self, timeout: float = 30.0) -> "HearthServer":
        self.port = None
        # cwd is the data directory so a stray ./hearth.toml is never read.
        self.proc = subprocess.Popen([HEARTH_BIN, "serve"], env=self.env, cwd=self.data_dir,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        started = threading.Event()

        def reader():
            for line in self.proc.stdout:
                self.log_lines.append(line)
                if self.port is None:
                    m = LISTENING.search(line)
                    if m:
                        self.port = int(m.group(1))
                        started.set()
            started.set()

        threading.Thread(target=reader, daemon=True).start()
        if not started.wait(timeout) or self.port is None:
            self.stop()
            raise RuntimeError(f"Hearth ({self.engine}) did not start:\n{self.log()}")
        return self

    def stop(self, timeout: float = 15.0) -> int | None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.returncode = self.proc.returncode
        return self.returncode

    def cleanup(self) -> None:
        self.stop()
        if self.pg:
            self.pg.close()
            self.pg = None
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def cli(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        """Runs `hearth <args>` with the server's environment."""
        return subprocess.run([HEARTH_BIN, *args], env=self.env, cwd=self.data_dir, input=stdin,
                              capture_output=True, text=True, timeout=60)

    def create_admin(self, email: str, password: str, name: str = "Site Admin") -> None:
        r = self.cli("admin", "create", "--email", email, "--name", name, stdin=password + "\n")
        assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
        # Admins reach the admin area only with two-factor sign-in on; later
        # log-ins with this address send its remembered browser (hearth_client).
        enrol_two_factor(self.url, email, password)


def _skip_without_postgres(engine: str) -> None:
    if engine == "postgresql" and not POSTGRES_URL:
        pytest.skip("HEARTH_TEST_POSTGRES_URL is not set")


def _launch(engine: str, extra_env: dict[str, str] | None = None):
    _skip_without_postgres(engine)
    srv = HearthServer(engine, extra_env)
    try:
        srv.start()
    except Exception:
        srv.cleanup()
        raise
    return srv


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attaches the server's log to a failing test's report."""
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, HearthServer):
            rep.sections.append((f"Hearth log ({value.engine})", value.log()[-8000:]))


@pytest.fixture(scope="session", params=ENGINES)
def server(request):
    """One shared server per engine, rate limits off."""
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(params=ENGINES)
def rate_limited_server(request):
    """A fresh server per test with rate limits on; X-Forwarded-For is
    trusted so a test can pose as several client addresses."""
    srv = _launch(request.param, {"HEARTH_RATE_LIMITS": "on", "HEARTH_TRUST_PROXY": "on"})
    yield srv
    srv.cleanup()


@pytest.fixture(params=ENGINES)
def rate_limited_direct_server(request):
    """Rate limits on, X-Forwarded-For NOT trusted (the default)."""
    srv = _launch(request.param, {"HEARTH_RATE_LIMITS": "on"})
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module", params=ENGINES)
def short_idle_server(request):
    srv = _launch(request.param, {"HEARTH_SESSION_IDLE_TIMEOUT": "2s"})
    yield srv
    srv.cleanup()


@pytest.fixture(params=ENGINES)
def fresh_server(request):
    """A server of its own, for tests that stop it."""
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture
def client(server) -> Client:
    return server.client()


@pytest.fixture
def smtp():
    """A real SMTP server on loopback (STARTTLS + AUTH required), see
    smtp_server.py; point a server at it with smtp.hearth_env()."""
    from smtp_server import SmtpServer
    relay = SmtpServer().start()
    yield relay
    relay.close()


@pytest.fixture(params=ENGINES)
def mailing_server(request, smtp):
    """A fresh server per test that sends its e-mail through `smtp`, with
    retries 1 s apart at first."""
    srv = _launch(request.param, smtp.hearth_env())
    yield srv
    srv.cleanup()
