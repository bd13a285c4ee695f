"""Atom feeds (/feed.xml, /topics/{topic}/feed.xml, /specialists/{slug}/feed.xml),
/sitemap.xml with its index and numbered files, and /robots.txt (issue 12).

Articles are written straight into the database here (published, draft,
taken down), so these tests need nothing but the schema of migration 0017.
Every test runs on both engines."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ENGINES, _launch
from message_helpers import db_rows
from specialist_helpers import admin_client, admin_email, fill_wizard, listed_specialist, signed_in

feedparser = pytest.importorskip("feedparser", reason="python3-feedparser is not installed (scripts/install-deps.sh --test)")

BASE = "https://hearth.example"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOW = int(time.time())
DAY = 86400


def insert_article(server, profile_slug: str, title: str, status: str = "published", hidden: bool = False,
                   topics=(), days_ago: int = 1, revised_days_ago: int | None = None,
                   body: str = "<p>Body of the article.</p>") -> str:
    """An article by the profile `profile_slug`, as the articles feature
    stores one; returns its slug."""
    slug = "a-" + uuid.uuid4().hex[:10]
    published = NOW - days_ago * DAY
    revised = "NULL" if revised_days_ago is None else str(NOW - revised_days_ago * DAY)
    hidden_at = str(NOW) if hidden else "NULL"
    q = lambda s: "'" + s.replace("'", "''") + "'"  # noqa: E731
    db_rows(server, "INSERT INTO articles (author_id, profile_id, slug, status, title, summary, body_markdown, "
                    "body_html, created_at, updated_at, published_at, revised_at, hidden_at) "
                    f"SELECT user_id, id, {q(slug)}, {q(status)}, {q(title)}, {q('Summary of ' + title)}, 'md', "
                    f"{q(body)}, {published}, {published}, {published}, {revised}, {hidden_at} "
                    f"FROM specialist_profiles WHERE slug = {q(profile_slug)}")
    for t in topics:
        db_rows(server, f"INSERT INTO article_topics (article_id, topic) SELECT id, {q(t)} FROM articles "
                        f"WHERE slug = {q(slug)}")
    return slug


class Site:
    """A server with a known base URL, specialists and articles."""

    def __init__(self, server):
        self.server = server
        admin = admin_client(server, admin_email(server))
        _, self.author = listed_specialist(server, admin, hours=False, free=False)
        _, self.prolific = listed_specialist(server, admin, hours=False, free=False)
        unlisted_client, _ = signed_in(server)
        self.unlisted = fill_wizard(unlisted_client, free=False)
        a = self.author["slug"]
        self.newest = insert_article(server, a, "Boundaries & <walls>", topics=["boundaries", "attachment"],
                                     days_ago=1, revised_days_ago=0,
                                     body='<h2 id="why">Why</h2><p>A <a href="/articles">link</a> &amp; more.</p>')
        self.older = insert_article(server, a, "Starting therapy", topics=["starting-therapy"], days_ago=3)
        self.draft = insert_article(server, a, "A draft", status="draft", topics=["boundaries"], days_ago=2)
        self.hidden = insert_article(server, a, "Taken down", hidden=True, topics=["boundaries"], days_ago=2)
        self.by_unlisted = insert_article(server, self.unlisted["slug"], "By an unlisted author", days_ago=2)
        self.many = [insert_article(server, self.prolific["slug"], f"Note {i}", topics=["attachment"],
                                    days_ago=10 + i) for i in range(22)]


def launch(engine: str, **env):
    return _launch(engine, {"HEARTH_BASE_URL": BASE + "/", **env})


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = launch(request.param)
    try:
        yield Site(srv)
    finally:
        srv.cleanup()


@pytest.fixture(scope="module", params=ENGINES)
def split_site(request):
    """Three URLs per sitemap file: /sitemap.xml is an index."""
    srv = launch(request.param, HEARTH_SITEMAP_URLS_PER_FILE="3")
    try:
        yield Site(srv)
    finally:
        srv.cleanup()


def get(site, path: str, **kw):
    return site.server.client().get(path, **kw)


def parsed_feed(site, path: str):
    res = get(site, path)
    assert res.status == 200, res
    assert res.headers.get("Content-Type") == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(res.body)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entry_slugs(feed) -> list[str]:
    return [e.link.rsplit("/", 1)[1] for e in feed.entries]


# --- feeds ---------------------------------------------------------------

def test_site_feed_lists_public_articles_with_every_atom_field(site):
    feed = parsed_feed(site, "/feed.xml")
    slugs = entry_slugs(feed)
    assert slugs[0] == site.newest and site.older in slugs and site.by_unlisted in slugs
    for never in (site.draft, site.hidden):
        assert never not in slugs
    assert len(feed.entries) == 20  # the latest 20 of 25 public articles
    assert feed.feed.id == BASE + "/feed.xml"
    assert any(l.rel == "self" and l.href == BASE + "/feed.xml" for l in feed.feed.links)
    assert feed.feed.updated_parsed is not None

    e = feed.entries[0]
    assert e.id == f"{BASE}/articles/{site.newest}"
    assert e.link == f"{BASE}/articles/{site.newest}"
    assert e.title == "Boundaries & <walls>"
    assert e.published_parsed is not None and e.updated_parsed is not None
    assert time.mktime(e.updated_parsed) > time.mktime(e.published_parsed)  # revised after publication
    assert feed.feed.updated == e.updated  # the feed's updated is its newest entry's
    assert e.author_detail.name == site.author["full_name"]
    assert e.author_detail.href == f"{BASE}/specialists/{site.author['slug']}"
    assert sorted(t.term for t in e.tags) == ["attachment", "boundaries"]
    assert {t.label for t in e.tags} == {"Attachment", "Boundaries"}
    assert e.summary == "Summary of Boundaries & <walls>"
    assert e.content[0].type == "text/html"
    assert "link</a> &amp; more." in e.content[0].value
    # Relative links resolve against the article's own page (xml:base).
    assert f'href="{BASE}/articles"' in e.content[0].value

    # Dates are newest first; ids are unique.
    published = [time.mktime(x.published_parsed) for x in feed.entries]
    assert published == sorted(published, reverse=True)
    assert len({x.id for x in feed.entries}) == len(feed.entries)


def test_unlisted_author_has_no_profile_link(site):
    feed = parsed_feed(site, "/feed.xml")
    (e,) = [x for x in feed.entries if x.link.endswith(site.by_unlisted)]
    assert e.author_detail.name == site.unlisted["full_name"]
    assert "href" not in e.author_detail


def test_feed_is_cacheable_and_revalidates(site):
    res = get(site, "/feed.xml")
    assert res.headers.get("Cache-Control") == "public, max-age=300"
    etag = res.headers.get("ETag")
    assert etag and etag.startswith('"')
    assert res.headers.get("Last-Modified", "").endswith(" GMT")
    assert not res.set_cookies  # a shared cache must not keep anyone's cookie
    again = get(site, "/feed.xml", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.headers.get("ETag") == etag
    other = get(site, "/feed.xml", headers={"If-None-Match": '"something-else"'})
    assert other.status == 200


def test_topic_feed_holds_only_that_topic(site):
    feed = parsed_feed(site, "/topics/boundaries/feed.xml")
    assert entry_slugs(feed) == [site.newest]  # not the draft nor the taken-down one
    assert feed.feed.id == BASE + "/topics/boundaries/feed.xml"
    assert "Boundaries" in feed.feed.title
    empty = parsed_feed(site, "/topics/free-consultations/feed.xml")
    assert empty.entries == []


@pytest.mark.parametrize("path", ["/topics/no-such-topic/feed.xml", "/topics/anxiety/feed.xml"])
def test_unknown_topic_is_404(site, path):
    # "anxiety" is a specialty, not a topic.
    assert get(site, path).status == 404


def test_specialist_feed_holds_only_their_articles(site):
    feed = parsed_feed(site, f"/specialists/{site.author['slug']}/feed.xml")
    assert entry_slugs(feed) == [site.newest, site.older]
    assert site.author["full_name"] in feed.feed.title
    many = parsed_feed(site, f"/specialists/{site.prolific['slug']}/feed.xml")
    assert entry_slugs(many) == site.many[:20]


def test_feed_of_unlisted_or_unknown_specialist_is_404(site):
    assert get(site, f"/specialists/{site.unlisted['slug']}/feed.xml").status == 404
    assert get(site, "/specialists/nobody-at-all/feed.xml").status == 404


def test_taking_an_article_down_removes_it_from_feeds(site):
    slug = insert_article(site.server, site.author["slug"], "Soon gone", topics=["trust-and-repair"], days_ago=0)
    assert slug in entry_slugs(parsed_feed(site, "/topics/trust-and-repair/feed.xml"))
    db_rows(site.server, f"UPDATE articles SET hidden_at = {NOW} WHERE slug = '{slug}'")
    assert slug not in entry_slugs(parsed_feed(site, "/topics/trust-and-repair/feed.xml"))
    assert slug not in entry_slugs(parsed_feed(site, "/feed.xml"))


# --- sitemap -------------------------------------------------------------

def xmllint_valid(body: bytes, schema: str) -> None:
    xsd = FIXTURES / schema
    if not xsd.exists():
        pytest.skip(f"{xsd} is missing")
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint is not installed (libxml2-utils, scripts/install-deps.sh --test)")
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(body)
        f.flush()
        r = subprocess.run(["xmllint", "--noout", "--schema", str(xsd), f.name], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def locs(body: bytes) -> list[str]:
    return [el.text for el in ET.fromstring(body).iter(SM + "loc")]


def expected_public_urls(site) -> set[str]:
    pages = {"/", "/specialists", "/free-consultation", "/help", "/contact", "/privacy"}
    profiles = {f"/specialists/{p['slug']}" for p in (site.author, site.prolific)}
    articles = {f"/articles/{s}" for s in [site.newest, site.older, site.by_unlisted, *site.many]}
    return {BASE + p for p in pages | profiles | articles}


def test_sitemap_lists_public_pages_and_validates(site):
    res = get(site, "/sitemap.xml")
    assert res.status == 200, res
    assert res.headers.get("Content-Type") == "application/xml; charset=utf-8"
    assert res.headers.get("Cache-Control") == "public, max-age=300"
    xmllint_valid(res.body, "sitemap.xsd")
    root = ET.fromstring(res.body)
    assert root.tag == SM + "urlset"
    found = set(locs(res.body))
    assert expected_public_urls(site) <= found
    for never in (site.draft, site.hidden):
        assert f"{BASE}/articles/{never}" not in found
    assert f"{BASE}/specialists/{site.unlisted['slug']}" not in found
    # Articles carry their last revision as <lastmod>; the static pages none.
    by_loc = {u.find(SM + "loc").text: u.find(SM + "lastmod") for u in root.iter(SM + "url")}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", by_loc[f"{BASE}/articles/{site.newest}"].text)
    assert by_loc[BASE + "/help"] is None
    etag = res.headers.get("ETag")
    assert get(site, "/sitemap.xml", headers={"If-None-Match": etag}).status == 304


def test_sitemap_becomes_an_index_past_the_limit(split_site):
    site = split_site
    res = get(site, "/sitemap.xml")
    assert res.status == 200, res
    xmllint_valid(res.body, "siteindex.xsd")
    assert ET.fromstring(res.body).tag == SM + "sitemapindex"
    files = locs(res.body)
    assert files[0] == BASE + "/sitemaps/pages-1.xml"
    assert all(re.fullmatch(re.escape(BASE) + r"/sitemaps/(pages|specialists|articles)-[1-9]\d*\.xml", f) for f in files)
    found: list[str] = []
    for f in files:
        part = get(site, f[len(BASE):])
        assert part.status == 200, (f, part)
        xmllint_valid(part.body, "sitemap.xsd")
        urls = locs(part.body)
        assert 1 <= len(urls) <= 3
        found += urls
    assert len(found) == len(set(found))
    # /articles and /questions are listed once their pages have routes.
    assert set(found) - {BASE + "/articles", BASE + "/questions"} == expected_public_urls(site)
    # 25 public articles in slices of 3: nine files.
    assert sum(1 for f in files if "/articles-" in f) == 9


@pytest.mark.parametrize("name", ["articles-10.xml", "articles-0.xml", "articles-01.xml", "nothing-1.xml",
                                  "articles.xml", "articles-1.txt", "-1.xml", "articles-x.xml",
                                  "articles-99999999999999999999999.xml"])
def test_unknown_sitemap_file_is_404(split_site, name):
    assert get(split_site, f"/sitemaps/{name}").status == 404


def test_robots_txt(site):
    res = get(site, "/robots.txt")
    assert res.status == 200
    assert res.headers.get("Content-Type") == "text/plain; charset=utf-8"
    lines = res.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for private in ("/account", "/messages", "/admin", "/consultations", "/api/", "/login", "/signup"):
        assert f"Disallow: {private}" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert not res.set_cookies
