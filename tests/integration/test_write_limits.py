"""Every state-changing request is counted under its route's write limit
before the handler runs (security/rate_limit.hpp): 120 a minute per user
when signed in, 60 a minute per client address for visitors, and 30 uploads
an hour per user. A refused write is 429 with Retry-After: the JSON error
under /api/, a calm page elsewhere. The servers here trust X-Forwarded-For
(HEARTH_TRUST_PROXY=on) so a test can pose as several client addresses."""
import time

from hearth_client import GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, extract_csrf, unique_email

WRITES_PER_USER = 120
WRITES_PER_ADDRESS = 60
UPLOADS_PER_USER = 30


def wait_for_window(window_seconds: int, needed: float) -> None:
    """Windows are aligned to the epoch: do not start a burst so close to the
    end of one that it would spill into the next."""
    left = window_seconds - time.time() % window_seconds
    if left < needed:
        time.sleep(left + 0.2)


def assert_json_429(res, window_seconds: int = 60) -> None:
    assert res.status == 429, res
    assert res.headers["Content-Type"].startswith("application/json"), res
    err = res.error()
    assert err["code"] == "rate_limited", err
    assert err["field"] is None, err
    retry = res.headers.get("Retry-After", "")
    assert retry.isdigit() and 1 <= int(retry) <= window_seconds, res


def assert_page_429(res) -> None:
    assert res.status == 429, res
    assert res.headers["Content-Type"].startswith("text/html"), res
    assert "Please wait a moment" in res.text, res
    retry = res.headers.get("Retry-After", "")
    assert retry.isdigit() and 1 <= int(retry) <= 60, res


def member_writes(srv, token: str, ip: str = "192.0.2.1"):
    """A write the member may not make (availability is for specialists): it
    is counted all the same, and answered 403 while under the limit."""
    return Client(srv.url).request("PUT", "/api/v1/me/availability", json={"weekly": []},
                                   headers={**bearer(token), "X-Forwarded-For": ip})


def visitor_writes(srv, ip: str):
    """A visitor asking to book: 401 while under the limit."""
    return Client(srv.url).post("/api/v1/consultations", json={}, headers={"X-Forwarded-For": ip})


def test_signed_in_writes_past_the_limit_are_429_for_that_user_only(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("wl"))
    other, _ = api_sign_up(srv.url, email_addr=unique_email("wlo"))
    wait_for_window(60, 40)
    # A cookie session (for pages) and its bearer token: one user, one count.
    pages = Client(srv.url)
    login = pages.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert login.status == 200, login
    token, csrf = login.json()["token"], login.json()["csrf_token"]

    for i in range(WRITES_PER_USER):
        res = member_writes(srv, token, ip=f"198.51.100.{i % 200 + 1}")
        assert res.status == 403, (i, res)
    # The next write is refused, from any address, before the handler runs.
    assert_json_429(member_writes(srv, token))
    # A page write by the same person gets the calm page.
    page = pages.post("/consultations/1/cancel", form={"_csrf": csrf}, headers={"X-CSRF-Token": csrf})
    assert_page_429(page)
    # Reads are not counted.
    assert Client(srv.url).get("/api/v1/me", headers=bearer(token)).status == 200
    # Another person, a visitor at the same address: their own counts.
    other_token = api_log_in(srv.url, other)["token"]
    assert member_writes(srv, other_token).status == 403
    assert visitor_writes(srv, "192.0.2.1").status == 401


def test_visitor_writes_past_the_limit_are_429_per_address(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("wlv"))
    token = api_log_in(srv.url, email)["token"]
    wait_for_window(60, 30)
    ip = "203.0.113.50"
    for i in range(WRITES_PER_ADDRESS):
        res = visitor_writes(srv, ip)
        assert res.status == 401, (i, res)
    assert_json_429(visitor_writes(srv, ip))
    # The log-in page from that address is refused too (on top of its own limit).
    c = Client(srv.url)
    form_page = c.get("/login", headers={"X-Forwarded-For": ip})
    assert form_page.status == 200, form_page
    page = c.post("/login", form={"email": email, "password": GOOD_PASSWORD,
                                  "_csrf": extract_csrf(form_page.text)},
                  headers={"X-Forwarded-For": ip})
    assert_page_429(page)
    assert "__Host-hearth_session" not in c.cookies
    # Another address is untouched; a signed-in person at this one is counted by user.
    assert visitor_writes(srv, "203.0.113.51").status == 401
    assert member_writes(srv, token, ip=ip).status == 403


def test_uploads_are_limited_per_user_per_hour(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("wlu"))
    token = api_log_in(srv.url, email)["token"]
    wait_for_window(3600, 30)
    c = Client(srv.url)

    def upload():
        return c.request("PUT", "/api/v1/me/profile/photo", raw_body=b"\x89PNG\r\n\x1a\n",
                         content_type="image/png", headers=bearer(token))

    for i in range(UPLOADS_PER_USER):
        res = upload()
        assert res.status == 403, (i, res)  # members have no profile photo
    assert_json_429(upload(), window_seconds=3600)
    # Ordinary writes have their own count.
    assert member_writes(srv, token).status == 403


def test_a_refused_write_changes_nothing(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("wln"))
    wait_for_window(60, 30)
    ip = "203.0.113.60"
    for i in range(WRITES_PER_ADDRESS):
        assert visitor_writes(srv, ip).status == 401, i
    # Signing up from the exhausted address creates no account.
    new_email = unique_email("wlnew")
    res = Client(srv.url).post("/api/v1/users", json={"email": new_email, "password": GOOD_PASSWORD,
                                                      "display_name": "Too Late", "role": "member"},
                               headers={"X-Forwarded-For": ip})
    assert_json_429(res)
    again = Client(srv.url).post("/api/v1/session", json={"email": new_email, "password": GOOD_PASSWORD},
                                 headers={"X-Forwarded-For": "203.0.113.61"})
    assert again.status == 401, again


def test_no_write_limit_when_rate_limits_are_off(server):
    email, _ = api_sign_up(server.url)
    token = api_log_in(server.url, email)["token"]
    for i in range(WRITES_PER_USER + 5):
        res = member_writes(server, token)
        assert res.status == 403, (i, res)
