"""Changing one's password with the current one: PUT /api/v1/me/password
and the form at /account/password. The current password is checked (wrong
ones are counted like log-in failures), the new one meets the sign-up rule,
every other session ends, and the address gets a notice without secrets."""
import pytest

from hearth_client import (GOOD_PASSWORD, Client, api_sign_up, bearer, extract_csrf, mail_text, mails_to,
                           me_status, wait_for_mail)

NEW_PASSWORD = "a quiet lake at dawn 77"
NOTICE = "Your Hearth password was changed"


def log_in(server, email, password=GOOD_PASSWORD):
    return Client(server.url).post("/api/v1/session", json={"email": email, "password": password})


def token_of(server, email, password=GOOD_PASSWORD) -> str:
    res = log_in(server, email, password)
    assert res.status == 200, res
    return res.json()["token"]


def change(server, token, current, new):
    return Client(server.url).request("PUT", "/api/v1/me/password", headers=bearer(token),
                                      json={"current_password": current, "new_password": new})


def assert_unchanged(server, email):
    assert log_in(server, email).status == 200
    assert log_in(server, email, NEW_PASSWORD).status == 401


def test_success_ends_other_sessions_keeps_this_one_and_mails_a_notice(server):
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    other = token_of(server, email)
    browser = Client(server.url)
    csrf = browser.csrf_from("/login")
    assert browser.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": csrf}).status == 303
    res = change(server, this, GOOD_PASSWORD, NEW_PASSWORD)
    assert res.status == 200, res
    assert res.json() == {"changed": True}
    assert me_status(server.url, this) == 200
    assert me_status(server.url, other) == 401
    assert browser.get("/api/v1/me").status == 401
    assert log_in(server, email).status == 401
    assert log_in(server, email, NEW_PASSWORD).status == 200
    notice = wait_for_mail(server.data_dir, email, NOTICE)
    body = mail_text(notice)
    assert NEW_PASSWORD not in body and GOOD_PASSWORD not in body
    assert "/password/forgot" in body


def test_wrong_current_password_is_refused_and_changes_nothing(server):
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    other = token_of(server, email)
    res = change(server, this, "not my password at all", NEW_PASSWORD)
    assert res.status == 422, res
    err = res.error()
    assert err["field"] == "current_password"
    assert me_status(server.url, other) == 200
    assert_unchanged(server, email)
    assert not [m for m in mails_to(server.data_dir, email) if NOTICE in m["Subject"]]


@pytest.mark.parametrize("new", ["short", "password1234", "a" * 20, ""], ids=["short", "common", "repeated", "empty"])
def test_weak_new_password_is_refused(server, new):
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    other = token_of(server, email)
    res = change(server, this, GOOD_PASSWORD, new)
    assert res.status == 422, res
    assert res.error()["field"] == "new_password"
    assert me_status(server.url, other) == 200
    assert log_in(server, email).status == 200


def test_new_password_made_of_the_address_is_refused(server):
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    res = change(server, this, GOOD_PASSWORD, email + email)
    assert res.status == 422, res
    assert res.error()["field"] == "new_password"


def test_missing_current_password_is_refused(server):
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    res = change(server, this, "", NEW_PASSWORD)
    assert res.status == 422, res
    assert res.error()["field"] == "current_password"
    assert_unchanged(server, email)


def test_values_that_are_not_text_are_refused(server):
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    res = Client(server.url).request("PUT", "/api/v1/me/password", headers=bearer(this),
                                     json={"current_password": 12, "new_password": ["x"]})
    assert res.status in (400, 422), res
    assert_unchanged(server, email)


def test_visitors_cannot_change_a_password(server):
    res = Client(server.url).request("PUT", "/api/v1/me/password",
                                     json={"current_password": GOOD_PASSWORD, "new_password": NEW_PASSWORD})
    assert res.status == 401, res
    assert Client(server.url).get("/account/password").status in (302, 303)


def test_one_person_cannot_change_anothers_password(server):
    """The service only ever changes the caller's own account: a stranger
    who knows the victim's password still changes only their own."""
    victim_email, _ = api_sign_up(server.url)
    stranger_email, _ = api_sign_up(server.url)
    stranger = token_of(server, stranger_email)
    res = change(server, stranger, GOOD_PASSWORD, NEW_PASSWORD)
    assert res.status == 200
    assert_unchanged(server, victim_email)
    assert log_in(server, stranger_email, NEW_PASSWORD).status == 200


def test_page_form_changes_the_password(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    csrf = c.csrf_from("/login")
    assert c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": csrf}).status == 303
    other = token_of(server, email)
    form = c.get("/account/password")
    assert form.status == 200
    assert 'autocomplete="current-password"' in form.text and 'autocomplete="new-password"' in form.text
    bad = c.post("/account/password", form={"_csrf": extract_csrf(form.text), "current_password": "wrong one here",
                                            "new_password": NEW_PASSWORD})
    assert bad.status == 422, bad
    assert "That is not your current password." in bad.text
    assert NEW_PASSWORD not in bad.text  # passwords are never shown again
    weak = c.post("/account/password", form={"_csrf": extract_csrf(form.text), "current_password": GOOD_PASSWORD,
                                             "new_password": "short"})
    assert weak.status == 422, weak
    assert 'id="new_password-error"' in weak.text
    res = c.post("/account/password", form={"_csrf": extract_csrf(form.text), "current_password": GOOD_PASSWORD,
                                            "new_password": NEW_PASSWORD})
    assert res.status == 303 and res.location.startswith("/account?changed=password"), res
    assert me_status(server.url, other) == 401
    account = c.get("/account?changed=password")
    assert account.status == 200 and "Your password has been changed." in account.text
    assert log_in(server, email, NEW_PASSWORD).status == 200


def test_page_form_needs_its_csrf_token(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    csrf = c.csrf_from("/login")
    assert c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": csrf}).status == 303
    res = c.post("/account/password", form={"current_password": GOOD_PASSWORD, "new_password": NEW_PASSWORD})
    assert res.status == 403, res
    assert_unchanged(server, email)


def test_wrong_current_passwords_are_rate_limited(rate_limited_server):
    server = rate_limited_server
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    for _ in range(5):
        assert change(server, this, "not my password at all", NEW_PASSWORD).status == 422
    res = change(server, this, GOOD_PASSWORD, NEW_PASSWORD)  # even the right one waits now
    assert res.status == 429, res
    assert int(res.headers["Retry-After"]) >= 1
    assert res.error()["code"] == "rate_limited"
    assert_unchanged(server, email)


def test_answers_match_the_api_description(server):
    from test_openapi_shapes import check
    email, _ = api_sign_up(server.url)
    this = token_of(server, email)
    path = "/api/v1/me/password"
    check(change(server, this, "wrong password here", NEW_PASSWORD), "PUT", path, 422)
    check(change(server, this, GOOD_PASSWORD, "short"), "PUT", path, 422)
    check(Client(server.url).request("PUT", path, json={}), "PUT", path, 401)
    check(change(server, this, GOOD_PASSWORD, NEW_PASSWORD), "PUT", path, 200)
