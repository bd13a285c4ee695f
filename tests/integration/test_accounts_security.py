"""Account hardening, on both engines: redirect targets never leave the site
(log-in and sign-up forms, the 401 redirect, the admin pages), sign-up and
password reset do not reveal who has an account, and display names are one
line of visible text."""
import time
import urllib.parse

import pytest

from hearth_client import (GOOD_PASSWORD, SESSION_COOKIE, Client, api_log_in, api_sign_up, confirm_by_link, extract_csrf,
                           mail_text,
                           mails_to, raw_exchange, unique_email, wait_for_mails)
from specialist_helpers import (admin_action, admin_client, admin_email, ask_to_be_listed, audit_entries,
                                fill_wizard, my_profile, signed_in)

# Decoded values of return_to that must never become a Location.
HOSTILE_TARGETS = [
    "/\t/evil.example", "/\t\t/evil.example", "\t//evil.example", "/\n/evil.example", "/\r\n/evil.example",
    "/\r/evil.example", "/\x00/evil.example", "/\x0b/evil.example", "/\x0c/evil.example", " //evil.example",
    "/ /evil.example", "//evil.example", "///evil.example", "//evil.example/account", "/\\evil.example",
    "/a/..\\..\\evil.example", "\\\\evil.example", "\\/evil.example", "https://evil.example",
    "HTTP://evil.example", "javascript:alert(1)", "data:text/html,hi", "evil.example", "/\u3000/evil.example",
    "/\u202e/evil.example", "/\uff0f\uff0fevil.example", "/caf\u00e9", "/" + "a" * 2500,
]
HOSTILE_IDS = [repr(t)[:40] for t in HOSTILE_TARGETS]


def printable_ascii(value: str) -> bool:
    return bool(value) and all(0x21 <= ord(c) <= 0x7E for c in value)


def log_in_form(c: Client, email, return_to, password=GOOD_PASSWORD):
    token = c.csrf_from("/login")
    return c.post("/login", form={"email": email, "password": password, "return_to": return_to, "_csrf": token})


def sign_up_form(c: Client, return_to, **fields):
    token = c.csrf_from("/signup")
    form = {"display_name": "Redirect Person", "email": unique_email("redir"), "password": GOOD_PASSWORD,
            "role": "member", "return_to": return_to, "_csrf": token}
    form.update(fields)
    return c.post("/signup", form=form)


# --- redirect targets ---

@pytest.mark.parametrize("target", HOSTILE_TARGETS, ids=HOSTILE_IDS)
def test_log_in_form_post_never_redirects_off_site(server, target):
    email, _ = api_sign_up(server.url)
    res = log_in_form(Client(server.url), email, target)
    assert res.status == 303, res
    assert res.location == "/"


@pytest.mark.parametrize("target", HOSTILE_TARGETS, ids=HOSTILE_IDS)
def test_sign_up_form_post_never_leads_off_site(server, target):
    c = Client(server.url)
    address = unique_email("redir")
    res = sign_up_form(c, target, email=address)
    assert res.status == 200, res
    assert "evil.example" not in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    confirmed = confirm_by_link(c, server.data_dir, address)
    assert confirmed.status == 303 and confirmed.location == "/", confirmed
    assert confirmed.cookie_header(SESSION_COOKIE)


@pytest.mark.parametrize("target", HOSTILE_TARGETS, ids=HOSTILE_IDS)
def test_log_in_and_sign_up_pages_carry_no_hostile_target(server, target):
    query = "?return_to=" + urllib.parse.quote(target, safe="")
    for path in ("/login", "/signup"):
        res = Client(server.url).get(path + query)
        assert res.status == 200, res
        assert 'name="return_to" value="/"' in res.text
        assert "evil.example" not in res.text


@pytest.mark.parametrize("target", HOSTILE_TARGETS, ids=HOSTILE_IDS)
def test_signed_in_visits_to_log_in_and_sign_up_never_redirect_off_site(server, target):
    c, _ = signed_in(server, role="member")
    for path in ("/login", "/signup"):
        res = c.get(path + "?return_to=" + urllib.parse.quote(target, safe=""))
        assert res.status == 302, res
        assert res.location == "/"


def test_an_encoded_tab_stays_encoded_and_local(server):
    # "%2509" arrives as the text "%09": a path on this site, which the
    # browser keeps encoded, so it may be followed.
    email, _ = api_sign_up(server.url)
    res = log_in_form(Client(server.url), email, "/%09/evil.example")
    assert res.status == 303, res
    assert res.location == "/%09/evil.example"
    c, _ = signed_in(server, role="member")
    got = c.get("/login?return_to=/%2509/evil.example")
    assert got.status == 302 and got.location == "/%09/evil.example", got
    # The decoded tab itself is refused.
    tab = c.get("/login?return_to=/%09/evil.example")
    assert tab.status == 302 and tab.location == "/", tab


def test_local_targets_are_still_followed(server):
    email, _ = api_sign_up(server.url)
    for target in ("/help", "/specialists?q=trauma&page=2", "/specialists/some-one#book", "/account"):
        res = log_in_form(Client(server.url), email, target)
        assert res.status == 303 and res.location == target, (target, res)


@pytest.mark.parametrize("raw_target", [b"/account?next=%09//evil.example", b"/account?next=\\\\evil",
                                        b"/account?q=caf\xc3\xa9", b"/account?x=" + b"a" * 3000])
def test_the_401_redirect_carries_only_a_local_printable_target(server, raw_target):
    res = raw_exchange(server.url, b"GET " + raw_target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert res.status == 302, res
    location = res.headers["Location"]
    assert printable_ascii(location), location
    parts = urllib.parse.urlsplit(location)
    assert parts.path == "/login" and not parts.netloc
    return_to = dict(urllib.parse.parse_qsl(parts.query))["return_to"]
    assert printable_ascii(return_to) and return_to.startswith("/") and not return_to.startswith("//")
    assert "\\" not in return_to
    expected = raw_target.decode("latin-1")
    local = printable_ascii(expected) and "\\" not in expected and len(expected) <= 2000
    assert return_to == (expected if local else "/")


@pytest.fixture(scope="module")
def admin_and_slug(server):
    admin = admin_client(server, admin_email(server))
    c, _ = signed_in(server)
    fill_wizard(c)
    assert ask_to_be_listed(c).status == 303
    return admin, my_profile(c)["slug"]


@pytest.mark.parametrize("target", HOSTILE_TARGETS, ids=HOSTILE_IDS)
def test_admin_pages_never_redirect_off_site(server, admin_and_slug, target):
    admin, slug = admin_and_slug
    res = admin_action(admin, slug, "verify", return_to=target)
    assert res.status == 303, res
    assert res.location == "/admin/specialists?done=verify"


def test_admin_pages_follow_a_local_return_to(server, admin_and_slug):
    admin, slug = admin_and_slug
    res = admin_action(admin, slug, "verify", return_to=f"/admin/specialists/{slug}")
    assert res.status == 303, res
    assert res.location == f"/admin/specialists/{slug}?done=verify"


# --- display names ---

BAD_NAMES = {
    "line-feed": "Robin\nExample", "carriage-return": "Robin\rExample", "crlf": "Robin\r\nBcc: x@example.org",
    "tab": "Robin\tExample", "escape": "Robin\x1b[31mExample", "nul": "Robin\x00", "del": "Robin\x7f",
    "next-line": "Robin\u0085Example", "c1": "Robin\u009bExample", "line-separator": "Robin\u2028Example",
    "paragraph-separator": "Robin\u2029Example", "lre": "\u202aRobin", "rle": "\u202bRobin",
    "pdf": "Robin\u202c", "lro": "\u202dRobin", "rlo": "Robin \u202eelpmaxE", "lri": "\u2066Robin",
    "rli": "\u2067Robin", "fsi": "\u2068Robin", "pdi": "Robin\u2069", "lrm": "Robin\u200e",
    "rlm": "Robin\u200f", "alm": "Robin\u061c",
}


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_api_sign_up_refuses_display_names_that_are_not_one_visible_line(server, name):
    email = unique_email("name")
    res = Client(server.url).post("/api/v1/users", json={"email": email, "password": GOOD_PASSWORD,
                                                         "display_name": name})
    assert res.status == 422, res
    assert res.error()["field"] == "display_name"
    assert res.error()["message"]
    assert Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).status == 401


@pytest.mark.parametrize("name", [BAD_NAMES["crlf"], BAD_NAMES["rlo"], BAD_NAMES["rli"], BAD_NAMES["escape"]],
                         ids=["crlf", "rlo", "rli", "escape"])
def test_sign_up_page_refuses_them_naming_the_field(server, name):
    c = Client(server.url)
    email = unique_email("namepage")
    res = sign_up_form(c, "", display_name=name, email=email)
    assert res.status == 422, res
    assert 'id="display_name-error"' in res.text
    assert f'value="{email}"' in res.text
    assert not res.cookie_header(SESSION_COOKIE)
    assert Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD}).status == 401


@pytest.mark.parametrize("name", ["Zoë O'Brien", "李小龙", "محمد علي", "Ада Лавлейс", "Robin 🌿", "A" * 80,
                                  "Dr. Amara Okafor-Smith"])
def test_ordinary_display_names_are_kept(server, name):
    email, user = api_sign_up(server.url, display_name=name)
    assert user["display_name"] == name


def test_display_name_of_81_characters_is_refused(server):
    res = Client(server.url).post("/api/v1/users", json={"email": unique_email(), "password": GOOD_PASSWORD,
                                                         "display_name": "é" * 81})
    assert res.status == 422, res
    assert res.error()["field"] == "display_name"


def test_admin_create_refuses_a_display_name_with_a_line_break(server):
    r = server.cli("admin", "create", "--email", unique_email("cliadmin"), "--name", "Ada\nAdmin",
                   stdin="admin passphrase for cli 4\n")
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "--name" in r.stderr


# --- sign-up and password reset do not reveal accounts ---

def test_taken_address_sign_up_notes_are_limited_per_account(rate_limited_server):
    srv = rate_limited_server
    email, _ = api_sign_up(srv.url)
    for i in range(5):
        res = Client(srv.url).post("/api/v1/users", json={"email": email, "password": GOOD_PASSWORD,
                                                          "display_name": "Again"},
                                   headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})
        assert res.status == 202, (i, res)
    # One verification e-mail and three notes; the rest are answered alike
    # but send nothing, so sign-up cannot flood a mailbox.
    msgs = wait_for_mails(srv.data_dir, email, count=4)
    time.sleep(4)  # two more delivery rounds
    msgs = mails_to(srv.data_dir, email)
    assert len(msgs) == 4, [m["Subject"] for m in msgs]
    assert sum("tried to create" in m["Subject"] for m in msgs) == 3


def test_sign_up_page_and_api_rate_limit_per_address(rate_limited_server):
    srv = rate_limited_server
    ip = "198.51.100.99"
    for i in range(10):
        res = Client(srv.url).post("/api/v1/users", json={"email": unique_email("burst"), "password": GOOD_PASSWORD,
                                                          "display_name": "Burst"},
                                   headers={"X-Forwarded-For": ip})
        assert res.status == 202, (i, res)
    res = Client(srv.url).post("/api/v1/users", json={"email": unique_email("burst"), "password": GOOD_PASSWORD,
                                                      "display_name": "Burst"}, headers={"X-Forwarded-For": ip})
    assert res.status == 429 and res.error()["code"] == "rate_limited", res
    assert res.headers["Retry-After"].isdigit()
    c = Client(srv.url)
    token = extract_csrf(c.get("/signup", headers={"X-Forwarded-For": ip}).text)
    page = c.post("/signup", form={"display_name": "Burst", "email": unique_email("burst"),
                                   "password": GOOD_PASSWORD, "role": "member", "_csrf": token},
                  headers={"X-Forwarded-For": ip})
    assert page.status == 429, page
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Retry-After"].isdigit()
    assert not page.cookie_header(SESSION_COOKIE)


def test_password_reset_requests_do_the_same_work_for_unknown_addresses(server):
    admin = admin_email(server)
    email, user = api_sign_up(server.url)
    nobody = unique_email("nobody")
    known = Client(server.url).post("/api/v1/password/forgot", json={"email": email})
    unknown = Client(server.url).post("/api/v1/password/forgot", json={"email": nobody})
    assert known.status == unknown.status == 202
    assert known.json() == unknown.json()
    # Both were recorded in a committed write (the same cost), and neither
    # record holds the address that was typed.
    requested = [e for e in audit_entries(server, admin, "account.password_reset_requested")
                 if e["target_id"] == str(user["id"])]
    assert len(requested) == 1
    unknowns = audit_entries(server, admin, "account.password_reset_requested_unknown")
    assert unknowns and all(nobody not in str(e) for e in unknowns)
    assert wait_for_mails(server.data_dir, email, count=2)
    assert mails_to(server.data_dir, nobody) == []


def test_account_e_mails_come_from_their_templates(server):
    email, _ = api_sign_up(server.url, display_name="Template Reader")
    Client(server.url).post("/api/v1/password/forgot", json={"email": email})
    Client(server.url).post("/api/v1/users", json={"email": email, "password": GOOD_PASSWORD,
                                                   "display_name": "Someone"})
    msgs = wait_for_mails(server.data_dir, email, count=3)
    subjects = [m["Subject"] for m in msgs]
    assert subjects == ["Please confirm your e-mail address for Hearth", "Reset your Hearth password",
                        "Someone tried to create a Hearth account with your address"], subjects
    for m in msgs:
        text = mail_text(m)
        assert text.startswith("Hello Template Reader,")
        assert "Subject:" not in text and "{{" not in text
        assert text.rstrip().endswith("Hearth")
