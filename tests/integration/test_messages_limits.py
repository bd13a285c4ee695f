"""The send rate rule of private messages, with rate limits on (both engines)."""
from __future__ import annotations

from message_helpers import member, send, specialist, started


def test_send_limit_answers_429_with_retry_after(rate_limited_server):
    server = rate_limited_server
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)  # the first of 60 an hour
    for i in range(59):
        res = send(m, conv, f"message {i}")
        assert res.status == 201, (i, res)
    res = send(m, conv, "one too many")
    assert res.status == 429, res
    assert int(res.headers.get("Retry-After")) > 0
    assert res.error()["code"] == "rate_limited"
    # The other side is counted on their own.
    assert send(s, conv, "a reply").status == 201
