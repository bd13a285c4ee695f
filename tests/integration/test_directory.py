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
        # A fee filter compares fees in one currency: the country's, else EUR
        # (these requests send no Accept-Language).
        currency = {"GB": "GBP", "US": "USD"}.get(filters.get("country", "").upper(), "EUR")
        if "fee_max" in filters and f["currency"] != currency:
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
    ("fee_min=abc", "fee_min"), ("fee_min=200&fee_max=100", "fee_min"), ("fee_max=150&currency=XYZ", "currency"),
    ("currency=pounds", "currency"), ("currency=%C2%A3", "currency"), ("reduced_fees=maybe", "reduced_fees"),
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
    # "Offers a free consultation" is also the label of a filter, outside the results.
    assert results.count("Offers a free consultation") == sum(f["free"] for f in LISTED)
    free_names = {f["full_name"] for f in LISTED if f["free"]}
    # Without a search, two a page: the free consultations come first, and
    # the strip after the results shows others who offer one, never anyone
    # on the page.
    page = directory.page("per_page=2").text
    on_page = card_names(section(page, "results-title"))
    featured = card_names(section(page, "featured-title"))
    assert len(on_page) == 2 and set(on_page) <= free_names
    assert 1 <= len(featured) <= 3 and set(featured) <= free_names
    assert not set(featured) & set(on_page)
    assert page.index('id="results-title"') < page.index('id="featured-title"')  # results first


def test_a_search_shows_each_person_once_and_no_strip(directory):
    # Searching for someone who offers a free consultation shows them once:
    # a search or filter drops the strip rather than push results down.
    for query in ("q=Castellane", f"q={COMMON}", "free_consultation=1", "language=en", "fee_max=200",
                  "reduced_fees=0&specialty=anxiety"):
        page = directory.page(query).text
        assert 'id="featured-title"' not in page, query
    page = directory.page("q=Castellane").text
    assert page.count(">Bruno Castellane</a></h3>") == 1
    # Everyone free is on one page: there is nobody left to feature.
    assert 'id="featured-title"' not in directory.page("per_page=20").text
    # Later pages have no strip either.
    assert 'id="featured-title"' not in directory.page("per_page=2&page=2").text


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


# --- fees compare like with like ---

# A directory of its own: the example of the issue (70-110 GBP, 55-75 EUR,
# 140-190 USD and 120-160 CAD all "under 150" when currencies were mixed),
# with a dearer GBP range, a single GBP fee, and someone who gives no fee
# but offers a sliding scale.
FEES_WORD = "fernbrake"
FEES = [
    dict(key="gbp", full_name="Gwen Abbott", country="GB", city="Leeds", fee_min=70, fee_max=110, currency="GBP"),
    dict(key="gbp_dear", full_name="Hal Bennett", country="GB", city="York", fee_min=160, fee_max=200,
         currency="GBP", reduced_fees=True),
    dict(key="gbp_single", full_name="Isla Carver", country="GB", city="Bath", fee_min=None, fee_max=120,
         currency="GBP"),
    dict(key="eur", full_name="Jonas Dreyer", country="DE", city="Bremen", fee_min=55, fee_max=75, currency="EUR"),
    dict(key="usd", full_name="Kara Ellis", country="US", city="Denver", fee_min=140, fee_max=190, currency="USD",
         sliding_scale=True),
    dict(key="cad", full_name="Liam Fortin", country="CA", city="Laval", fee_min=120, fee_max=160, currency="CAD"),
    dict(key="no_fee", full_name="Mona Greer", country="GB", city="Hull", fee_min=None, fee_max=None,
         currency="GBP", sliding_scale=True, reduced_fees=True),
]


def fee_profile_body(f: dict) -> dict:
    body = dict(BASE, full_name=f["full_name"], headline="Fees test", bio=f"Fees. {FEES_WORD}",
                specialties=["anxiety"], modalities=[], languages=["en"], online=True, in_person=False,
                country=f["country"], city=f["city"], fee_min=f["fee_min"], fee_max=f["fee_max"],
                currency=f["currency"], offers_free_consultation=False,
                sliding_scale=f.get("sliding_scale", False), reduced_fees=f.get("reduced_fees", False))
    return body


class FeesDirectory(Directory):
    """The fee fixtures only (Directory.__init__ would make the others)."""

    def __init__(self, server: HearthServer):  # pylint: disable=super-init-not-called
        self.server = server
        self.url = server.url
        admin_mail = unique_email("admin")
        server.create_admin(admin_mail, ADMIN_PASSWORD, name="Dee Admin")
        self.admin = bearer(api_log_in(server.url, admin_mail, ADMIN_PASSWORD)["token"])
        self.slugs, self.tokens = {}, {}
        for f in FEES:
            email, _ = api_sign_up(self.url, role="specialist", display_name=f["full_name"])
            auth = bearer(api_log_in(self.url, email)["token"])
            res = Client(self.url).request("PUT", "/api/v1/me/profile", json=fee_profile_body(f), headers=auth)
            assert res.status == 200, res
            slug = res.json()["profile"]["slug"]
            self.slugs[f["key"]], self.tokens[f["key"]] = slug, auth
            assert Client(self.url).post("/api/v1/me/profile/publish", headers=auth).status == 200
            assert self.admin_action(slug, "verify").status == 200


@pytest.fixture(scope="module", params=ENGINES)
def fees(request):
    server = _launch(request.param)
    try:
        yield FeesDirectory(server)
    finally:
        server.cleanup()


GB = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.mark.parametrize("query,headers,want", [
    # The issue's example: only GBP, and only ranges that reach down to 150.
    ("fee_max=150&currency=GBP", None, {"gbp", "gbp_single"}),
    ("fee_max=150&currency=gbp", None, {"gbp", "gbp_single"}),
    ("fee_max=150&currency=USD", None, {"usd"}),
    ("fee_max=150&currency=CAD", None, {"cad"}),
    ("fee_max=100&currency=CAD", None, set()),
    # Ranges meet: the visitor's lowest is within reach of the specialist's highest.
    ("fee_min=150&fee_max=170&currency=GBP", None, {"gbp_dear"}),
    ("fee_min=115&currency=GBP", None, {"gbp_dear", "gbp_single"}),
    ("fee_min=150&currency=CAD", None, {"cad"}),
    # Without a currency: the country filter's, else the browser's region, else EUR.
    ("fee_max=150", None, {"eur"}),
    ("fee_max=150&country=US", None, {"usd"}),
    ("fee_max=150&country=GB", None, {"gbp", "gbp_single"}),
    ("fee_max=150", GB, {"gbp", "gbp_single"}),
    ("fee_max=150&country=CA", GB, {"cad"}),
    ("fee_max=150&currency=EUR", GB, {"eur"}),
    # A currency alone filters nothing.
    ("currency=USD", None, {f["key"] for f in FEES}),
    # Sliding scales and reduced fees, with or without a fee given.
    ("reduced_fees=1", None, {"gbp_dear", "usd", "no_fee"}),
    ("reduced_fees=1&fee_max=500&currency=GBP", None, {"gbp_dear"}),
])
def test_fees_are_filtered_within_one_currency(fees, query, headers, want):
    assert set(fees.keys(f"{query}&q={FEES_WORD}", headers=headers)) == want
    assert set(fees.keys(query, headers=headers)) == want


def test_the_fee_order_puts_the_visitors_currency_first(fees):
    # GBP lowest first (a single fee counts as its own lowest), then the rest.
    assert fees.keys("sort=fee&currency=GBP")[:3] == ["gbp", "gbp_single", "gbp_dear"]
    order = fees.keys("sort=fee&currency=CAD")
    assert order[0] == "cad" and order[-1] == "no_fee"


def test_a_bad_currency_is_422_on_the_api_and_a_notice_on_the_page(fees):
    res = fees.api("fee_max=150&currency=XYZ")
    assert res.status == 422, res
    error = res.error()
    assert error["field"] == "currency" and "XYZ" in error["message"]
    page = fees.page("fee_max=150&currency=XYZ")
    assert page.status == 200, page
    assert "We left out part of this search" in page.text
    assert "We don’t compare fees in “XYZ”" in html.unescape(page.text)
    # ... and searched in the default currency instead.
    assert set(card_names(section(page.text, "results-title"))) == {"Jonas Dreyer"}
    assert "Fees are compared in EUR." in page.text


def test_the_page_says_which_currency_the_fee_filter_uses(fees):
    page = Client(fees.url).get("/specialists?fee_max=150", headers=GB).text
    assert "Fees are compared in GBP, going by your browser’s language settings." in html.unescape(page)
    currency = re.search(r'<select id="currency".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)" selected>', currency) == [""]
    assert "Automatic (GBP)" in currency
    assert set(card_names(section(page, "results-title"))) == {"Gwen Abbott", "Isla Carver"}
    page = fees.page("fee_max=150&country=US").text
    assert "Fees are compared in USD, the currency of United States" in page
    page = fees.page("fee_max=150&currency=CAD").text
    assert "Fees are compared in CAD, the currency you chose." in page
    currency = re.search(r'<select id="currency".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)" selected>', currency) == ["CAD"]
    # Paging links keep the chosen currency with the fee filter.
    page = fees.page("fee_max=150&currency=GBP&per_page=1").text
    nav = re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)
    assert html.unescape(re.search(r'href="([^"]+)" rel="next"', nav).group(1)) == \
        "/specialists?fee_max=150&currency=GBP&per_page=1&page=2"
    # Both answers depend on the language header.
    for res in (fees.page("fee_max=150"), fees.api("fee_max=150")):
        assert "Accept-Language" in res.headers.get("Vary"), res.headers.get("Vary")


def test_cards_name_the_currency_and_reduced_fees(fees):
    page = fees.page(f"q={FEES_WORD}&per_page=20").text
    cards = section(page, "results-title")
    for text in ("£70–110 (GBP) per session", "€55–75 (EUR) per session", "$140–190 (USD) per session",
                 "$120–160 (CAD) per session", "£120 (GBP) per session"):
        assert text in html.unescape(cards), text
    assert "Sliding scale and reduced fees available" in cards      # Mona, no fee given
    assert "Reduced fees available" in cards and "Sliding scale<" in cards
    assert 'id="reduced_fees" name="reduced_fees" type="checkbox"' in page
    item = fees.api("q=Kara").json()["items"][0]
    assert (item["sliding_scale"], item["reduced_fees"], item["fee_text"]) == (True, False, "$140–190 (USD)")
    assert item["reduced_fee_text"] == "Sliding scale"
