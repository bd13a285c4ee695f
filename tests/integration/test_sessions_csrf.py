"""CSRF protection of cookie-authenticated and visitor requests, and session
expiry."""
import time

import pytest

from hearth_client import (CSRF_COOKIE, GOOD_PASSWORD, SESSION_COOKIE, Client, api_sign_up, bearer,
                           me_status, unique_email)


def cookie_session(server):
    """A client signed in with a session cookie (through the log-in page),
    and that session's CSRF token."""
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    token = c.csrf_from("/login")
    res = c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": token})
    assert res.status == 303, res
    assert c.session_token
    me = c.get("/api/v1/me")
    assert me.status == 200
    return c, me.json()["csrf_token"]


def assert_still_signed_in(server, c: Client):
    assert c.get("/account").status == 200
    assert c.get("/api/v1/me").status == 200
    assert me_status(server.url, c.session_token) == 200


def assert_html_csrf_refusal(res):
    assert res.status == 403, res
    assert res.headers["Content-Type"].startswith("text/html"), res


def assert_json_csrf_refusal(res):
    assert res.status == 403, res
    assert res.headers["Content-Type"].startswith("application/json")
    assert res.error()["code"] == "csrf_failed"


# --- pages ---

@pytest.mark.parametrize("form", [{}, {"_csrf": ""}, {"_csrf": "wrong-token-" + "x" * 32}],
                         ids=["missing", "empty", "wrong"])
def test_log_out_without_the_right_csrf_token_is_refused(server, form):
    c, _ = cookie_session(server)
    res = c.post("/logout", form=form)
    assert_html_csrf_refusal(res)
    assert not res.cookie_header(SESSION_COOKIE)
    assert_still_signed_in(server, c)


def test_log_out_with_another_sessions_csrf_token_is_refused(server):
    c, _ = cookie_session(server)
    _, other_csrf = cookie_session(server)
    res = c.post("/logout", form={"_csrf": other_csrf})
    assert_html_csrf_refusal(res)
    assert_still_signed_in(server, c)


def test_log_out_with_the_visitor_csrf_cookie_value_is_refused(server):
    """Once signed in, the session's token counts, not the visitor cookie."""
    c, _ = cookie_session(server)
    visitor_token = c.cookies.get(CSRF_COOKIE)
    assert visitor_token
    res = c.post("/logout", form={"_csrf": visitor_token})
    assert_html_csrf_refusal(res)
    assert_still_signed_in(server, c)


def test_log_out_accepts_the_token_in_a_header(server):
    c, csrf = cookie_session(server)
    token = c.session_token
    res = c.post("/logout", form={}, headers={"X-CSRF-Token": csrf})
    assert res.status == 303, res
    assert me_status(server.url, token) == 401


def test_visitor_log_in_without_csrf_is_refused(server):
    email, _ = api_sign_up(server.url)
    # No cookie and no token at all.
    res = Client(server.url).post("/login", form={"email": email, "password": GOOD_PASSWORD})
    assert_html_csrf_refusal(res)
    assert not res.cookie_header(SESSION_COOKIE)


def test_visitor_log_in_with_cookie_but_no_token_is_refused(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    c.csrf_from("/login")
    assert CSRF_COOKIE in c.cookies
    res = c.post("/login", form={"email": email, "password": GOOD_PASSWORD})
    assert_html_csrf_refusal(res)
    assert SESSION_COOKIE not in c.cookies


def test_visitor_log_in_with_a_token_not_matching_the_cookie_is_refused(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    c.csrf_from("/login")
    other_token = Client(server.url).csrf_from("/login")
    res = c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": other_token})
    assert_html_csrf_refusal(res)
    assert SESSION_COOKIE not in c.cookies


def test_visitor_log_in_with_a_token_but_no_cookie_is_refused(server):
    email, _ = api_sign_up(server.url)
    token = Client(server.url).csrf_from("/login")
    res = Client(server.url).post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": token})
    assert_html_csrf_refusal(res)
    assert not res.cookie_header(SESSION_COOKIE)


def test_visitor_sign_up_without_csrf_creates_nothing(server):
    email = unique_email("csrf")
    res = Client(server.url).post("/signup", form={"display_name": "Forged", "email": email,
                                                   "password": GOOD_PASSWORD, "role": "member"})
    assert_html_csrf_refusal(res)
    # The address is still free.
    assert api_sign_up(server.url, email)[0] == email


# --- API ---

@pytest.mark.parametrize("headers", [None, {"X-CSRF-Token": "wrong-" + "y" * 40}], ids=["missing", "wrong"])
def test_cookie_log_out_via_api_needs_the_csrf_header(server, headers):
    c, _ = cookie_session(server)
    res = c.delete("/api/v1/session", headers=headers)
    assert_json_csrf_refusal(res)
    assert not res.cookie_header(SESSION_COOKIE)
    assert_still_signed_in(server, c)


def test_cookie_log_out_via_api_with_the_csrf_header(server):
    c, csrf = cookie_session(server)
    token = c.session_token
    res = c.delete("/api/v1/session", headers={"X-CSRF-Token": csrf})
    assert res.status == 204, res
    assert c.session_token is None  # the cookie was cleared (Max-Age=0)
    assert me_status(server.url, token) == 401


def test_cookie_api_post_without_csrf_is_refused(server):
    c, _ = cookie_session(server)
    res = c.post("/api/v1/password/forgot", json={"email": unique_email()})
    assert_json_csrf_refusal(res)


def test_bearer_requests_need_no_csrf(server):
    email, _ = api_sign_up(server.url)
    token = Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).json()["token"]
    res = Client(server.url).delete("/api/v1/session", headers=bearer(token))
    assert res.status == 204, res
    assert me_status(server.url, token) == 401


def test_bearer_wins_over_a_cookie_for_csrf(server):
    """A bearer token is not ambient authority: no CSRF even if a cookie rides along."""
    c, _ = cookie_session(server)
    cookie_token = c.session_token
    email, _ = api_sign_up(server.url)
    other = Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).json()
    res = c.delete("/api/v1/session", headers=bearer(other["token"]))
    assert res.status == 204, res
    assert me_status(server.url, other["token"]) == 401
    assert me_status(server.url, cookie_token) == 200  # only the bearer's session ended


def test_cookieless_api_requests_need_no_csrf(server):
    res = Client(server.url).post("/api/v1/users", json={"email": unique_email(), "password": GOOD_PASSWORD,
                                                         "display_name": "No Cookies"})
    assert res.status == 202, res


def test_api_post_with_only_the_visitor_csrf_cookie_is_not_cookie_authenticated(server):
    # The visitor cookie carries no authority (no session), and a cross-site
    # JSON POST needs a CORS preflight that Hearth never grants, so only
    # session-cookie requests must echo the token.
    c = Client(server.url)
    c.csrf_from("/login")
    assert CSRF_COOKIE in c.cookies and SESSION_COOKIE not in c.cookies
    res = c.post("/api/v1/users", json={"email": unique_email("csrfapi"), "password": GOOD_PASSWORD,
                                        "display_name": "Cookie Only"})
    assert res.status == 202, res


def test_api_post_with_the_visitor_csrf_cookie_and_its_token_works(server):
    c = Client(server.url)
    token = c.csrf_from("/login")
    res = c.post("/api/v1/users", json={"email": unique_email("csrfok"), "password": GOOD_PASSWORD,
                                        "display_name": "Cookie And Token"}, headers={"X-CSRF-Token": token})
    assert res.status == 202, res


def test_log_out_everywhere_ends_every_session(server):
    c, csrf = cookie_session(server)
    me = c.get("/api/v1/me").json()["user"]["email"]
    other = Client(server.url).post("/api/v1/session", json={"email": me, "password": GOOD_PASSWORD}).json()["token"]
    cookie_token = c.session_token
    refused = c.post("/account/sessions/revoke", form={})
    assert_html_csrf_refusal(refused)
    assert me_status(server.url, other) == 200 and me_status(server.url, cookie_token) == 200
    res = c.post("/account/sessions/revoke", form={"_csrf": csrf})
    assert res.status == 303, res
    assert res.location == "/login?logged_out=1"
    assert me_status(server.url, other) == 401
    assert me_status(server.url, cookie_token) == 401


def test_get_requests_need_no_csrf(server):
    c, _ = cookie_session(server)
    assert c.get("/account").status == 200
    assert c.get("/api/v1/me").status == 200


# --- expiry ---

def test_idle_session_expires(short_idle_server):
    srv = short_idle_server
    email, _ = api_sign_up(srv.url)
    c = Client(srv.url)
    res = c.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    token = res.json()["token"]
    assert me_status(srv.url, token) == 200
    assert c.get("/account").status == 200
    time.sleep(3)
    # Idle for 3 s with a 2 s idle timeout (the deadline is only pushed
    # forward once a minute, so the early uses did not extend it).
    res = Client(srv.url).get("/api/v1/me", headers=bearer(token))
    assert res.status == 401, res
    assert res.error()["code"] == "unauthorized"
    assert c.get("/api/v1/me").status == 401
    gated = c.get("/account")
    assert gated.status == 302 and gated.location.startswith("/login?gated=1")
    # Logging in again works.
    assert Client(srv.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).status == 200
