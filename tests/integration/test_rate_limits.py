"""Log-in rate limits (on a server with HEARTH_RATE_LIMITS=on): 10 attempts
per minute per client address; 5 failed attempts per 15 minutes per account
from one address; 100 failed attempts per hour per account from all
addresses together. The server trusts X-Forwarded-For here
(HEARTH_TRUST_PROXY=on) so one test can pose as several clients."""
import time

from hearth_client import GOOD_PASSWORD, SESSION_COOKIE, Client, api_sign_up, extract_csrf, unique_email

WRONG = "not the right passphrase 0"


def wait_for_window(window_seconds: int, needed: float) -> None:
    """Windows are aligned to the epoch: do not start a burst so close to the
    end of one that it would spill into the next."""
    left = window_seconds - time.time() % window_seconds
    if left < needed:
        time.sleep(left + 0.2)


def login(srv, email, password, ip):
    return Client(srv.url).post("/api/v1/session", json={"email": email, "password": password},
                                headers={"X-Forwarded-For": ip})


def assert_rate_limited(res):
    assert res.status == 429, res
    assert res.error()["code"] == "rate_limited"
    retry = res.headers.get("Retry-After")
    assert retry is not None and retry.isdigit(), res
    assert 1 <= int(retry) <= 3600
    assert not res.cookie_header(SESSION_COOKIE)
    return int(retry)


def test_eleventh_login_attempt_per_minute_from_one_address_is_429(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("rl"))
    wait_for_window(60, 6)
    ip = "203.0.113.7"
    # Four wrong passwords on the account (under its per-address limit),
    # then guesses at six unknown addresses: ten attempts from one client.
    for i, target in enumerate([email] * 4 + [unique_email("guess") for _ in range(6)]):
        res = login(srv, target, WRONG, ip)
        assert res.status == 401, (i, res)
        assert res.error()["code"] == "invalid_credentials"
    # The 11th is refused even with the right password.
    retry = assert_rate_limited(login(srv, email, GOOD_PASSWORD, ip))
    assert retry <= 60
    # Unknown accounts count against the address too (no free guessing).
    assert_rate_limited(login(srv, unique_email("nobody"), WRONG, ip))
    # The log-in page from that address is refused the same way.
    c = Client(srv.url)
    token = extract_csrf(c.get("/login", headers={"X-Forwarded-For": ip}).text)
    page = c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": token},
                  headers={"X-Forwarded-For": ip})
    assert page.status == 429, page
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers.get("Retry-After", "").isdigit() and int(page.headers["Retry-After"]) >= 1
    assert SESSION_COOKIE not in c.cookies
    # The limit is per address: another client can still log in.
    ok = login(srv, email, GOOD_PASSWORD, "203.0.113.8")
    assert ok.status == 200, ok


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("rlo"))
    other, _ = api_sign_up(srv.url, email_addr=unique_email("rlp"))
    wait_for_window(900, 8)
    wait_for_window(60, 6)
    attacker = "198.51.100.66"
    for i in range(5):
        res = login(srv, email, WRONG, attacker)
        assert res.status == 401, (i, res)
    # The attacker's address is done with this account, right password or not...
    retry = assert_rate_limited(login(srv, email, GOOD_PASSWORD, attacker))
    assert retry <= 900
    assert_rate_limited(login(srv, email.upper(), WRONG, attacker))
    # ...while the owner, from their own address, logs in as usual...
    ok = login(srv, email, GOOD_PASSWORD, "198.51.100.67")
    assert ok.status == 200, ok
    assert ok.json()["user"]["email"] == email
    # ...and the attacker's address may still use another account (its own).
    mine = login(srv, other, GOOD_PASSWORD, attacker)
    assert mine.status == 200, mine


def test_successful_log_ins_do_not_use_up_the_allowance(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("rls"))
    wait_for_window(900, 8)
    wait_for_window(60, 6)
    ip = "198.51.100.70"
    for i in range(5):
        assert login(srv, email, GOOD_PASSWORD, ip).status == 200, i
    for i in range(4):
        assert login(srv, email, WRONG, ip).status == 401, i
    ok = login(srv, email, GOOD_PASSWORD, ip)
    assert ok.status == 200, ok


def test_wrong_passwords_spread_over_many_addresses_stop_at_the_account_ceiling(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("rla"))
    other, _ = api_sign_up(srv.url, email_addr=unique_email("rlb"))
    wait_for_window(3600, 60)
    # Twenty wrong passwords from twenty addresses (the old per-account
    # limit) no longer lock the owner out.
    for i in range(20):
        res = login(srv, email, WRONG, f"198.51.100.{i + 1}")
        assert res.status == 401, (i, res)
    ok = login(srv, email, GOOD_PASSWORD, "198.51.100.200")
    assert ok.status == 200, ok
    # A hundred failures in the hour from anywhere do stop further tries,
    # from a fresh address, with the right password, in any letter case.
    for i in range(20, 100):
        res = login(srv, email, WRONG, f"198.51.{100 + i // 200}.{i % 200 + 1}")
        assert res.status == 401, (i, res)
    assert_rate_limited(login(srv, email, GOOD_PASSWORD, "192.0.2.200"))
    assert_rate_limited(login(srv, email.upper(), GOOD_PASSWORD, "192.0.2.201"))
    # The ceiling is per account: another account from the same address is fine.
    ok = login(srv, other, GOOD_PASSWORD, "192.0.2.200")
    assert ok.status == 200, ok


def test_spoofed_forwarded_for_does_not_escape_the_limit(rate_limited_direct_server):
    """Without HEARTH_TRUST_PROXY the client's own address counts, whatever
    X-Forwarded-For claims."""
    srv = rate_limited_direct_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("rls"))
    wait_for_window(900, 8)
    wait_for_window(60, 6)
    # Five wrong passwords on the account, five on unknown addresses, each
    # claiming another X-Forwarded-For. (The sign-up helper's own log-in
    # came from this client too, so the tenth may already be refused.)
    statuses = [login(srv, target, WRONG, f"192.0.2.{i + 1}").status
                for i, target in enumerate([email] * 5 + [unique_email("guess") for _ in range(5)])]
    assert statuses[:9] == [401] * 9 and statuses[9] in (401, 429), statuses
    assert_rate_limited(login(srv, email, GOOD_PASSWORD, "192.0.2.99"))
    res = Client(srv.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert_rate_limited(res)


def test_rate_limited_server_still_serves_a_normal_login(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url, email_addr=unique_email("rln"))
    wait_for_window(60, 5)
    res = Client(srv.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    assert "Retry-After" not in res.headers


def test_no_limit_when_rate_limits_are_off(server):
    email, _ = api_sign_up(server.url)
    for i in range(12):
        res = Client(server.url).post("/api/v1/session", json={"email": email, "password": WRONG})
        assert res.status == 401, (i, res)
    res = Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
