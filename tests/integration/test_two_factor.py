"""Two-factor sign-in (TOTP, RFC 6238) on both engines: enrolment, the
first code, log-in with a code (API and pages), each code once, recovery
codes once, turning it off behind password and code, the per-account limit
on wrong codes, remembered browsers, admins without a second factor kept
out of the admin area, and nobody touching another person's enrolment.
Codes come from pyotp, as an authenticator app's would."""
from __future__ import annotations

import re
import urllib.parse

import pyotp
import pytest

from hearth_client import DEVICE_COOKIE, GOOD_PASSWORD, SESSION_COOKIE, Client, api_log_in, bearer, extract_csrf, unique_email
from specialist_helpers import admin_mail, audit_entries  # noqa: F401  (fixture)
from two_factor_helpers import Person, answer_code, challenge_of, page_log_in


@pytest.fixture(scope="module")
def site(server):
    return server


# --- enrolment ---

def test_enrolment_gives_a_secret_uri_and_ten_recovery_codes(site):
    p = Person(site)
    res = p.api("POST", "/api/v1/me/totp")
    assert res.status == 201, res
    body = res.json()
    assert re.fullmatch(r"[A-Z2-7]{32}", body["secret"])
    uri = urllib.parse.urlsplit(body["otpauth_uri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert urllib.parse.unquote(uri.path) == "/Hearth:" + p.email
    query = dict(urllib.parse.parse_qsl(uri.query))
    assert query == {"secret": body["secret"], "issuer": "Hearth", "algorithm": "SHA1", "digits": "6", "period": "30"}
    parsed = pyotp.parse_uri(body["otpauth_uri"])
    assert parsed.secret == body["secret"]
    assert len(body["recovery_codes"]) == 10 and len(set(body["recovery_codes"])) == 10
    # Pending: logging in does not ask for a code yet.
    assert p.log_in().status == 200
    assert p.api("GET", "/api/v1/me/totp").json() == {"enabled": False, "pending": True, "recovery_codes_left": 0}


def test_a_second_enrolment_replaces_the_pending_one(site):
    p = Person(site)
    first = p.api("POST", "/api/v1/me/totp").json()
    second = p.api("POST", "/api/v1/me/totp").json()
    assert first["secret"] != second["secret"]
    res = p.api("POST", "/api/v1/me/totp/confirm", {"code": pyotp.TOTP(first["secret"]).now()})
    assert res.status == 422 and res.error()["code"] == "invalid_code", res
    res = p.api("POST", "/api/v1/me/totp/confirm", {"code": pyotp.TOTP(second["secret"]).now()})
    assert res.status == 200 and res.json() == {"enabled": True}, res
    assert p.api("GET", "/api/v1/me/totp").json() == {"enabled": True, "pending": False, "recovery_codes_left": 10}
    # Once on, enrolling again is refused (turn it off first), and the secret is never shown again.
    res = p.api("POST", "/api/v1/me/totp")
    assert res.status == 409 and res.error()["code"] == "already_enabled", res
    assert second["secret"] not in p.api("GET", "/api/v1/me/totp").text


def test_confirming_refuses_bad_input_and_needs_an_enrolment(site):
    p = Person(site)
    res = p.api("POST", "/api/v1/me/totp/confirm", {"code": "123456"})
    assert res.status == 409 and res.error()["code"] == "nothing_pending", res
    p.api("POST", "/api/v1/me/totp")
    for code in ("", "12345", "abcdef", "1234567"):
        res = p.api("POST", "/api/v1/me/totp/confirm", {"code": code})
        assert res.status == 422 and res.error()["code"] == "invalid_code", (code, res)
    res = p.api("POST", "/api/v1/me/totp/confirm", {"code": 123456})
    assert res.status == 422, res  # a number is not text
    assert p.api("GET", "/api/v1/me/totp").json()["enabled"] is False


def test_visitors_cannot_use_the_endpoints(site):
    c = Client(site.url)
    assert c.get("/api/v1/me/totp").status == 401
    assert c.post("/api/v1/me/totp", json={}).status == 401
    assert c.post("/api/v1/me/totp/confirm", json={"code": "123456"}).status == 401
    assert c.delete("/api/v1/me/totp", json={"password": "x", "code": "123456"}).status == 401


# --- logging in with a code ---

def test_log_in_needs_a_code_and_accepts_each_code_once(site):
    p = Person(site)
    p.enrol()
    res = p.log_in()
    assert res.status == 401 and res.error()["code"] == "otp_required", res
    assert "token" not in res.json() and res.set_cookies == []
    res = p.log_in(otp="000000" if pyotp.TOTP(p.secret).now() != "000000" else "111111")
    assert res.status == 401 and res.error()["code"] == "invalid_otp", res
    code = p.code()
    res = p.log_in(otp=code)
    assert res.status == 200, res
    assert Client(site.url).get("/api/v1/me", headers=bearer(res.json()["token"])).status == 200
    again = p.log_in(otp=code)
    assert again.status == 401 and again.error()["code"] == "invalid_otp", again
    # A wrong password is still just a wrong password, code or not.
    res = Client(site.url).post("/api/v1/session", json={"email": p.email, "password": "wrong password here 1",
                                                         "otp": p.code()})
    assert res.status == 401 and res.error()["code"] == "invalid_credentials", res


def test_a_recovery_code_works_once(site, admin_mail):
    p = Person(site)
    p.enrol()
    code = p.recovery_codes[3]
    res = p.log_in(otp=code.upper().replace("-", " "))  # typed leniently
    assert res.status == 200, res
    res = p.log_in(otp=code)
    assert res.status == 401 and res.error()["code"] == "invalid_otp", res
    assert p.api("GET", "/api/v1/me/totp").json()["recovery_codes_left"] == 9
    # Another account's recovery code is not one of this account's.
    other = Person(site)
    other.enrol()
    res = other.log_in(otp=p.recovery_codes[4])
    assert res.status == 401, res
    assert p.log_in(otp=p.recovery_codes[4]).status == 200
    used = [e for e in audit_entries(site, admin_mail, "account.totp_recovery_code_used")
            if e.get("target_id") == str(p.user["id"])]
    assert len(used) == 2
    assert not any(p.recovery_codes[3] in str(e) or p.secret in str(e) for e in used)


# --- turning it off ---

def test_turning_off_needs_the_password_and_a_code(site, admin_mail):
    p = Person(site)
    p.enrol()
    res = p.api("DELETE", "/api/v1/me/totp", {"password": "not my password 77", "code": p.code()})
    assert res.status == 422 and res.error()["code"] == "invalid_password" and res.error()["field"] == "password", res
    res = p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": "12345"})
    assert res.status == 422 and res.error()["code"] == "invalid_code", res
    res = p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": ""})
    assert res.status == 422, res
    assert p.log_in().status == 401  # still on
    res = p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": p.recovery_codes[0]})
    assert res.status == 200 and res.json() == {"enabled": False}, res
    assert p.log_in().status == 200
    res = p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": "123456"})
    assert res.status == 409 and res.error()["code"] == "not_enabled", res
    enabled = [e for e in audit_entries(site, admin_mail, "account.totp_enabled") if e.get("target_id") == str(p.user["id"])]
    disabled = [e for e in audit_entries(site, admin_mail, "account.totp_disabled") if e.get("target_id") == str(p.user["id"])]
    assert len(enabled) == 1 and len(disabled) == 1


def test_nobody_touches_another_persons_enrolment(site):
    a, b = Person(site), Person(site)
    a_pending = a.api("POST", "/api/v1/me/totp").json()
    # B confirming with A's code confirms nothing of A's (B has no enrolment).
    res = b.api("POST", "/api/v1/me/totp/confirm", {"code": pyotp.TOTP(a_pending["secret"]).now()})
    assert res.status == 409 and res.error()["code"] == "nothing_pending", res
    assert a.api("GET", "/api/v1/me/totp").json()["pending"] is True
    res = a.api("POST", "/api/v1/me/totp/confirm", {"code": pyotp.TOTP(a_pending["secret"]).now()})
    assert res.status == 200
    a.secret = a_pending["secret"]
    a.used.add(int(__import__("time").time()) // 30)
    # B cannot turn A's off, even knowing A's password and code: it acts on B's own account.
    res = b.api("DELETE", "/api/v1/me/totp", {"password": a.password, "code": a.code()})
    assert res.status == 409 and res.error()["code"] == "not_enabled", res
    assert a.log_in().status == 401
    # B's enrolment does not change A's secret.
    b.enrol()
    assert a.log_in(otp=a.code()).status == 200


def test_wrong_codes_are_limited_per_account(rate_limited_server):
    p = Person(rate_limited_server)
    p.enrol()
    for _ in range(5):
        res = p.log_in(otp="000000" if pyotp.TOTP(p.secret).now() != "000000" else "111111")
        assert res.status == 401, res
    res = p.log_in(otp=p.code())
    assert res.status == 429 and res.error()["code"] == "rate_limited", res
    assert int(res.headers["Retry-After"]) > 0
    # Confirming and turning off are counted under the same rule.
    res = p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": p.code()})
    assert res.status == 429, res


# --- the pages ---

def cookie_client(site, p: Person) -> Client:
    c = Client(site.url)
    res = c.post("/api/v1/session", json={"email": p.email, "password": p.password})
    assert res.status == 200, res
    return c


def test_enrolment_pages_show_the_qr_code_once_and_confirm(site):
    p = Person(site, role="specialist")
    c = cookie_client(site, p)
    account = c.get("/account")
    assert account.status == 200
    assert 'href="/account/two-factor"' in account.text and "People trust you" in account.text
    page = c.get("/account/two-factor")
    assert page.status == 200 and "/account/two-factor/start" in page.text
    res = c.post("/account/two-factor/start", form={"_csrf": extract_csrf(page.text)})
    assert res.status == 200, res
    assert "<svg" in res.text and 'role="img"' in res.text
    secret = re.search(r'data-secret="([A-Z2-7]{32})"', res.text).group(1)
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code></li>", res.text)
    assert len(codes) == 10
    # A wrong first code: the form again with the QR code, never the recovery codes.
    wrong = c.post("/account/two-factor/confirm", form={"_csrf": extract_csrf(res.text), "code": "12"})
    assert wrong.status == 422 and "did not work" in wrong.text and "<svg" in wrong.text
    assert codes[0] not in wrong.text
    ok = c.post("/account/two-factor/confirm",
                form={"_csrf": extract_csrf(res.text), "code": pyotp.TOTP(secret).now()})
    assert ok.status == 303 and ok.location == "/account/two-factor?enabled=1", ok
    on = c.get(ok.location)
    assert "Two-factor sign-in is on" in on.text and secret not in on.text and "<svg" not in on.text
    assert "/account/two-factor/disable" in on.text


def test_log_in_page_asks_for_the_code_and_remembers_the_browser(site):
    p = Person(site)
    p.enrol()
    c = Client(site.url)
    form = page_log_in(c, p.email, return_to="/consultations")
    assert form.status == 200 and 'action="/login/two-factor"' in form.text
    assert c.session_token is None
    assert p.password not in form.text
    # A wrong code: the same form with the error, the same challenge.
    wrong = answer_code(c, form, "999999" if pyotp.TOTP(p.secret).now() != "999999" else "888888")
    assert wrong.status == 422 and "did not work" in wrong.text
    assert challenge_of(wrong.text) == challenge_of(form.text) and c.session_token is None
    ok = answer_code(c, wrong, p.code(), remember=True)
    assert ok.status == 303 and ok.location == "/consultations", ok
    assert c.session_token
    device = [l for l in ok.set_cookies if l.startswith(DEVICE_COOKIE + "=")]
    assert device and "HttpOnly" in device[0] and "SameSite=Lax" in device[0] and "Max-Age=2592000" in device[0]
    # The challenge was used up (tried from another browser, which has no session).
    other = Client(site.url)
    again = other.post("/login/two-factor", form={"_csrf": other.csrf_from("/login"),
                                                  "challenge": challenge_of(form.text), "code": p.code()})
    assert again.status == 303 and again.location == "/login?expired=1"
    # Log out; the remembered browser logs in with the password alone.
    c.post("/logout", form={"_csrf": c.csrf_from("/account")})
    res = page_log_in(c, p.email)
    assert res.status == 303 and res.location == "/account", res
    # Another browser still needs the code; so does the API without the cookie.
    assert page_log_in(Client(site.url), p.email).status == 200
    assert p.log_in().status == 401
    # "Log out everywhere" forgets remembered browsers.
    c.post("/account/sessions/revoke", form={"_csrf": c.csrf_from("/account")})
    res = page_log_in(c, p.email)
    assert res.status == 200 and 'action="/login/two-factor"' in res.text


def test_a_remembered_browser_is_only_for_its_account(site):
    a, b = Person(site), Person(site)
    a.enrol()
    b.enrol()
    res = a.log_in(otp=a.code(), remember_device=True)
    assert res.status == 200
    token = [l for l in res.set_cookies if l.startswith(DEVICE_COOKIE + "=")][0].split(";")[0].split("=", 1)[1]
    c = Client(site.url)
    c.cookies[DEVICE_COOKIE] = token
    res = c.post("/api/v1/session", json={"email": b.email, "password": b.password})
    assert res.status == 401 and res.error()["code"] == "otp_required"
    res = c.post("/api/v1/session", json={"email": a.email, "password": a.password})
    assert res.status == 200
    # Turning two-factor sign-in off forgets the browser too.
    assert a.api("DELETE", "/api/v1/me/totp", {"password": a.password, "code": a.recovery_codes[1]}).status == 200
    a.enrol()
    c.cookies.pop(SESSION_COOKIE)
    res = c.post("/api/v1/session", json={"email": a.email, "password": a.password})
    assert res.status == 401 and res.error()["code"] == "otp_required"


def test_the_code_step_refuses_forged_challenges(site):
    c = Client(site.url)
    csrf = c.csrf_from("/login")
    for challenge in ("", "x" * 43, "y" * 500):
        res = c.post("/login/two-factor", form={"_csrf": csrf, "challenge": challenge, "code": "123456"})
        assert res.status == 303 and res.location == "/login?expired=1", res
    assert c.session_token is None


def test_turning_off_on_the_page(site):
    p = Person(site)
    p.enrol()
    c = Client(site.url)
    form = page_log_in(c, p.email)
    assert answer_code(c, form, p.code()).status == 303
    page = c.get("/account/two-factor")
    csrf = extract_csrf(page.text)
    res = c.post("/account/two-factor/disable", form={"_csrf": csrf, "password": "nope nope nope 1", "code": p.code()})
    assert res.status == 422 and "That is not your password" in res.text
    res = c.post("/account/two-factor/disable", form={"_csrf": csrf, "password": p.password, "code": p.code()})
    assert res.status == 303 and res.location == "/account/two-factor?disabled=1", res
    assert p.log_in().status == 200


# --- admins ---

def test_admins_without_a_second_factor_are_kept_out_of_the_admin_area(site):
    email = unique_email("admin2fa")
    password = "admin passphrase for two factor 5"
    r = site.cli("admin", "create", "--email", email, "--name", "Ada Admin", stdin=password + "\n")
    assert r.returncode == 0, r.stderr
    token = api_log_in(site.url, email, password)["token"]
    for path in ("/api/v1/admin/reports", "/api/v1/admin/audit-log", "/api/v1/admin/contact"):
        res = Client(site.url).get(path, headers=bearer(token))
        assert res.status == 403 and res.error()["code"] == "second_factor_required", (path, res)
    res = Client(site.url).post("/api/v1/admin/specialists/nobody/verify", json={}, headers=bearer(token))
    assert res.status == 403 and res.error()["code"] == "second_factor_required", res
    # The log-in page sends a new admin to enrolment; /admin pages answer 403.
    c = Client(site.url)
    res = page_log_in(c, email, password)
    assert res.status == 303 and res.location == "/account/two-factor?required=1", res
    assert "Administrators need two-factor sign-in" in c.get(res.location).text
    for path in ("/admin", "/admin/reports", "/admin/specialists", "/admin/contact"):
        assert c.get(path).status == 403, path
    # Their own account pages still work, and once enrolled the admin area opens.
    assert c.get("/account").status == 200
    page = c.get("/account/two-factor?required=1")
    start = c.post("/account/two-factor/start", form={"_csrf": extract_csrf(page.text)})
    secret = re.search(r'data-secret="([A-Z2-7]{32})"', start.text).group(1)
    ok = c.post("/account/two-factor/confirm", form={"_csrf": extract_csrf(start.text),
                                                     "code": pyotp.TOTP(secret).now()})
    assert ok.status == 303
    assert c.get("/admin").status == 200
    assert Client(site.url).get("/api/v1/admin/reports", headers=bearer(token)).status == 200
    # Members and specialists are not affected by the admin rule.
    member = Person(site)
    assert member.api("GET", "/api/v1/admin/reports").status == 403
    assert member.api("GET", "/api/v1/admin/reports").error()["code"] != "second_factor_required"


@pytest.fixture
def own_site(site):
    """A server of this test's own: pruning as if a month had passed forgets
    every remembered browser on it, the shared admins' included."""
    from conftest import _launch
    srv = _launch(site.engine)
    yield srv
    srv.cleanup()


def test_remembered_browsers_expire_after_30_days(own_site):
    site = own_site
    p = Person(site)
    p.enrol()
    res = p.log_in(otp=p.code(), remember_device=True)
    token = [l for l in res.set_cookies if l.startswith(DEVICE_COOKIE + "=")][0].split(";")[0].split("=", 1)[1]
    c = Client(site.url)
    c.cookies[DEVICE_COOKIE] = token
    assert c.post("/api/v1/session", json={"email": p.email, "password": p.password}).status == 200
    c.cookies.pop(SESSION_COOKIE)
    # One round of the maintenance, as if 29 days had passed: still remembered.
    r = site.cli("two-factor", "prune", "--now", str(int(__import__("time").time()) + 29 * 86400))
    assert r.returncode == 0, r.stderr
    assert c.post("/api/v1/session", json={"email": p.email, "password": p.password}).status == 200
    c.cookies.pop(SESSION_COOKIE)
    r = site.cli("two-factor", "prune", "--now", str(int(__import__("time").time()) + 31 * 86400))
    assert r.returncode == 0, r.stderr
    res = c.post("/api/v1/session", json={"email": p.email, "password": p.password})
    assert res.status == 401 and res.error()["code"] == "otp_required"


def test_the_answers_match_docs_openapi(site):
    from test_openapi_shapes import check  # the one checker of documented shapes

    p = Person(site)
    check(p.api("GET", "/api/v1/me/totp"), "GET", "/api/v1/me/totp", 200)
    check(p.api("POST", "/api/v1/me/totp/confirm", {"code": "1"}), "POST", "/api/v1/me/totp/confirm", 409)
    enrolment = check(p.api("POST", "/api/v1/me/totp"), "POST", "/api/v1/me/totp", 201).json()
    check(p.api("POST", "/api/v1/me/totp/confirm", {"code": "12"}), "POST", "/api/v1/me/totp/confirm", 422)
    p.secret, p.recovery_codes = enrolment["secret"], enrolment["recovery_codes"]
    check(p.api("POST", "/api/v1/me/totp/confirm", {"code": p.code()}), "POST", "/api/v1/me/totp/confirm", 200)
    check(p.api("POST", "/api/v1/me/totp"), "POST", "/api/v1/me/totp", 409)
    check(p.log_in(), "POST", "/api/v1/session", 401)
    check(p.log_in(otp=p.code()), "POST", "/api/v1/session", 200)
    check(p.api("DELETE", "/api/v1/me/totp", {"password": "wrong one 1", "code": "1"}), "DELETE", "/api/v1/me/totp", 422)
    check(p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": p.recovery_codes[0]}),
          "DELETE", "/api/v1/me/totp", 200)
    check(p.api("DELETE", "/api/v1/me/totp", {"password": p.password, "code": "1"}), "DELETE", "/api/v1/me/totp", 409)
    check(Client(site.url).get("/api/v1/me/totp"), "GET", "/api/v1/me/totp", 401)
