"""A person's list of their own sessions (GET /api/v1/me/sessions and the
"Signing in" section of /account) and logging out one of them
(DELETE /api/v1/me/sessions/{id}, POST /account/sessions/{id}/end)."""
import hashlib
import re

from hearth_client import GOOD_PASSWORD, Client, api_sign_up, bearer, extract_csrf, me_status

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.1 Mobile/15E148 Safari/604.1")
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/120.0.6099.144 Mobile Safari/537.36")


def api_session(server, email, user_agent) -> str:
    res = Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD},
                                  headers={"User-Agent": user_agent})
    assert res.status == 200, res
    return res.json()["token"]


def browser_session(server, email, user_agent) -> Client:
    """A client logged in through the log-in page (a cookie session)."""
    c = Client(server.url)
    csrf = c.csrf_from("/login")
    res = c.post("/login", form={"email": email, "password": GOOD_PASSWORD, "_csrf": csrf},
                 headers={"User-Agent": user_agent})
    assert res.status == 303, res
    return c


def sessions(server, token) -> list[dict]:
    res = Client(server.url).get("/api/v1/me/sessions", headers=bearer(token))
    assert res.status == 200, res
    return res.json()["items"]


def stored_hash(token: str) -> str:
    return hashlib.blake2b(token.encode(), digest_size=32).hexdigest()


def test_list_shows_this_session_and_the_others_with_their_devices(server):
    email, _ = api_sign_up(server.url)
    this = api_session(server, email, FIREFOX_WINDOWS)
    other = api_session(server, email, SAFARI_IPHONE)
    res = Client(server.url).get("/api/v1/me/sessions", headers=bearer(this))
    assert res.status == 200, res
    items = res.json()["items"]
    by_device = {i["device"]: i for i in items}
    assert "Firefox on Windows" in by_device and "Safari on iPhone" in by_device, items
    assert [i["device"] for i in items if i["current"]] == ["Firefox on Windows"]
    for item in items:
        assert set(item) == {"id", "device", "kind", "created_at", "last_seen_at", "current"}, item
        assert re.fullmatch(r"[0-9a-f]{16}", item["id"]), item
        assert item["kind"] == "api"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["last_seen_at"]), item
    # Neither a token nor its stored hash (nor the address it came from) is shown.
    for token in (this, other):
        assert token not in res.text and stored_hash(token) not in res.text
        assert stored_hash(token)[:16] not in res.text
    assert "127.0.0.1" not in res.text
    # Another person's list does not show these.
    stranger_email, _ = api_sign_up(server.url)
    stranger = api_session(server, stranger_email, CHROME_ANDROID)
    assert {i["id"] for i in sessions(server, stranger)}.isdisjoint({i["id"] for i in items})


def test_unknown_user_agent_is_an_unknown_device(server):
    email, _ = api_sign_up(server.url)
    token = api_session(server, email, "")
    assert [i["device"] for i in sessions(server, token) if i["current"]] == ["Unknown device"]


def test_visitors_have_no_sessions_to_list_or_end(server):
    assert Client(server.url).get("/api/v1/me/sessions").status == 401
    assert Client(server.url).delete("/api/v1/me/sessions/0123456789abcdef").status == 401


def test_ending_another_session_logs_it_out_and_keeps_this_one(server):
    email, _ = api_sign_up(server.url)
    this = api_session(server, email, FIREFOX_WINDOWS)
    other = api_session(server, email, SAFARI_IPHONE)
    other_id = next(i["id"] for i in sessions(server, other) if i["current"])
    res = Client(server.url).delete(f"/api/v1/me/sessions/{other_id}", headers=bearer(this))
    assert res.status == 204, res
    assert me_status(server.url, other) == 401
    assert me_status(server.url, this) == 200
    assert other_id not in {i["id"] for i in sessions(server, this)}
    # Gone: a second try is a 404.
    assert Client(server.url).delete(f"/api/v1/me/sessions/{other_id}", headers=bearer(this)).status == 404


def test_ending_the_current_session_logs_out(server):
    email, _ = api_sign_up(server.url)
    this = api_session(server, email, FIREFOX_WINDOWS)
    own_id = next(i["id"] for i in sessions(server, this) if i["current"])
    assert Client(server.url).delete(f"/api/v1/me/sessions/{own_id}", headers=bearer(this)).status == 204
    assert me_status(server.url, this) == 401


def test_another_persons_session_id_is_not_found_and_nothing_changes(server):
    owner_email, _ = api_sign_up(server.url)
    owner = api_session(server, owner_email, FIREFOX_WINDOWS)
    owner_id = next(i["id"] for i in sessions(server, owner) if i["current"])
    before = sessions(server, owner)
    stranger_email, _ = api_sign_up(server.url)
    stranger = api_session(server, stranger_email, SAFARI_IPHONE)
    res = Client(server.url).delete(f"/api/v1/me/sessions/{owner_id}", headers=bearer(stranger))
    assert res.status == 404, res
    assert res.error()["code"] == "not_found"
    assert me_status(server.url, owner) == 200
    assert {i["id"] for i in sessions(server, owner)} == {i["id"] for i in before}
    assert me_status(server.url, stranger) == 200


def test_made_up_ids_are_not_found(server):
    email, _ = api_sign_up(server.url)
    token = api_session(server, email, FIREFOX_WINDOWS)
    for bad in ("0123456789abcdef", "xyz", "0123456789abcdef0", stored_hash(token), stored_hash(token)[:16]):
        res = Client(server.url).delete(f"/api/v1/me/sessions/{bad}", headers=bearer(token))
        assert res.status == 404, (bad, res)
    assert me_status(server.url, token) == 200


def test_account_page_lists_sessions_and_logs_one_out(server):
    email, _ = api_sign_up(server.url)
    c = browser_session(server, email, FIREFOX_WINDOWS)
    other = api_session(server, email, CHROME_ANDROID)
    page = c.get("/account")
    assert page.status == 200, page
    assert "Firefox on Windows" in page.text and "Chrome on Android" in page.text
    assert "This device" in page.text
    assert "Log out everywhere" in page.text
    section = page.text[page.text.index('id="sign-in"'):]
    section = section[:section.index("</section>")]
    assert "127.0.0.1" not in section  # the address a session came from stays out of the page
    assert "does not look up places" in page.text
    other_id = next(i["id"] for i in sessions(server, other) if i["current"])
    assert f'action="/account/sessions/{other_id}/end"' in page.text
    res = c.post(f"/account/sessions/{other_id}/end", form={"_csrf": extract_csrf(page.text)})
    assert res.status == 303 and res.location.startswith("/account?changed=session"), res
    assert me_status(server.url, other) == 401
    after = c.get("/account")
    assert after.status == 200 and "Chrome on Android" not in after.text
    assert "That device has been logged out." in c.get(res.location.split("#")[0]).text  # browsers keep the fragment to themselves


def test_account_page_logging_out_this_device_ends_the_cookie_session(server):
    email, _ = api_sign_up(server.url)
    c = browser_session(server, email, FIREFOX_WINDOWS)
    token = c.session_token
    own_id = next(i["id"] for i in sessions(server, token) if i["current"])
    page = c.get("/account")
    res = c.post(f"/account/sessions/{own_id}/end", form={"_csrf": extract_csrf(page.text)})
    assert res.status == 303 and res.location == "/login?logged_out=1", res
    assert me_status(server.url, token) == 401
    assert c.session_token is None  # the cookie was cleared


def test_page_form_cannot_end_another_persons_session(server):
    owner_email, _ = api_sign_up(server.url)
    owner = api_session(server, owner_email, FIREFOX_WINDOWS)
    owner_id = next(i["id"] for i in sessions(server, owner) if i["current"])
    stranger_email, _ = api_sign_up(server.url)
    c = browser_session(server, stranger_email, SAFARI_IPHONE)
    page = c.get("/account")
    res = c.post(f"/account/sessions/{owner_id}/end", form={"_csrf": extract_csrf(page.text)})
    assert res.status == 404, res
    assert me_status(server.url, owner) == 200


def test_page_form_needs_its_csrf_token(server):
    email, _ = api_sign_up(server.url)
    c = browser_session(server, email, FIREFOX_WINDOWS)
    other = api_session(server, email, CHROME_ANDROID)
    other_id = next(i["id"] for i in sessions(server, other) if i["current"])
    res = c.post(f"/account/sessions/{other_id}/end", form={})
    assert res.status == 403, res
    assert me_status(server.url, other) == 200


def test_answers_match_the_api_description(server):
    from test_openapi_shapes import check
    email, _ = api_sign_up(server.url)
    this = api_session(server, email, FIREFOX_WINDOWS)
    other = api_session(server, email, SAFARI_IPHONE)
    listed = check(Client(server.url).get("/api/v1/me/sessions", headers=bearer(this)),
                   "GET", "/api/v1/me/sessions", 200)
    check(Client(server.url).get("/api/v1/me/sessions"), "GET", "/api/v1/me/sessions", 401)
    other_id = next(i["id"] for i in listed.json()["items"] if i["device"] == "Safari on iPhone")
    path = "/api/v1/me/sessions/{id}"
    check(Client(server.url).delete(f"/api/v1/me/sessions/{other_id}", headers=bearer(this)), "DELETE", path, 204)
    check(Client(server.url).delete(f"/api/v1/me/sessions/{other_id}", headers=bearer(this)), "DELETE", path, 404)
    check(Client(server.url).delete(f"/api/v1/me/sessions/{other_id}", headers=bearer(other)), "DELETE", path, 401)
