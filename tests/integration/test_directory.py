"""The specialist directory, GET /api/v1/specialists and GET /specialists, on
both engines: every filter alone and combined, relevance, the
free-consultation boost, paging bounds, bad filters, listed profiles only,
the page (filters kept, no-results suggestions, featured strip), and the
result cache staying correct when another node changes the data.

Each engine gets a server (and database) of its own, so the directory holds
exactly the fixtures below, all made through the real API: sign up, log in,
PUT /api/v1/me/profile, publish, and an admin verifies."""
from __future__ import annotations

import html
import re
import sqlite3
import time
import urllib.parse

import pytest

from conftest import ENGINES, HearthServer, _launch, _psql
from hearth_client import Client, api_log_in, api_sign_up, bearer, unique_email

ADMIN_PASSWORD = "directory admin passphrase 93"

# The word every listed fixture has in its bio, to search for "all of them".
COMMON = "quillwort"

BASE = {"licence_number": "LIC-1001", "licence_region": "Test licensing board", "timezone": "Europe/Berlin",
        "approach": "We go at your pace, and you decide what we talk about."}

# Listed fixtures, in the order they are created (so ids grow down the list).
# Alma has attachment as a specialty and does not offer a free consultation;
# Bruno only mentions attachment once in his bio and offers one: Alma must
# still come first. Dora and Emil are twins apart from the free consultation
# (Dora's, made first): the boost alone puts her first.
LISTED = [
    dict(key="alma", full_name="Alma Brightwater", specialties=["attachment", "complex-trauma"],
         modalities=["emdr"], languages=["de", "en"], online=True, in_person=False, country="DE", city="Berlin",
         fee_min=60, fee_max=90, currency="EUR", free=False,
         headline="Therapist for adults who feel unsafe when someone gets close",
         bio=f"I work with adults whose past keeps showing up in their relationships. {COMMON}"),
    dict(key="bruno", full_name="Bruno Castellane", specialties=["anxiety"], modalities=["cbt"],
         languages=["en"], online=False, in_person=True, country="GB", city="London",
         fee_min=100, fee_max=120, currency="GBP", free=True,
         headline="Calm support for anxious minds",
         bio=f"Worry often has old roots; sometimes an early attachment felt unsafe. Sessions are practical. {COMMON}"),
    dict(key="carla", full_name="Carla Montoya", specialties=["relationships-and-couples"],
         modalities=["emotionally-focused-therapy"], languages=["es", "en"], online=True, in_person=True,
         country="ES", city="Madrid", fee_min=45, fee_max=70, currency="EUR", free=True,
         headline="Couples who want to reach each other again",
         bio=f"Couples come to me when the same argument keeps coming back. {COMMON}"),
    dict(key="dora", full_name="Dora Lindqvist", specialties=["grief-and-loss"], modalities=["act"],
         languages=["sv", "en"], online=True, in_person=False, country="SE", city="Malmö",
         fee_min=80, fee_max=80, currency="EUR", free=True,
         headline="Grief support", bio=f"Loss changes us; marigoldine is a word only the twins use. {COMMON}"),
    dict(key="emil", full_name="Emil Lindqvist", specialties=["grief-and-loss"], modalities=["act"],
         languages=["sv", "en"], online=True, in_person=False, country="SE", city="Malmö",
         fee_min=80, fee_max=80, currency="EUR", free=False,
         headline="Grief support", bio=f"Loss changes us; marigoldine is a word only the twins use. {COMMON}"),
    dict(key="frida", full_name="Frida Hoffmann", specialties=["depression"], modalities=["psychodynamic-therapy"],
         languages=["de"], online=False, in_person=True, country="DE", city="Frankfurt am Main",
         fee_min=None, fee_max=None, currency="EUR", free=False,
         headline="Psychodynamic therapy in Frankfurt", bio=f"Low mood often carries old grief. {COMMON}"),
]

ALL_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(1, 8)]

# Never listed: they would match most searches if they leaked.
HIDDEN_WORD = "zanzibarine"
UNLISTED = [
    dict(key="draft", full_name="Zora Draft", state="draft"),
    dict(key="pending", full_name="Yusuf Pending", state="pending"),
    dict(key="suspended", full_name="Xena Suspended", state="suspended"),
]
UNLISTED_FIELDS = dict(specialties=["attachment"], modalities=["emdr"], languages=["de", "en"], online=True,
                       in_person=False, country="DE", city="Berlin", fee_min=50, fee_max=50, currency="EUR",
                       free=True, headline="Attachment therapist",
                       bio=f"Attachment work. {COMMON} {HIDDEN_WORD}")


def profile_body(f: dict) -> dict:
    body = dict(BASE)
    for key in ("full_name", "headline", "bio", "specialties", "modalities", "languages", "online", "in_person",
                "country", "city", "fee_min", "fee_max", "currency"):
        body[key] = f[key]
    body["offers_free_consultation"] = f["free"]
    return body


class Directory:
    """A server of its own with the fixtures made, and their slugs."""

    def __init__(self, server: HearthServer):
        self.server = server
        self.url = server.url
        admin_mail = unique_email("admin")
        server.create_admin(admin_mail, ADMIN_PASSWORD, name="Dee Admin")
        self.admin = bearer(api_log_in(server.url, admin_mail, ADMIN_PASSWORD)["token"])
        self.slugs: dict[str, str] = {}
        self.tokens: dict[str, dict] = {}
        for f in LISTED:
            self.make(f, "listed")
        for f in UNLISTED:
            self.make(dict(UNLISTED_FIELDS, **f), f["state"])

    def make(self, f: dict, state: str) -> None:
        email, _ = api_sign_up(self.url, role="specialist", display_name=f["full_name"])
        auth = bearer(api_log_in(self.url, email)["token"])
        c = Client(self.url)
        res = c.request("PUT", "/api/v1/me/profile", json=profile_body(f), headers=auth)
        assert res.status == 200, res
        slug = res.json()["profile"]["slug"]
        self.slugs[f["key"]] = slug
        self.tokens[f["key"]] = auth
        if state == "draft":
            return
        assert c.post("/api/v1/me/profile/publish", headers=auth).status == 200
        if state == "pending":
            return
        assert self.admin_action(slug, "verify").status == 200
        if f["free"]:
            # Bookable (an open slot in the coming 14 days), so shown as offering one.
            res = c.request("PUT", "/api/v1/me/availability", headers=auth,
                            json={"timezone": "UTC", "weekly": ALL_DAY, "min_notice_hours": 0, "horizon_days": 30})
            assert res.status == 200, res
        if state == "suspended":
            assert self.admin_action(slug, "suspend", {"reason": "Licence lapsed"}).status == 200

    def admin_action(self, slug: str, action: str, body: dict | None = None, url: str | None = None):
        return Client(url or self.url).post(f"/api/v1/admin/specialists/{slug}/{action}", json=body or {},
                                            headers=self.admin)

    def api(self, query: str = "", url: str | None = None, headers: dict | None = None):
        return Client(url or self.url).get("/api/v1/specialists" + (f"?{query}" if query else ""), headers=headers)

    def keys(self, query: str = "", url: str | None = None, headers: dict | None = None) -> list[str]:
        """The fixture keys of every match, in order (all pages)."""
        res = self.api(query + ("&" if query else "") + "per_page=100", url, headers)
        assert res.status == 200, res
        by_slug = {slug: key for key, slug in self.slugs.items()}
        return [by_slug[item["slug"]] for item in res.json()["items"]]

    def page(self, query: str = ""):
        return Client(self.url).get("/specialists" + (f"?{query}" if query else ""))


@pytest.fixture(scope="module", params=ENGINES)
def directory(request):
    server = _launch(request.param)
    try:
        yield Directory(server)
    finally:
        server.cleanup()


# --- expected matches, computed from the fixture definitions ---

def expected(**filters) -> set[str]:
    out = set()
    for f in LISTED:
        if "specialty" in filters and filters["specialty"] not in f["specialties"]:
            continue
        if "modality" in filters and filters["modality"] not in f["modalities"]:
            continue
        if "language" in filters and filters["language"] not in f["languages"]:
            continue
        if filters.get("format") == "online" and not f["online"]:
            continue
        if filters.get("format") == "in_person" and not f["in_person"]:
            continue
        if "country" in filters and f["country"] != filters["country"].upper():
            continue
        if "city" in filters and f["city"].lower() != filters["city"].lower():
            continue
        if "fee_max" in filters and (f["fee_min"] is None or f["fee_min"] > int(filters["fee_max"])):
            continue
        if filters.get("free_consultation") == "1" and not f["free"]:
            continue
        out.add(f["key"])
    return out


FILTERS_ALONE = [
    {"specialty": "attachment"}, {"specialty": "grief-and-loss"}, {"modality": "emdr"},
    {"modality": "emotionally-focused-therapy"}, {"language": "de"}, {"language": "es"}, {"language": "en"},
    {"format": "online"}, {"format": "in_person"}, {"country": "DE"}, {"country": "se"},
    {"city": "frankfurt AM main"}, {"city": "Malmö"}, {"fee_max": "60"}, {"fee_max": "80"}, {"fee_max": "0"},
    {"free_consultation": "1"},
]

FILTERS_COMBINED = [
    {"language": "en", "format": "online", "free_consultation": "1"},
    {"language": "de", "country": "DE"},
    {"language": "de", "format": "in_person", "city": "Frankfurt am Main"},
    {"specialty": "grief-and-loss", "free_consultation": "1", "fee_max": "80"},
    {"format": "online", "fee_max": "70", "country": "ES", "language": "es", "modality": "emotionally-focused-therapy",
     "specialty": "relationships-and-couples", "city": "madrid", "free_consultation": "1"},
    {"language": "de", "format": "online", "specialty": "depression"},
]


def test_no_filters_lists_every_listed_profile_and_nothing_else(directory):
    assert set(directory.keys()) == {f["key"] for f in LISTED}
    assert directory.api().json()["total"] == len(LISTED)


@pytest.mark.parametrize("filters", FILTERS_ALONE, ids=lambda f: urllib.parse.urlencode(f))
def test_each_filter_alone(directory, filters):
    query = urllib.parse.urlencode(filters)
    assert set(directory.keys(query)) == expected(**filters)
    assert directory.api(query).json()["total"] == len(expected(**filters))


@pytest.mark.parametrize("filters", FILTERS_COMBINED, ids=lambda f: urllib.parse.urlencode(f))
def test_filters_combined(directory, filters):
    query = urllib.parse.urlencode(filters)
    assert set(directory.keys(query)) == expected(**filters)
    # The same with a text query every fixture matches.
    assert set(directory.keys(query + f"&q={COMMON}")) == expected(**filters)


def test_text_search_covers_name_headline_bio_approach_and_specialties(directory):
    assert directory.keys("q=Castellane") == ["bruno"]                 # name
    assert directory.keys("q=argument") == ["carla"]                   # bio
    assert directory.keys("q=psychodynamic+frankfurt") == ["frida"]    # headline, both words
    assert set(directory.keys("q=pace")) == {f["key"] for f in LISTED}  # approach
    assert set(directory.keys("q=grief")) >= {"dora", "emil"}          # specialty (and Frida's bio)
    assert directory.keys("q=couples+emdr") == []                       # every word must match
    assert directory.keys("q=the") == directory.keys()                  # stop words alone: no text query


def test_an_exact_specialty_match_ranks_above_a_passing_mention(directory):
    assert directory.keys("q=attachment") == ["alma", "bruno"]


def test_the_free_consultation_boost_shows_in_the_order(directory):
    # Equal texts: Dora (free, older) before Emil (newer), who would come
    # first on a tie.
    assert directory.keys("q=marigoldine") == ["dora", "emil"]
    # Without words, those who offer a free consultation come first, newest first.
    free = [f["key"] for f in reversed(LISTED) if f["free"]]
    others = [f["key"] for f in reversed(LISTED) if not f["free"]]
    assert directory.keys() == free + others
    assert directory.keys("sort=relevance") == free + others


def test_accents_and_case_fold_alike_on_both_engines(directory):
    # Dora and Emil live in Malmö: the city matches however it is typed.
    for city in ("Malmö", "Malmo", "MALMÖ", "malmø", "  malmo "):
        assert set(directory.keys(urllib.parse.urlencode({"city": city}))) == {"dora", "emil"}, city
    # Accents typed in a query find text without them, and the reverse.
    assert directory.keys(urllib.parse.urlencode({"q": "Brightwáter"})) == ["alma"]
    assert set(directory.keys(urllib.parse.urlencode({"q": "LINDQVÎST"}))) == {"dora", "emil"}
    assert directory.keys(urllib.parse.urlencode({"q": "malmo"})) == []  # the city is a filter, not text


def test_sort_newest_and_fee(directory):
    assert directory.keys("sort=newest") == [f["key"] for f in reversed(LISTED)]
    assert directory.keys("sort=fee") == ["carla", "alma", "emil", "dora", "bruno", "frida"]
    assert directory.keys(f"sort=newest&q={COMMON}") == [f["key"] for f in reversed(LISTED)]


def test_paging_bounds(directory):
    first = directory.api("per_page=2").json()
    assert (first["total"], first["page"], first["per_page"], len(first["items"])) == (6, 1, 2, 2)
    second = directory.api("per_page=2&page=2").json()["items"]
    assert not {i["slug"] for i in second} & {i["slug"] for i in first["items"]}
    beyond = directory.api("per_page=2&page=4").json()
    assert beyond["items"] == [] and beyond["total"] == 6 and beyond["page"] == 4
    assert directory.api("per_page=100").status == 200
    for query, field in (("per_page=101", "per_page"), ("per_page=0", "per_page"), ("page=0", "page"),
                         ("page=-1", "page"), ("page=abc", "page")):
        res = directory.api(query)
        assert res.status == 422, (query, res)
        assert res.error()["field"] == field


@pytest.mark.parametrize("query,field", [
    ("specialty=astrology", "specialty"), ("modality=tarot", "modality"), ("language=xx", "language"),
    ("format=abc", "format"), ("format=in-person", "format"), ("fee_max=-1", "fee_max"),
    ("fee_max=text", "fee_max"), ("fee_max=1.5", "fee_max"), ("country=XX", "country"),
    ("country=DEU", "country"), ("free_consultation=maybe", "free_consultation"), ("sort=best", "sort"),
    ("city=%5C%5C", "city"), ("q=" + "a" * 201, "q"),
])
def test_bad_filter_values_are_422_naming_the_field(directory, query, field):
    res = directory.api(query)
    assert res.status == 422, res
    assert res.error()["field"] == field


def test_search_text_is_never_search_syntax(directory):
    for q in ['"', "*", "NEAR(a b)", "name:alma", "a' | 'b", "!attachment", "attachment OR grief", "^c -d",
              "(", "'", "\\", "attachment\" OR \"grief", "quillwort:*"]:
        query = urllib.parse.urlencode({"q": q})
        res = directory.api(query)
        assert res.status == 200, (q, res)
        assert directory.page(query).status == 200, q
    # Operators are plain words: "OR" does not widen the search.
    assert directory.keys(urllib.parse.urlencode({"q": "attachment OR grief"})) == []


def test_only_listed_profiles_ever_appear(directory):
    hidden = {f["key"] for f in UNLISTED}
    for query in ("", f"q={HIDDEN_WORD}", "specialty=attachment", "language=de&format=online&country=DE",
                  "city=Berlin", "free_consultation=1&fee_max=50", "q=attachment", "sort=newest", "sort=fee"):
        assert not hidden & set(directory.keys(query)), query
    assert directory.keys(f"q={HIDDEN_WORD}") == []
    for key in hidden:
        assert Client(directory.url).get(f"/api/v1/specialists/{directory.slugs[key]}").status == 404, key
        assert directory.slugs[key] not in directory.page(f"q={HIDDEN_WORD}").text
    assert Client(directory.url).get(f"/api/v1/specialists/{directory.slugs['alma']}").status == 200


def test_items_are_the_public_profile(directory):
    item = directory.api("q=Brightwater").json()["items"][0]
    assert item["slug"] == directory.slugs["alma"]
    assert item["url"] == f"/specialists/{item['slug']}"
    assert [s["slug"] for s in item["specialties"]] == ["complex-trauma", "attachment"] or \
        {s["slug"] for s in item["specialties"]} == {"complex-trauma", "attachment"}
    assert item["verified"] is True and item["offers_free_consultation"] is False
    assert "licence_number" not in item and "state" not in item
    single = Client(directory.url).get(f"/api/v1/specialists/{item['slug']}").json()["profile"]
    assert item == single


# --- the page ---

def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start:page.index("</section>", start)]


def card_names(fragment: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<h3><a href="/specialists/[^"]+">([^<]+)</a></h3>', fragment)]


def test_the_page_keeps_the_filters_and_announces_the_count(directory):
    res = directory.page("q=attachment&language=de&format=online&fee_max=90&city=Berlin&country=DE"
                         "&specialty=attachment&sort=newest&modality=emdr")
    assert res.status == 200, res
    page = res.text
    assert '<form class="directory__filters" method="get" action="/specialists" role="search"' in page
    assert re.search(r'<input id="q" name="q" type="search"[^>]*value="attachment"', page)
    for select, value in (("language", "de"), ("format", "online"), ("specialty", "attachment"),
                          ("country", "DE"), ("sort", "newest"), ("modality", "emdr")):
        selected = re.search(rf'<select id="{select}".*?</select>', page, re.S).group(0)
        assert re.findall(r'<option value="([^"]*)" selected>', selected) == [value], select
    assert re.search(r'<input id="city"[^>]*value="Berlin"', page)
    assert re.search(r'<input id="fee_max"[^>]*value="90"', page)
    assert '<p class="directory__count" role="status">1 specialist matches this search.</p>' in page
    assert card_names(section(page, "results-title")) == ["Alma Brightwater"]
    assert "<h1>Find a specialist</h1>" in page


def test_the_page_marks_free_consultations_and_features_only_those(directory):
    page = directory.page(f"q={COMMON}").text
    results = section(page, "results-title")
    assert results.count('class="card specialist-card"') == len(LISTED)
    assert results.count("Offers a free consultation") == sum(f["free"] for f in LISTED)
    featured = card_names(section(page, "featured-title"))
    free_names = {f["full_name"] for f in LISTED if f["free"]}
    assert 1 <= len(featured) <= 3 and set(featured) <= free_names
    # The strip follows the search, and is absent when nobody in it offers one.
    assert card_names(section(directory.page("q=Castellane").text, "featured-title")) == ["Bruno Castellane"]
    assert 'id="featured-title"' not in directory.page("q=Brightwater").text


def test_no_results_suggest_loosening_each_filter(directory):
    page = directory.page("q=nothingmatchesthis&language=es&free_consultation=1").text
    assert "No specialists match this search." in page
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section(page, "results-title"))
    hrefs = [html.unescape(h) for h, _ in links]
    assert "/specialists?language=es&free_consultation=1" in hrefs
    assert "/specialists?q=nothingmatchesthis&free_consultation=1" in hrefs
    assert "/specialists?q=nothingmatchesthis&language=es" in hrefs
    for href in hrefs:  # each suggestion is a real search
        assert Client(directory.url).get(href).status == 200


def test_the_page_ignores_a_bad_filter_calmly(directory):
    res = directory.page("format=abc&language=de&fee_max=lots&page=0")
    assert res.status == 200, res
    page = res.text
    assert "We left out part of this search" in page
    assert "Sessions can only be online or in person" in page
    assert set(card_names(section(page, "results-title"))) == {"Alma Brightwater", "Frida Hoffmann"}
    assert '<option value="" selected>Online or in person</option>' in page


def test_paging_links_keep_the_filters(directory):
    page = directory.page("language=en&per_page=2").text
    nav = re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)
    assert html.unescape(re.search(r'href="([^"]+)" rel="next"', nav).group(1)) == \
        "/specialists?language=en&per_page=2&page=2"
    assert "Page 1 of 3" in nav
    last = directory.page("language=en&per_page=2&page=3").text
    assert "rel=\"next\"" not in last and "rel=\"prev\"" in last
    beyond = directory.page("language=en&per_page=2&page=9").text
    assert "There are no more specialists after this point" in beyond


# --- the result cache stays correct across nodes ---

@pytest.fixture(scope="module")
def second_node(directory):
    """Another Hearth process on the same database, as behind a load balancer."""
    node = HearthServer(directory.server.engine)
    node.env["HEARTH_DATABASE_URL"] = directory.server.env["HEARTH_DATABASE_URL"]
    node.start()
    try:
        yield node
    finally:
        node.cleanup()


def soon(read, want, seconds: float = 3.0):
    """What read() gives once it gives `want`, or its last answer after `seconds`.
    Visitors on another node are answered from memory at the version the
    database last announced, which trails a commit by milliseconds."""
    deadline = time.monotonic() + seconds
    while True:
        got = read()
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


def test_a_change_on_one_node_shows_on_another(directory, second_node):
    query = f"q={COMMON}&free_consultation=1"
    before = directory.keys(query)           # node A computes and keeps it
    assert "carla" in before and directory.keys(query) == before
    without_carla = [k for k in before if k != "carla"]
    carla = directory.slugs["carla"]
    assert directory.admin_action(carla, "suspend", {"reason": "Check"}, url=second_node.url).status == 200
    try:
        # Signed in, node A reads the version itself: at once.
        assert directory.keys(query, headers=directory.tokens["frida"]) == without_carla
        assert soon(lambda: directory.keys(query), without_carla) == without_carla   # visitors, same search
        assert "carla" not in directory.keys("language=es")
    finally:
        assert directory.admin_action(carla, "reinstate", url=second_node.url).status == 200
    assert soon(lambda: directory.keys(query), before) == before

    # An edit by the specialist (through node B) is searchable on node A.
    body = profile_body(dict(next(f for f in LISTED if f["key"] == "frida"), languages=["de", "tr"]))
    res = Client(second_node.url).request("PUT", "/api/v1/me/profile", json=body, headers=directory.tokens["frida"])
    assert res.status == 200, res
    try:
        assert directory.keys("language=tr", headers=directory.tokens["frida"]) == ["frida"]
        assert soon(lambda: directory.keys("language=tr"), ["frida"]) == ["frida"]
    finally:
        body["languages"] = ["de"]
        Client(second_node.url).request("PUT", "/api/v1/me/profile", json=body, headers=directory.tokens["frida"])
    assert soon(lambda: directory.keys("language=tr"), []) == []


def test_a_kept_public_profile_follows_changes_made_on_another_node(directory, second_node):
    carla = directory.slugs["carla"]
    profile_path = f"/api/v1/specialists/{carla}"
    node_a = Client(directory.url)
    headline = lambda: node_a.get(profile_path).json()["profile"]["headline"]  # noqa: E731
    original = headline()
    assert headline() == original            # node A keeps it in memory now

    body = profile_body(dict(next(f for f in LISTED if f["key"] == "frida")))
    body["headline"] = "A steady, unhurried first conversation"
    res = Client(second_node.url).request("PUT", "/api/v1/me/profile", json=body, headers=directory.tokens["frida"])
    assert res.status == 200, res
    frida_path = f"/api/v1/specialists/{directory.slugs['frida']}"
    # The author, signed in, sees the edit at once on any node.
    own = node_a.get(frida_path, headers=directory.tokens["frida"])
    assert own.json()["profile"]["headline"] == body["headline"]
    assert soon(lambda: node_a.get(frida_path).json()["profile"]["headline"], body["headline"]) == body["headline"]

    # Suspended through node B: gone from node A (404), for visitors too.
    assert directory.admin_action(carla, "suspend", {"reason": "Check"}, url=second_node.url).status == 200
    try:
        assert node_a.get(profile_path, headers=directory.tokens["frida"]).status == 404
        assert soon(lambda: node_a.get(profile_path).status, 404) == 404
        assert soon(lambda: node_a.get(f"/specialists/{carla}").status, 404) == 404
    finally:
        assert directory.admin_action(carla, "reinstate", url=second_node.url).status == 200
        original_body = profile_body(dict(next(f for f in LISTED if f["key"] == "frida")))
        Client(second_node.url).request("PUT", "/api/v1/me/profile", json=original_body,
                                        headers=directory.tokens["frida"])
    assert soon(headline, original) == original


# --- a node rebuilds an index it finds missing (after an upgrade) ---

def wipe_search_index(server: HearthServer) -> None:
    """Empties the store's search tables, as a database migrated from before
    they existed has them."""
    url = server.env["HEARTH_DATABASE_URL"]
    if server.engine == "postgresql":
        _psql(url, "DELETE FROM search_documents; DELETE FROM search_collections")
    else:
        with sqlite3.connect(url.removeprefix("sqlite://"), timeout=10) as db:
            db.executescript("DELETE FROM search_text; DELETE FROM search_keys; DELETE FROM search_collections;")


def test_a_node_rebuilds_a_missing_search_index_when_it_starts(directory):
    before = directory.keys(f"q={COMMON}")
    wipe_search_index(directory.server)
    node = HearthServer(directory.server.engine)
    node.env["HEARTH_DATABASE_URL"] = directory.server.env["HEARTH_DATABASE_URL"]
    node.start()
    try:
        assert directory.keys(f"q={COMMON}", url=node.url) == before
        assert set(directory.keys("city=Malmo", url=node.url)) == {"dora", "emil"}
        assert directory.keys(f"q={HIDDEN_WORD}", url=node.url) == []  # still listed profiles only
        # The rebuild raised the content version: the first node sees it too.
        assert soon(lambda: directory.keys(f"q={COMMON}"), before) == before
    finally:
        node.cleanup()
