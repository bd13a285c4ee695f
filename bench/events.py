#!/usr/bin/env python3
"""One Hearth node holding many open event streams (GET /api/v1/events).

Run by bench/events.sh, which starts Hearth; this script:
  1. creates people and bearer sessions straight in the database (no
     password hashing: the benchmark is about streams, not log-ins);
  2. opens --streams event streams, --per-person per person;
  3. measures Hearth's resident memory (VmRSS) and CPU time while the
     streams sit idle for --idle seconds;
  4. publishes --events user events (straight into user_events, as another
     node would) while wrk loads a page, and measures for every event and
     every stream of its person the delay from the insert's commit to the
     event's arrival (the cross-node path: Hearth's once-a-second watch);
  5. with --messages N, sends N messages from a member to a specialist
     through the API while wrk loads the page again, the 1,000 streams still
     open, and times each from the start of its send request to its event's
     arrival on the specialist's stream (the same-node path: the send wakes
     the stream after its commit).
Prints one line of JSON with the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import sys
from pathlib import Path
import secrets
import sqlite3
import subprocess
import threading
import time


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Database:
    """SQL on the node's database: sqlite3 in process, PostgreSQL through one psql."""

    def __init__(self, url: str):
        self.url = url
        self.lock = threading.Lock()
        if url.startswith("sqlite://"):
            self.sqlite = sqlite3.connect(url.removeprefix("sqlite://"), timeout=30, check_same_thread=False)
            self.psql = None
        else:
            self.sqlite = None
            self.psql = subprocess.Popen(["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def script(self, sql: str) -> None:
        if self.sqlite:
            self.sqlite.executescript(sql)
            self.sqlite.commit()
        else:
            subprocess.run(["psql", self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1"], input=sql, text=True,
                           check=True, capture_output=True)

    def one(self, sql: str) -> int:
        with self.lock:
            if self.sqlite:
                value = self.sqlite.execute(sql).fetchone()[0]
                self.sqlite.commit()
                return int(value)
            self.psql.stdin.write(sql.rstrip(";") + ";\n")
            self.psql.stdin.flush()
            return int(self.psql.stdout.readline().strip())


def make_people(db: Database, count: int) -> list[tuple[int, str]]:
    now = int(time.time())
    run = secrets.token_hex(4)
    rows, sessions, tokens = [], [], []
    for i in range(count):
        email = f"stream-{run}-{i}@example.org"
        rows.append(f"('{email}', '{email}', 'x', 'Stream {i}', 'member', {now}, {now})")
    db.script("INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, "
              "updated_at) VALUES " + ",".join(rows) + ";")
    first = db.one(f"SELECT MIN(id) FROM users WHERE email LIKE 'stream-{run}-%'")
    for i in range(count):
        token = secrets.token_urlsafe(32)
        digest = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        sessions.append(f"('{digest}', {first + i}, 'csrf', 'bearer', {now}, {now}, {now + 86400}, {now + 86400})")
        tokens.append((first + i, token))
    db.script("INSERT INTO sessions (token_hash, user_id, csrf_token, kind, created_at, last_seen_at, "
              "idle_expires_at, absolute_expires_at) VALUES " + ",".join(sessions) + ";")
    return tokens


class Stream:
    def __init__(self, index: int, user_id: int):
        self.index = index
        self.user_id = user_id
        self.arrived: dict[int, float] = {}  # event id -> monotonic arrival time
        self.objects: dict[int, float] = {}  # the event's object_id (a message) -> arrival time
        self.opened = asyncio.Event()
        self.status = 0
        self.writer = None

    async def run(self, host: str, port: int, token: str) -> None:
        reader, self.writer = await asyncio.open_connection(host, port)
        self.writer.write((f"GET /api/v1/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n"
                           f"Authorization: Bearer {token}\r\n\r\n").encode())
        await self.writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        self.status = int(head.split()[1])
        self.opened.set()
        if self.status != 200:
            return
        text = ""
        while True:
            size_line = await reader.readline()
            if not size_line:
                return
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                return
            chunk = await reader.readexactly(size + 2)
            now = time.monotonic()
            text += chunk[:-2].decode()
            while "\n\n" in text:
                block, text = text.split("\n\n", 1)
                for line in block.split("\n"):
                    if line.startswith("id: "):
                        self.arrived[int(line[4:])] = now
                    elif line.startswith("data: "):
                        self.objects[json.loads(line[6:])["object_id"]] = now


class Node:
    """What tests/integration's helpers need of a server: its address and
    `hearth admin create` with the same database."""

    def __init__(self, port: int, hearth_bin: str, database_url: str, data_dir: str):
        self.url = f"http://127.0.0.1:{port}"
        self.bin = hearth_bin
        self.env = {**os.environ, "HEARTH_DATABASE_URL": database_url, "HEARTH_DATA_DIR": data_dir}

    def create_admin(self, email: str, password: str, name: str = "Bench Admin") -> None:
        subprocess.run([self.bin, "admin", "create", "--email", email, "--name", name], env=self.env,
                       input=password + "\n", text=True, check=True, capture_output=True, timeout=60)


async def messages_under_load(args, loop) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
    from consultation_helpers import member, specialist  # noqa: E402
    from message_helpers import send, started  # noqa: E402

    node = Node(args.port, args.bin, args.database_url, args.data_dir)
    sp = await loop.run_in_executor(None, specialist, node)
    m = await loop.run_in_executor(None, member, node)
    conversation = await loop.run_in_executor(None, started, m, sp.slug)
    stream = Stream(-1, sp.user["id"])
    task = asyncio.create_task(stream.run("127.0.0.1", args.port, sp.token))
    await stream.opened.wait()
    wrk = subprocess.Popen(["wrk", *args.wrk.split(), f"-d{args.load_seconds}s", "--latency",
                            f"http://127.0.0.1:{args.port}{args.load_path}"], stdout=subprocess.PIPE, text=True)
    await asyncio.sleep(1)
    gap = max(0.01, (args.load_seconds - 3) / max(1, args.messages))
    sent: list[tuple[int, float, float]] = []  # (message id, request start, answer)
    for n in range(args.messages):
        started_at = time.monotonic()
        res = await loop.run_in_executor(None, send, m, conversation, f"Bench message {n}")
        answered = time.monotonic()
        if res.status == 201:
            sent.append((res.json()["message"]["id"], started_at, answered))
        await asyncio.sleep(gap)
    await loop.run_in_executor(None, wrk.communicate)
    await asyncio.sleep(2)
    task.cancel()
    stream.writer.close()
    delays = [(stream.objects[mid] - at) * 1000 for mid, at, _ in sent if mid in stream.objects]
    sends = [(answered - at) * 1000 for _, at, answered in sent]
    return {"messages": len(sent), "message_deliveries": len(delays),
            "message_latency_p50_ms": round(percentile(delays, 50), 1),
            "message_latency_p99_ms": round(percentile(delays, 99), 1),
            "message_latency_max_ms": round(max(delays) if delays else float("nan"), 1),
            "send_p50_ms": round(percentile(sends, 50), 1), "send_p99_ms": round(percentile(sends, 99), 1)}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--streams", type=int, default=1000)
    ap.add_argument("--per-person", type=int, default=5)
    ap.add_argument("--idle", type=float, default=30)
    ap.add_argument("--events", type=int, default=200)
    ap.add_argument("--load-seconds", type=int, default=20)
    ap.add_argument("--load-path", default="/login")
    ap.add_argument("--wrk", default="-t1 -c16")
    ap.add_argument("--messages", type=int, default=0)
    ap.add_argument("--bin", default="build/hearth")
    ap.add_argument("--data-dir", default="")
    args = ap.parse_args()

    db = Database(args.database_url)
    people = make_people(db, (args.streams + args.per_person - 1) // args.per_person)
    rss_before = rss_kib(args.pid)
    streams: list[Stream] = []
    tasks = []
    started = time.monotonic()
    for i in range(args.streams):
        user_id, token = people[i // args.per_person]
        s = Stream(i, user_id)
        streams.append(s)
        tasks.append(asyncio.create_task(s.run("127.0.0.1", args.port, token)))
        if i % 100 == 99:
            await asyncio.gather(*(x.opened.wait() for x in streams[-100:]))
    await asyncio.gather(*(s.opened.wait() for s in streams))
    open_seconds = time.monotonic() - started
    refused = sum(1 for s in streams if s.status != 200)

    rss_open = rss_kib(args.pid)
    cpu0 = cpu_seconds(args.pid)
    await asyncio.sleep(args.idle)
    idle_cpu = cpu_seconds(args.pid) - cpu0
    rss_idle = rss_kib(args.pid)

    # Events under load: wrk on a page while events are published.
    by_person: dict[int, list[Stream]] = {}
    for s in streams:
        by_person.setdefault(s.user_id, []).append(s)
    wrk = subprocess.Popen(["wrk", *args.wrk.split(), f"-d{args.load_seconds}s", "--latency",
                            f"http://127.0.0.1:{args.port}{args.load_path}"], stdout=subprocess.PIPE, text=True)
    await asyncio.sleep(1)
    published: list[tuple[int, int, float]] = []  # (event id, user id, commit time)
    gap = max(0.01, (args.load_seconds - 3) / max(1, args.events))
    loop = asyncio.get_running_loop()
    cpu_load0 = cpu_seconds(args.pid)
    for n in range(args.events):
        user_id = random.choice(list(by_person))
        sql = ("INSERT INTO user_events (user_id, kind, subject_id, object_id, created_at) VALUES "
               f"({user_id}, 'message', {n}, {n}, {int(time.time())}) RETURNING id")
        event_id = await loop.run_in_executor(None, db.one, sql)
        published.append((event_id, user_id, time.monotonic()))
        await asyncio.sleep(gap)
    wrk_out = (await loop.run_in_executor(None, wrk.communicate))[0]
    load_cpu = cpu_seconds(args.pid) - cpu_load0
    await asyncio.sleep(3)

    delays, missing = [], 0
    for event_id, user_id, at in published:
        for s in by_person[user_id]:
            if event_id in s.arrived:
                delays.append((s.arrived[event_id] - at) * 1000)
            else:
                missing += 1
    rps = next((line.split()[1] for line in wrk_out.splitlines() if line.startswith("Requests/sec")), "?")
    p99_page = next((line.split()[1] for line in wrk_out.splitlines()
                     if line.split()[:1] in (["99.000%"], ["99%"])), "?")
    via_messages = await messages_under_load(args, loop) if args.messages else {}
    for t in tasks:
        t.cancel()
    for s in streams:
        if s.writer:
            s.writer.close()
    print(json.dumps({**via_messages,
        "streams": args.streams, "refused": refused, "open_seconds": round(open_seconds, 2),
        "rss_before_mib": round(rss_before / 1024, 1), "rss_open_mib": round(rss_open / 1024, 1),
        "rss_idle_mib": round(rss_idle / 1024, 1),
        "kib_per_stream": round((rss_idle - rss_before) / max(1, args.streams), 1),
        "idle_seconds": args.idle, "idle_cpu_percent": round(100 * idle_cpu / args.idle, 2),
        "events": len(published), "deliveries": len(delays), "missing": missing,
        "latency_p50_ms": round(percentile(delays, 50), 1), "latency_p99_ms": round(percentile(delays, 99), 1),
        "latency_max_ms": round(max(delays) if delays else float("nan"), 1),
        "load_path": args.load_path, "load_rps": rps, "load_p99": p99_page,
        "load_cpu_seconds": round(load_cpu, 2),
    }))


if __name__ == "__main__":
    asyncio.run(main())
