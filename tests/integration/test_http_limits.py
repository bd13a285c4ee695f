"""The HTTP layer: size limits, malformed input, unknown paths and methods,
security headers, caching of static files, keep-alive, pipelining, HEAD and
graceful shutdown. None of these may ever produce a 5xx."""
import socket
import time
import urllib.parse

import pytest

from hearth_client import (GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, raw_exchange,
                           read_body, read_http_response, unique_email)

SECURITY_HEADER_PATHS = ["/", "/login", "/signup", "/help", "/healthz", "/api/v1/me", "/static/css/hearth.css",
                         "/favicon.ico", "/no/such/page", "/api/v1/no/such/thing", "/account"]


def assert_security_headers(res):
    csp = res.headers.get("Content-Security-Policy")
    assert csp, res
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert directives.get("default-src") == "default-src 'self'", csp
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", csp
    script_src = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, csp
    assert res.headers.get("X-Content-Type-Options") == "nosniff", res
    assert res.headers.get("Referrer-Policy"), res
    assert "Strict-Transport-Security" not in res.headers, res


def request_line(method, path, headers=None, body=b""):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# --- size limits ---

def test_content_length_over_one_mib_is_413(server):
    data = request_line("POST", "/api/v1/users", {"Content-Type": "application/json", "Content-Length": "2000000"})
    res = raw_exchange(server.url, data, timeout=5)
    assert res.status == 413, res


def test_chunked_body_over_one_mib_is_413(server):
    body = b'{"pad":"' + b"a" * (1024 * 1024 + 100) + b'"}'
    data = request_line("POST", "/api/v1/users", {"Content-Type": "application/json",
                                                  "Transfer-Encoding": "chunked"})
    data += b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    res = raw_exchange(server.url, data, timeout=10)
    assert res.status == 413, res


def test_body_just_under_the_limit_is_read(server):
    """A large but allowed body is parsed (and refused for what it says, not its size)."""
    pad = "a" * (1024 * 1024 - 200)
    res = Client(server.url).post("/api/v1/users", json={"email": "not-an-email", "password": GOOD_PASSWORD,
                                                         "display_name": "Big", "pad": pad})
    assert res.status == 422, res
    assert res.error()["field"] == "email"


@pytest.mark.parametrize("size", [20_000, 100_000])
def test_huge_header_is_431(server, size):
    data = request_line("GET", "/", {"X-Huge": "h" * size})
    res = raw_exchange(server.url, data)
    assert res.status == 431, res


def test_huge_cookie_header_is_431(server):
    data = request_line("GET", "/api/v1/me", {"Cookie": "a=" + "c" * 30_000})
    res = raw_exchange(server.url, data)
    assert res.status == 431, res


def test_protocol_level_errors_carry_security_headers(server):
    res = raw_exchange(server.url, request_line("GET", "/", {"X-Huge": "h" * 20_000}))
    assert res.status == 431
    assert_security_headers(res)


# --- malformed input ---

@pytest.mark.parametrize("body", ["{", '{"email": }', "not json", '{"a":1}{"b":2}', "\xff"],
                         ids=["truncated", "bad-value", "text", "two-documents", "invalid-utf8"])
def test_malformed_json_is_400(server, body):
    raw = body.encode("latin-1")
    res = Client(server.url).post("/api/v1/users", raw_body=raw, content_type="application/json")
    assert res.status == 400, res
    assert res.error()["code"] == "malformed_json"


@pytest.mark.parametrize("body", ["[]", '"text"', "42", "null", "true"])
def test_json_that_is_not_an_object_is_400(server, body):
    res = Client(server.url).post("/api/v1/session", raw_body=body, content_type="application/json")
    assert res.status == 400, res
    assert res.error()["code"] == "malformed_json"


def test_deeply_nested_json_is_400(server):
    res = Client(server.url).post("/api/v1/users", raw_body="[" * 100_000 + "]" * 100_000,
                                  content_type="application/json")
    assert res.status == 400, res


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_json_api_refuses_other_content_types(server, content_type):
    email = unique_email()
    body = f'{{"email":"{email}","password":"{GOOD_PASSWORD}","display_name":"CT"}}'
    res = Client(server.url).post("/api/v1/users", raw_body=body, content_type=content_type)
    assert res.status == 415, res
    assert res.error()["code"] == "unsupported_media_type"
    # Nothing was created.
    assert Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).status == 401


def test_json_content_type_with_charset_is_accepted(server):
    res = Client(server.url).post("/api/v1/users", raw_body=(
        f'{{"email":"{unique_email()}","password":"{GOOD_PASSWORD}","display_name":"Charset"}}'),
        content_type="application/json; charset=utf-8")
    assert res.status == 202, res


def visitor_with_csrf(server):
    c = Client(server.url)
    token = c.csrf_from("/login")
    return c, token


@pytest.mark.parametrize("body", ["email=%ZZ", "email=%FF", "email=%C3%28", "email=%E2%82", "%ZZ=x",
                                  "email=abc%", "email=abc%4"],
                         ids=["bad-hex", "invalid-utf8", "bad-continuation", "truncated-utf8", "bad-key",
                              "lone-percent", "short-escape"])
def test_malformed_form_data_is_400(server, body):
    c, token = visitor_with_csrf(server)
    res = c.post("/login", raw_body=body, content_type="application/x-www-form-urlencoded",
                 headers={"X-CSRF-Token": token})
    assert res.status == 400, res
    assert res.headers["Content-Type"].startswith("text/html")


def test_malformed_form_data_with_the_token_in_the_body_is_400(server):
    c, token = visitor_with_csrf(server)
    res = c.post("/signup", raw_body=f"_csrf={token}&display_name=%FF&email=x%40example.org",
                 content_type="application/x-www-form-urlencoded")
    assert res.status == 400, res


def test_form_endpoint_refuses_json(server):
    email, _ = api_sign_up(server.url)
    c, token = visitor_with_csrf(server)
    res = c.post("/login", json={"email": email, "password": GOOD_PASSWORD}, headers={"X-CSRF-Token": token})
    assert res.status == 415, res
    assert c.session_token is None


def test_form_values_are_decoded(server):
    """'+' is a space and %-escapes of UTF-8 work: a name with both round-trips."""
    c, token = visitor_with_csrf(server)
    email = unique_email("form")
    body = urllib.parse.urlencode({"_csrf": token, "display_name": "Zoë Ünal + co", "email": email,
                                   "password": GOOD_PASSWORD, "role": "member"})
    assert "+" in body
    res = c.post("/signup", raw_body=body, content_type="application/x-www-form-urlencoded")
    assert res.status == 200 and "Please check your e-mail" in res.text, res
    me = api_log_in(server.url, email)["user"]
    assert me["display_name"] == "Zoë Ünal + co"
    assert me["email"] == email


def test_control_characters_in_a_display_name_are_refused(server):
    email = unique_email()
    res = Client(server.url).post("/api/v1/users", json={"email": email, "password": GOOD_PASSWORD,
                                                         "display_name": "Bad\u0000Name"})
    assert res.status == 422, res
    assert res.error()["field"] == "display_name"
    # Nothing was created: the address is still free.
    again = Client(server.url).post("/api/v1/users", json={"email": email, "password": GOOD_PASSWORD,
                                                           "display_name": "Good Name"})
    assert again.status == 202, again
    assert api_log_in(server.url, email)["user"]["display_name"] == "Good Name"


# --- unknown paths and methods ---

def test_unknown_page_is_an_html_404(server):
    res = Client(server.url).get("/no/such/page")
    assert res.status == 404, res
    assert res.headers["Content-Type"].startswith("text/html")
    assert "<html" in res.text.lower()


def test_unknown_api_path_is_a_json_404(server):
    res = Client(server.url).get("/api/v1/no/such/thing")
    assert res.status == 404, res
    assert res.headers["Content-Type"].startswith("application/json")
    assert res.error()["code"] == "not_found"


def test_static_path_traversal_is_404(server):
    for path in ["/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/static/css/../../migrations",
                 "/static/"]:
        res = raw_exchange(server.url, request_line("GET", path))
        assert res.status == 404, (path, res)
        assert b"cmake_minimum_required" not in res.body


@pytest.mark.parametrize("method,path,allowed", [
    ("GET", "/logout", {"POST"}),
    ("GET", "/api/v1/users", {"POST"}),
    ("DELETE", "/api/v1/users", {"POST"}),
    ("PUT", "/api/v1/me", {"GET", "HEAD"}),
    ("GET", "/api/v1/session", {"POST", "DELETE"}),
    ("POST", "/api/v1/admin/audit-log", {"GET", "HEAD"}),
])
def test_wrong_method_is_405_with_allow(server, method, path, allowed):
    res = Client(server.url).request(method, path, json={} if method in ("POST", "PUT") else None)
    assert res.status == 405, res
    assert {m.strip() for m in res.headers["Allow"].split(",")} == allowed
    if path.startswith("/api/"):
        assert res.error()["code"] == "method_not_allowed"


def test_wrong_method_on_a_page_with_a_csrf_token_is_405(server):
    c, token = visitor_with_csrf(server)
    res = c.request("PUT", "/login", form={"_csrf": token}, headers={"X-CSRF-Token": token})
    assert res.status == 405, res
    assert {m.strip() for m in res.headers["Allow"].split(",")} == {"GET", "HEAD", "POST"}


# --- security headers ---

@pytest.mark.parametrize("path", SECURITY_HEADER_PATHS)
def test_security_headers_on_every_response(server, path):
    res = Client(server.url).get(path)
    assert res.status < 500, res
    assert_security_headers(res)


def test_security_headers_on_errors_and_redirects(server):
    email, _ = api_sign_up(server.url)
    token = api_log_in(server.url, email)["token"]
    responses = [
        Client(server.url).post("/api/v1/users", raw_body="{", content_type="application/json"),  # 400
        Client(server.url).post("/api/v1/session", json={"email": email, "password": "nope nope nope"}),  # 401
        Client(server.url).get("/api/v1/admin/audit-log", headers=bearer(token)),  # 403
        Client(server.url).post("/logout", form={}),  # 403 (CSRF)
        Client(server.url).get("/logout"),  # 405
        Client(server.url).post("/api/v1/users", raw_body="{}", content_type="text/plain"),  # 415
        Client(server.url).post("/api/v1/users", json={}),  # 422
        Client(server.url).get("/account"),  # 302
        Client(server.url).request("HEAD", "/"),
    ]
    for res in responses:
        assert res.status < 500, res
        assert_security_headers(res)


def test_pages_are_not_cached_by_shared_caches(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    c.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    res = c.get("/account")
    assert res.status == 200
    assert res.headers["Cache-Control"] == "private, no-store"
    assert {"cookie", "authorization"} <= {v.strip().lower() for v in res.headers["Vary"].split(",")}
    login = Client(server.url).get("/login")  # carries a CSRF cookie
    assert "no-store" in login.headers["Cache-Control"] or "private" in login.headers["Cache-Control"]


def test_answers_to_a_bearer_token_are_private_and_vary_by_it(server):
    email, _ = api_sign_up(server.url)
    token = api_log_in(server.url, email)["token"]
    me = Client(server.url).get("/api/v1/me", headers=bearer(token))
    assert me.status == 200, me
    assert me.headers["Cache-Control"] == "private, no-store"
    assert "authorization" in {v.strip().lower() for v in me.headers["Vary"].split(",")}
    # A visitor's page may be kept by the browser only, and says what it varies by.
    visitor = Client(server.url).get("/specialists")
    assert visitor.headers["Cache-Control"].startswith("private")
    assert {"cookie", "authorization"} <= {v.strip().lower() for v in visitor.headers["Vary"].split(",")}


def test_static_files_have_an_etag_and_revalidate(server):
    first = Client(server.url).get("/static/css/hearth.css")
    assert first.status == 200, first
    assert first.headers["Content-Type"].startswith("text/css")
    assert len(first.body) > 0
    etag = first.headers.get("ETag")
    assert etag and etag.startswith('"') and etag.endswith('"')
    again = Client(server.url).get("/static/css/hearth.css", headers={"If-None-Match": etag})
    assert again.status == 304, again
    assert again.body == b""
    assert again.headers.get("ETag") == etag
    assert_security_headers(again)
    stale = Client(server.url).get("/static/css/hearth.css", headers={"If-None-Match": '"not-the-etag"'})
    assert stale.status == 200
    assert stale.body == first.body


def test_static_files_set_no_cookies(server):
    res = Client(server.url).get("/static/css/hearth.css")
    assert res.status == 200
    assert res.set_cookies == []


# --- keep-alive, pipelining, HEAD ---

def test_keep_alive_serves_several_requests_on_one_connection(server):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        socks = set()
        for path, status in [("/healthz", 200), ("/api/v1/me", 401), ("/no/such", 404), ("/healthz", 200)]:
            conn.request("GET", path)
            socks.add(id(conn.sock))
            res = conn.getresponse()
            res.read()
            assert res.status == status
            assert not res.will_close
        assert len(socks) == 1
    finally:
        conn.close()


def test_pipelined_requests_are_answered_in_order(server):
    data = (request_line("GET", "/healthz") + request_line("GET", "/api/v1/no/such/thing")
            + request_line("POST", "/api/v1/users", {"Content-Type": "application/json", "Content-Length": "2"},
                           b"[]")
            + request_line("GET", "/healthz", {"Connection": "close"}))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(data)
        f = s.makefile("rb")
        results = []
        for _ in range(4):
            res = read_http_response(f)
            read_body(f, res)
            results.append(res)
        assert f.read() == b""  # closed after the last, as asked
    assert [r.status for r in results] == [200, 404, 400, 200]
    assert results[0].json()["status"] == "ok"
    assert results[1].error()["code"] == "not_found"
    assert results[2].error()["code"] == "malformed_json"


def test_head_returns_headers_without_a_body(server):
    get = Client(server.url).get("/")
    assert get.status == 200
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(request_line("HEAD", "/") + request_line("GET", "/healthz", {"Connection": "close"}))
        f = s.makefile("rb")
        head = read_http_response(f)
        assert head.status == 200, head
        assert int(head.headers["Content-Length"]) > 0
        assert head.headers["Content-Type"].startswith("text/html")
        # No body: the very next bytes are the second response.
        nxt = read_http_response(f)
        read_body(f, nxt)
        assert nxt.status == 200 and nxt.json()["status"] == "ok"


def test_head_of_a_static_file(server):
    res = Client(server.url).request("HEAD", "/static/css/hearth.css")
    assert res.status == 200
    assert res.body == b""
    assert int(res.headers["Content-Length"]) > 0
    assert res.headers.get("ETag")


@pytest.mark.parametrize("headers,body", [
    ({"Content-Length": "6", "Transfer-Encoding": "chunked"}, b"0\r\n\r\n"),
    ({"Content-Length": ["2", "3"]}, b"{}"),
    ({"Content-Length": "-1"}, b"{}"),
    ({"Transfer-Encoding": "chunked"}, b"zz\r\n{}\r\n0\r\n\r\n"),
], ids=["length-and-chunked", "two-lengths", "negative-length", "bad-chunk-size"])
def test_ambiguous_or_broken_framing_is_400(server, headers, body):
    """No request smuggling: a body whose length is ambiguous is refused."""
    lines = ["POST /api/v1/session HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    for k, v in headers.items():
        for one in (v if isinstance(v, list) else [v]):
            lines.append(f"{k}: {one}")
    res = raw_exchange(server.url, ("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    assert res.status == 400, res


def test_expect_100_continue(server):
    email = unique_email("expect")
    body = (f'{{"email":"{email}","password":"{GOOD_PASSWORD}","display_name":"Expecting"}}').encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(request_line("POST", "/api/v1/users", {"Content-Type": "application/json",
                                                          "Content-Length": str(len(body)),
                                                          "Expect": "100-continue"}))
        f = s.makefile("rb")
        interim = read_http_response(f)
        assert interim.status == 100, interim
        s.sendall(body)
        res = read_http_response(f)
        read_body(f, res)
        assert res.status == 202, res
    assert api_log_in(server.url, email)["user"]["email"] == email


def test_http_1_0_request_is_answered_and_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        f = s.makefile("rb")
        res = read_http_response(f)
        read_body(f, res)
        assert res.status == 200 and res.json()["status"] == "ok"
        assert f.read() == b""


def test_garbage_request_line_is_400(server):
    res = raw_exchange(server.url, b"THIS IS NOT HTTP\r\n\r\n")
    assert res.status == 400, res


# --- graceful shutdown ---

def test_sigterm_exits_cleanly(fresh_server):
    assert Client(fresh_server.url).get("/healthz").status == 200
    started = time.monotonic()
    fresh_server.proc.terminate()
    assert fresh_server.proc.wait(timeout=5) == 0, fresh_server.log()
    assert time.monotonic() - started < 5
    assert "server stopped" in fresh_server.log()


def test_sigterm_does_not_wait_for_idle_keep_alive_connections(fresh_server):
    s = socket.create_connection(("127.0.0.1", fresh_server.port), timeout=10)
    try:
        s.sendall(request_line("GET", "/healthz"))
        f = s.makefile("rb")
        res = read_http_response(f)
        read_body(f, res)
        assert res.status == 200
        fresh_server.proc.terminate()
        assert fresh_server.proc.wait(timeout=5) == 0, fresh_server.log()
    finally:
        s.close()


def test_sigterm_finishes_the_request_in_flight(fresh_server):
    srv = fresh_server
    email = unique_email("inflight")
    body = (f'{{"email":"{email}","password":"{GOOD_PASSWORD}","display_name":"In Flight"}}').encode()
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        # Headers and half the body: the request is in flight.
        s.sendall(request_line("POST", "/api/v1/users", {"Content-Type": "application/json",
                                                          "Content-Length": str(len(body))}) + body[:10])
        time.sleep(1.0)  # let the server read the header, even on a loaded machine
        srv.proc.terminate()
        # New connections are refused once shutdown has begun...
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
            except OSError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the server still accepts connections after SIGTERM")
        # ...but the request in flight is finished.
        assert srv.proc.poll() is None
        s.sendall(body[10:])
        f = s.makefile("rb")
        res = read_http_response(f)
        read_body(f, res)
        assert res.status == 202, res  # sign-up accepted: the request ran to its end
        assert res.json()["status"] == "accepted"
        assert res.headers.get("Connection", "").lower() == "close"
        assert srv.proc.wait(timeout=5) == 0, srv.log()
    finally:
        s.close()
    # The account was really written: a new server on the same database has it.
    srv.start()
    assert api_log_in(srv.url, email)["user"]["display_name"] == "In Flight"
