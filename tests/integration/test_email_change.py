"""Changing one's e-mail address: PUT /api/v1/me/email and /account/email
send a link to the new address; nothing changes until it is confirmed
(the link's page asks first; POST /account/email/confirm or
/api/v1/email/change/confirm acts). Then every other session ends and the
old address gets a notice with an undo link (7 days) that restores it and
ends every session."""
import html
import re
import time

import pytest

from hearth_client import (GOOD_PASSWORD, Client, api_sign_up, bearer, extract_csrf, mail_text, mails_to,
                           me_status, token_from_mail, unique_email, wait_for_mail)
from message_helpers import db_rows

CONFIRM_SUBJECT = "Confirm your new e-mail address"
NOTICE_SUBJECT = "The e-mail address of your Hearth account was changed"
TAKEN_SUBJECT = "Someone tried to use your address"


def log_in(server, email, password=GOOD_PASSWORD):
    return Client(server.url).post("/api/v1/session", json={"email": email, "password": password})


def token_of(server, email) -> str:
    res = log_in(server, email)
    assert res.status == 200, res
    return res.json()["token"]


def ask(server, token, new_email, password=GOOD_PASSWORD):
    return Client(server.url).request("PUT", "/api/v1/me/email", headers=bearer(token),
                                      json={"new_email": new_email, "password": password})


def me(server, token) -> dict:
    res = Client(server.url).get("/api/v1/me", headers=bearer(token))
    assert res.status == 200, res
    return res.json()["user"]


def confirm_token(server, address, count=1) -> str:
    msgs = [m for m in mails_to(server.data_dir, address) if CONFIRM_SUBJECT in m["Subject"]]
    if len(msgs) < count:
        wait_for_mail(server.data_dir, address, CONFIRM_SUBJECT)
        msgs = [m for m in mails_to(server.data_dir, address) if CONFIRM_SUBJECT in m["Subject"]]
    return token_from_mail(msgs[count - 1], "/account/email/confirm")


def undo_token(server, address) -> str:
    return token_from_mail(wait_for_mail(server.data_dir, address, NOTICE_SUBJECT), "/account/email/undo")


def api_confirm(server, token, session=None):
    return Client(server.url).post("/api/v1/email/change/confirm", json={"token": token},
                                   headers=bearer(session) if session else None)


def api_undo(server, token, session=None):
    return Client(server.url).post("/api/v1/email/change/undo", json={"token": token},
                                   headers=bearer(session) if session else None)


def press(c: Client, path: str, token: str):
    """Opens an e-mailed link's page in `c` and presses its button."""
    page = c.get(f"{path}?token={token}")
    assert page.status == 200, page
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page.text))
    form = {k: html.unescape(v) for k, v in hidden.items()}
    form["_csrf"] = extract_csrf(page.text)
    return c.post(path, form=form)


def requested(server):
    """A person with two sessions who asked to move to a new address."""
    old, _ = api_sign_up(server.url)
    this, other = token_of(server, old), token_of(server, old)
    new = unique_email("new")
    res = ask(server, this, new)
    assert res.status == 202, res
    return old, new, this, other


def test_request_sends_a_link_to_the_new_address_and_changes_nothing_yet(server):
    old, new, this, other = requested(server)
    confirm_token(server, new)
    assert me(server, this)["email"] == old
    assert me_status(server.url, other) == 200
    assert log_in(server, new).status == 401
    assert not [m for m in mails_to(server.data_dir, old) if NOTICE_SUBJECT in m["Subject"]]


def test_confirming_changes_the_address_ends_other_sessions_and_tells_the_old_one(server):
    old, new, this, other = requested(server)
    token = confirm_token(server, new)
    # Opening the link only asks (mail scanners open links).
    page = Client(server.url).get(f"/account/email/confirm?token={token}")
    assert page.status == 200 and new in page.text
    assert me(server, this)["email"] == old
    res = api_confirm(server, token, this)
    assert res.status == 200, res
    user = me(server, this)
    assert user["email"] == new and user["email_verified"] is True
    assert me_status(server.url, other) == 401
    assert log_in(server, new).status == 200
    assert log_in(server, old).status == 401
    notice = wait_for_mail(server.data_dir, old, NOTICE_SUBJECT)
    assert "/account/email/undo?token=" in mail_text(notice)
    assert GOOD_PASSWORD not in mail_text(notice)
    # Used: the link works once.
    again = api_confirm(server, token, this)
    assert again.status == 422 and again.error()["code"] == "invalid_token", again
    assert Client(server.url).get(f"/account/email/confirm?token={token}").status == 410


def test_confirming_signed_out_on_the_page_ends_every_session(server):
    old, new, this, other = requested(server)
    visitor = Client(server.url)
    res = press(visitor, "/account/email/confirm", confirm_token(server, new))
    assert res.status == 200, res
    assert "Your e-mail address is changed" in res.text
    assert visitor.session_token is None  # confirming does not sign anyone in
    assert me_status(server.url, this) == 401 and me_status(server.url, other) == 401
    assert log_in(server, new).status == 200


def test_confirming_on_the_page_while_signed_in_keeps_this_session(server):
    old, _ = api_sign_up(server.url)
    c = Client(server.url)
    csrf = c.csrf_from("/login")
    assert c.post("/login", form={"email": old, "password": GOOD_PASSWORD, "_csrf": csrf}).status == 303
    other = token_of(server, old)
    new = unique_email("new")
    form = c.get("/account/email")
    assert form.status == 200 and old in form.text
    sent = c.post("/account/email", form={"_csrf": extract_csrf(form.text), "new_email": new,
                                          "password": GOOD_PASSWORD})
    assert sent.status == 200 and "We have sent a link to" in sent.text and new in sent.text
    res = press(c, "/account/email/confirm", confirm_token(server, new))
    assert res.status == 303 and res.location.startswith("/account?changed=email"), res
    assert c.get("/api/v1/me").json()["user"]["email"] == new
    assert me_status(server.url, other) == 401


def test_undo_restores_the_old_address_and_ends_every_session(server):
    old, new, this, other = requested(server)
    assert api_confirm(server, confirm_token(server, new), this).status == 200
    after = token_of(server, new)
    undo = undo_token(server, old)
    page = Client(server.url).get(f"/account/email/undo?token={undo}")
    assert page.status == 200 and old in page.text
    assert me(server, after)["email"] == new  # opening the link changed nothing
    visitor = Client(server.url)
    res = press(visitor, "/account/email/undo", undo)
    assert res.status == 200, res
    assert "/password/forgot" in res.text
    assert me_status(server.url, this) == 401 and me_status(server.url, after) == 401
    assert log_in(server, old).status == 200
    assert log_in(server, new).status == 401
    # Used: once only.
    assert Client(server.url).get(f"/account/email/undo?token={undo}").status == 410
    res = api_undo(server, undo)
    assert res.status == 422 and res.error()["code"] == "invalid_token", res


def test_undo_through_the_api_signed_in_as_the_same_account(server):
    old, new, this, other = requested(server)
    assert api_confirm(server, confirm_token(server, new), this).status == 200
    res = api_undo(server, undo_token(server, old), this)
    assert res.status == 200 and res.json() == {"restored": True}, res
    assert me_status(server.url, this) == 401
    assert log_in(server, old).status == 200


def test_expired_links_do_not_work(server):
    old, new, this, other = requested(server)
    token = confirm_token(server, new)
    user_id = me(server, this)["id"]
    db_rows(server, f"UPDATE email_changes SET confirm_expires_at = 1000 WHERE user_id = {user_id}")
    assert Client(server.url).get(f"/account/email/confirm?token={token}").status == 410
    res = api_confirm(server, token, this)
    assert res.status == 422 and res.error()["field"] == "token", res
    assert me(server, this)["email"] == old

    second = unique_email("new")
    assert ask(server, this, second).status == 202
    assert api_confirm(server, confirm_token(server, second), this).status == 200
    undo = undo_token(server, old)
    db_rows(server, f"UPDATE email_changes SET undo_expires_at = 1000 WHERE user_id = {user_id}")
    assert Client(server.url).get(f"/account/email/undo?token={undo}").status == 410
    assert api_undo(server, undo).status == 422
    assert me(server, this)["email"] == second


def test_a_newer_request_replaces_the_older_link(server):
    old, first, this, other = requested(server)
    first_token = confirm_token(server, first)
    second = unique_email("new")
    assert ask(server, this, second).status == 202
    res = api_confirm(server, first_token, this)
    assert res.status == 422, res
    assert api_confirm(server, confirm_token(server, second), this).status == 200
    assert me(server, this)["email"] == second


def test_made_up_tokens_do_not_work(server):
    for bad in ("", "x", "A" * 43, "A" * 300):
        assert api_confirm(server, bad).status == 422
        assert api_undo(server, bad).status == 422
    assert Client(server.url).get("/account/email/confirm?token=nothing").status == 410
    assert Client(server.url).get("/account/email/undo").status == 410


def test_an_address_with_an_account_is_answered_alike_and_its_owner_told(server):
    owner, _ = api_sign_up(server.url)
    asker, _ = api_sign_up(server.url)
    token = token_of(server, asker)
    res = ask(server, token, owner.upper())
    assert res.status == 202, res
    free = ask(server, token, unique_email("free"))
    assert res.json() == free.json()  # the same answer as for a free address
    note = wait_for_mail(server.data_dir, owner, TAKEN_SUBJECT)
    assert asker not in mail_text(note)  # the owner is not told who asked
    assert not [m for m in mails_to(server.data_dir, owner) if CONFIRM_SUBJECT in m["Subject"]]
    assert me(server, token)["email"] == asker


def test_an_address_taken_meanwhile_is_refused_on_confirmation(server):
    old, new, this, other = requested(server)
    token = confirm_token(server, new)
    api_sign_up(server.url, new)  # someone signs up with it before the link is used
    res = api_confirm(server, token, this)
    assert res.status == 409, res
    err = res.error()
    assert err["code"] == "email_taken" and err["field"] == "new_email"
    assert me(server, this)["email"] == old
    assert me_status(server.url, other) == 200
    page = Client(server.url).get(f"/account/email/confirm?token={token}")
    assert page.status == 200  # still unused: it can be tried again if the address frees up
    assert press(Client(server.url), "/account/email/confirm", token).status == 409


def test_undo_refused_when_the_old_address_has_a_new_account(server):
    old, new, this, other = requested(server)
    assert api_confirm(server, confirm_token(server, new), this).status == 200
    undo = undo_token(server, old)
    api_sign_up(server.url, old)
    res = api_undo(server, undo)
    assert res.status == 409 and res.error()["code"] == "email_taken", res
    assert log_in(server, new).status == 200


@pytest.mark.parametrize("body, field", [
    ({"new_email": "", "password": GOOD_PASSWORD}, "new_email"),
    ({"new_email": "not-an-address", "password": GOOD_PASSWORD}, "new_email"),
    ({"new_email": "a@b", "password": GOOD_PASSWORD}, "new_email"),
    ({"new_email": "x" * 250 + "@example.org", "password": GOOD_PASSWORD}, "new_email"),
    ({"new_email": "two@@example.org", "password": GOOD_PASSWORD}, "new_email"),
    ({"new_email": "fresh@example.org", "password": ""}, "password"),
    ({"new_email": "fresh@example.org", "password": "not the password"}, "password"),
], ids=["empty", "no-at", "no-dot", "too-long", "two-ats", "no-password", "wrong-password"])
def test_bad_input_is_refused_naming_the_field(server, body, field):
    old, _ = api_sign_up(server.url)
    token = token_of(server, old)
    res = Client(server.url).request("PUT", "/api/v1/me/email", headers=bearer(token), json=body)
    assert res.status == 422, res
    assert res.error()["field"] == field
    assert me(server, token)["email"] == old
    assert not [m for m in mails_to(server.data_dir, body["new_email"] or "x") if CONFIRM_SUBJECT in m["Subject"]]


def test_the_current_address_is_refused(server):
    old, _ = api_sign_up(server.url)
    token = token_of(server, old)
    res = ask(server, token, " " + old.upper() + " ")
    assert res.status == 422 and res.error()["field"] == "new_email", res


def test_page_form_shows_problems_and_keeps_the_address(server):
    old, _ = api_sign_up(server.url)
    c = Client(server.url)
    csrf = c.csrf_from("/login")
    assert c.post("/login", form={"email": old, "password": GOOD_PASSWORD, "_csrf": csrf}).status == 303
    form = c.get("/account/email")
    res = c.post("/account/email", form={"_csrf": extract_csrf(form.text), "new_email": "typo@example.org",
                                         "password": "wrong password here"})
    assert res.status == 422, res
    assert 'id="password-error"' in res.text and 'value="typo@example.org"' in res.text
    assert "wrong password here" not in res.text


def test_visitors_cannot_ask_for_a_change(server):
    res = Client(server.url).request("PUT", "/api/v1/me/email",
                                     json={"new_email": unique_email(), "password": GOOD_PASSWORD})
    assert res.status == 401
    assert Client(server.url).get("/account/email").status in (302, 303)


def test_someone_signed_in_to_another_account_cannot_use_the_link(server):
    """Decision: a change link opened while signed in to a different account
    is refused (403) and changes nothing; its owner can still use it."""
    old, new, this, other = requested(server)
    token = confirm_token(server, new)
    stranger_email, _ = api_sign_up(server.url)
    stranger = token_of(server, stranger_email)
    res = api_confirm(server, token, stranger)
    assert res.status == 403 and res.error()["code"] == "other_account", res
    assert me(server, this)["email"] == old and me(server, stranger)["email"] == stranger_email
    # The page says so, and its button changes nothing either.
    browser = Client(server.url)
    csrf = browser.csrf_from("/login")
    assert browser.post("/login", form={"email": stranger_email, "password": GOOD_PASSWORD,
                                        "_csrf": csrf}).status == 303
    page = browser.get(f"/account/email/confirm?token={token}")
    assert page.status == 403 and "another account" in page.text
    post = browser.post("/account/email/confirm", form={"_csrf": extract_csrf(page.text), "token": token})
    assert post.status == 403
    assert me(server, this)["email"] == old
    # Undo links alike.
    assert api_confirm(server, token, this).status == 200
    undo = undo_token(server, old)
    res = api_undo(server, undo, stranger)
    assert res.status == 403 and res.error()["code"] == "other_account", res
    assert me(server, this)["email"] == new
    assert browser.get(f"/account/email/undo?token={undo}").status == 403
    assert api_undo(server, undo).status == 200


def test_requests_are_rate_limited(rate_limited_server):
    server = rate_limited_server
    old, _ = api_sign_up(server.url)
    token = token_of(server, old)
    for _ in range(5):
        assert ask(server, token, unique_email("new")).status == 202
    res = ask(server, token, unique_email("new"))
    assert res.status == 429, res
    assert int(res.headers["Retry-After"]) >= 1


def test_wrong_passwords_are_rate_limited(rate_limited_server):
    server = rate_limited_server
    old, _ = api_sign_up(server.url)
    token = token_of(server, old)
    for _ in range(4):
        assert ask(server, token, unique_email("new"), "not the password").status == 422
    res = ask(server, token, unique_email("new"), "not the password")
    assert res.status == 422  # the fifth wrong one is counted ...
    res = Client(server.url).request("PUT", "/api/v1/me/password", headers=bearer(token),
                                     json={"current_password": GOOD_PASSWORD, "new_password": "a quiet lake at dawn 77"})
    assert res.status == 429, res  # ... and the password change waits too: one count of wrong current passwords


def test_answers_match_the_api_description(server):
    from test_openapi_shapes import check
    old, _ = api_sign_up(server.url)
    this = token_of(server, old)
    check(ask(server, this, "not an address"), "PUT", "/api/v1/me/email", 422)
    check(Client(server.url).request("PUT", "/api/v1/me/email", json={}), "PUT", "/api/v1/me/email", 401)
    new = unique_email("new")
    check(ask(server, this, new), "PUT", "/api/v1/me/email", 202)
    token = confirm_token(server, new)
    stranger_email, _ = api_sign_up(server.url)
    confirm, undo = "/api/v1/email/change/confirm", "/api/v1/email/change/undo"
    check(api_confirm(server, token, token_of(server, stranger_email)), "POST", confirm, 403)
    check(api_confirm(server, token, this), "POST", confirm, 200)
    check(api_confirm(server, token, this), "POST", confirm, 422)
    undo_with = undo_token(server, old)
    check(api_undo(server, "nothing"), "POST", undo, 422)
    check(api_undo(server, undo_with), "POST", undo, 200)

    # The address taken meanwhile.
    second = unique_email("new")
    this = token_of(server, old)
    check(ask(server, this, second), "PUT", "/api/v1/me/email", 202)
    api_sign_up(server.url, second)
    check(api_confirm(server, confirm_token(server, second), this), "POST", confirm, 409)


def test_records_no_link_can_use_are_pruned(server):
    """`hearth email-changes prune --now T` (also run by the server every 10
    minutes) deletes the records whose links have all ended, so old
    addresses are not kept past the undo period; the others stay."""
    old, new, this, other = requested(server)
    user_id = me(server, this)["id"]
    count = lambda: int(db_rows(server, f"SELECT COUNT(*) FROM email_changes WHERE user_id = {user_id}")[0][0])
    assert count() == 1
    r = server.cli("email-changes", "prune")
    assert r.returncode == 0, r.stderr
    assert count() == 1  # the link still works
    token = confirm_token(server, new)
    assert api_confirm(server, token, this).status == 200
    week = 7 * 24 * 3600
    now = int(db_rows(server, f"SELECT confirmed_at FROM email_changes WHERE user_id = {user_id}")[0][0])
    assert server.cli("email-changes", "prune", "--now", str(now + week - 60)).returncode == 0
    assert count() == 1  # the undo link works for 7 days
    r = server.cli("email-changes", "prune", "--now", str(now + week + 1))
    assert r.returncode == 0 and "record(s) deleted" in r.stdout, (r.stdout, r.stderr)  # others' too: a shared server
    assert count() == 0


def test_the_audit_log_names_ids_never_addresses(server):
    old, new, this, other = requested(server)
    assert ask(server, this, "someone-else@example.org", "not the password").status == 422
    assert api_confirm(server, confirm_token(server, new), this).status == 200
    assert api_undo(server, undo_token(server, old)).status == 200
    user_id = me(server, token_of(server, old))["id"]
    rows = db_rows(server, "SELECT action, target_id, detail FROM audit_log WHERE actor_user_id = "
                           f"{user_id} AND action LIKE 'account.%'")
    actions = {r[0] for r in rows}
    assert {"account.email_change_requested", "account.current_password_wrong", "account.email_changed",
            "account.email_change_undone"} <= actions, actions
    for action, target, detail in rows:
        assert target == str(user_id)
        for address in (old, new, "someone-else@example.org"):
            assert address not in detail


def test_a_suspended_accounts_address_does_not_change(server):
    old, new, this, other = requested(server)
    token = confirm_token(server, new)
    user_id = me(server, this)["id"]
    db_rows(server, f"UPDATE users SET suspended_at = 1000 WHERE id = {user_id}")
    try:
        assert Client(server.url).get(f"/account/email/confirm?token={token}").status == 410
        assert api_confirm(server, token).status == 422
        assert db_rows(server, f"SELECT email FROM users WHERE id = {user_id}") == [(old,)]
    finally:
        db_rows(server, f"UPDATE users SET suspended_at = NULL WHERE id = {user_id}")


def test_deleting_the_account_removes_its_address_changes(server):
    """email_changes holds old and new addresses: an erased account keeps none."""
    old, new, this, other = requested(server)
    assert api_confirm(server, confirm_token(server, new), this).status == 200
    user_id = me(server, this)["id"]
    res = Client(server.url).post("/api/v1/me/deletion", json={"password": GOOD_PASSWORD}, headers=bearer(this))
    assert res.status in (200, 201, 202), res
    r = server.cli("accounts", "purge", "--now", str(int(time.time()) + 8 * 24 * 3600))
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert db_rows(server, f"SELECT COUNT(*) FROM email_changes WHERE user_id = {user_id}") == [("0",)]
    for address in (old, new):
        assert db_rows(server, f"SELECT COUNT(*) FROM email_changes WHERE old_email = '{address}' "
                               f"OR new_email = '{address}'") == [("0",)]
