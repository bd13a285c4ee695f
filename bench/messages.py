#!/usr/bin/python3
"""Messages benchmark, on SQLite and PostgreSQL in turn:

  (a) sustained durable send rate: C concurrent senders (threads, one
      kept-alive connection each, each member in a conversation of their
      own with one specialist) POST /api/v1/conversations/{id}/messages
      for D seconds; a send is answered only after its transaction has
      committed. Reported: sends/s, p50 and p99 of the send.
  (b) reading: wrk on GET /api/v1/conversations/{id}/messages (the newest
      50 of a conversation with 200 messages, bearer token) and, when the
      conversation page exists, GET /messages/{id} (cookie session).

    bench/messages.py [seconds=10] [senders=16] [wrk connections=32] [wrk threads=2]

Engines: HEARTH_BENCH_ENGINES (default "sqlite postgresql"); PostgreSQL
from HEARTH_TEST_POSTGRES_URL (a server whose role may CREATE DATABASE; a
database of its own is made and dropped). HEARTH_BIN: the build to measure.
Rate limits and the access log are off. Prints a Markdown table.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from conftest import _launch  # noqa: E402
from hearth_client import Client  # noqa: E402
from message_helpers import member, specialist, start  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def sustained_sends(server, conversations, seconds: float) -> tuple[float, float, float, int, int]:
    """(sends/s, p50 ms, p99 ms, sends, errors) over `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = [0.0]
    go = threading.Event()

    def worker(person, cid):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        headers = {"Authorization": "Bearer " + person.token, "Content-Type": "application/json"}
        mine: list[float] = []
        bad = 0
        go.wait()
        while time.monotonic() < stop_at[0]:
            body = json.dumps({"body": "Benchmark message: how are you doing this week?",
                               "idempotency_key": "bench-" + uuid.uuid4().hex})
            t0 = time.perf_counter()
            conn.request("POST", f"/api/v1/conversations/{cid}/messages", body=body, headers=headers)
            res = conn.getresponse()
            res.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if res.status != 201:
                bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker, args=pc) for pc in conversations]
    for t in threads:
        t.start()
    started = time.monotonic()
    stop_at[0] = started + seconds
    go.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return (len(latencies) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), len(latencies),
            errors[0])


def to_ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url: str, header: str, seconds: float, connections: int, threads: int) -> str:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "--latency",
                          "-H", header, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\b50(?:\.000)?%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\b99(?:\.000)?%\s+(\S+)", out).group(1))
    errors = " ".join(line.strip() for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line)
    return f"{rps:.0f} | {p50:.2f} | {p99:.2f} | {errors or 'none'}"


def bench_engine(engine: str, seconds: float, senders: int, connections: int, wrk_threads: int) -> list[str]:
    server = _launch(engine, {"HEARTH_THREADS": str(max(4, senders))})
    rows = []
    try:
        slug = specialist(server).slug
        conversations = []
        for _ in range(senders):
            person = member(server)
            res = start(person, slug, "Hello, may I ask about your availability?")
            assert res.status == 201, res
            conversations.append((person, res.json()["conversation"]["id"]))
        rate, p50, p99, count, errors = sustained_sends(server, conversations, seconds)
        rows.append(f"| {engine} | durable send, {senders} senders | {rate:.0f} | {p50:.2f} | {p99:.2f} | "
                    f"{errors or 'none'} ({count} sends) |")
        # Reading: a conversation with at least 200 messages.
        person, cid = conversations[0]
        have = len(person.get(f"/api/v1/conversations/{cid}/messages?limit=100").json()["items"])
        for i in range(max(0, 200 - have)):
            res = person.post(f"/api/v1/conversations/{cid}/messages",
                              {"body": f"Filler {i}", "idempotency_key": uuid.uuid4().hex})
            assert res.status == 201, res
        api = f"{server.url}/api/v1/conversations/{cid}/messages?mark_read=0"
        rows.append(f"| {engine} | GET /api/v1/conversations/{{id}}/messages | "
                    f"{wrk(api, 'Authorization: Bearer ' + person.token, seconds, connections, wrk_threads)} |")
        c = Client(server.url)
        res = c.post("/api/v1/session", json={"email": person.email, "password": "correct horse battery staple 42"})
        page = c.get(f"/messages/{cid}")
        if page.status == 200:
            cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
            rows.append(f"| {engine} | GET /messages/{{id}} (page) | "
                        f"{wrk(f'{server.url}/messages/{cid}', 'Cookie: ' + cookie, seconds, connections, wrk_threads)} |")
        else:
            rows.append(f"| {engine} | GET /messages/{{id}} (page) | not in this build ({page.status}) | | | |")
    finally:
        server.cleanup()
    return rows


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    senders = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    connections = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    wrk_threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    engines = os.environ.get("HEARTH_BENCH_ENGINES", "sqlite postgresql").split()
    print("| engine | request | req/s | p50 ms | p99 ms | errors |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for engine in engines:
        for row in bench_engine(engine, seconds, senders, connections, wrk_threads):
            print(row, flush=True)


if __name__ == "__main__":
    main()
