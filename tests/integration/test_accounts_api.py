"""Accounts over the JSON API: sign-up, log-in, log-out, /me, e-mail
verification and password reset."""
import re

import pytest

from hearth_client import (GOOD_PASSWORD, SESSION_COOKIE, Client, api_log_in, api_sign_up, bearer, extract_csrf,
                           mail_text,
                           mails_to, me_status, parse_set_cookie, unique_email, wait_for_mails, wait_for_token)


def sign_up_body(**overrides):
    body = {"email": unique_email(), "password": GOOD_PASSWORD, "display_name": "Robin Example",
            "role": "member"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def login_status(server, email, password):
    return Client(server.url).post("/api/v1/session", json={"email": email, "password": password}).status


def test_healthz_reports_the_engine(server):
    res = server.client().get("/healthz")
    assert res.status == 200
    assert res.headers["Content-Type"].startswith("application/json")
    assert res.json() == {"status": "ok", "database": server.engine}


# --- sign-up ---

SIGN_UP_ACCEPTED = {"status": "accepted",
                    "message": "Thank you. We have sent a message to that address with what to do next."}


@pytest.mark.parametrize("role", ["member", "specialist"])
def test_sign_up_creates_an_account(server, role):
    body = sign_up_body(role=role, display_name="  Robin Example  ")
    res = Client(server.url).post("/api/v1/users", json=body)
    assert res.status == 202, res
    assert res.json() == SIGN_UP_ACCEPTED
    assert GOOD_PASSWORD not in res.text and body["email"] not in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    # The new account can log in and is who /me says.
    session = api_log_in(server.url, body["email"])
    user = session["user"]
    assert set(user) == {"id", "email", "display_name", "role", "email_verified", "created_at"}
    assert isinstance(user["id"], int) and user["id"] > 0
    assert user["email"] == body["email"]
    assert user["display_name"] == "Robin Example"  # trimmed
    assert user["role"] == role
    assert user["email_verified"] is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", user["created_at"])
    me = Client(server.url).get("/api/v1/me", headers=bearer(session["token"]))
    assert me.status == 200
    assert me.json()["user"] == user


def test_sign_up_without_role_makes_a_member(server):
    body = sign_up_body(role=None)
    res = Client(server.url).post("/api/v1/users", json=body)
    assert res.status == 202, res
    assert api_log_in(server.url, body["email"])["user"]["role"] == "member"


@pytest.mark.parametrize("variant", [str.upper, str, lambda e: "  " + e.capitalize() + " "],
                         ids=["upper-case", "exact", "padded"])
def test_sign_up_with_a_taken_address_answers_alike_and_changes_nothing(server, variant):
    email, original = api_sign_up(server.url)
    other_password = "a different but strong passphrase 7"
    fresh = Client(server.url).post("/api/v1/users", json=sign_up_body())
    taken = Client(server.url).post("/api/v1/users", json=sign_up_body(
        email=variant(email), password=other_password, display_name="Impostor", role="specialist"))
    # The same status and body as a sign-up with a free address: nothing
    # tells whether the address has an account.
    assert taken.status == fresh.status == 202, taken
    assert taken.json() == fresh.json() == SIGN_UP_ACCEPTED
    assert not taken.cookie_header(SESSION_COOKIE)
    # The owner is told instead, with a way to log in or reset the password.
    msgs = wait_for_mails(server.data_dir, email, count=2)
    note = msgs[1]
    assert "tried to create" in note["Subject"]
    text = mail_text(note)
    assert "/login" in text and "/password/forgot" in text
    assert other_password not in text and "Impostor" not in text
    assert "Test Person" in text
    # Nothing changed: the original password still works, the new one does not.
    session = api_log_in(server.url, email)
    assert session["user"]["id"] == original["id"]
    assert session["user"]["display_name"] == "Test Person"
    assert session["user"]["role"] == "member"
    assert login_status(server, email, other_password) == 401


def test_login_email_is_case_insensitive(server):
    email, user = api_sign_up(server.url)
    session = api_log_in(server.url, email.upper())
    assert session["user"]["id"] == user["id"]


@pytest.mark.parametrize("password", [
    "Sh0rt-pass!",          # 11 characters
    "x7" + "Qw9!" * 32,     # 130 characters
    "password1234",         # common
    "aaaaaaaaaaaaaaa",      # a repeated character
    "",                     # empty
], ids=["too-short", "too-long", "common", "repeated", "empty"])
def test_weak_password_is_refused(server, password):
    body = sign_up_body(password=password)
    res = Client(server.url).post("/api/v1/users", json=body)
    assert res.status == 422, res
    err = res.error()
    assert err["field"] == "password"
    if password:
        assert password not in res.text
    # No account was created: the address is still free.
    ok = Client(server.url).post("/api/v1/users", json=sign_up_body(email=body["email"]))
    assert ok.status == 202, ok
    assert login_status(server, body["email"], GOOD_PASSWORD) == 200


def test_password_of_exactly_12_and_128_characters_is_accepted(server):
    for password in ("Tq8#mZ2!vL5w", ("Tq8#mZ2!vL5w" * 11)[:128]):
        body = sign_up_body(password=password)
        res = Client(server.url).post("/api/v1/users", json=body)
        assert res.status == 202, (len(password), res)
        assert login_status(server, body["email"], password) == 200


def test_admin_role_cannot_be_chosen(server):
    body = sign_up_body(role="admin")
    res = Client(server.url).post("/api/v1/users", json=body)
    assert res.status == 422, res
    assert res.error()["field"] == "role"
    assert login_status(server, body["email"], GOOD_PASSWORD) == 401


def test_unknown_role_is_refused(server):
    res = Client(server.url).post("/api/v1/users", json=sign_up_body(role="superuser"))
    assert res.status == 422, res
    assert res.error()["field"] == "role"


@pytest.mark.parametrize("display_name", [None, "", "   "], ids=["missing", "empty", "blank"])
def test_display_name_is_required(server, display_name):
    body = sign_up_body(display_name=display_name)
    res = Client(server.url).post("/api/v1/users", json=body)
    assert res.status == 422, res
    assert res.error()["field"] == "display_name"
    assert login_status(server, body["email"], GOOD_PASSWORD) == 401


def test_display_name_longer_than_80_characters_is_refused(server):
    res = Client(server.url).post("/api/v1/users", json=sign_up_body(display_name="N" * 81))
    assert res.status == 422, res
    assert res.error()["field"] == "display_name"


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "@example.org", "two@@example.org",
                                   "spaces in@example.org", "x@example."])
def test_bad_email_is_refused(server, email):
    res = Client(server.url).post("/api/v1/users", json=sign_up_body(email=email))
    assert res.status == 422, res
    assert res.error()["field"] == "email"


def test_missing_email_is_refused(server):
    res = Client(server.url).post("/api/v1/users", json=sign_up_body(email=None))
    assert res.status == 422, res
    assert res.error()["field"] == "email"


def test_non_text_field_is_refused(server):
    res = Client(server.url).post("/api/v1/users", json=sign_up_body(display_name=42))
    assert res.status == 422, res
    assert res.error()["field"] == "display_name"


# --- log in / log out / me ---

def test_log_in_returns_tokens_and_sets_the_session_cookie(server):
    email, user = api_sign_up(server.url)
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    body = res.json()
    assert set(body) == {"token", "csrf_token", "user"}
    assert len(body["token"]) >= 32 and len(body["csrf_token"]) >= 32
    assert body["token"] != body["csrf_token"]
    assert body["user"]["id"] == user["id"]
    line = res.cookie_header(SESSION_COOKIE)
    assert line, res.set_cookies
    name, value, attrs = parse_set_cookie(line)
    assert value == body["token"]
    assert "httponly" in attrs and "secure" in attrs
    assert attrs.get("samesite", "").lower() == "lax"
    assert attrs.get("path") == "/"
    assert "domain" not in attrs
    # The cookie alone authenticates.
    me = c.get("/api/v1/me")
    assert me.status == 200, me
    assert me.json()["user"]["email"] == email
    assert me.json()["csrf_token"] == body["csrf_token"]


def test_wrong_password_and_unknown_email_look_the_same(server):
    email, _ = api_sign_up(server.url)
    wrong = Client(server.url).post("/api/v1/session", json={"email": email, "password": "not the password 1"})
    unknown = Client(server.url).post("/api/v1/session",
                                      json={"email": unique_email("nobody"), "password": "not the password 1"})
    assert wrong.status == 401 and unknown.status == 401
    assert wrong.error()["code"] == unknown.error()["code"] == "invalid_credentials"
    assert wrong.error()["message"] == unknown.error()["message"]
    assert wrong.error()["field"] == unknown.error()["field"]
    assert SESSION_COOKIE not in wrong.text and not wrong.cookie_header(SESSION_COOKIE)
    assert not unknown.cookie_header(SESSION_COOKIE)


def test_log_in_without_password_is_refused(server):
    email, _ = api_sign_up(server.url)
    res = Client(server.url).post("/api/v1/session", json={"email": email})
    assert res.status == 422, res
    assert res.error()["field"] == "password"


def test_me_with_bearer_token(server):
    email, user = api_sign_up(server.url, display_name="Bearer Person")
    token = api_log_in(server.url, email)["token"]
    res = Client(server.url).get("/api/v1/me", headers=bearer(token))
    assert res.status == 200, res
    body = res.json()
    assert body["user"]["id"] == user["id"]
    assert body["user"]["display_name"] == "Bearer Person"
    assert isinstance(body["csrf_token"], str) and body["csrf_token"]


@pytest.mark.parametrize("headers", [None, {"Authorization": "Bearer not-a-real-token"},
                                     {"Authorization": "Basic dXNlcjpwYXNz"},
                                     {"Cookie": SESSION_COOKIE + "=forged-session-value"}],
                         ids=["nothing", "bogus-bearer", "basic", "bogus-cookie"])
def test_me_without_a_session_is_401(server, headers):
    res = Client(server.url).get("/api/v1/me", headers=headers)
    assert res.status == 401, res
    assert res.error()["code"] == "unauthorized"


def test_log_out_ends_the_token_server_side(server):
    email, _ = api_sign_up(server.url)
    token = api_log_in(server.url, email)["token"]
    assert me_status(server.url, token) == 200
    res = Client(server.url).delete("/api/v1/session", headers=bearer(token))
    assert res.status == 204, res
    assert res.body == b""
    assert me_status(server.url, token) == 401
    # A second log-out with the dead token is refused.
    again = Client(server.url).delete("/api/v1/session", headers=bearer(token))
    assert again.status == 401, again


def test_log_out_ends_only_that_session(server):
    email, _ = api_sign_up(server.url)
    first = api_log_in(server.url, email)["token"]
    second = api_log_in(server.url, email)["token"]
    assert first != second
    assert Client(server.url).delete("/api/v1/session", headers=bearer(first)).status == 204
    assert me_status(server.url, first) == 401
    assert me_status(server.url, second) == 200


def test_log_in_again_with_bearer_rotates_the_session(server):
    email, _ = api_sign_up(server.url)
    old = api_log_in(server.url, email)["token"]
    res = Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD},
                                  headers=bearer(old))
    assert res.status == 200, res
    new = res.json()["token"]
    assert new != old
    assert me_status(server.url, old) == 401
    assert me_status(server.url, new) == 200


def test_log_in_again_with_cookie_rotates_the_session(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    first = c.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
    assert first.status == 200
    old = first.json()["token"]
    assert c.session_token == old
    # The cookie is sent along, so the CSRF token must be too.
    res = c.post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD},
                 headers={"X-CSRF-Token": first.json()["csrf_token"]})
    assert res.status == 200, res
    new = res.json()["token"]
    assert new != old
    assert c.session_token == new
    assert me_status(server.url, old) == 401
    assert me_status(server.url, new) == 200
    assert c.get("/api/v1/me").status == 200


# --- e-mail verification ---

def test_sign_up_sends_a_verification_email_whose_token_verifies_once(server):
    email, _ = api_sign_up(server.url, display_name="Mail Reader")
    session = api_log_in(server.url, email)["token"]
    before = Client(server.url).get("/api/v1/me", headers=bearer(session)).json()["user"]
    assert before["email_verified"] is False

    msg = wait_for_mails(server.data_dir, email)[0]
    assert msg["To"] == email
    assert "confirm" in msg["Subject"].lower()
    token = wait_for_token(server.data_dir, email, "/verify-email")
    assert len(token) >= 32

    res = Client(server.url).post("/api/v1/email/verify", json={"token": token})
    assert res.status == 200, res
    after = Client(server.url).get("/api/v1/me", headers=bearer(session)).json()["user"]
    assert after["email_verified"] is True

    reused = Client(server.url).post("/api/v1/email/verify", json={"token": token})
    assert reused.status == 422, reused
    assert reused.error()["code"] == "invalid_token"


@pytest.mark.parametrize("token", ["bogus-token", "", "x" * 500])
def test_bogus_verification_token_is_refused(server, token):
    res = Client(server.url).post("/api/v1/email/verify", json={"token": token})
    assert res.status == 422, res
    assert res.error()["code"] == "invalid_token"


def test_verification_token_is_bound_to_its_account_and_purpose(server):
    a, _ = api_sign_up(server.url)
    b, _ = api_sign_up(server.url)
    token_a = wait_for_token(server.data_dir, a, "/verify-email")
    # Not a password-reset token...
    res = Client(server.url).post("/api/v1/password/reset",
                                  json={"token": token_a, "password": "a brand new passphrase 2024"})
    assert res.status == 422, res
    assert res.error()["code"] == "invalid_token"
    assert login_status(server, a, GOOD_PASSWORD) == 200
    # ...and it verifies A only.
    assert Client(server.url).post("/api/v1/email/verify", json={"token": token_a}).status == 200
    a_session = api_log_in(server.url, a)["token"]
    b_session = api_log_in(server.url, b)["token"]
    assert Client(server.url).get("/api/v1/me", headers=bearer(a_session)).json()["user"]["email_verified"] is True
    assert Client(server.url).get("/api/v1/me", headers=bearer(b_session)).json()["user"]["email_verified"] is False


def test_verify_email_page_works_once(server):
    email, _ = api_sign_up(server.url)
    token = wait_for_token(server.data_dir, email, "/verify-email")
    session = api_log_in(server.url, email)["token"]
    verified = lambda: Client(server.url).get("/api/v1/me", headers=bearer(session)).json()["user"]["email_verified"]
    # Opening the link asks; it does not use the link up.
    c = Client(server.url)
    first = c.get(f"/verify-email?token={token}")
    assert first.status == 200, first
    assert first.headers["Content-Type"].startswith("text/html")
    assert "Confirm and continue" in first.text
    assert verified() is False
    confirmed = c.post("/verify-email", form={"token": token, "_csrf": extract_csrf(first.text)})
    assert confirmed.status == 303, confirmed
    assert verified() is True
    second = Client(server.url).get(f"/verify-email?token={token}")
    assert second.status == 410, second
    bogus = Client(server.url).get("/verify-email?token=nope")
    assert bogus.status == 410, bogus


# --- password reset ---

def test_forgot_password_does_not_reveal_accounts(server):
    email, _ = api_sign_up(server.url)
    nobody = unique_email("nobody")
    unknown = Client(server.url).post("/api/v1/password/forgot", json={"email": nobody})
    known = Client(server.url).post("/api/v1/password/forgot", json={"email": email})
    assert unknown.status == 202, unknown
    assert known.status == 202, known
    assert unknown.json() == known.json()
    # The real account gets a reset link (after its verification mail);
    # the unknown address gets nothing. Mail goes out in order, so once the
    # later message is there the earlier request has been dealt with.
    msgs = wait_for_mails(server.data_dir, email, count=2)
    assert any("/password/reset?token=" in m.get_body(preferencelist=("plain",)).get_content() for m in msgs)
    assert mails_to(server.data_dir, nobody) == []


def test_forgot_password_requires_an_email(server):
    res = Client(server.url).post("/api/v1/password/forgot", json={})
    assert res.status == 422, res
    assert res.error()["field"] == "email"


def reset_token_for(server, email):
    res = Client(server.url).post("/api/v1/password/forgot", json={"email": email})
    assert res.status == 202, res
    # Message 1 is the verification e-mail from sign-up.
    return wait_for_token(server.data_dir, email, "/password/reset", count=2)


def test_password_reset_changes_the_password_and_ends_sessions(server):
    email, _ = api_sign_up(server.url)
    old_session = api_log_in(server.url, email)["token"]
    other_session = api_log_in(server.url, email)["token"]
    token = reset_token_for(server, email)
    new_password = "a brand new passphrase 2024"

    # A weak new password is refused and changes nothing; the token stays usable.
    weak = Client(server.url).post("/api/v1/password/reset", json={"token": token, "password": "short"})
    assert weak.status == 422, weak
    assert weak.error()["field"] == "password"
    assert login_status(server, email, GOOD_PASSWORD) == 200
    assert me_status(server.url, old_session) == 200

    res = Client(server.url).post("/api/v1/password/reset", json={"token": token, "password": new_password})
    assert res.status == 200, res

    assert login_status(server, email, GOOD_PASSWORD) == 401
    assert login_status(server, email, new_password) == 200
    assert me_status(server.url, old_session) == 401
    assert me_status(server.url, other_session) == 401

    reused = Client(server.url).post("/api/v1/password/reset",
                                     json={"token": token, "password": "yet another passphrase 99"})
    assert reused.status == 422, reused
    assert reused.error()["code"] == "invalid_token"
    # The refused reuse changed nothing.
    assert login_status(server, email, new_password) == 200
    assert login_status(server, email, "yet another passphrase 99") == 401


def test_password_reset_with_a_bogus_token_is_refused(server):
    res = Client(server.url).post("/api/v1/password/reset",
                                  json={"token": "not-a-token", "password": "a brand new passphrase 2024"})
    assert res.status == 422, res
    assert res.error()["code"] == "invalid_token"
