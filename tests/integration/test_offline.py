"""Offline support: the service worker at /sw.js (its headers, what it keeps
ahead of time, and a version that follows the static files), the forms
that keep drafts in the browser, and the short-lived cookie that tells the
browser a form was accepted so its draft can go (and that a refused or
someone else's form never gets)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import _launch
from consultation_helpers import member, open_slots, specialist
from hearth_client import GOOD_PASSWORD, Client, extract_csrf, parse_set_cookie
from specialist_helpers import signed_in

REPO = Path(__file__).resolve().parents[2]
ACCEPTED = "hearth_draft_sent"


def worker_parts(script: str) -> tuple[str, list[str]]:
    """The version and the list the server put in front of the worker."""
    m = re.match(r'const HEARTH_CACHE_VERSION = "([0-9a-f]{16})";\nconst HEARTH_PRECACHE = (\[[^\n]*\]);\n', script)
    assert m, script[:300]
    return m.group(1), json.loads(m.group(2))


def cookie_client(server, person) -> Client:
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": person.email, "password": GOOD_PASSWORD})
    assert res.status == 200, res
    return c


def accepted_cookie(res) -> tuple[str, dict[str, str]] | None:
    line = res.cookie_header(ACCEPTED)
    if line is None:
        return None
    _, value, attrs = parse_set_cookie(line)
    return value, {k.lower(): v for k, v in attrs.items()}


@pytest.fixture(scope="module")
def spec(server):
    return specialist(server)


def test_the_service_worker_is_served_for_the_whole_site_and_always_revalidated(server):
    c = Client(server.url)
    res = c.get("/sw.js")
    assert res.status == 200, res
    assert res.headers.get("Content-Type") == "text/javascript; charset=utf-8"
    cache = res.headers.get("Cache-Control")
    assert cache == "no-cache", cache  # never kept for a day: a deploy must reach people
    assert res.headers.get("Service-Worker-Allowed") is None  # at the root, its default scope is the site
    csp = res.headers.get("Content-Security-Policy")
    assert "worker-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert res.headers.get("X-Content-Type-Options") == "nosniff"
    assert res.cookie_header("__Host-hearth_csrf") is None and res.cookie_header("hearth_csrf") is None

    version, precache = worker_parts(res.text)
    assert "self.addEventListener('fetch'" in res.text
    etag = res.headers.get("ETag")
    assert etag == f'"sw-{version}"'
    unchanged = c.get("/sw.js", headers={"If-None-Match": etag})
    assert unchanged.status == 304 and unchanged.body == b""
    assert c.get("/sw.js", headers={"If-None-Match": '"sw-0000000000000000"'}).status == 200

    # The offline page and every static file: CSS, scripts, the icon.
    static = sorted(str(p.relative_to(REPO)) for p in (REPO / "static").rglob("*") if p.is_file())
    expected = ["/offline"] + ["/" + p for p in static if p != "static/js/service-worker.js"]
    assert sorted(precache) == sorted(expected)
    for must in ("/offline", "/static/css/hearth.css", "/static/js/offline.js", "/static/favicon.svg"):
        assert must in precache
    # Never a page with a person's data, never the API.
    assert all(u == "/offline" or u.startswith("/static/") for u in precache), precache


def test_everything_the_worker_keeps_exists(server):
    _, precache = worker_parts(Client(server.url).get("/sw.js").text)
    visitor = Client(server.url)
    for url in precache:
        res = visitor.get(url)
        assert res.status == 200, (url, res)
    offline = visitor.get("/offline")
    assert "text/html" in offline.headers.get("Content-Type")
    assert '<meta name="robots" content="noindex">' in offline.text
    assert "data-offline-retry hidden" in offline.text
    # The worker fetches it without cookies: the visitor's page, with no form token in it.
    assert 'name="_csrf"' not in offline.text and "Log out" not in offline.text


def test_head_of_the_worker_answers_without_a_body(server):
    # offline.js asks HEAD /sw.js to learn whether the server can be reached.
    res = Client(server.url).request("HEAD", "/sw.js")
    assert res.status == 200 and res.body == b""


def test_a_deploy_that_changes_a_static_file_changes_the_worker(server, tmp_path):
    """Same assets: same version. One CSS rule more: another version (and so
    another cache name), and the old ETag no longer matches."""
    version, _ = worker_parts(Client(server.url).get("/sw.js").text)
    assets = tmp_path / "assets"
    for part in ("templates", "static", "migrations"):
        shutil.copytree(REPO / part, assets / part)
    same = _launch("sqlite", {"HEARTH_ASSETS_DIR": str(assets)})
    try:
        assert worker_parts(Client(same.url).get("/sw.js").text)[0] == version
    finally:
        same.cleanup()
    with open(assets / "static" / "css" / "hearth.css", "a", encoding="utf-8") as css:
        css.write("\n.deployed { color: inherit; }\n")
    changed = _launch("sqlite", {"HEARTH_ASSETS_DIR": str(assets)})
    try:
        c = Client(changed.url)
        new_version, precache = worker_parts(c.get("/sw.js").text)
        assert new_version != version
        assert "/static/css/hearth.css" in precache
        assert c.get("/sw.js", headers={"If-None-Match": f'"sw-{version}"'}).status == 200
    finally:
        changed.cleanup()


def test_forms_where_people_write_keep_drafts_per_person(server, spec):
    m = member(server, name="Draft Member")
    c = cookie_client(server, m)
    me = c.get("/api/v1/me").json()
    page = c.get(f"/specialists/{spec.slug}/book?tz=UTC")
    assert page.status == 200
    user_id = me.get("user", me).get("id")
    assert re.search(rf'<body data-draft-owner="user-{user_id}"[ >]', page.text)
    assert f'data-draft="booking-note:{spec.slug}"' in page.text
    assert re.search(r'<body data-draft-owner="visitor"[ >]', Client(server.url).get("/").text)
    assert 'data-draft="availability"' in cookie_client(server, spec).get("/account/availability").text


def test_an_accepted_booking_tells_the_browser_to_forget_the_draft(server, spec):
    m = member(server, name="Accepted Member")
    c = cookie_client(server, m)
    page = c.get(f"/specialists/{spec.slug}/book?tz=UTC")
    token = extract_csrf(page.text)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)

    # Refused (no time chosen): the form comes back, and the draft stays.
    refused = c.post(f"/specialists/{spec.slug}/book", form={"_csrf": token, "tz": "UTC", "note": "Words"})
    assert refused.status == 422 and ">Words</textarea>" in refused.text
    assert accepted_cookie(refused) is None
    assert f'data-draft="booking-note:{spec.slug}"' in refused.text

    start = open_slots(server, spec.slug)[47]["start"]
    res = c.post(f"/specialists/{spec.slug}/book",
                 form={"_csrf": token, "tz": "UTC", "start": start, "note": "Words", "idempotency_key": key})
    assert res.status == 303 and res.location.startswith("/consultations?booked="), res
    value, attrs = accepted_cookie(res)
    assert value == f"booking-note%3A{spec.slug}"
    assert attrs["max-age"] == "120" and attrs["path"] == "/" and attrs["samesite"] == "Lax"
    assert "httponly" not in attrs  # offline.js reads it
    assert "Words" not in res.cookie_header(ACCEPTED)


def test_cancelling_clears_the_reason_draft_but_not_for_someone_elses_booking(server, spec):
    owner = member(server, name="Owner Member")
    start = open_slots(server, spec.slug)[49]["start"]
    made = owner.post("/api/v1/consultations", {"specialist": spec.slug, "start": start})
    assert made.status == 201, made
    booking_id = made.json()["consultation"]["id"]

    c = cookie_client(server, owner)
    listing = c.get("/consultations")
    assert f'data-draft="cancel-reason:{booking_id}"' in listing.text

    stranger = cookie_client(server, member(server, name="Stranger Member"))
    token = extract_csrf(stranger.get("/consultations").text)
    theirs = stranger.post(f"/consultations/{booking_id}/cancel", form={"_csrf": token, "reason": "Not mine"})
    assert theirs.status >= 400, theirs
    assert accepted_cookie(theirs) is None

    res = c.post(f"/consultations/{booking_id}/cancel",
                 form={"_csrf": extract_csrf(listing.text), "reason": "Plans changed"})
    assert res.status == 303, res
    assert accepted_cookie(res)[0] == f"cancel-reason%3A{booking_id}"


def test_the_profile_wizard_clears_a_step_draft_only_when_it_was_saved(server):
    c, _ = signed_in(server, role="specialist", name="Wizard Writer")
    page = c.get("/account/profile/about")
    assert 'data-draft="profile-about"' in page.text
    token = extract_csrf(page.text)
    bad = c.post("/account/profile/about", form={"_csrf": token, "full_name": ""})
    assert bad.status == 422, bad
    assert accepted_cookie(bad) is None
    good = c.post("/account/profile/about", form={
        "_csrf": token, "full_name": "Wizard Writer", "credentials": "MSc", "licence_number": "PSY-1",
        "licence_region": "HCPC (United Kingdom)", "headline": "Calm help."})
    assert good.status == 303, good
    assert accepted_cookie(good)[0] == "profile-about"
    assert 'data-draft="profile-work"' in c.get("/account/profile/work").text
