"""Articles and their moderation under attack and careless use: wrong users
on every route (404 alike for missing and not-yours), wrong JSON types,
invisible and direction-overriding titles, link schemes, slugs made at once
or a hundred times over, Markdown built to take time, Markdown in every
rendered field, the moderation queue with an article (own, draft and hidden
ones cannot be reported; hide and restore through the queue), take-down
races and audit entries without article text. Both engines."""
import json
import os
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, api_sign_up, bearer
from specialist_helpers import admin_client, audit_entries, listed_specialist, signed_in, token_of
from specialist_helpers import admin_mail, admin_token  # noqa: F401  (fixtures)
from test_articles_write import api, api_email, article, create


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def author(site, admin_mail):
    c, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    return c, token_of(site, api_email(c)), profile


@pytest.fixture(scope="module")
def other_author(site, admin_mail):
    c, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    return c, token_of(site, api_email(c)), profile


@pytest.fixture(scope="module")
def member(site):
    email, _ = api_sign_up(site.url, display_name="Mia Member")
    return token_of(site, email)


def publish(site, token, slug):
    res = api(site, "POST", f"/api/v1/articles/{slug}/publish", token)
    assert res.status == 200, res
    return res.json()


def article_id(site, admin_mail, admin_token, slug) -> int:
    """The row id of a published article (reports name items by id): an
    admin's take-down records it in the audit log; restored at once."""
    res = api(site, "POST", f"/api/v1/articles/{slug}/take-down", admin_token, json={"reason": "Looking it up."})
    assert res.status == 200, res
    assert api(site, "POST", f"/api/v1/articles/{slug}/restore", admin_token).status == 200
    return int(audit_entries(site, admin_mail, "article.take_down")[0]["target_id"])


def report(site, token, target_id):
    return Client(site.url).post("/api/v1/reports", json={"target_type": "article", "target_id": target_id,
                                                          "reason": "harassment", "note": ""},
                                 headers=bearer(token))


# --- who may do what ---

ROUTES = [("GET", "", {}), ("PUT", "", {"json": {"title": "Mine now"}}), ("POST", "/publish", {}),
          ("POST", "/unpublish", {}), ("DELETE", "", {}), ("DELETE", "/cover", {})]


def test_someone_elses_draft_answers_like_a_missing_article_on_every_route(site, author, other_author, member):
    _, token, _ = author
    _, other, _ = other_author
    draft = create(site, token)
    for who in (other, member):
        for method, suffix, kw in ROUTES:
            theirs = api(site, method, f"/api/v1/articles/{draft['slug']}{suffix}", who, **kw)
            missing = api(site, method, f"/api/v1/articles/no-such-{uuid.uuid4().hex[:8]}{suffix}", who, **kw)
            assert theirs.status == missing.status == 404, (method, suffix, theirs, missing)
            assert theirs.error()["message"] == missing.error()["message"], (method, suffix)
    assert api(site, "GET", f"/articles/{draft['slug']}/cover", other).status == 404
    again = api(site, "GET", f"/api/v1/articles/{draft['slug']}", token).json()
    assert again["title"] == draft["title"] and again["version"] == draft["version"]


def test_a_hidden_article_is_404_to_everyone_but_its_author_and_admins(site, author, other_author, member,
                                                                       admin_token):
    _, token, _ = author
    _, other, _ = other_author
    a = create(site, token)
    publish(site, token, a["slug"])
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", admin_token,
               json={"reason": "Under review."}).status == 200
    for who in (None, member, other):
        for method, suffix, kw in ROUTES:
            res = api(site, method, f"/api/v1/articles/{a['slug']}{suffix}", who, **kw)
            assert res.status in (401, 404), (who, method, suffix, res)
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()["hidden_reason"] == "Under review."
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", admin_token).status == 200


def test_take_down_and_restore_of_missing_articles_and_by_non_admins(site, author, other_author, member,
                                                                     admin_token, admin_mail):
    _, token, _ = author
    assert api(site, "POST", "/api/v1/articles/no-such-article/take-down", admin_token,
               json={"reason": "x"}).status == 404
    assert api(site, "POST", "/api/v1/articles/no-such-article/restore", admin_token).status == 404
    a = create(site, token)
    publish(site, token, a["slug"])
    for who in (token, other_author[1], member):
        assert api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", who, json={"reason": "x"}).status == 403
        assert api(site, "POST", f"/api/v1/articles/{a['slug']}/restore", who).status == 403
    # Restoring what is not hidden changes nothing and records nothing.
    before = len(audit_entries(site, admin_mail, "article.restore"))
    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/restore", admin_token)
    assert res.status == 200 and res.json()["version"] == api(site, "GET", f"/api/v1/articles/{a['slug']}",
                                                               token).json()["version"]
    assert len(audit_entries(site, admin_mail, "article.restore")) == before


def test_page_forms_need_the_csrf_token(site, author):
    c, token, _ = author
    a = create(site, token)
    page = c.get(f"/articles/{a['slug']}/edit")
    assert page.status == 200
    form = [("title", "Changed without a token"), ("body", "x"), ("action", "save")]
    assert c.post("/articles/new", form=form).status == 403
    assert c.post(f"/articles/{a['slug']}/edit", form=form).status == 403
    assert c.post(f"/articles/{a['slug']}/edit", form=[("_csrf", "forged")] + form).status == 403
    assert c.post(f"/articles/{a['slug']}/cover/remove", form=[("x", "1")]).status == 403
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()["title"] == a["title"]


# --- bad input ---

@pytest.mark.parametrize("overrides, field", [
    ({"title": None}, "title"),
    ({"title": 5}, "title"),
    ({"title": {"a": 1}}, "title"),
    ({"title": ["a"]}, "title"),
    ({"body": 12}, "body"),
    ({"key_points": "one point"}, "key_points"),
    ({"key_points": [1, 2]}, "key_points"),
    ({"key_points": ["\u200b"]}, "key_points"),
    ({"topics": "attachment"}, "topics"),
    ({"topics": ["en"]}, "topics"),  # a language, not a topic
    ({"topics": ["complex-trauma"]}, "topics"),  # a specialty, not a topic
    ({"topics": [{"slug": "attachment"}]}, "topics"),
    ({"references": [None]}, "references"),
    ({"references": {"title": "x"}}, "references"),
    ({"title": "\u200b\u200b\u200b"}, "title"),
    ({"title": "\u3164\u00a0\ufeff"}, "title"),
    ({"title": "Safe \u202eetadpu"}, "title"),
    ({"title": "Safe \u2066x\u2069"}, "title"),
    ({"title": "\U0001F331" * 201}, "title"),
    ({"body": "\u00e9" * 100_001}, "body"),
    ({"references": [{"title": "\u200b"}]}, "references[0].title"),
    ({"references": [{"title": "x", "url": "JAVASCRIPT:alert(1)"}]}, "references[0].url"),
    ({"references": [{"title": "x", "url": "//evil.example/x"}]}, "references[0].url"),
    ({"references": [{"title": "x", "url": "http:/evil.example"}]}, "references[0].url"),
    ({"references": [{"title": "x", "url": "http://"}]}, "references[0].url"),
    ({"references": [{"title": "x", "url": "https://a.example/\"onmouseover=x"}]}, "references[0].url"),
    ({"references": [{"title": "x", "url": "data:text/html,hi"}]}, "references[0].url"),
    ({"references": [{"title": "x", "url": "\u200bhttps://a.example"}]}, "references[0].url"),
    ({"references": [{"title": str(i)} for i in range(5000)]}, "references"),
])
def test_wrong_types_and_tricky_text_are_refused_naming_the_field(site, author, overrides, field):
    _, token, _ = author
    before = api(site, "GET", "/api/v1/me/articles?per_page=1", token).json()["total"]
    res = api(site, "POST", "/api/v1/articles", token, json=article(**overrides))
    assert res.status == 422, (overrides, res)
    assert res.error()["field"] == field, res.error()
    assert api(site, "GET", "/api/v1/me/articles?per_page=1", token).json()["total"] == before


def test_invalid_utf8_and_bad_json_never_reach_the_service(site, author):
    _, token, _ = author
    for raw in (b'{"title": "Bad \xff\xfe bytes", "body": "x"}', b'{"title": "x", "body": '):
        res = Client(site.url).request("POST", "/api/v1/articles", headers=bearer(token), raw_body=raw,
                                       content_type="application/json")
        assert res.status in (400, 422), res


def test_whitespace_around_links_and_upper_case_schemes_are_kept_http(site, author):
    _, token, _ = author
    a = create(site, token, references=[{"title": "Ok", "url": "  HTTPS://Example.org/a  "}])
    assert a["references"][0]["url"] == "HTTPS://Example.org/a"


def test_duplicate_topics_and_notes_are_kept_once(site, author):
    _, token, _ = author
    a = create(site, token, topics=["attachment", "attachment", " attachment "],
               content_notes=["abuse", "abuse"])
    assert a["topics"] == ["attachment"] and a["content_notes"] == ["abuse"]


# --- slugs ---

def test_titles_without_letters_get_a_usable_slug(site, author):
    _, token, _ = author
    for title in ("!!! ??? ...", "\u05e9\u05dc\u05d5\u05dd", "\U0001F331\U0001F331", "Mine", "new"):
        slug = create(site, token, title=title)["slug"]
        assert slug and slug not in ("new", "mine", "feed", "topics", "search", "page"), (title, slug)
        assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug), slug
        assert api(site, "GET", f"/api/v1/articles/{slug}", token).status == 200


def test_a_hundred_articles_with_one_title_get_numbered_slugs(site, author):
    _, token, _ = author
    title = "Common title " + uuid.uuid4().hex[:6]
    slugs = [create(site, token, title=title)["slug"] for _ in range(100)]
    base = slugs[0]
    assert slugs == [base] + [f"{base}-{n}" for n in range(2, 101)]


def test_the_same_title_created_at_once_gets_distinct_slugs(site, author):
    _, token, _ = author
    title = "Raced title " + uuid.uuid4().hex[:6]
    results = []

    def go():
        results.append(api(site, "POST", "/api/v1/articles", token, json=article(title=title)))

    threads = [threading.Thread(target=go) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status == 201 for r in results), [r.status for r in results]
    slugs = {r.json()["slug"] for r in results}
    assert len(slugs) == 8, slugs


# --- Markdown and escaping ---

@pytest.mark.parametrize("body", [
    "|" * 99_000 + "\n" + "|-|\n" * 200,
    ("|" * 300 + "\n|-|\n") * 200,
    "www.a_" * 16_000,
    "[" * 99_000 + "x",
    "> " * 30_000 + "x",
    "# " + "*" * 49_000 + "a" + "*" * 49_000,
    "# " + "*a" * 24_000 + "a*" * 24_000,
])
def test_markdown_built_to_take_time_is_saved_quickly(site, author, body):
    _, token, _ = author
    start = time.monotonic()
    res = api(site, "POST", "/api/v1/articles", token, json=article(body=body))
    assert res.status == 201, res
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("body", ["[^1]" * 20_000 + "\n\n[^1]: x", ">" * 99_000 + "x"])
def test_markdown_that_renders_to_megabytes_is_refused(site, author, body):
    _, token, _ = author
    before = api(site, "GET", "/api/v1/me/articles?per_page=1", token).json()["total"]
    res = api(site, "POST", "/api/v1/articles", token, json=article(body=body))
    assert res.status == 422 and res.error()["field"] == "body", res
    a = create(site, token)
    res = api(site, "PUT", f"/api/v1/articles/{a['slug']}", token, json={"body": body})
    assert res.status == 422 and res.error()["field"] == "body", res
    assert api(site, "GET", "/api/v1/me/articles?per_page=1", token).json()["total"] == before + 1
    # The longest ordinary text is well within the limit.
    long = ("A sentence of about ten words, with *some* emphasis here. " * 1600)[:99_000]
    assert create(site, token, body=long)["word_count"] > 10_000


PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def test_every_rendered_field_is_escaped_on_the_editor_pages(site, author):
    c, token, _ = author
    a = create(site, token, title="T " + PAYLOAD, summary="S " + PAYLOAD, key_points=["K " + PAYLOAD],
               adapted_from="A " + PAYLOAD, cover_image_alt="C " + PAYLOAD,
               references=[{"title": "R " + PAYLOAD, "authors": PAYLOAD, "publisher": PAYLOAD,
                            "note": PAYLOAD, "year": "<b>1</b>", "url": "https://example.org/?q=\u00e9&x=1"}],
               body="[x](https://example.org/\"><script>alert(1)</script>)\n\n[^a]\n\n[^a]: " + PAYLOAD)
    assert a["title"] == "T " + PAYLOAD
    for path in (f"/articles/{a['slug']}/edit", "/articles/mine"):
        page = c.get(path)
        assert page.status == 200, (path, page)
        assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text, path
    assert "<script" not in a["body_html"].lower() and "<img" not in a["body_html"].lower()


def test_preview_escapes_too(site, author):
    c, token, _ = author
    form = [("_csrf", c.csrf_from("/articles/new")), ("action", "preview"), ("title", "T " + PAYLOAD),
            ("body", PAYLOAD), ("summary", PAYLOAD), ("key_points", PAYLOAD), ("adapted_from", PAYLOAD)]
    res = c.post("/articles/new", form=form)
    assert res.status in (200, 422), res
    assert "<script>alert(1)" not in res.text


# --- covers ---

def test_covers_that_are_not_images_are_refused(site, author):
    _, token, _ = author
    a = create(site, token, cover_image_alt="A calm lake")
    for body in (b"", b"GIF89a" + b"\0" * 40, b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n" + b"<script>" * 10,
                 b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"):
        res = Client(site.url).request("PUT", f"/api/v1/articles/{a['slug']}/cover", headers=bearer(token),
                                       raw_body=body, content_type="application/octet-stream")
        assert res.status in (413, 422), (body[:10], res)
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()["cover_image_url"] is None


# --- moderation queue ---

def test_reporting_an_article_own_draft_and_hidden_ones_are_404(site, author, other_author, member,
                                                               admin_mail, admin_token):
    _, token, _ = author
    a = create(site, token)
    publish(site, token, a["slug"])
    aid = article_id(site, admin_mail, admin_token, a["slug"])
    assert report(site, token, aid).status == 404  # one's own
    assert report(site, member, aid + 10_000).status == 404  # none
    draft = create(site, token)
    publish(site, token, draft["slug"])
    did = article_id(site, admin_mail, admin_token, draft["slug"])
    assert api(site, "POST", f"/api/v1/articles/{draft['slug']}/unpublish", token).status == 200
    assert report(site, member, did).status == 404  # a draft again
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", admin_token,
               json={"reason": "Hidden first."}).status == 200
    assert report(site, member, aid).status == 404  # hidden
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/restore", admin_token).status == 200
    assert report(site, member, aid).status == 201


def test_hide_through_the_queue_and_restore(site, author, member, admin_mail, admin_token):
    _, token, _ = author
    # No summary, and a body whose 2,000th character is not one byte: the
    # queue shows an excerpt that must stay valid UTF-8.
    body = "a" * 1999 + "\u00e9\U0001F331" * 50
    a = create(site, token, summary="", body=body)
    publish(site, token, a["slug"])
    aid = article_id(site, admin_mail, admin_token, a["slug"])
    rep = report(site, member, aid)
    assert rep.status == 201, rep
    res = Client(site.url).get("/api/v1/admin/reports?status=open&per_page=100", headers=bearer(admin_token))
    assert res.status == 200
    items = [i for i in json.loads(res.body.decode("utf-8"))["items"]
             if i["target_type"] == "article" and i["target_id"] == aid]
    assert len(items) == 1 and items[0]["item"]["text"] == "a" * 1999 + "\u00e9", items
    assert items[0]["can_hide"] is True
    res = Client(site.url).post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve",
                                json={"action": "hide", "reason": "Identifies a client."},
                                headers=bearer(admin_token))
    assert res.status == 200, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 404
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", member).status == 404
    own = api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()
    assert own["hidden"] is True and own["hidden_reason"] == "Identifies a client."
    res = Client(site.url).post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve",
                                json={"action": "restore"}, headers=bearer(admin_token))
    assert res.status == 200, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 200


# --- races and the audit log ---

def test_author_unpublishing_while_admins_take_down_ends_consistent(site, author, admin_token, admin_mail):
    _, token, _ = author
    a = create(site, token)
    publish(site, token, a["slug"])
    second_admin = admin_token
    results = {}

    def go(name, method, path, who, **kw):
        results[name] = api(site, method, path, who, **kw)

    threads = [threading.Thread(target=go, args=("down1", "POST", f"/api/v1/articles/{a['slug']}/take-down",
                                                 admin_token), kwargs={"json": {"reason": "First admin."}}),
               threading.Thread(target=go, args=("down2", "POST", f"/api/v1/articles/{a['slug']}/take-down",
                                                 second_admin), kwargs={"json": {"reason": "Second admin."}}),
               threading.Thread(target=go, args=("unpub", "POST", f"/api/v1/articles/{a['slug']}/unpublish",
                                                 token))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status == 200 for r in results.values()), {k: r.status for k, r in results.items()}
    final = api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()
    assert final["status"] == "draft" and final["hidden"] is True
    assert final["hidden_reason"] in ("First admin.", "Second admin.")
    assert final["version"] == a["version"] + 1 + 3
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 404
    # Versions only ever rise, and each change raises it.
    versions = []
    for path in ("restore", "take-down", "restore"):
        kw = {"json": {"reason": "Again."}} if path == "take-down" else {}
        versions.append(api(site, "POST", f"/api/v1/articles/{a['slug']}/{path}", admin_token, **kw).json()["version"])
    assert versions == sorted(set(versions)) and versions[0] > final["version"]


def test_audit_entries_carry_no_article_text(site, author, admin_mail, admin_token):
    _, token, _ = author
    secret = "Secretive phrase " + uuid.uuid4().hex
    a = create(site, token, title=secret, summary=secret, body=secret)
    publish(site, token, a["slug"])
    api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", admin_token, json={"reason": "Private."})
    api(site, "POST", f"/api/v1/articles/{a['slug']}/restore", admin_token)
    entries = audit_entries(site, admin_mail, "article.take_down") + audit_entries(site, admin_mail, "article.restore")
    assert entries and secret not in json.dumps(entries)


# --- suspended specialists, deleted drafts ---

def test_a_suspended_listing_stops_new_public_words(site, admin_mail, admin_token):
    c, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    token = token_of(site, api_email(c))
    live = create(site, token)
    publish(site, token, live["slug"])
    draft = create(site, token)
    res = Client(site.url).post(f"/api/v1/admin/specialists/{profile['slug']}/suspend",
                                json={"reason": "Licence under review."}, headers=bearer(admin_token))
    assert res.status == 200, res
    assert api(site, "POST", "/api/v1/articles", token, json=article()).status == 403
    assert api(site, "POST", f"/api/v1/articles/{draft['slug']}/publish", token).status == 403
    assert api(site, "PUT", f"/api/v1/articles/{live['slug']}", token, json={"title": "Changed"}).status == 403
    assert api(site, "GET", f"/api/v1/articles/{live['slug']}", token).json()["title"] == live["title"]
    # Withdrawing and tidying stay possible.
    assert api(site, "PUT", f"/api/v1/articles/{draft['slug']}", token, json={"title": "Draft only"}).status == 200
    assert api(site, "POST", f"/api/v1/articles/{live['slug']}/unpublish", token).status == 200
    assert api(site, "DELETE", f"/api/v1/articles/{draft['slug']}", token).status == 200
    assert "/articles/new" not in c.get("/articles/mine").text
    res = Client(site.url).post(f"/api/v1/admin/specialists/{profile['slug']}/reinstate", json={},
                                headers=bearer(admin_token))
    assert res.status == 200, res
    assert api(site, "POST", f"/api/v1/articles/{live['slug']}/publish", token).status == 200


def test_deleting_a_draft_removes_its_cover_file(site, author):
    import os
    from specialist_helpers import tiny_png
    _, token, _ = author
    a = create(site, token, cover_image_alt="A quiet room")
    res = Client(site.url).request("PUT", f"/api/v1/articles/{a['slug']}/cover?alt=A%20quiet%20room",
                                   headers=bearer(token), raw_body=tiny_png(), content_type="image/png")
    assert res.status == 200, res
    covers = os.path.join(site.data_dir, "covers")
    before = set(os.listdir(covers))
    assert api(site, "DELETE", f"/api/v1/articles/{a['slug']}", token).status == 200
    gone = before - set(os.listdir(covers))
    assert len(gone) == 1, (before, gone)


# --- the search index follows every change ---

def indexed_article_ids(site) -> set[int]:
    """The ids with a document in the "articles" search collection, read
    straight from the store (db::SearchIndex's tables, migration 0009)."""
    if site.pg:
        out = subprocess.run(["psql", site.pg.url, "-X", "-At", "-c",
                              "SELECT d.id FROM search_documents d JOIN search_collections c "
                              "ON c.id = d.collection WHERE c.name = 'articles'"],
                             check=True, capture_output=True, text=True).stdout
        return {int(line) for line in out.split()}
    db = sqlite3.connect(os.path.join(site.data_dir, "hearth.db"))
    try:
        row = db.execute("SELECT id FROM search_collections WHERE name = 'articles'").fetchone()
        if not row:
            return set()
        low = row[0] << 40
        return {r[0] - low for r in db.execute("SELECT rowid FROM search_text WHERE rowid BETWEEN ? AND ?",
                                               (low, low + (1 << 40) - 1))}
    finally:
        db.close()


def test_only_public_articles_are_in_the_search_index_after_every_change(site, author, member, admin_mail,
                                                                        admin_token):
    _, token, _ = author
    a = create(site, token)
    publish(site, token, a["slug"])
    aid = article_id(site, admin_mail, admin_token, a["slug"])
    slug = a["slug"]

    def step(method, path, who, **kw):
        res = api(site, method, f"/api/v1/articles/{slug}{path}", who, **kw)
        assert res.status == 200, (path, res)

    assert aid in indexed_article_ids(site)
    step("POST", "/unpublish", token)
    assert aid not in indexed_article_ids(site)
    step("POST", "/take-down", admin_token, json={"reason": "Hidden while a draft."})
    step("POST", "/publish", token)
    assert aid not in indexed_article_ids(site)  # published but still taken down
    step("POST", "/restore", admin_token)
    assert aid in indexed_article_ids(site)
    step("PUT", "", token, json={"title": "A new title for the index"})
    assert aid in indexed_article_ids(site)
    rep = report(site, member, aid)
    assert rep.status == 201, rep
    res = Client(site.url).post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve",
                                json={"action": "hide", "reason": "Queue hide."}, headers=bearer(admin_token))
    assert res.status == 200, res
    assert aid not in indexed_article_ids(site)
    res = Client(site.url).post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve",
                                json={"action": "restore"}, headers=bearer(admin_token))
    assert res.status == 200, res
    assert aid in indexed_article_ids(site)
    # Drafts are never indexed, before or after they are deleted.
    before = indexed_article_ids(site)
    draft = create(site, token)
    assert indexed_article_ids(site) == before
    assert api(site, "DELETE", f"/api/v1/articles/{draft['slug']}", token).status == 200
    assert indexed_article_ids(site) == before


def test_a_cover_keeps_no_camera_metadata(site, author):
    import struct
    import zlib
    from specialist_helpers import tiny_png
    _, token, _ = author

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = tiny_png()
    ihdr_end = 8 + 12 + 13
    secret = b"GPSLatitude 52.3702 Home"
    tagged = png[:ihdr_end] + chunk(b"tEXt", b"Location\0" + secret) + chunk(b"eXIf", secret) + png[ihdr_end:]
    a = create(site, token, cover_image_alt="A window")
    res = Client(site.url).request("PUT", f"/api/v1/articles/{a['slug']}/cover", headers=bearer(token),
                                   raw_body=tagged, content_type="image/png")
    assert res.status == 200, res
    got = Client(site.url).get(res.json()["cover_image_url"], headers=bearer(token))
    assert got.status == 200 and got.body.startswith(b"\x89PNG"), got
    assert secret not in got.body and got.body == png


def test_a_refused_cover_leaves_no_file_and_a_suspended_author_cannot_change_a_live_one(site, admin_mail,
                                                                                        admin_token):
    import os
    from specialist_helpers import tiny_png
    c, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    token = token_of(site, api_email(c))
    a = create(site, token, cover_image_alt="A path")
    publish(site, token, a["slug"])
    covers = os.path.join(site.data_dir, "covers")
    os.makedirs(covers, exist_ok=True)
    before = set(os.listdir(covers))
    res = Client(site.url).post(f"/api/v1/admin/specialists/{profile['slug']}/suspend",
                                json={"reason": "Licence under review."}, headers=bearer(admin_token))
    assert res.status == 200, res
    res = Client(site.url).request("PUT", f"/api/v1/articles/{a['slug']}/cover?alt=A%20path", headers=bearer(token),
                                   raw_body=tiny_png(), content_type="image/png")
    assert res.status == 403, res
    assert set(os.listdir(covers)) == before
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()["cover_image_url"] is None


def test_a_take_down_reason_is_escaped_for_the_author(site, author, admin_token):
    c, token, _ = author
    a = create(site, token)
    publish(site, token, a["slug"])
    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", admin_token, json={"reason": PAYLOAD})
    assert res.status == 200, res
    for path in (f"/articles/{a['slug']}/edit", "/articles/mine"):
        page = c.get(path)
        assert page.status == 200 and "&lt;script&gt;" in page.text, path
        assert "<script>alert(1)" not in page.text, path


def test_page_forms_by_the_wrong_people_change_nothing(site, author, other_author):
    _, token, _ = author
    other_client, _, _ = other_author
    draft = create(site, token)
    live = create(site, token)
    publish(site, token, live["slug"])
    csrf = other_client.csrf_from("/articles/mine")
    form = [("_csrf", csrf), ("action", "save"), ("title", "Taken over"), ("body", "x")]
    for slug, expected in ((draft["slug"], 404), (live["slug"], 403)):
        assert other_client.get(f"/articles/{slug}/edit").status == expected
        assert other_client.post(f"/articles/{slug}/edit", form=form).status == expected
        for action in ("publish", "unpublish", "delete"):
            res = other_client.post(f"/articles/{slug}/edit", form=[("_csrf", csrf), ("action", action)])
            assert res.status == expected, (slug, action, res)
        assert other_client.post(f"/articles/{slug}/cover/remove", form=[("_csrf", csrf)]).status == expected
        res = other_client.post(f"/articles/{slug}/take-down", form=[("_csrf", csrf), ("reason", "Mine now")])
        assert res.status == 403, res
        assert other_client.post(f"/articles/{slug}/restore", form=[("_csrf", csrf)]).status == 403
    assert api(site, "GET", f"/api/v1/articles/{draft['slug']}", token).json()["version"] == draft["version"]
    now = api(site, "GET", f"/api/v1/articles/{live['slug']}", token).json()
    assert now["title"] == live["title"] and now["status"] == "published" and now["hidden"] is False


def test_a_suspended_accounts_articles_leave_the_public_and_search_until_lifted(site, member, admin_mail,
                                                                                admin_token):
    c, _ = listed_specialist(site, admin_client(site, admin_mail), free=False)
    token = token_of(site, api_email(c))
    a = create(site, token)
    publish(site, token, a["slug"])
    aid = article_id(site, admin_mail, admin_token, a["slug"])
    assert aid in indexed_article_ids(site)
    rep = report(site, member, aid)
    assert rep.status == 201, rep
    res = Client(site.url).post(f"/api/v1/admin/reports/{rep.json()['id']}/resolve",
                                json={"action": "suspend", "reason": "Threatened a reader."},
                                headers=bearer(admin_token))
    assert res.status == 200, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 404
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", member).status == 404
    assert api(site, "GET", f"/articles/{a['slug']}/cover").status == 404
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", admin_token).status == 200
    assert aid not in indexed_article_ids(site)
    assert report(site, member, aid).status in (200, 404)
    items = [i for i in Client(site.url).get("/api/v1/admin/reports?status=actioned&per_page=100",
                                             headers=bearer(admin_token)).json()["items"]
             if i["target_type"] == "article" and i["target_id"] == aid]
    user_id = items[0]["item"]["author"]["id"]
    res = Client(site.url).request("DELETE", f"/api/v1/admin/users/{user_id}/suspension", headers=bearer(admin_token))
    assert res.status == 200, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 200
    assert aid in indexed_article_ids(site)
