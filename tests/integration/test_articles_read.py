"""Reading articles: the list (/articles and GET /api/v1/articles: order,
topic and author filters, paging), the article page (404 for drafts,
hidden and missing alike; content notes, key points, contents, references,
author box, related articles, share links, metadata and JSON-LD, no asset
from elsewhere; ETag / Last-Modified and 304), a profile's "Articles by",
and the site-wide search (/search, GET /api/v1/search) with bad input.
Both engines."""
from __future__ import annotations

import html
import json
import re
import time
import urllib.parse

import pytest

from article_helpers import add_article, change_article, publish_through_api, sql
from hearth_client import Client
from specialist_helpers import admin_client, admin_email, listed_specialist, signed_in, unique_name

BODY_3 = ('<h2 id="first">First</h2><p>Learning to name what happened.</p>'
          '<h2 id="second">Second</h2><p>Boundaries are a way of caring.</p>'
          '<h3 id="third">Third</h3><p>Repair takes time.</p>')
TOC_3 = [{"level": 2, "id": "first", "text": "First"}, {"level": 2, "id": "second", "text": "Second"},
         {"level": 3, "id": "third", "text": "Third"}]


@pytest.fixture(scope="module")
def admin(server):
    return admin_client(server, admin_email(server))


@pytest.fixture
def author(server, admin):
    """A freshly listed specialist (their own articles keep tests apart on the shared server)."""
    c, profile = listed_specialist(server, admin, name=unique_name("Priya"))
    return c, profile


def api_list(server, **params):
    res = Client(server.url).get("/api/v1/articles?" + urllib.parse.urlencode(params))
    assert res.status == 200, res
    return res.json()


def eventually(fetch, ok, seconds: float = 5.0):
    """The first answer of `fetch()` that `ok` accepts, asking again for up
    to `seconds`: a change written straight into the database reaches a
    PostgreSQL node's memory by notification (content_version::Watch),
    milliseconds later, as another node's write would."""
    deadline = time.monotonic() + seconds
    while True:
        res = fetch()
        if ok(res) or time.monotonic() > deadline:
            return res
        time.sleep(0.05)


def json_ld(page: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert m, "no JSON-LD"
    return json.loads(m.group(1))


# ---- the list ----------------------------------------------------------------

def test_list_is_newest_first_with_topic_and_author_filters_and_paging(server, author):
    _, profile = author
    slug = profile["slug"]
    old = add_article(server, slug, "Old article", days_ago=30, topics=["boundaries"])
    new = add_article(server, slug, "New article", days_ago=1, topics=["attachment", "boundaries"])
    mid = add_article(server, slug, "Middle article", days_ago=10, topics=["attachment"])
    add_article(server, slug, "Draft article", status="draft", topics=["boundaries"])
    add_article(server, slug, "Hidden article", hidden=True, topics=["boundaries"])

    body = api_list(server, author=slug)
    assert [i["slug"] for i in body["items"]] == [new["slug"], mid["slug"], old["slug"]]
    assert body["total"] == 3 and body["page"] == 1 and body["per_page"] == 20
    item = body["items"][0]
    assert item["title"] == "New article" and item["url"] == f"/articles/{new['slug']}"
    assert item["author"] == {"name": profile["full_name"], "slug": slug}
    assert item["topics"] == ["boundaries", "attachment"]  # vocabulary order
    assert item["reading_minutes"] == 5 and item["revised_at"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["published_at"])
    assert "snippet_html" not in item

    assert [i["slug"] for i in api_list(server, author=slug, topic="boundaries")["items"]] == [new["slug"], old["slug"]]
    second = api_list(server, author=slug, per_page=2, page=2)
    assert [i["slug"] for i in second["items"]] == [old["slug"]] and second["total"] == 3

    page = Client(server.url).get(f"/articles?author={slug}")
    assert page.status == 200
    text = page.text
    assert text.index("New article") < text.index("Middle article") < text.index("Old article")
    assert "Draft article" not in text and "Hidden article" not in text
    assert f"Articles by {html.escape(profile['full_name'])}" in text
    # The topic select works without JavaScript and the chips are links.
    assert '<select id="articles-topic" name="topic">' in text
    assert 'href="/articles?topic=boundaries"' in text

    assert "Result pages" not in text  # one page: no pager
    paged = Client(server.url).get(f"/articles?author={slug}&per_page=2").text
    assert f'href="/articles?author={slug}&amp;per_page=2&amp;page=2" rel="next"' in paged
    last = Client(server.url).get(f"/articles?author={slug}&per_page=2&page=2").text
    assert "Old article" in last and "New article" not in last and 'rel="prev"' in last

    on_topic = Client(server.url).get(f"/articles?author={slug}&topic=attachment").text
    assert "Middle article" in on_topic and "Old article" not in on_topic
    assert '<option value="attachment" selected>' in on_topic


def test_list_bad_input_is_422_naming_the_field(server):
    c = Client(server.url)
    for query, field in [("topic=not-a-topic", "topic"), ("per_page=101", "per_page"), ("page=0", "page"),
                         ("q=" + "x" * 201, "q")]:
        res = c.get("/api/v1/articles?" + query)
        assert res.status == 422, (query, res)
        assert res.error()["field"] == field
    assert c.get("/articles?topic=not-a-topic").status == 422


def test_an_empty_topic_says_so_calmly(server, author):
    _, profile = author
    page = Client(server.url).get(f"/articles?author={profile['slug']}&topic=free-consultations")
    assert page.status == 200
    assert "No articles on this topic yet." in page.text


# ---- the article page ---------------------------------------------------------

def test_drafts_hidden_and_missing_articles_are_the_same_404(server, author):
    _, profile = author
    draft = add_article(server, profile["slug"], "Unpublished thoughts", status="draft")
    hidden = add_article(server, profile["slug"], "Taken down", hidden=True)
    c = Client(server.url)
    for slug in (draft["slug"], hidden["slug"], "no-such-article"):
        res = c.get(f"/articles/{slug}")
        assert res.status == 404, slug
    # The author sees the same on the public page (their editor shows drafts).
    author_client, _ = author
    assert author_client.get(f"/articles/{draft['slug']}").status == 404


def test_article_page_shows_notes_points_contents_references_author_and_share_links(server, author):
    _, profile = author
    a = add_article(server, profile["slug"], "Healing </script><script>alert(1)</script> & trust",
                    summary="What repair can look like.", body_html=BODY_3, toc=TOC_3,
                    topics=["trust-and-repair", "boundaries"], key_points=["Go slowly", "Name it"],
                    content_notes=["domestic-violence", "loss"], adapted_from="a talk at Hearth Day 2025",
                    references=[{"authors": "Herman, J.", "year": "1992", "title": "Trauma and Recovery",
                                 "publisher": "Basic Books", "url": "https://example.org/herman",
                                 "note": "The classic account."}],
                    revised_days_ago=0.5, word_count=1300)
    res = Client(server.url).get(f"/articles/{a['slug']}")
    assert res.status == 200
    page = res.text
    main = page[page.index('<main'):page.index('</main>')]

    # Content notes come first, calmly, with a way to help.
    notes = main.index("This article talks about:")
    assert "domestic violence, loss and grief." in main
    assert notes < main.index('<div class="article__body')
    assert 'href="/help"' in main and "You can stop reading at any time" in main
    assert "<script>alert(1)" not in page  # escaped everywhere
    assert "7 min read" in main and "Updated on" in main
    assert "Go slowly" in main and "Key points" in main
    assert '<nav class="toc"' in main and 'href="#third"' in main
    assert BODY_3 in main
    assert "Adapted from a talk at Hearth Day 2025." in main
    assert '<a href="https://example.org/herman" rel="nofollow ugc">' in main
    assert "Herman, J. (1992). <cite>Trauma and Recovery</cite>. Basic Books." in main
    assert "The classic account." in main
    # The author box links to the profile.
    assert 'class="author-box"' in main and f'href="/specialists/{profile["slug"]}"' in main
    assert "Licence verified" in main

    # Share links: plain, encoded, no script of theirs.
    base = re.search(r'<link rel="canonical" href="(https?://[^/"]+)/articles/', page).group(1)
    url = f"{base}/articles/{a['slug']}"
    links = re.findall(r'<li><a href="([^"]+)" rel="noopener noreferrer">([^<]+)</a></li>', main)
    by_name = {name: html.unescape(href) for href, name in links}
    assert set(by_name) == {"E-mail", "WhatsApp", "Facebook", "X", "LinkedIn", "Reddit"}
    enc_url = urllib.parse.quote(url, safe="/")
    assert by_name["Facebook"] == "https://www.facebook.com/sharer/sharer.php?u=" + enc_url
    assert by_name["X"].startswith("https://x.com/intent/post?url=" + enc_url + "&text=Healing%20%3C/script%3E%3Cscript%3E")
    assert by_name["LinkedIn"] == "https://www.linkedin.com/sharing/share-offsite/?url=" + enc_url
    assert by_name["Reddit"].startswith("https://www.reddit.com/submit?url=" + enc_url + "&title=")
    assert by_name["WhatsApp"].startswith("https://wa.me/?text=Healing")
    assert by_name["E-mail"].startswith("mailto:?subject=Healing")
    for href in by_name.values():
        assert " " not in href and "<" not in href
    assert 'data-share-copy' in main and re.search(r'<div class="share__device"[^>]* hidden>', main)

    # Nothing is loaded from elsewhere: scripts, styles, images, fonts.
    for tag, attr in (("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src")):
        for value in re.findall(rf'<{tag}\b[^>]*\b{attr}="([^"]+)"', page):
            if tag == "link" and value.startswith(base + "/"):
                continue  # the canonical URL
            assert value.startswith("/"), (tag, value)
    csp = res.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp

    # Metadata.
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta name="description" content="What repair can look like.">' in page
    # Feed links once the feeds are served (never a link to a feed that is not there).
    feeds = [
        '<link rel="alternate" type="application/atom+xml" title="Hearth articles" href="/feed.xml">',
        '<link rel="alternate" type="application/atom+xml" title="Hearth articles on Trust and repair" '
        'href="/topics/trust-and-repair/feed.xml">',
        f'href="/specialists/{profile["slug"]}/feed.xml"',
    ]
    if Client(server.url).get("/feed.xml").status == 200:
        assert all(f in page for f in feeds)
    else:
        assert 'type="application/atom+xml"' not in page
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</" not in raw and "\\u003c/script" in raw
    ld = json_ld(page)
    assert ld["@type"] == "Article" and ld["headline"] == a["title"]
    assert ld["description"] == "What repair can look like."
    assert ld["author"] == {"@type": "Person", "name": profile["full_name"],
                            "url": f"{base}/specialists/{profile['slug']}"}
    assert ld["publisher"]["@type"] == "Organization" and ld["inLanguage"] == "en"
    assert ld["mainEntityOfPage"]["@id"] == url
    assert ld["keywords"] == ["Boundaries", "Trust and repair"]
    assert ld["datePublished"] < ld["dateModified"]


def test_contents_only_with_three_headings_and_no_notes_box_without_notes(server, author):
    _, profile = author
    a = add_article(server, profile["slug"], "Short piece", toc=TOC_3[:2],
                    body_html='<h2 id="first">First</h2><p>x</p><h2 id="second">Second</h2><p>y</p>')
    main = Client(server.url).get(f"/articles/{a['slug']}").text
    assert '<nav class="toc"' not in main
    assert "This article talks about" not in main and "Key points" not in main and "Updated on" not in main


def test_related_articles_share_a_topic_and_never_show_drafts_hidden_or_itself(server, author, admin):
    _, profile = author
    _, other = listed_specialist(server, admin, name=unique_name("Jonas"))
    a = add_article(server, profile["slug"], "Anchor article", topics=["breaking-the-cycle"])
    b = add_article(server, other["slug"], "Sibling article", topics=["breaking-the-cycle"])
    add_article(server, other["slug"], "Draft sibling", topics=["breaking-the-cycle"], status="draft")
    add_article(server, other["slug"], "Hidden sibling", topics=["breaking-the-cycle"], hidden=True)
    page = Client(server.url).get(f"/articles/{a['slug']}").text
    related = page[page.index('id="related-title"'):]
    assert f'href="/articles/{b["slug"]}"' in related
    assert "Draft sibling" not in page and "Hidden sibling" not in page
    assert f'href="/articles/{a["slug"]}"' not in related


def test_edit_link_for_the_author_only_and_the_report_form_for_other_signed_in_readers(server, author):
    author_client, profile = author
    a = add_article(server, profile["slug"], "Mine to edit")
    own = author_client.get(f"/articles/{a['slug']}").text
    assert f'href="/articles/{a["slug"]}/edit"' in own
    assert 'name="target_type" value="article"' not in own  # nobody reports what they wrote
    member, _ = signed_in(server, role="member")
    page = member.get(f"/articles/{a['slug']}").text
    assert "/edit" not in page
    assert 'name="target_type" value="article"' in page
    assert f'name="target_id" value="{a["id"]}"' in page
    visitor = Client(server.url).get(f"/articles/{a['slug']}").text
    assert "/edit" not in visitor and 'name="target_type"' not in visitor
    # Reported: the form sends it to the queue, and the page says thank you.
    res = member.post("/reports", form={"_csrf": member.csrf_from(f"/articles/{a['slug']}"), "target_type": "article",
                                        "target_id": str(a["id"]), "reason": "spam",
                                        "return_to": f"/articles/{a['slug']}"})
    assert res.status == 303, res
    thanked = member.get(res.location)
    assert thanked.status == 200 and "Thank you for telling us" in thanked.text


# ---- conditional GET ----------------------------------------------------------

def test_etag_and_last_modified_answer_304_and_change_with_the_article(server, author):
    _, profile = author
    a = add_article(server, profile["slug"], "Cached article")
    c = Client(server.url)
    first = c.get(f"/articles/{a['slug']}")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith(" GMT")
    assert "private" in first.headers["Cache-Control"]
    assert "Cookie" in first.headers["Vary"]

    again = c.get(f"/articles/{a['slug']}", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["ETag"] == etag
    assert c.get(f"/articles/{a['slug']}", headers={"If-None-Match": f'"x", W/{etag}'}).status == 304
    assert c.get(f"/articles/{a['slug']}", headers={"If-Modified-Since": modified}).status == 304
    assert c.get(f"/articles/{a['slug']}", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
    assert c.get(f"/articles/{a['slug']}", headers={"If-None-Match": '"other"',
                                                    "If-Modified-Since": modified}).status == 200

    change_article(server, a["id"], title="Cached article, revised")
    changed = eventually(lambda: c.get(f"/articles/{a['slug']}", headers={"If-None-Match": etag}),
                         lambda r: r.status == 200)
    assert changed.status == 200 and "Cached article, revised" in changed.text
    assert changed.headers["ETag"] != etag

    # A signed-in reader's page (their name, their CSRF token) has its own tag.
    member, _ = signed_in(server, role="member")
    mine = member.get(f"/articles/{a['slug']}")
    assert mine.headers["ETag"] != changed.headers["ETag"]
    assert "no-store" in mine.headers["Cache-Control"]
    assert member.get(f"/articles/{a['slug']}", headers={"If-None-Match": changed.headers["ETag"]}).status == 200
    other, _ = signed_in(server, role="member")
    assert other.get(f"/articles/{a['slug']}", headers={"If-None-Match": mine.headers["ETag"]}).status == 200

    # Taken down: the old tag no longer answers 304, it is a 404.
    change_article(server, a["id"], hidden_at=1)
    assert eventually(lambda: c.get(f"/articles/{a['slug']}", headers={"If-None-Match": changed.headers["ETag"]}),
                      lambda r: r.status == 404).status == 404


def test_visitors_share_one_rendering_and_never_get_a_signed_in_page(server, author):
    _, profile = author
    a = add_article(server, profile["slug"], "Kept for visitors")
    member, _ = signed_in(server, role="member")
    signed = member.get(f"/articles/{a['slug']}").text  # rendered first, for someone signed in
    assert "Log out" in signed
    first = Client(server.url).get(f"/articles/{a['slug']}")
    second = Client(server.url).get(f"/articles/{a['slug']}")
    assert first.status == second.status == 200 and first.body == second.body
    assert "Log out" not in first.text and 'name="_csrf"' not in first.text
    assert 'name="target_type"' not in first.text
    # A query string reaches the layout's log-in link: never the kept copy.
    queried = Client(server.url).get(f"/articles/{a['slug']}?from=mail").text
    assert "from%3Dmail" in queried or "from=mail" in queried
    assert member.get(f"/articles/{a['slug']}").text.count("Log out") == 1
    # A change is seen by the next visitor at once.
    change_article(server, a["id"], title="Kept for visitors, revised")
    assert "Kept for visitors, revised" in eventually(lambda: Client(server.url).get(f"/articles/{a['slug']}"),
                                                      lambda r: "revised" in r.text).text


# ---- the profile --------------------------------------------------------------

def test_profile_lists_the_authors_newest_articles(server, author):
    _, profile = author
    slugs = [add_article(server, profile["slug"], f"Profile article {i}", days_ago=10 - i)["slug"] for i in range(6)]
    add_article(server, profile["slug"], "Profile draft", status="draft")
    add_article(server, profile["slug"], "Profile hidden", hidden=True)
    page = Client(server.url).get(f"/specialists/{profile['slug']}").text
    assert f"Articles by {html.escape(profile['full_name'])}" in page
    for s in slugs[1:]:
        assert f'href="/articles/{s}"' in page
    assert f'href="/articles/{slugs[0]}"' not in page  # only the five newest
    assert "Profile draft" not in page and "Profile hidden" not in page
    assert f'href="/articles?author={profile["slug"]}"' in page


# ---- search -------------------------------------------------------------------

def test_site_search_bad_input(server):
    c = Client(server.url)
    for query, field in [("q=", "q"), ("q=%20%20", "q"), ("q=" + "x" * 10240, "q"),
                         ("q=boundaries&type=podcast", "type"), ("q=boundaries&per_page=500", "per_page")]:
        res = c.get("/api/v1/search?" + query)
        assert res.status == 422, (query[:40], res)
        assert res.error()["field"] == field
        if field == "type":
            assert "article" in res.error()["message"] and "specialist" in res.error()["message"]
    assert c.get("/search?q=" + "x" * 10240).status == 422
    empty = c.get("/search")
    assert empty.status == 200 and 'role="search"' in empty.text
    only_stop_words = c.get("/api/v1/search?q=the%20and")
    assert only_stop_words.status == 200 and only_stop_words.json()["items"] == []


def test_site_search_finds_listed_specialists_with_snippets(server, author):
    _, profile = author
    name_word = profile["full_name"].split()[-1]  # unique per test run
    body = Client(server.url).get("/api/v1/search?" + urllib.parse.urlencode({"q": name_word,
                                                                               "type": "specialist"})).json()
    assert body["total"] == 1
    hit = body["items"][0]
    assert hit["type"] == "specialist" and hit["url"] == f"/specialists/{profile['slug']}"
    assert hit["title"] == profile["full_name"]
    page = Client(server.url).get("/search?" + urllib.parse.urlencode({"q": name_word})).text
    assert f'href="/specialists/{profile["slug"]}"' in page
    assert "Specialists" in page and "Articles" in page and "Questions" in page
    questions = Client(server.url).get("/api/v1/search?" + urllib.parse.urlencode({"q": name_word,
                                                                                    "type": "question"}))
    assert questions.status == 200 and questions.json()["items"] == []


def test_search_finds_title_key_point_and_body_ranks_title_first_and_skips_drafts(server, author):
    author_client, profile = author
    word = "zq" + profile["slug"].replace("-", "")[-8:]  # a word no other article has
    in_body = publish_through_api(server, author_client, "Quiet evenings", body=f"We talk about {word} often.")
    in_title = publish_through_api(server, author_client, f"The {word} question")
    in_point = publish_through_api(server, author_client, "Small steps", key_points=[f"Notice {word} early"])
    add_article(server, profile["slug"], f"Draft {word}", status="draft")
    hidden = publish_through_api(server, author_client, f"Hidden {word}")
    change_article(server, int(sql(server, "SELECT id FROM articles WHERE slug = $1", hidden["slug"])[0][0]),
                   hidden_at=1)  # a document left in the index: the reads still filter it out

    body = api_list(server, q=word)
    slugs = [i["slug"] for i in body["items"]]
    assert set(slugs) == {in_body["slug"], in_title["slug"], in_point["slug"]}
    assert slugs[0] == in_title["slug"] and slugs[-1] == in_body["slug"]
    assert all(f"<mark>{word}</mark>" in i["snippet_html"] for i in body["items"])
    assert api_list(server, q=word, topic="boundaries")["items"] == []
    assert [i["slug"] for i in api_list(server, q=word, author=profile["slug"])["items"]] == slugs

    api = Client(server.url).get(f"/api/v1/search?q={word}&type=article").json()
    assert api["items"][0]["url"] == f"/articles/{in_title['slug']}"
    assert {i["url"] for i in api["items"]} == {f"/articles/{s}" for s in slugs}
    everything = Client(server.url).get(f"/api/v1/search?q={word}").json()
    assert {i["type"] for i in everything["items"]} == {"article"}

    page = Client(server.url).get(f"/articles?q={word}").text
    assert f"<mark>{word}</mark>" in page and "Draft " + word not in page and "Hidden " + word not in page
    search_page = Client(server.url).get(f"/search?q={word}").text
    assert f'href="/articles/{in_title["slug"]}"' in search_page and "Hidden " + word not in search_page
