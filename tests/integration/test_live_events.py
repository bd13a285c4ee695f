"""Live updates: GET /api/v1/events as a server-sent event stream (with
Last-Event-ID resume, heartbeats, the per-person and per-node stream limits,
log-out and shutdown ending streams) and as JSON polling.

Events are written straight into the user_events table of the database the
server uses, as the features that publish them do inside their writes; the
server learns of them through its once-a-second watch.
"""
from __future__ import annotations

import json
import socket
import time
import urllib.parse

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, api_log_in, api_sign_up, bearer
from message_helpers import db_rows

WITHIN = 4.0  # seconds an event may take to arrive (the watch polls once a second)


# --- helpers ---

def person(server) -> tuple[int, str]:
    """A new member: (user id, bearer token)."""
    email, user = api_sign_up(server.url)
    return user["id"], api_log_in(server.url, email)["token"]


def publish(server, user_id: int, kind: str = "message", subject_id: int = 0, object_id: int = 0) -> int:
    """Writes one user event as a feature would; returns its id."""
    now = int(time.time())
    sql = ("INSERT INTO user_events (user_id, kind, subject_id, object_id, created_at) "
           f"VALUES ({int(user_id)}, '{kind}', {int(subject_id)}, {int(object_id)}, {now}) RETURNING id")
    return int(db_rows(server, sql)[0][0])


class Stream:
    """A raw server-sent event client: the header block, then events as the
    server writes them (chunked transfer decoded here)."""

    def __init__(self, server, token: str | None, last_event_id: str | None = None, path: str = "/api/v1/events",
                 accept: str = "text/event-stream", version: str = "1.1"):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        lines = [f"GET {path} HTTP/{version}", f"Host: 127.0.0.1:{server.port}", f"Accept: {accept}"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        if last_event_id is not None:
            lines.append(f"Last-Event-ID: {last_event_id}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.raw = b""
        self.text = ""  # decoded body not yet parsed into events
        self.eof = False
        while b"\r\n\r\n" not in self.raw:
            self._recv(10)
            if self.eof:
                raise AssertionError("no response header")
        head, self.raw = self.raw.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode().split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {}
        for line in header_lines:
            name, value = line.split(":", 1)
            self.headers[name.strip().lower()] = value.strip()
        self.chunked = self.headers.get("transfer-encoding", "").lower() == "chunked"
        self.comments: list[str] = []
        self.retry: int | None = None

    def _recv(self, timeout: float) -> None:
        self.sock.settimeout(max(timeout, 0.01))
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return
        except OSError:
            data = b""
        if not data:
            self.eof = True
        self.raw += data

    def _decode(self) -> None:
        if not self.chunked:
            self.text += self.raw.decode()
            self.raw = b""
            return
        while b"\r\n" in self.raw:
            size_line, rest = self.raw.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                self.raw = b""
                self.ended_cleanly = True
                return
            if len(rest) < size + 2:
                return
            self.text += rest[:size].decode()
            self.raw = rest[size + 2:]

    def next_event(self, timeout: float = WITHIN) -> dict | None:
        """The next event ({"id", "event", "data"}), or None when none comes in time."""
        deadline = time.monotonic() + timeout
        while True:
            self._decode()
            while "\n\n" in self.text:
                block, self.text = self.text.split("\n\n", 1)
                event: dict = {}
                for line in block.split("\n"):
                    if line.startswith(":"):
                        self.comments.append(line[1:].strip())
                        continue
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "retry":
                        self.retry = int(value)
                    elif field == "data":
                        event["data"] = event["data"] + "\n" + value if "data" in event else value
                    elif field in ("id", "event"):
                        event[field] = value
                if "data" in event:
                    event["data"] = json.loads(event["data"])
                    return event
            left = deadline - time.monotonic()
            if left <= 0 or self.eof:
                return None
            self._recv(left)

    def ends_within(self, timeout: float) -> bool:
        """True when the server closes the stream within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not self.eof and time.monotonic() < deadline:
            self._recv(deadline - time.monotonic())
        return self.eof

    def close(self) -> None:
        self.sock.close()


def poll(server, token: str | None, query: str = "") -> tuple[int, dict]:
    res = Client(server.url).get("/api/v1/events" + query, headers=bearer(token) if token else {})
    return res.status, res.json() if res.body else {}


# --- the stream ---

def test_a_stream_carries_an_event_written_after_it_opened(server):
    uid, token = person(server)
    s = Stream(server, token)
    try:
        assert s.status == 200
        assert s.headers["content-type"].startswith("text/event-stream")
        assert s.headers["cache-control"] == "no-store"
        assert s.headers["x-accel-buffering"] == "no"
        assert "content-length" not in s.headers
        assert s.headers["x-content-type-options"] == "nosniff"  # the security headers still apply
        eid = publish(server, uid, "message", 41, 42)
        started = time.monotonic()
        event = s.next_event()
        assert event is not None, "the event did not arrive"
        assert time.monotonic() - started < WITHIN
        assert s.retry == 5000
        assert event["id"] == str(eid)
        assert event["event"] == "message"
        assert event["data"] == {"id": eid, "kind": "message", "subject_id": 41, "object_id": 42,
                                 "unread_messages": 0}
    finally:
        s.close()


def test_an_http_1_0_client_gets_a_stream_ended_by_closing(server):
    uid, token = person(server)
    s = Stream(server, token, version="1.0")
    try:
        assert s.status == 200
        assert "transfer-encoding" not in s.headers and "content-length" not in s.headers
        eid = publish(server, uid, "message", 1, 2)
        event = s.next_event()
        assert event and event["id"] == str(eid)
    finally:
        s.close()


def test_a_stream_starts_after_the_newest_event_when_no_id_is_given(server):
    uid, token = person(server)
    publish(server, uid, "old")
    s = Stream(server, token)
    try:
        newer = publish(server, uid, "new")
        event = s.next_event()
        assert event and event["id"] == str(newer) and event["event"] == "new"
    finally:
        s.close()


def test_resuming_with_last_event_id_delivers_exactly_the_missed_events_in_order(server):
    uid, token = person(server)
    s = Stream(server, token)
    first = publish(server, uid, "message", 1, 1)
    assert s.next_event()["id"] == str(first)
    s.close()
    missed = [publish(server, uid, "message", 1, n) for n in (2, 3, 4)]
    for how in ("header", "query"):
        if how == "header":
            r = Stream(server, token, last_event_id=str(first))
        else:
            r = Stream(server, token, path=f"/api/v1/events?last_event_id={first}")
        try:
            got = []
            while (event := r.next_event(timeout=2.0)) is not None:
                got.append(int(event["id"]))
            assert got == missed, how
        finally:
            r.close()


def test_a_bad_last_event_id_is_refused(server):
    _, token = person(server)
    s = Stream(server, token, last_event_id="12; drop")
    try:
        assert s.status == 422
    finally:
        s.close()


def test_another_persons_events_never_reach_a_stream(server):
    alice, alice_token = person(server)
    bob, bob_token = person(server)
    a = Stream(server, alice_token)
    b = Stream(server, bob_token, last_event_id="0")
    try:
        for_bob = publish(server, bob, "message", 5, 6)
        for_alice = publish(server, alice, "message", 7, 8)
        event = a.next_event()
        assert event["id"] == str(for_alice)
        assert a.next_event(timeout=1.5) is None
        got = []
        while (event := b.next_event(timeout=1.5)) is not None:
            got.append(int(event["id"]))
        assert got == [for_bob]
    finally:
        a.close()
        b.close()


def test_visitors_get_401(server):
    s = Stream(server, None)
    try:
        assert s.status == 401
        assert "text/event-stream" not in s.headers.get("content-type", "")
    finally:
        s.close()
    status, body = poll(server, None, "?after=0")
    assert status == 401 and body["error"]["code"] == "unauthorized"
    s = Stream(server, "not-a-real-token")
    try:
        assert s.status == 401
    finally:
        s.close()


def test_logging_out_ends_the_stream_and_tells_it_nothing_more(server):
    email, _ = api_sign_up(server.url)
    session = api_log_in(server.url, email)
    uid, token = session["user"]["id"], session["token"]
    s = Stream(server, token)
    try:
        assert s.status == 200
        assert s.next_event(timeout=0.5) is None  # the retry line only
        assert Client(server.url).delete("/api/v1/session", headers=bearer(token)).status in (200, 204)
        publish(server, uid, "message", 9, 9)
        assert s.next_event(timeout=WITHIN) is None
        assert s.ends_within(WITHIN)
    finally:
        s.close()


def test_one_person_may_hold_five_streams(server):
    _, token = person(server)
    streams = [Stream(server, token) for _ in range(5)]
    try:
        assert [s.status for s in streams] == [200] * 5
        sixth = Stream(server, token)
        assert sixth.status == 429
        assert int(sixth.headers["retry-after"]) > 0
        sixth.close()
        # Someone else is not affected.
        _, other = person(server)
        theirs = Stream(server, other)
        assert theirs.status == 200
        theirs.close()
        # Closing one frees its place (the server notices the close at once).
        streams.pop().close()
        deadline = time.monotonic() + 5
        while True:
            again = Stream(server, token)
            if again.status == 200 or time.monotonic() > deadline:
                break
            again.close()
            time.sleep(0.2)
        assert again.status == 200
        streams.append(again)
    finally:
        for s in streams:
            s.close()


# --- with messages: a committed send wakes the recipient's streams ---

def test_a_message_reaches_the_recipients_stream_with_the_unread_count(server):
    from message_helpers import member, read, send, specialist, start
    m, sp = member(server), specialist(server)
    theirs = Stream(server, sp.token)
    mine = Stream(server, m.token)
    try:
        res = start(m, sp.slug, "Hello, could we talk this week?")
        assert res.status == 201, res
        conversation, message = res.json()["conversation"]["id"], res.json()["message"]["id"]
        event = theirs.next_event()
        assert event and event["event"] == "message"
        assert event["data"]["subject_id"] == conversation and event["data"]["object_id"] == message
        assert event["data"]["unread_messages"] == 1
        assert "Hello" not in json.dumps(event)  # ids only, never what was written
        # Reading lowers the count on the reader's other pages.
        assert read(sp, conversation).status == 200
        event = theirs.next_event()
        assert event and event["event"] == "read" and event["data"]["unread_messages"] == 0
        # The sender's own stream heard nothing of the recipient's events; the reply reaches it.
        assert send(sp, conversation, "Yes, Tuesday works.").status == 201
        event = mine.next_event()
        assert event and event["event"] == "message" and event["data"]["unread_messages"] == 1
    finally:
        theirs.close()
        mine.close()


# --- polling ---

def test_polling_returns_the_events_after_an_id(server):
    uid, token = person(server)
    status, body = poll(server, token)
    assert status == 200 and body == {"items": [], "last_id": 0, "unread_messages": 0}
    ids = [publish(server, uid, "read", 3, n) for n in (0, 1)]
    status, body = poll(server, token)  # no after: where to start, nothing older
    assert status == 200 and body["items"] == [] and body["last_id"] == ids[-1]
    status, body = poll(server, token, "?after=0")
    assert status == 200
    assert body["items"] == [{"id": ids[0], "kind": "read", "subject_id": 3, "object_id": 0},
                             {"id": ids[1], "kind": "read", "subject_id": 3, "object_id": 1}]
    assert body["last_id"] == ids[-1] and body["unread_messages"] == 0
    status, body = poll(server, token, f"?after={ids[0]}")
    assert [i["id"] for i in body["items"]] == [ids[1]]
    status, body = poll(server, token, f"?after={ids[-1]}")
    assert body["items"] == [] and body["last_id"] == ids[-1]
    # ?after= answers JSON even to an event-stream Accept header (the fallback).
    s = Stream(server, token, path="/api/v1/events?after=0")
    try:
        assert s.status == 200 and s.headers["content-type"] == "application/json"
    finally:
        s.close()


def test_polling_never_shows_another_persons_events(server):
    alice, alice_token = person(server)
    bob, _ = person(server)
    publish(server, bob, "message", 1, 2)
    mine = publish(server, alice, "message", 3, 4)
    _, body = poll(server, alice_token, "?after=0")
    assert [i["id"] for i in body["items"]] == [mine]


@pytest.mark.parametrize("after", ["-1", "abc", "1.5", "99999999999999999999999"])
def test_polling_refuses_a_bad_after(server, after):
    _, token = person(server)
    status, body = poll(server, token, "?after=" + urllib.parse.quote(after))
    assert status == 422 and body["error"]["field"] == "after"


# --- a node of its own: heartbeats, the node limit, shutdown ---

@pytest.fixture(params=ENGINES)
def small_node(request):
    srv = _launch(request.param, {"HEARTH_LIVE_HEARTBEAT": "1s", "HEARTH_LIVE_MAX_STREAMS": "3"})
    yield srv
    srv.cleanup()


def test_heartbeats_node_limit_and_shutdown_closing_streams_promptly(small_node):
    people = [person(small_node) for _ in range(4)]
    streams = [Stream(small_node, token) for _, token in people[:3]]
    try:
        assert [s.status for s in streams] == [200] * 3
        full = Stream(small_node, people[3][1])
        assert full.status == 503 and int(full.headers["retry-after"]) > 0
        full.close()
        # An idle stream hears a heartbeat comment every second here.
        assert streams[0].next_event(timeout=2.5) is None
        assert "keep-alive" in streams[0].comments
        # SIGTERM: streams end at once, not after the 20-second grace.
        started = time.monotonic()
        small_node.proc.send_signal(15)
        for s in streams:
            assert s.ends_within(3.0)
        assert time.monotonic() - started < 3.0
        small_node.proc.wait(10)
        assert small_node.proc.returncode == 0
    finally:
        for s in streams:
            s.close()
