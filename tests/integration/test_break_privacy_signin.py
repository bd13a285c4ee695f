"""Attacks on sign-in details, on both engines: someone who learned the
password moves the account to their own address, then the owner follows
the undo link. The undo must shut every door the intruder opened while
the address was theirs: a reset link mailed to their address, and a
browser remembered for two-factor sign-in."""
from __future__ import annotations

from hearth_client import DEVICE_COOKIE, GOOD_PASSWORD, Client, bearer, unique_email, wait_for_token
from test_email_change import api_confirm, api_undo, ask, confirm_token, undo_token
from two_factor_helpers import Person


def take_over(server, p: Person) -> str:
    """The intruder (who knows p's password) moves p's account to a new
    address and confirms it; returns that address."""
    new = unique_email("intruder")
    res = ask(server, p.token, new)
    assert res.status == 202, res
    assert api_confirm(server, confirm_token(server, new), p.token).status == 200
    return new


def test_undo_ends_a_reset_link_sent_to_the_intruders_address(server):
    p = Person(server)
    owner_address = p.email
    intruder = take_over(server, p)
    res = Client(server.url).post("/api/v1/password/forgot", json={"email": intruder})
    assert res.status == 202, res
    reset = wait_for_token(server.data_dir, intruder, "/password/reset", count=2)  # after the confirm link
    # The owner restores the address from the notice.
    res = api_undo(server, undo_token(server, owner_address))
    assert res.status == 200, res
    # The intruder's link no longer sets the password.
    res = Client(server.url).post("/api/v1/password/reset",
                                  json={"token": reset, "password": "intruder owns this now 2026"})
    assert res.status == 422 and res.error()["code"] == "invalid_token", res
    res = Client(server.url).post("/api/v1/session", json={"email": owner_address, "password": GOOD_PASSWORD})
    assert res.status == 200, res


def test_undo_forgets_browsers_remembered_for_two_factor_sign_in(server):
    p = Person(server)
    p.enrol()
    owner_address = p.email
    res = p.log_in(otp=p.code(), remember_device=True)
    assert res.status == 200, res
    device = [l for l in res.set_cookies if l.startswith(DEVICE_COOKIE + "=")][0].split(";")[0].split("=", 1)[1]
    p.token = res.json()["token"]
    take_over(server, p)
    assert api_undo(server, undo_token(server, owner_address)).status == 200
    # The password is unchanged by the undo; the intruder's remembered
    # browser must not let it in without a code.
    c = Client(server.url)
    c.cookies[DEVICE_COOKIE] = device
    res = c.post("/api/v1/session", json={"email": owner_address, "password": GOOD_PASSWORD})
    assert res.status == 401 and res.error()["code"] == "otp_required", res
    assert Client(server.url).get("/api/v1/me", headers=bearer(p.token)).status == 401


def test_a_confirmed_change_ends_reset_links_sent_to_the_old_address(server):
    """Someone reading the old mailbox (the reason many people move) asked
    for a reset link just before the move; it must not work afterwards."""
    p = Person(server)
    old = p.email
    res = Client(server.url).post("/api/v1/password/forgot", json={"email": old})
    assert res.status == 202, res
    reset = wait_for_token(server.data_dir, old, "/password/reset", count=2)  # after the verification mail
    take_over(server, p)
    res = Client(server.url).post("/api/v1/password/reset",
                                  json={"token": reset, "password": "old mailbox reader 2026"})
    assert res.status == 422 and res.error()["code"] == "invalid_token", res


def test_changing_the_password_cancels_a_pending_address_change(server):
    """The intruder asked to move the account to their address; the owner
    notices and changes the password. The intruder's confirm link must not
    move the address afterwards."""
    p = Person(server)
    new = unique_email("intruder")
    assert ask(server, p.token, new).status == 202
    link = confirm_token(server, new)
    res = Client(server.url).request("PUT", "/api/v1/me/password", headers=bearer(p.token),
                                     json={"current_password": GOOD_PASSWORD,
                                           "new_password": "the owner's fresh passphrase 2026"})
    assert res.status in (200, 204), res
    res = api_confirm(server, link)
    assert res.status == 422 and res.error()["code"] == "invalid_token", res


def test_a_password_reset_cancels_a_pending_address_change(server):
    p = Person(server)
    new = unique_email("intruder")
    assert ask(server, p.token, new).status == 202
    link = confirm_token(server, new)
    assert Client(server.url).post("/api/v1/password/forgot", json={"email": p.email}).status == 202
    reset = wait_for_token(server.data_dir, p.email, "/password/reset", count=2)
    res = Client(server.url).post("/api/v1/password/reset",
                                  json={"token": reset, "password": "the owner's fresh passphrase 2026"})
    assert res.status == 200, res
    res = api_confirm(server, link)
    assert res.status == 422 and res.error()["code"] == "invalid_token", res
