"""Accounts through the HTML pages: sign-up, log-in, log-out, the account
page, redirects after log-in (never off-site) and password reset."""
import html
import urllib.parse

import pytest

from hearth_client import (CSRF_COOKIE, GOOD_PASSWORD, SESSION_COOKIE, Client, api_log_in, api_sign_up,
                           confirm_by_link, extract_csrf, link_from_mail, me_status, parse_set_cookie, unique_email,
                           mail_text, wait_for_mails, wait_for_token)


def signed_in_page_client(server):
    """A member signed in through the log-in page: (client, e-mail)."""
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    res = log_in_form(c, email)
    assert res.status == 303, res
    return c, email

EVIL_TARGETS = ["//evil.example", "//evil.example/account", "https://evil.example", "http://evil.example/x",
                "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "evil.example"]


def sign_up_form(c: Client, **fields):
    """GETs /signup for a fresh CSRF token and posts the form."""
    token = c.csrf_from("/signup")
    form = {"display_name": "Page Person", "email": unique_email("page"), "password": GOOD_PASSWORD,
            "role": "member", "_csrf": token}
    form.update(fields)
    return form, c.post("/signup", form=form)


def log_in_form(c: Client, email, password=GOOD_PASSWORD, **fields):
    token = c.csrf_from("/login")
    form = {"email": email, "password": password, "_csrf": token}
    form.update(fields)
    return c.post("/login", form=form)


def split_location(location: str):
    parts = urllib.parse.urlsplit(location)
    return parts.path, dict(urllib.parse.parse_qsl(parts.query))


@pytest.mark.parametrize("path,action", [("/signup", "/signup"), ("/login", "/login")])
def test_form_pages_carry_a_csrf_token_matching_the_cookie(server, path, action):
    c = Client(server.url)
    res = c.get(path)
    assert res.status == 200, res
    assert res.headers["Content-Type"].startswith("text/html")
    assert f'action="{action}"' in res.text
    assert 'name="email"' in res.text and 'name="password"' in res.text
    token = extract_csrf(res.text)
    line = res.cookie_header(CSRF_COOKIE)
    assert line, res.set_cookies
    name, value, attrs = parse_set_cookie(line)
    assert value == token
    assert "secure" in attrs and "httponly" in attrs and attrs.get("path") == "/"
    assert attrs.get("samesite", "").lower() == "lax"
    # A second visit keeps the same token rather than minting a new one.
    again = c.get(path)
    assert extract_csrf(again.text) == token
    assert not again.cookie_header(CSRF_COOKIE)


def test_sign_up_page_asks_to_confirm_and_the_link_signs_in_and_continues(server):
    c = Client(server.url)
    form, res = sign_up_form(c, display_name="Juniper Page", return_to="")
    # Nobody is signed in yet: the page asks to check the inbox.
    assert res.status == 200, res
    assert "Please check your e-mail" in res.text and form["email"] in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    assert c.get("/account").status == 302
    confirmed = confirm_by_link(c, server.data_dir, form["email"])
    assert confirmed.status == 303, confirmed
    assert confirmed.location == "/account"
    line = confirmed.cookie_header(SESSION_COOKIE)
    assert line
    _, token, attrs = parse_set_cookie(line)
    assert token and "httponly" in attrs and "secure" in attrs and attrs.get("samesite", "").lower() == "lax"
    account = c.get("/account")
    assert account.status == 200, account
    assert form["email"] in account.text
    assert "Juniper Page" in account.text
    assert me_status(server.url, token) == 200
    assert c.get("/api/v1/me").json()["user"]["email_verified"] is True


def test_sign_up_page_as_specialist(server):
    c = Client(server.url)
    form, res = sign_up_form(c, role="specialist")
    assert res.status == 200, res
    assert confirm_by_link(c, server.data_dir, form["email"]).status == 303
    me = c.get("/api/v1/me")
    assert me.status == 200
    assert me.json()["user"]["role"] == "specialist"


def test_sign_up_page_honours_a_local_return_to(server):
    c = Client(server.url)
    form, res = sign_up_form(c, return_to="/help?topic=a%20b")
    assert res.status == 200, res
    # Where the person was heading stays with the token, not in the e-mail:
    # an inbox someone else reads must not say whom they were about to write to.
    mail = wait_for_mails(server.data_dir, form["email"])[0]
    assert "return_to" not in mail_text(mail) and "topic" not in mail_text(mail)
    confirmed = confirm_by_link(c, server.data_dir, form["email"])
    assert confirmed.status == 303, confirmed
    assert confirmed.location == "/help?topic=a%20b"


def test_sign_up_answers_alike_for_a_free_and_a_taken_address(server):
    taken, _ = api_sign_up(server.url)
    pages = []
    for address in (unique_email("free"), taken):
        c = Client(server.url)
        _, res = sign_up_form(c, email=address, return_to="/help")
        assert res.status == 200, res
        assert not res.cookie_header(SESSION_COOKIE)
        text = res.text.replace(address, "ADDRESS")
        text = text.replace(extract_csrf(res.text), "TOKEN") if 'name="_csrf"' in res.text else text
        pages.append(text)
    assert pages[0] == pages[1]


def test_the_confirmation_link_is_used_only_when_the_person_confirms(server):
    c = Client(server.url)
    form, _ = sign_up_form(c)
    link = link_from_mail(wait_for_mails(server.data_dir, form["email"])[0], "/verify-email")
    # Opening it (as a mail scanner would) neither confirms nor signs in.
    for _ in range(2):
        page = Client(server.url).get(link)
        assert page.status == 200 and "Confirm and continue" in page.text, page
        assert not page.cookie_header(SESSION_COOKIE)
    assert confirm_by_link(c, server.data_dir, form["email"]).status == 303
    # Used: the page and the button both say so, and nobody else is signed in.
    assert Client(server.url).get(link).status == 410
    other = Client(server.url)
    token = other.csrf_from("/login")
    again = other.post("/verify-email", form={"token": urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0],
                                              "_csrf": token})
    assert again.status == 410 and not again.cookie_header(SESSION_COOKIE)
    bogus = other.post("/verify-email", form={"token": "nope", "_csrf": token})
    assert bogus.status == 410 and not bogus.cookie_header(SESSION_COOKIE)


def test_confirming_never_swaps_the_session_of_someone_signed_in(server):
    someone, _ = signed_in_page_client(server)
    newcomer = Client(server.url)
    form, _ = sign_up_form(newcomer)
    res = confirm_by_link(someone, server.data_dir, form["email"])
    assert res.status == 200 and "is confirmed" in res.text, res
    assert not res.cookie_header(SESSION_COOKIE)
    assert someone.get("/api/v1/me").json()["user"]["email"] != form["email"]
    # The address is confirmed all the same.
    assert api_log_in(server.url, form["email"])["user"]["email_verified"] is True


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_the_confirmation_link_never_continues_off_site(server, target):
    c = Client(server.url)
    form, _ = sign_up_form(c, return_to=target)
    link = link_from_mail(wait_for_mails(server.data_dir, form["email"])[0], "/verify-email")
    assert "evil.example" not in link
    res = confirm_by_link(c, server.data_dir, form["email"])
    assert res.status == 303 and res.location == "/", res


def test_sign_up_page_with_errors_keeps_what_was_typed_but_not_the_password(server):
    c = Client(server.url)
    weak = "Zq8!Weak7"  # 9 characters: too short
    email = unique_email("typed")
    form, res = sign_up_form(c, display_name="Typed <Name> & Co", email=email, password=weak)
    assert res.status == 422, res
    assert res.headers["Content-Type"].startswith("text/html")
    assert html.escape("Typed <Name> & Co", quote=True) in res.text or "Typed &lt;Name&gt; &amp; Co" in res.text
    assert "<Name>" not in res.text  # escaped, never raw markup
    assert f'value="{email}"' in res.text
    assert weak not in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    assert SESSION_COOKIE not in c.cookies
    # The page still offers a working form: the same address can sign up now.
    token = extract_csrf(res.text)
    ok = c.post("/signup", form={**form, "password": GOOD_PASSWORD, "_csrf": token})
    assert ok.status == 200 and "Please check your e-mail" in ok.text, ok


def test_sign_up_page_refuses_an_admin_role(server):
    c = Client(server.url)
    form, res = sign_up_form(c, role="admin")
    assert res.status == 422, res
    assert not res.cookie_header(SESSION_COOKIE)
    assert Client(server.url).post("/api/v1/session", json={"email": form["email"],
                                                            "password": GOOD_PASSWORD}).status == 401


def test_sign_up_page_with_a_taken_email_changes_nothing(server):
    email, user = api_sign_up(server.url)
    c = Client(server.url)
    form, res = sign_up_form(c, email=email, password="someone else's passphrase 5", display_name="Other",
                             return_to="/help")
    # No account is made and nothing says the address has one: the page asks
    # to check the inbox, where the owner finds a note.
    assert res.status == 200, res
    assert "Please check your e-mail" in res.text
    assert "already exists" not in res.text and "email_taken" not in res.text
    assert "someone else&#39;s passphrase 5" not in res.text and "someone else's passphrase 5" not in res.text
    assert 'href="/login?return_to=/help"' in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    assert SESSION_COOKIE not in c.cookies
    note = wait_for_mails(server.data_dir, email, count=2)[1]
    assert "tried to create" in note["Subject"]
    session = api_log_in(server.url, email)
    assert session["user"]["id"] == user["id"]
    assert Client(server.url).post("/api/v1/session", json={"email": email, "password": form["password"]}).status == 401


def test_log_in_page(server):
    email, user = api_sign_up(server.url)
    c = Client(server.url)
    res = log_in_form(c, email)
    assert res.status == 303, res
    assert res.location == "/account"
    assert c.session_token
    me = c.get("/api/v1/me")
    assert me.status == 200 and me.json()["user"]["id"] == user["id"]
    # Signed in, the log-in page sends you on.
    again = c.get("/login?return_to=/help")
    assert again.status == 302 and again.location == "/help"


def test_log_in_page_honours_a_local_return_to(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    res = log_in_form(c, email, return_to="/free-consultation")
    assert res.status == 303, res
    assert res.location == "/free-consultation"


def test_an_admin_lands_on_the_admin_page_unless_asked_elsewhere(server):
    email, password = unique_email("admin"), "admin passphrase for landing tests 5"
    server.create_admin(email, password, name="Ada Landing")
    c = Client(server.url)
    # The plain log-in page carries no return_to of its own.
    assert 'name="return_to" value=""' in c.get("/login").text
    res = log_in_form(c, email, password=password)
    assert res.status == 303 and res.location == "/admin", res
    assert c.get("/admin").status == 200
    # Already signed in, the log-in page sends the admin on the same way.
    assert c.get("/login").location == "/admin"
    # A page the admin asked to come back to still wins.
    res = log_in_form(Client(server.url), email, password=password, return_to="/specialists")
    assert res.status == 303 and res.location == "/specialists", res
    # Members land on their account, as before; a specialist with a profile
    # still to make on the page that names their next step (test_bookable.py).
    for role, landing in (("member", "/account"), ("specialist", "/account/profile?landing=1")):
        member_email, _ = api_sign_up(server.url, role=role)
        res = log_in_form(Client(server.url), member_email)
        assert res.status == 303 and res.location == landing, (role, res)


def test_log_in_page_with_bad_credentials(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    wrong = "Definitely-Wrong-Pass-77"
    res = log_in_form(c, email, password=wrong)
    assert res.status == 401, res
    assert res.headers["Content-Type"].startswith("text/html")
    assert f'value="{email}"' in res.text
    assert wrong not in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    unknown = log_in_form(Client(server.url), unique_email("nobody"), password=wrong)
    assert unknown.status == 401, unknown
    assert c.get("/account").status == 302


def test_log_out_page_ends_the_session(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    assert log_in_form(c, email).status == 303
    token = c.session_token
    account = c.get("/account")
    assert account.status == 200
    res = c.post("/logout", form={"_csrf": extract_csrf(account.text)})
    assert res.status == 303, res
    assert res.location == "/login?logged_out=1"
    line = res.cookie_header(SESSION_COOKIE)
    assert line and parse_set_cookie(line)[2].get("max-age") == "0"
    assert c.session_token is None
    # Dead on the server, not only forgotten by the browser.
    assert me_status(server.url, token) == 401
    replay = Client(server.url).get("/account", headers={"Cookie": f"{SESSION_COOKIE}={token}"})
    assert replay.status == 302, replay
    page = c.get("/login?logged_out=1")
    assert page.status == 200


def test_log_in_page_rotates_a_session_it_was_sent(server):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    assert log_in_form(c, email).status == 303
    old = c.session_token
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    # Post the log-in form again while carrying the old session cookie.
    res = c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": csrf})
    assert res.status == 303, res
    new = c.session_token
    assert new and new != old
    assert me_status(server.url, old) == 401
    assert me_status(server.url, new) == 200


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_log_in_never_redirects_off_site(server, target):
    email, _ = api_sign_up(server.url)
    c = Client(server.url)
    res = log_in_form(c, email, return_to=target)
    assert res.status == 303, res
    assert res.location == "/"


def test_log_in_form_does_not_carry_an_off_site_return_to(server):
    res = Client(server.url).get("/login?return_to=" + urllib.parse.quote("//evil.example", safe=""))
    assert res.status == 200
    assert 'name="return_to" value="/"' in res.text
    assert "evil.example" not in res.text


def test_account_page_sends_visitors_to_log_in(server):
    res = Client(server.url).get("/account")
    assert res.status == 302, res
    path, query = split_location(res.location)
    assert path == "/login"
    assert query == {"gated": "1", "return_to": "/account"}
    gated = Client(server.url).get(res.location)
    assert gated.status == 200
    assert 'name="return_to" value="/account"' in gated.text


def test_password_reset_through_the_pages(server):
    email, _ = api_sign_up(server.url)
    session = api_log_in(server.url, email)["token"]
    c = Client(server.url)
    token = c.csrf_from("/password/forgot")
    sent = c.post("/password/forgot", form={"email": email, "_csrf": token})
    assert sent.status == 200, sent
    nobody = c.post("/password/forgot", form={"email": unique_email("nobody"), "_csrf": token})
    assert nobody.status == 200, nobody

    reset_token = wait_for_token(server.data_dir, email, "/password/reset", count=2)
    form_page = c.get(f"/password/reset?token={reset_token}")
    assert form_page.status == 200, form_page
    assert reset_token in form_page.text
    new_password = "fresh page passphrase 31"
    res = c.post("/password/reset", form={"token": reset_token, "password": new_password,
                                          "_csrf": extract_csrf(form_page.text)})
    assert res.status == 303, res
    assert res.location == "/login?reset=1"
    assert me_status(server.url, session) == 401
    assert Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).status == 401
    assert api_log_in(server.url, email, new_password)["user"]["email"] == email
    # The link is dead now.
    assert c.get(f"/password/reset?token={reset_token}").status == 410
