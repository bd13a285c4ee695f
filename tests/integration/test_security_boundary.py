"""The boundary between Hearth and the network: text that is not clean UTF-8
is refused where it enters and nothing is stored; request framing that two
readers could read two ways is refused and the connection closed; headers
must arrive in time; each route's body limit applies; no secret reaches the
log; routing comes before the CSRF check. On both engines."""
import json
import socket
import time
import urllib.parse
import uuid

import pytest

from conftest import ENGINES, _launch
from consultation_helpers import book, member, open_slots, specialist
from hearth_client import (GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, extract_csrf, mail_text, mails_to,
                           raw_exchange, read_body, read_http_response, token_from_mail, unique_email)
from specialist_helpers import multipart, tiny_png

# Percent-encoded bytes that must never reach a handler: not UTF-8 (0xFF, an
# overlong NUL, a UTF-16 surrogate) or control characters (NUL, ESC, DEL, C1).
BAD = {"ff": "%ff", "overlong": "%c0%80", "surrogate": "%ed%a0%80", "nul": "%00", "esc": "%1b", "del": "%7f",
       "c1": "%c2%85"}
NOT_UTF8 = {k: BAD[k] for k in ("ff", "overlong", "surrogate")}
CONTROL = {k: BAD[k] for k in ("nul", "esc", "del", "c1")}


def raw(encoded: str) -> bytes:
    return urllib.parse.unquote_to_bytes(encoded)


def request_bytes(method, path, headers=None, body=b"", version="HTTP/1.1"):
    lines = [f"{method} {path} {version}".encode(), b"Host: 127.0.0.1"]
    for k, v in (headers or []):
        lines.append(k.encode() + b": " + (v if isinstance(v, bytes) else v.encode()))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def exchange_and_close(server, data: bytes):
    """Sends `data`, reads one response, and returns it with whatever came after
    it before the server closed the connection (b"" when it closed at once)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(data)
        f = s.makefile("rb")
        res = read_http_response(f)
        read_body(f, res)
        try:
            rest = f.read()
        except ConnectionResetError:
            rest = b""  # closed with our unread bytes still in its buffer: closed all the same
        except socket.timeout:
            rest = b"<no close>"
        return res, rest


def can_log_in(server, email, password=GOOD_PASSWORD) -> bool:
    res = Client(server.url).post("/api/v1/session", json={"email": email, "password": password})
    return res.status == 200


# --- 1. text at the boundary ---

@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_bad_bytes_in_a_path_parameter_are_404(server, bad):
    for path in [f"/api/v1/specialists/x{bad}", f"/api/v1/specialists/x{bad}/slots", f"/specialists/x{bad}",
                 f"/specialists/x{bad}/book", f"/api/v1/consultations/1{bad}", f"/admin/specialists/{bad}"]:
        res = Client(server.url).get(path)
        assert res.status == 404, (path, res)
        if path.startswith("/api/"):
            assert res.error()["code"] == "not_found"
        else:
            assert res.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_bad_bytes_in_a_query_value_are_400(server, bad):
    for target in [f"/api/v1/specialists?q=a{bad}", f"/api/v1/specialists?city=a{bad}&page=1",
                   f"/specialists?q={bad}", f"/specialists?city={bad}", f"/api/v1/specialists?{bad}=1"]:
        res = Client(server.url).get(target)
        assert res.status == 400, (target, res)
        if target.startswith("/api/"):
            assert res.error()["code"] == "invalid_text"


@pytest.mark.parametrize("bad", NOT_UTF8.values(), ids=NOT_UTF8.keys())
def test_a_redirect_target_must_be_text_but_falls_back_on_control_characters(server, bad):
    """return_to is only read through http::safe_local_target, which sends
    anything but a printable local path to "/": a control character there
    falls back (the log-in tests check where to), bytes that are not text
    do not get in at all."""
    assert Client(server.url).get(f"/login?return_to=/account{bad}").status == 400
    for control in CONTROL.values():
        res = Client(server.url).get(f"/login?return_to=/account{control}")
        assert res.status == 200, res
        assert 'name="return_to" value="/"' in res.text


@pytest.mark.parametrize("value", [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"a\x1bb", b"a\x7f"],
                         ids=["ff", "overlong", "surrogate", "esc", "del"])
def test_bad_bytes_in_a_header_are_400_and_log_no_one_in(server, value):
    email, _ = api_sign_up(server.url)
    body = json.dumps({"email": email, "password": GOOD_PASSWORD}).encode()
    res = raw_exchange(server.url, request_bytes("POST", "/api/v1/session", [
        ("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("User-Agent", value)], body))
    assert res.status == 400, res
    assert b"token" not in res.body


def test_a_foreign_cookie_with_bad_bytes_is_ignored(server):
    res = raw_exchange(server.url, request_bytes("GET", "/healthz", [("Cookie", b"other_app=\xff\xfe; x=1")]))
    assert res.status == 200, res


@pytest.mark.parametrize("bad", CONTROL.values(), ids=CONTROL.keys())
def test_control_characters_in_json_strings_are_422_and_store_nothing(server, bad):
    char = raw(bad).decode("utf-8")
    for field, value in [("display_name", f"Ann{char}Lee"), ("email", f"ann{char}@example.org")]:
        email = unique_email()
        body = {"email": email, "password": GOOD_PASSWORD, "display_name": "Ann Lee", field: value}
        res = Client(server.url).post("/api/v1/users", json=body)
        assert res.status == 422, (field, res)
        assert res.error()["field"] == field
        assert not can_log_in(server, body["email"])


@pytest.mark.parametrize("bad", NOT_UTF8.values(), ids=NOT_UTF8.keys())
def test_bytes_that_are_not_utf8_in_json_are_400_and_store_nothing(server, bad):
    email = unique_email()
    body = (b'{"email":"' + email.encode() + b'","password":"' + GOOD_PASSWORD.encode()
            + b'","display_name":"Ann' + raw(bad) + b'"}')
    res = Client(server.url).post("/api/v1/users", raw_body=body, content_type="application/json")
    assert res.status == 400, res
    assert not can_log_in(server, email)


@pytest.mark.parametrize("escaped", ["\\u0000", "\\ud800", "\\udfff"], ids=["nul", "lone-high", "lone-low"])
def test_json_escapes_of_nul_and_lone_surrogates_are_refused(server, escaped):
    email = unique_email()
    body = (f'{{"email":"{email}","password":"{GOOD_PASSWORD}","display_name":"Ann{escaped}Lee"}}').encode()
    res = Client(server.url).post("/api/v1/users", raw_body=body, content_type="application/json")
    assert res.status in (400, 422), res
    assert not can_log_in(server, email)


def test_nested_json_strings_are_checked(server):
    spec = specialist(server, listed=False)
    res = spec.put("/api/v1/me/availability", {"timezone": "UTC", "weekly": [
        {"weekday": 1, "start": "09:00\u001b", "end": "12:00"}], "time_off": []})
    assert res.status == 422, res
    assert res.error()["field"] == "weekly"
    res = spec.put("/api/v1/me/profile", {"specialties": ["attachment", "a\u0000"]})
    assert res.status == 422 and res.error()["field"] == "specialties", res


def test_passwords_keep_any_text_but_nul(server):
    email = unique_email()
    password = GOOD_PASSWORD + "\u001b\u007f\u0085"
    res = Client(server.url).post("/api/v1/users", json={"email": email, "password": password,
                                                         "display_name": "Esc Ape"})
    assert res.status == 202, res
    assert can_log_in(server, email, password)
    other = unique_email()
    res = Client(server.url).post("/api/v1/users", json={"email": other, "password": GOOD_PASSWORD + "\u0000",
                                                         "display_name": "Nul Person"})
    assert res.status == 422 and res.error()["field"] == "password", res
    assert not can_log_in(server, other, GOOD_PASSWORD + "\u0000")
    assert not can_log_in(server, other)


def urlencoded(c, fields, field, bad):
    parts = [f"{k}={urllib.parse.quote(v)}" + (bad if k == field else "") for k, v in fields.items()]
    return c.post("/signup", raw_body="&".join(parts), content_type="application/x-www-form-urlencoded")


def multipart_form(c, fields, field, bad):
    boundary = "----HearthBoundary" + uuid.uuid4().hex
    body = b""
    for k, v in fields.items():
        value = v.encode() + (raw(bad) if k == field else b"")
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + value + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return c.post("/signup", raw_body=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("encode", [urlencoded, multipart_form], ids=["urlencoded", "multipart"])
@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_bad_bytes_in_form_fields_are_refused_and_store_nothing(server, encode, bad):
    for field in ("display_name", "email"):
        c = Client(server.url)
        token = c.csrf_from("/signup")
        email = unique_email("form")
        fields = {"_csrf": token, "display_name": "Form Person", "email": email, "password": GOOD_PASSWORD,
                  "role": "member"}
        res = encode(c, fields, field, bad)
        expected = 400 if bad in NOT_UTF8.values() else 422
        assert res.status == expected, (field, res)
        assert res.headers["Content-Type"].startswith("text/html")
        if expected == 422:
            assert f'id="{field}-error"' in res.text  # the refusal names the field
        assert c.session_token is None
        assert not can_log_in(server, email)


@pytest.fixture(scope="module")
def bookable(server):
    return specialist(server)


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_the_booking_page_refuses_a_note_with_bad_bytes(server, bookable, bad):
    m = member(server)
    c = Client(server.url)
    assert c.post("/api/v1/session", json={"email": m.email, "password": GOOD_PASSWORD}).status == 200
    page = c.get(f"/specialists/{bookable.slug}/book?tz=UTC")
    assert page.status == 200
    start = open_slots(server, bookable.slug)[60]["start"]
    fields = {"_csrf": extract_csrf(page.text), "tz": "UTC", "start": start,
              "idempotency_key": uuid.uuid4().hex}
    body = urllib.parse.urlencode(fields) + "&note=Hello" + bad + "there"
    res = c.post(f"/specialists/{bookable.slug}/book", raw_body=body,
                 content_type="application/x-www-form-urlencoded")
    assert res.status in (400, 422), res
    assert m.get("/api/v1/consultations").json()["items"] == []
    # The slot is still open: nothing was stored.
    assert start in [s["start"] for s in open_slots(server, bookable.slug)]


@pytest.mark.parametrize("char", ["\u0000", "\u001b", "\u007f", "\u0085"], ids=["nul", "esc", "del", "c1"])
def test_the_booking_api_refuses_a_note_with_control_characters(server, bookable, char):
    m = member(server)
    start = open_slots(server, bookable.slug)[61]["start"]
    res = book(m, bookable.slug, start, note=f"Hello{char}there", idempotency_key=uuid.uuid4().hex)
    assert res.status == 422, res
    assert res.error()["field"] == "note"
    assert m.get("/api/v1/consultations").json()["items"] == []


# --- 2. framing (RFC 9112 section 6) ---

SMUGGLED = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


@pytest.mark.parametrize("codings", [["xchunked"], ["chunked, chunked"], ["chunked", "chunked"], ["identity"],
                                     ["chunked;x=1"], ["chunked", "xchunked"], ["xchunked", "chunked"],
                                     [" chunked x"], [""]],
                         ids=["xchunked", "twice-in-one", "twice-in-two", "identity", "params", "chunked-then-x",
                              "x-then-chunked", "junk", "empty"])
def test_a_transfer_coding_other_than_one_final_chunked_is_400_and_closes(server, codings):
    headers = [("Content-Type", "application/json")] + [("Transfer-Encoding", c) for c in codings]
    res, rest = exchange_and_close(server, request_bytes("POST", "/api/v1/session", headers, SMUGGLED))
    assert res.status == 400, res
    assert rest == b"", rest  # closed: the body was not read as a second request


def test_a_known_but_unsupported_coding_is_501_and_closes(server):
    headers = [("Content-Type", "application/json"), ("Transfer-Encoding", "gzip, chunked")]
    res, rest = exchange_and_close(server, request_bytes("POST", "/api/v1/session", headers,
                                                         b"5\r\nhello\r\n0\r\n\r\n" + SMUGGLED))
    assert res.status == 501, res
    assert rest == b""


@pytest.mark.parametrize("headers", [
    [("Transfer-Encoding", "xchunked"), ("Content-Length", "40")],
    [("Content-Length", "40"), ("Transfer-Encoding", "xchunked")],
    [("Content-Length", "2"), ("Content-Length", "2")],
    [("Content-Length", "2, 2")],
    [("Content-Length", "2"), ("Content-Length", "42")],
], ids=["xchunked-and-length", "length-and-xchunked", "same-length-twice", "length-list", "two-lengths"])
def test_ambiguous_lengths_are_400_and_close(server, headers):
    res, rest = exchange_and_close(server, request_bytes("POST", "/api/v1/session",
                                                         [("Content-Type", "application/json")] + headers,
                                                         b"{}" + SMUGGLED))
    assert res.status == 400, res
    assert rest == b""


@pytest.mark.parametrize("folded", [b"X-Note: one\r\n two", b"X-Note: one\r\n\ttwo",
                                    b"Transfer-Encoding: x\r\n chunked"], ids=["space", "tab", "coding"])
def test_obs_fold_is_400_and_closes(server, folded):
    data = (b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + folded
            + b"\r\nContent-Length: 2\r\n\r\n{}" + SMUGGLED)
    res, rest = exchange_and_close(server, data)
    assert res.status == 400, res
    assert rest == b""


def test_transfer_encoding_in_http_1_0_is_400(server):
    res, rest = exchange_and_close(server, request_bytes(
        "POST", "/api/v1/session", [("Transfer-Encoding", "chunked")], b"0\r\n\r\n", version="HTTP/1.0"))
    assert res.status == 400, res
    assert rest == b""


def test_a_plain_chunked_body_still_works(server):
    email = unique_email("chunked")
    body = json.dumps({"email": email, "password": GOOD_PASSWORD, "display_name": "Chunky"}).encode()
    half = len(body) // 2
    chunked = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
    res = raw_exchange(server.url, request_bytes("POST", "/api/v1/users", [
        ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], chunked))
    assert res.status == 202, res
    assert can_log_in(server, email)


# --- timeouts: the first request is held to the header timeout ---

@pytest.fixture(scope="module", params=ENGINES)
def short_header_server(request):
    srv = _launch(request.param, {"HEARTH_HEADER_TIMEOUT": "2s", "HEARTH_IDLE_TIMEOUT": "60s"})
    yield srv
    srv.cleanup()


def seconds_until_closed(sock, trickle: bytes = b"", every: float = 0.5, limit: float = 20.0) -> float:
    """Sends `trickle` a byte at a time; returns when the server closed."""
    started = time.monotonic()
    sock.settimeout(every)
    i = 0
    while time.monotonic() - started < limit:
        try:
            if i < len(trickle):
                sock.sendall(trickle[i:i + 1])
                i += 1
            if sock.recv(4096) == b"":
                return time.monotonic() - started
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - started
    return limit


def test_a_trickled_first_header_is_cut_off_at_the_header_timeout(short_header_server):
    with socket.create_connection(("127.0.0.1", short_header_server.port), timeout=10) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        took = seconds_until_closed(s, b"X-Slow: " + b"a" * 200)
    assert took < 6, took


def test_a_silent_connection_is_closed_at_the_header_timeout(short_header_server):
    with socket.create_connection(("127.0.0.1", short_header_server.port), timeout=10) as s:
        took = seconds_until_closed(s)
    assert took < 6, took


def healthz_on(s, f) -> int:
    """One GET /healthz on an open connection; its status, body read."""
    s.sendall(request_bytes("GET", "/healthz"))
    res = read_http_response(f)
    read_body(f, res)
    return res.status


def test_a_kept_alive_connection_may_idle_longer_than_the_header_timeout(short_header_server):
    with socket.create_connection(("127.0.0.1", short_header_server.port), timeout=10) as s:
        f = s.makefile("rb")
        assert healthz_on(s, f) == 200
        time.sleep(3)  # longer than the header timeout, shorter than the idle one
        assert healthz_on(s, f) == 200


def test_a_trickled_later_header_is_cut_off_too(short_header_server):
    with socket.create_connection(("127.0.0.1", short_header_server.port), timeout=10) as s:
        f = s.makefile("rb")
        assert healthz_on(s, f) == 200
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        took = seconds_until_closed(s, b"X-Slow: " + b"a" * 200)
    assert took < 6, took


# --- 3. each route's body limit ---

def padded_png(size: int) -> bytes:
    png = tiny_png()
    return png + b"\0" * (size - len(png))


def photo_request(token: str, photo: bytes, chunked: bool = False) -> bytes:
    headers = [("Authorization", f"Bearer {token}"), ("Content-Type", "image/png")]
    if not chunked:
        return request_bytes("PUT", "/api/v1/me/profile/photo", headers + [("Content-Length", str(len(photo)))],
                             photo)
    body = b""
    for i in range(0, len(photo), 256 * 1024):
        piece = photo[i:i + 256 * 1024]
        body += b"%x\r\n%s\r\n" % (len(piece), piece)
    return request_bytes("PUT", "/api/v1/me/profile/photo", headers + [("Transfer-Encoding", "chunked")],
                         body + b"0\r\n\r\n")


@pytest.fixture(scope="module")
def photographer(server):
    return specialist(server, listed=False)


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
@pytest.mark.parametrize("size", [1_200_000, 2 * 1024 * 1024 - 1000], ids=["1.2MB", "just-under-2MiB"])
def test_photos_up_to_two_mib_are_accepted(server, photographer, size, chunked):
    res = raw_exchange(server.url, photo_request(photographer.token, padded_png(size), chunked), timeout=30)
    assert res.status == 200, res
    url = photographer.get("/api/v1/me/profile").json()["profile"]["photo_url"]
    photo = Client(server.url).get(url, headers=photographer.headers)
    assert photo.status == 200 and len(photo.body) == size


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
def test_a_photo_over_the_route_limit_is_413(server, photographer, chunked):
    before = photographer.get("/api/v1/me/profile").json()["profile"]["photo_url"]
    res = raw_exchange(server.url, photo_request(photographer.token, padded_png(3_500_000), chunked), timeout=30)
    assert res.status == 413, res
    assert res.error()["code"] == "too_large"
    assert photographer.get("/api/v1/me/profile").json()["profile"]["photo_url"] == before


def test_a_photo_between_two_mib_and_the_route_limit_is_refused_by_its_rule(server, photographer):
    res = raw_exchange(server.url, photo_request(photographer.token, padded_png(2 * 1024 * 1024 + 10)), timeout=30)
    assert res.status == 413, res


def test_the_photo_page_takes_a_1_2_mb_photo(server):
    spec = specialist(server, listed=False)
    c = Client(server.url)
    assert c.post("/api/v1/session", json={"email": spec.email, "password": GOOD_PASSWORD}).status == 200
    token = c.csrf_from("/account/profile/photo")
    body, ctype = multipart([("_csrf", token)], [("photo", "me.png", "image/png", padded_png(1_200_000))])
    res = c.post("/account/profile/photo", raw_body=body, content_type=ctype)
    assert res.status == 303, res


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
@pytest.mark.parametrize("path", ["/api/v1/users", "/api/v1/me/profile", "/account/profile/photo/other"])
def test_a_1_5_mb_body_on_an_ordinary_route_is_413(server, path, chunked):
    body = b'{"pad":"' + b"a" * 1_500_000 + b'"}'
    headers = [("Content-Type", "application/json")]
    if chunked:
        data = request_bytes("POST", path, headers + [("Transfer-Encoding", "chunked")],
                             b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
    else:
        data = request_bytes("POST", path, headers + [("Content-Length", str(len(body)))], body)
    res = raw_exchange(server.url, data, timeout=30)
    assert res.status == 413, res


def test_the_upload_limit_is_the_route_s_not_the_path_s(server, photographer):
    """GET /account/profile/photo is not the upload route (POST is): it takes an ordinary body."""
    body = b"a" * 1_500_000
    res = raw_exchange(server.url, request_bytes("GET", "/account/profile/photo", [
        ("Authorization", f"Bearer {photographer.token}"), ("Content-Type", "application/json"),
        ("Content-Length", str(len(body)))], body), timeout=30)
    assert res.status == 413, res


# --- 4. no secrets in the log ---

@pytest.fixture(params=ENGINES)
def logging_server(request):
    # Access lines on the server's output, read here (their own file by default: test_retention.py).
    srv = _launch(request.param, {"HEARTH_ACCESS_LOG": "on", "HEARTH_ACCESS_LOG_FILE": "-"})
    yield srv
    srv.cleanup()


def reset_token(data_dir, email, timeout: float = 15.0) -> str:
    """The token of the password-reset link among the mails to `email`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for msg in mails_to(data_dir, email):
            if "/password/reset?token=" in mail_text(msg):
                return token_from_mail(msg, "/password/reset")
        time.sleep(0.1)
    raise AssertionError(f"no password-reset mail to {email}")


def test_no_token_or_secret_reaches_the_log(logging_server):
    srv = logging_server
    email, _ = api_sign_up(srv.url)
    assert Client(srv.url).post("/api/v1/password/forgot", json={"email": email}).status in (200, 202, 204)
    token = reset_token(srv.data_dir, email)
    session = api_log_in(srv.url, email)["token"]
    secrets = [token, session, "sig-s3cr3t-value", "verify-s3cr3t-value", "return-s3cr3t", "search-s3cr3t"]

    assert Client(srv.url).get(f"/password/reset?token={token}").status == 200
    Client(srv.url).get("/verify-email?token=verify-s3cr3t-value")
    Client(srv.url).get("/consultations/1/cancel?party=member&sig=sig-s3cr3t-value")
    Client(srv.url).get("/login?return_to=/account%3Fkey%3Dreturn-s3cr3t")
    Client(srv.url).get("/api/v1/specialists?q=search-s3cr3t&page=2&per_page=5")
    Client(srv.url).get("/api/v1/me", headers=bearer(session))
    Client(srv.url).get("/no/such/page?code=sig-s3cr3t-value")
    new_password = GOOD_PASSWORD + " renewed"
    res = Client(srv.url).post("/api/v1/password/reset", json={"token": token, "password": new_password})
    assert res.status in (200, 204), res
    srv.stop()  # flushes the log
    log = srv.log()
    assert "/password/reset?token=[redacted]" in log, log[-3000:]
    assert "page=2&per_page=5" in log, log[-3000:]
    for secret in secrets + [new_password, GOOD_PASSWORD]:
        assert secret not in log, secret


# --- 5. routing before the CSRF check ---

def cookie_session(server) -> Client:
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    assert c.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).status == 200
    return c


@pytest.mark.parametrize("with_token", [False, True], ids=["no-token", "token"])
def test_a_post_to_an_unknown_path_is_404(server, with_token):
    visitor = Client(server.url)
    token = visitor.csrf_from("/login")
    form = {"_csrf": token} if with_token else {"x": "1"}
    res = visitor.post("/no/such/page", form=form)
    assert res.status == 404, res
    assert res.headers["Content-Type"].startswith("text/html")

    c = cookie_session(server)
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf} if with_token else {}
    for method in ("POST", "PUT", "DELETE"):
        res = c.request(method, "/api/v1/no/such/thing", json={}, headers=headers)
        assert res.status == 404, (method, res)
        assert res.error()["code"] == "not_found"


@pytest.mark.parametrize("with_token", [False, True], ids=["no-token", "token"])
def test_a_known_path_with_another_method_is_405(server, with_token):
    visitor = Client(server.url)
    token = visitor.csrf_from("/login")
    form = {"_csrf": token} if with_token else {}
    res = visitor.request("PUT", "/login", form=form)
    assert res.status == 405, res
    assert "POST" in res.headers["Allow"]

    c = cookie_session(server)
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf} if with_token else {}
    res = c.request("DELETE", "/api/v1/me", headers=headers)
    assert res.status == 405, res
    assert res.error()["code"] == "method_not_allowed"


def test_the_csrf_check_still_guards_known_routes(server):
    visitor = Client(server.url)
    visitor.csrf_from("/login")
    res = visitor.post("/login", form={"email": "a@example.org", "password": GOOD_PASSWORD})
    assert res.status == 403, res
    c = cookie_session(server)
    res = c.request("DELETE", "/api/v1/session")
    assert res.status == 403 and res.error()["code"] == "csrf_failed", res
