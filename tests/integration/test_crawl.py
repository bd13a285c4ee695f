"""No link in Hearth leads to a 404, an error or a "coming soon" page.

Starting from /, the crawler follows every same-origin link of every page
it reaches, breadth-first: <a href>, <link href>, <img src>, <script src>,
the og:image of a page, and GET forms submitted as they stand (their
default values). It walks as four people: a visitor, a member with a
booking, a verified and listed specialist with free-consultation hours and
that booking, and an admin. Redirects are followed like links. It fails
listing every 4xx/5xx answer (and every "coming soon" page) with the page
that linked to it.

Links that would log out or otherwise change state are not followed. GET
must never change state, so the only such links are the ones named in
SKIP; a GET link found to change state is a bug, not something to add there.
"""
from __future__ import annotations

import collections
import re
import urllib.parse
from html.parser import HTMLParser

import pytest

from conftest import ENGINES, _launch
from consultation_helpers import ADMIN_PASSWORD, book, member, open_slots, profile_body, specialist
from hearth_client import GOOD_PASSWORD, Client

MAX_PAGES_PER_PERSON = 400
MAX_QUERIES_PER_PATH = 3   # query-string variants of one path (paging, filters, return_to) worth a visit
# Paths never requested: they would end the session (only POST /logout
# does today, so nothing should match), or spend a one-time token (GET
# /verify-email confirms the address; its links come only in e-mails).
SKIP = re.compile(r"/(logout|log-out|sign-out)(/|$)|^/verify-email")
# What a placeholder for a feature that does not work yet says.
PLACEHOLDER = re.compile(r"coming soon|still (building|being built)|(opens?|appears?) here soon", re.I)


class PageLinks(HTMLParser):
    """The links of one HTML page, and its GET forms as they would be submitted unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])
        elif tag in ("img", "script") and a.get("src"):
            self.links.append(a["src"])
        elif tag == "meta" and a.get("property") == "og:image" and a.get("content"):
            self.links.append(a["content"])
        elif tag == "form":
            get = (a.get("method") or "get").lower() == "get"
            self._form = {"action": a.get("action") or "", "fields": [], "get": get}
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "password", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    # HTML: "on" only when the value attribute is absent; value="" sends "".
                    value = a.get("value")
                    self._form["fields"].append((a["name"], "on" if value is None else value))
            else:
                self._form["fields"].append((a["name"], a.get("value") or ""))
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._form["fields"].append((a["name"], ""))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": None}
        elif self._select is not None and tag == "option":
            value = a.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            value = s["chosen"] if s["chosen"] is not None else s["first"]
            if value is not None:
                self._form["fields"].append((s["name"], value))
            self._select = None
        elif tag == "form" and self._form is not None:
            if self._form["get"]:
                query = urllib.parse.urlencode(self._form["fields"])
                self.links.append(self._form["action"].split("?")[0] + ("?" + query if query else ""))
            self._form = None


class Crawl:
    def __init__(self, server, client: Client, who: str, origins: set[str]):
        self.server = server
        self.client = client
        self.who = who
        self.origins = origins
        self.failures: list[str] = []
        self.pages = 0

    def local(self, url: str, base: str) -> str | None:
        """`url` as a path and query on this server, or None when it leaves it."""
        absolute = urllib.parse.urljoin(base, url.strip())
        parts = urllib.parse.urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc not in self.origins:
            return None
        return (parts.path or "/") + ("?" + parts.query if parts.query else "")

    def run(self, start: str = "/") -> None:
        queue = collections.deque([(start, "(start)")])
        seen: set[str] = {start}
        queries: dict[str, set[str]] = collections.defaultdict(set)
        while queue and self.pages < MAX_PAGES_PER_PERSON:
            target, referrer = queue.popleft()
            self.pages += 1
            res = self.client.get(target)
            if res.status >= 400:
                self.failures.append(f"{self.who}: {res.status} {target}  (linked from {referrer})")
                continue
            base = self.server.url + target
            if 300 <= res.status < 400:
                found = [res.location] if res.location else []
            elif "text/html" in (res.headers.get("Content-Type") or ""):
                if placeholder := PLACEHOLDER.search(res.text):
                    self.failures.append(f"{self.who}: '{placeholder.group(0)}' at {target}  (linked from {referrer})")
                parser = PageLinks()
                parser.feed(res.text)
                found = parser.links
            else:
                continue
            for link in found:
                path = self.local(link, base)
                if path is None or path in seen or SKIP.search(path):
                    continue
                bare, _, query = path.partition("?")
                if query not in queries[bare] and len(queries[bare]) >= MAX_QUERIES_PER_PATH:
                    continue
                queries[bare].add(query)
                seen.add(path)
                queue.append((path, target))


def cookie_client(server, email: str, password: str) -> Client:
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": email, "password": password})
    assert res.status == 200, res
    return c


@pytest.fixture(scope="module", params=ENGINES)
def hearth(request):
    """A server with what every kind of page needs: the operators' address,
    a listed specialist with hours, a booking and a cancelled one, one
    without a free consultation or contact details (the /contact fallback),
    one with contact details, an unlisted draft and one awaiting verification."""
    srv = _launch(request.param, {"HEARTH_CONTACT_EMAIL": "care@hearth.example"})
    host = specialist(srv)
    quiet = specialist(srv, offers=False)
    reachable = specialist(srv, offers=False)
    res = reachable.put("/api/v1/me/profile", dict(profile_body(reachable.name, offers=False),
                                                   website="https://www.example.org/practice",
                                                   phone="+44 20 7946 0018", contact_email="hello@example.org"))
    assert res.status == 200, res
    draft = specialist(srv, listed=False)
    waiting = specialist(srv, listed=False)
    assert waiting.post("/api/v1/me/profile/publish").status == 200  # in the admin's queue
    client = member(srv)
    slots = open_slots(srv, host.slug, days=3)
    cancelled = book(client, host.slug, slots[4]["start"], idempotency_key="crawl-booking-1")
    assert cancelled.status == 201, cancelled
    res = client.post(f"/api/v1/consultations/{cancelled.json()['consultation']['id']}/cancel", {"reason": ""})
    assert res.status == 200, res
    assert book(client, host.slug, slots[2]["start"], note="A first hello.",
                idempotency_key="crawl-booking-2").status == 201
    srv.people = {"host": host, "quiet": quiet, "draft": draft, "member": client}
    yield srv
    srv.cleanup()


def origins_of(server) -> set[str]:
    """This server's origin, and the one its pages name in absolute URLs
    (canonical, og:image): the configured base URL, read from the home page."""
    own = urllib.parse.urlsplit(server.url).netloc
    home = Client(server.url).get("/").text
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', home).group(1)
    return {own, urllib.parse.urlsplit(canonical).netloc}


def test_no_link_leads_to_an_error_for_anyone(hearth):
    people = hearth.people
    admin_mail = hearth._consultation_admin
    walkers = {
        "visitor": Client(hearth.url),
        "member": cookie_client(hearth, people["member"].email, GOOD_PASSWORD),
        "specialist": cookie_client(hearth, people["host"].email, GOOD_PASSWORD),
        "admin": cookie_client(hearth, admin_mail, ADMIN_PASSWORD),
    }
    origins = origins_of(hearth)
    failures, visited = [], {}
    for who, client in walkers.items():
        crawl = Crawl(hearth, client, who, origins)
        crawl.run()
        failures += crawl.failures
        visited[who] = crawl.pages
    assert not failures, "Links that lead nowhere:\n" + "\n".join(failures)
    # The walk reached the pages each person can: a sanity check that links were found at all.
    assert all(n >= 10 for n in visited.values()), visited


def test_the_crawler_sees_a_dead_link(hearth):
    """The crawler itself: a page whose link is a 404 is reported with the page that linked it."""
    crawl = Crawl(hearth, Client(hearth.url), "visitor", origins_of(hearth))
    page = PageLinks()
    page.feed('<a href="/no-such-page">x</a><form action="/specialists"><input name="q" value="a b">'
              '<select name="sort"><option value="relevance">R</option><option value="fee" selected>F</option>'
              '</select><input type="checkbox" name="free_consultation" value="1"></form>'
              '<form method="post" action="/logout"></form>')
    assert page.links == ["/no-such-page", "/specialists?q=a+b&sort=fee"]
    assert crawl.local("https://evil.example/x", hearth.url + "/") is None
    assert crawl.local("mailto:care@hearth.example", hearth.url + "/") is None
    assert crawl.local("#top", hearth.url + "/help") == "/help"
    crawl.run(start="/no-such-page")
    assert crawl.failures == ["visitor: 404 /no-such-page  (linked from (start))"]
