"""Articles, the writing side: verified specialists write drafts, preview,
publish, unpublish and edit (the API and the editor pages); bad input is
refused naming the field with nothing saved; members, unverified
specialists and other specialists are kept out; an admin takes an article
down with a reason (audited) and restores it; Markdown that tries to inject
script comes out inert. Both engines."""
import re
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, api_sign_up, bearer, extract_csrf
from specialist_helpers import (admin_client, audit_entries, fill_wizard, listed_specialist, multipart, signed_in,
                                tiny_png, token_of)
from specialist_helpers import admin_mail, admin_token  # noqa: F401  (fixtures)


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    srv = _launch(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def author(site, admin_mail):
    """(cookie client, bearer token, profile) of a verified specialist."""
    c, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    email = api_email(c)
    return c, token_of(site, email), profile


@pytest.fixture(scope="module")
def other_author(site, admin_mail):
    c, profile = listed_specialist(site, admin_client(site, admin_mail), free=False)
    return c, token_of(site, api_email(c)), profile


def api_email(c: Client) -> str:
    res = c.get("/api/v1/me")
    assert res.status == 200, res
    return res.json()["user"]["email"]


def article(**overrides):
    body = {"title": "Staying close when your partner pulls away " + uuid.uuid4().hex[:6],
            "summary": "What withdrawal can mean, and how to stay kind to both of you.",
            "body": "## Why it happens\n\nWithdrawal is often *protection*.[^1]\n\n"
                    "See [a guide](https://example.org/guide).\n\n[^1]: Johnson, 2008.\n",
            "key_points": ["Withdrawal is often protection", "Curiosity helps more than pressure"],
            "topics": ["supporting-a-partner", "attachment"],
            "content_notes": ["abuse"],
            "references": [{"authors": "Johnson, S.", "year": "2008", "title": "Hold Me Tight",
                            "publisher": "Little, Brown", "url": "https://example.org/hold-me-tight",
                            "note": "Chapter 2"}],
            "adapted_from": "A talk given in 2024"}
    body.update(overrides)
    return body


def api(site, method, path, token=None, **kw):
    headers = bearer(token) if token else {}
    return Client(site.url).request(method, path, headers=headers, **kw)


def create(site, token, **overrides):
    res = api(site, "POST", "/api/v1/articles", token, json=article(**overrides))
    assert res.status == 201, res
    return res.json()


def mine(site, token):
    res = api(site, "GET", "/api/v1/me/articles?per_page=100", token)
    assert res.status == 200, res
    return res.json()


def test_draft_preview_publish_edit_unpublish_flow(site, author):
    _, token, profile = author
    a = create(site, token)
    assert a["status"] == "draft"
    assert re.fullmatch(r"staying-close-when-your-partner-pulls-away-[0-9a-f]{6}", a["slug"]), a["slug"]
    assert a["url"] == "/articles/" + a["slug"]
    assert a["author"] == {"name": profile["full_name"], "slug": profile["slug"]}
    assert a["published_at"] is None and a["revised_at"] is None
    assert a["hidden"] is False
    assert '<h2 id="why-it-happens">Why it happens</h2>' in a["body_html"]
    assert 'href="https://example.org/guide" rel="nofollow ugc"' in a["body_html"]
    assert a["toc"] == [{"level": 2, "id": "why-it-happens", "text": "Why it happens"}]
    assert a["reading_minutes"] == 1
    assert a["references"][0]["title"] == "Hold Me Tight"
    assert sorted(a["topics"]) == ["attachment", "supporting-a-partner"]
    assert a["content_notes"] == ["abuse"]

    # Nobody else sees a draft: visitor, member, another specialist.
    assert api(site, "GET", "/api/v1/articles/" + a["slug"]).status == 404
    member_email, _ = api_sign_up(site.url, display_name="Mia Member")
    assert api(site, "GET", "/api/v1/articles/" + a["slug"], token_of(site, member_email)).status == 404

    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/publish", token)
    assert res.status == 200, res
    published = res.json()
    assert published["status"] == "published" and published["published_at"]
    assert published["revised_at"] is None
    public = api(site, "GET", "/api/v1/articles/" + a["slug"])
    assert public.status == 200, public
    assert "hidden" not in public.json()

    res = api(site, "PUT", "/api/v1/articles/" + a["slug"], token, json={"title": "A new title entirely"})
    assert res.status == 200, res
    edited = res.json()
    assert edited["title"] == "A new title entirely"
    assert edited["slug"] == a["slug"], "the slug never changes"
    assert edited["summary"] == a["summary"], "fields not sent keep their value"
    assert edited["revised_at"] is not None
    assert edited["version"] > published["version"]

    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/unpublish", token)
    assert res.status == 200, res
    assert res.json()["status"] == "draft"
    assert res.json()["published_at"] == published["published_at"], "published_at is kept"
    assert api(site, "GET", "/api/v1/articles/" + a["slug"]).status == 404

    assert a["slug"] in [i["slug"] for i in mine(site, token)["items"]]


def test_slugs_are_unique_and_never_reserved_words(site, author):
    _, token, _ = author
    title = "Same title " + uuid.uuid4().hex[:6]
    first, second = create(site, token, title=title), create(site, token, title=title)
    assert second["slug"] == first["slug"] + "-2"
    for word in ("New", "Mine", "feed", "Topics"):
        assert create(site, token, title=word)["slug"] not in ("new", "mine", "feed", "topics")


@pytest.mark.parametrize("overrides, field", [
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": "Two\nlines"}, "title"),
    ({"body": ""}, "body"),
    ({"body": "x" * 100_001}, "body"),
    ({"summary": "s" * 301}, "summary"),
    ({"topics": ["no-such-topic"]}, "topics"),
    ({"key_points": ["a", "b", "c", "d"]}, "key_points"),
    ({"key_points": ["k" * 201]}, "key_points"),
    ({"content_notes": ["spoilers"]}, "content_notes"),
    ({"content_notes": ["abuse", "loss", "suicide", "self-harm", "domestic-violence", "sexual-violence"]},
     "content_notes"),
    ({"references": [{"authors": "Someone", "year": "2001"}]}, "references[0].title"),
    ({"references": [{"title": "Ok"}, {"title": "Bad", "url": "javascript:alert(1)"}]}, "references[1].url"),
    ({"references": [{"title": "Bad", "url": "ftp://example.org/x"}]}, "references[0].url"),
    ({"references": "not a list"}, "references"),
    ({"references": [{"title": str(i)} for i in range(51)]}, "references"),
    ({"adapted_from": "a" * 301}, "adapted_from"),
])
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(site, author, overrides, field):
    _, token, _ = author
    before = mine(site, token)["total"]
    res = api(site, "POST", "/api/v1/articles", token, json=article(**overrides))
    assert res.status == 422, res
    assert res.error()["field"] == field, res.error
    assert mine(site, token)["total"] == before


def test_bad_update_changes_nothing(site, author):
    _, token, _ = author
    a = create(site, token)
    res = api(site, "PUT", "/api/v1/articles/" + a["slug"], token, json={"title": "", "body": "new body"})
    assert res.status == 422 and res.error()["field"] == "title", res
    again = api(site, "GET", "/api/v1/articles/" + a["slug"], token).json()
    assert again["body"] == a["body"] and again["version"] == a["version"]


def test_members_and_unverified_specialists_may_not_write(site):
    member_email, _ = api_sign_up(site.url, display_name="Mo Member")
    assert api(site, "POST", "/api/v1/articles", token_of(site, member_email), json=article()).status == 403
    c, email = signed_in(site)
    assert api(site, "POST", "/api/v1/articles", token_of(site, email), json=article()).status == 403
    fill_wizard(c)  # a profile, not verified
    assert api(site, "POST", "/api/v1/articles", token_of(site, email), json=article()).status == 403
    assert api(site, "POST", "/api/v1/articles", json=article()).status == 401


def test_other_specialists_cannot_see_drafts_or_change_articles(site, author, other_author):
    _, token, _ = author
    _, other, _ = other_author
    draft = create(site, token)
    for method, suffix, kw in (("GET", "", {}), ("PUT", "", {"json": {"title": "Mine now"}}),
                               ("POST", "/publish", {}), ("POST", "/unpublish", {}), ("DELETE", "", {})):
        res = api(site, method, f"/api/v1/articles/{draft['slug']}{suffix}", other, **kw)
        assert res.status == 404, (method, suffix, res)
    published = create(site, token)
    assert api(site, "POST", f"/api/v1/articles/{published['slug']}/publish", token).status == 200
    assert api(site, "GET", f"/api/v1/articles/{published['slug']}", other).status == 200
    for method, suffix, kw in (("PUT", "", {"json": {"title": "Mine now"}}), ("POST", "/unpublish", {}),
                               ("DELETE", "", {})):
        res = api(site, method, f"/api/v1/articles/{published['slug']}{suffix}", other, **kw)
        assert res.status == 403, (method, suffix, res)
    assert api(site, "GET", f"/api/v1/articles/{published['slug']}").json()["title"] == published["title"]
    # Take-down is for admins only.
    res = api(site, "POST", f"/api/v1/articles/{published['slug']}/take-down", token, json={"reason": "no"})
    assert res.status == 403, res


def test_drafts_can_be_deleted_published_articles_cannot(site, author):
    _, token, _ = author
    a = create(site, token)
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/publish", token).status == 200
    res = api(site, "DELETE", f"/api/v1/articles/{a['slug']}", token)
    assert res.status == 409 and res.error()["code"] == "not_a_draft", res
    # Once public, always kept (so its slug is never given out again).
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/unpublish", token).status == 200
    res = api(site, "DELETE", f"/api/v1/articles/{a['slug']}", token)
    assert res.status == 409 and res.error()["code"] == "not_a_draft", res
    assert create(site, token, title=a["title"])["slug"] == a["slug"] + "-2"
    draft = create(site, token)
    assert api(site, "DELETE", f"/api/v1/articles/{draft['slug']}", token).status == 200
    assert api(site, "GET", f"/api/v1/articles/{draft['slug']}", token).status == 404


def test_admin_takes_down_with_a_reason_and_restores(site, author, admin_mail, admin_token):
    _, token, _ = author
    a = create(site, token)
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/publish", token).status == 200
    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", admin_token, json={"reason": ""})
    assert res.status == 422 and res.error()["field"] == "reason", res
    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/take-down", admin_token,
              json={"reason": "Names a client who can be recognised."})
    assert res.status == 200, res
    assert res.json()["hidden"] is True
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 404
    own = api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()
    assert own["hidden"] is True and own["hidden_reason"] == "Names a client who can be recognised."
    entries = audit_entries(site, admin_mail, "article.take_down")
    assert entries and entries[0]["target_type"] == "article", entries
    page = author[0].get("/articles/mine")
    assert page.status == 200 and "Names a client who can be recognised." in page.text
    res = api(site, "POST", f"/api/v1/articles/{a['slug']}/restore", admin_token)
    assert res.status == 200 and res.json()["hidden"] is False, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 200
    assert audit_entries(site, admin_mail, "article.restore")


INJECTIONS = [
    "<script>alert(1)</script>",
    "Hi <img src=x onerror=alert(1)> there",
    "[x](javascript:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "![x](https://tracker.example/pixel.png)",
    "![x\" onerror=\"alert(1)](https://example.org/a.png)",
    "A[^1]\n\n[^1]: [x](javascript:alert(1))",
    "[x](https://example.org \"\\\" onmouseover=\\\"alert(1)\")",
    "<div onmouseover=\"alert(1)\">x</div>",
    "[x](/relative/path)",
]


def test_injection_corpus_renders_inert(site, author):
    _, token, _ = author
    a = create(site, token, body="\n\n".join(INJECTIONS) + "\n")
    html = a["body_html"].lower()
    assert "<script" not in html
    assert "<img" not in html
    # With attribute values emptied, an event handler would show as " on...=" inside a tag.
    assert not re.search(r"<[^>]*\son\w+\s*=", re.sub(r'="[^"]*"', '=""', html)), html
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert url.startswith(("https://", "http://", "mailto:", "#fn")), url


def test_editor_pages_flow_with_csrf(site, author):
    c, token, _ = author
    assert c.get("/articles/new").status == 200
    form = [("title", "Written on the page " + uuid.uuid4().hex[:6]), ("summary", "A summary"),
            ("body", "## First\n\nHello [there](https://example.org)."), ("topics", "boundaries"),
            ("key_points", "One"), ("key_points", ""), ("key_points", ""),
            ("reference_title", "A book"), ("reference_authors", "Someone"), ("reference_year", "2001"),
            ("reference_publisher", ""), ("reference_url", ""), ("reference_note", ""),
            ("reference_title", ""), ("reference_authors", ""), ("reference_year", ""),
            ("reference_publisher", ""), ("reference_url", ""), ("reference_note", "")]
    # Without the CSRF token nothing is saved.
    before = mine(site, token)["total"]
    res = c.post("/articles/new", form=form + [("action", "save")])
    assert res.status == 403, res
    assert mine(site, token)["total"] == before
    csrf = c.csrf_from("/articles/new")
    # Preview renders without saving.
    res = c.post("/articles/new", form=[("_csrf", csrf), ("action", "preview")] + form)
    assert res.status == 200, res
    assert '<h2 id="first">First</h2>' in res.text and "Preview" in res.text
    assert mine(site, token)["total"] == before
    # Bad input keeps what was typed.
    res = c.post("/articles/new", form=[("_csrf", csrf), ("action", "save"), ("title", "")] + form[1:])
    assert res.status == 422, res
    assert "Hello [there](https://example.org)." in res.text
    assert mine(site, token)["total"] == before
    res = c.post("/articles/new", form=[("_csrf", csrf), ("action", "save")] + form)
    assert res.status == 303, res
    slug = res.location.split("/")[2]
    assert res.location == f"/articles/{slug}/edit?saved=1"
    saved = api(site, "GET", f"/api/v1/articles/{slug}", token).json()
    assert saved["references"][0]["title"] == "A book" and len(saved["references"]) == 1
    assert saved["key_points"] == ["One"] and saved["topics"] == ["boundaries"]
    page = c.get(f"/articles/{slug}/edit")
    assert page.status == 200 and 'data-draft="article:' + slug + '"' in page.text
    res = c.post(f"/articles/{slug}/edit", form=[("_csrf", extract_csrf(page.text)), ("action", "publish")] + form)
    assert res.status == 303, res
    assert api(site, "GET", f"/api/v1/articles/{slug}").status == 200
    assert "/articles/mine" in c.get("/account").text


def test_admin_take_down_form_on_the_editor(site, author, admin_mail):
    _, token, _ = author
    a = create(site, token)
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/publish", token).status == 200
    admin = admin_client(site, admin_mail)
    page = admin.get(f"/articles/{a['slug']}/edit")
    assert page.status == 200 and "take-down" in page.text
    csrf = extract_csrf(page.text)
    res = admin.post(f"/articles/{a['slug']}/take-down", form={"_csrf": csrf, "reason": ""})
    assert res.status == 422, res
    res = admin.post(f"/articles/{a['slug']}/take-down", form={"_csrf": csrf, "reason": "Off topic."})
    assert res.status == 303, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").status == 404


def test_seed_articles_is_deterministic_and_idempotent(site):
    res = site.cli("seed", "--specialists", "3")
    assert res.returncode == 0, res.stderr
    res = site.cli("seed", "--articles", "7")
    assert res.returncode == 0, res.stderr
    assert "Synthetic articles: " in res.stdout, res.stdout
    res = site.cli("seed", "--articles", "7")
    assert res.returncode == 0 and "0 created, 7 already there" in res.stdout, res.stdout
    # Published, with references, readable by anyone.
    slug = "when-a-partner-withdraws-a-guide-for-partners"
    public = api(site, "GET", f"/api/v1/articles/{slug}")
    assert public.status == 200, public
    a = public.json()
    assert a["status"] == "published" and a["references"] and 800 <= a["word_count"] <= 1600, a["word_count"]


def test_cover_image_needs_alt_text_and_is_served_only_from_hearth(site, author):
    c, token, _ = author
    a = create(site, token)
    png = tiny_png()
    res = api(site, "PUT", f"/api/v1/articles/{a['slug']}/cover", token, raw_body=png, content_type="image/png")
    assert res.status == 422 and res.error()["field"] == "cover_image_alt", res
    res = api(site, "PUT", f"/api/v1/articles/{a['slug']}/cover?alt=x", token, raw_body=b"GIF89a not really",
              content_type="image/png")
    assert res.status == 422 and res.error()["field"] == "cover_image", res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()["cover_image_url"] is None
    res = api(site, "PUT", f"/api/v1/articles/{a['slug']}/cover?alt=A%20calm%20lake", token, raw_body=png,
              content_type="image/png")
    assert res.status == 200, res
    saved = res.json()
    assert saved["cover_image_alt"] == "A calm lake" and saved["cover_image_url"].startswith(f"/articles/{a['slug']}/cover")
    got = api(site, "GET", saved["cover_image_url"], token)
    assert got.status == 200 and got.body == png and got.headers["Content-Type"] == "image/png", got
    assert "no-store" in got.headers["Cache-Control"]
    # A draft's cover is as private as the draft.
    assert api(site, "GET", saved["cover_image_url"]).status == 404
    # With a cover, the alt text cannot be emptied.
    res = api(site, "PUT", f"/api/v1/articles/{a['slug']}", token, json={"cover_image_alt": ""})
    assert res.status == 422 and res.error()["field"] == "cover_image_alt", res
    assert api(site, "POST", f"/api/v1/articles/{a['slug']}/publish", token).status == 200
    public = api(site, "GET", saved["cover_image_url"])
    assert public.status == 200 and "public" in public.headers["Cache-Control"], public
    # On the page: a multipart form, with its CSRF token.
    page = c.get(f"/articles/{a['slug']}/edit")
    csrf = extract_csrf(page.text)
    body, ctype = multipart([("_csrf", csrf), ("cover_image_alt", "")], [("cover_image", "c.png", "image/png", png)])
    res = c.post(f"/articles/{a['slug']}/cover", raw_body=body, content_type=ctype)
    assert res.status == 422 and "Describe the image" in res.text, res
    body, ctype = multipart([("_csrf", csrf), ("cover_image_alt", "Hands around a cup")],
                            [("cover_image", "c.png", "image/png", png)])
    res = c.post(f"/articles/{a['slug']}/cover", raw_body=body, content_type=ctype)
    assert res.status == 303, res
    assert api(site, "GET", f"/api/v1/articles/{a['slug']}").json()["cover_image_alt"] == "Hands around a cup"
    res = api(site, "DELETE", f"/api/v1/articles/{a['slug']}/cover", token)
    assert res.status == 200 and res.json()["cover_image_url"] is None, res


def test_editor_form_unticking_every_topic_clears_them(site, author):
    c, token, _ = author
    a = create(site, token)
    page = c.get(f"/articles/{a['slug']}/edit")
    form = [("_csrf", extract_csrf(page.text)), ("action", "unpublish"), ("title", a["title"]),
            ("body", "Changed while unpublishing."), ("reference_title", "")]
    res = c.post(f"/articles/{a['slug']}/edit", form=form)
    assert res.status == 303, res
    saved = api(site, "GET", f"/api/v1/articles/{a['slug']}", token).json()
    assert saved["topics"] == [] and saved["content_notes"] == [] and saved["references"] == []
    assert saved["body"] == "Changed while unpublishing."


def test_answers_match_docs_openapi(site, author, admin_token):
    """Every article endpoint's answers, against docs/openapi.yaml (shape, and no undocumented field)."""
    from test_openapi_shapes import check
    _, token, _ = author
    res = check(api(site, "POST", "/api/v1/articles", token, json=article()), "POST", "/api/v1/articles", 201)
    slug = res.json()["slug"]
    one = "/api/v1/articles/{slug}"
    check(api(site, "POST", "/api/v1/articles", token, json=article(title="")), "POST", "/api/v1/articles", 422)
    check(api(site, "GET", f"/api/v1/articles/{slug}", token), "GET", one, 200)
    check(api(site, "GET", f"/api/v1/articles/{slug}"), "GET", one, 404)
    check(api(site, "PUT", f"/api/v1/articles/{slug}", token, json={"summary": "New"}), "PUT", one, 200)
    check(api(site, "PUT", f"/api/v1/articles/{slug}/cover?alt=A%20lake", token, raw_body=tiny_png(),
              content_type="image/png"), "PUT", one + "/cover", 200)
    check(api(site, "POST", f"/api/v1/articles/{slug}/publish", token), "POST", one + "/publish", 200)
    check(api(site, "GET", f"/api/v1/articles/{slug}"), "GET", one, 200)
    check(api(site, "POST", f"/api/v1/articles/{slug}/take-down", admin_token, json={"reason": "Off topic."}),
          "POST", one + "/take-down", 200)
    check(api(site, "POST", f"/api/v1/articles/{slug}/restore", admin_token), "POST", one + "/restore", 200)
    check(api(site, "DELETE", f"/api/v1/articles/{slug}/cover", token), "DELETE", one + "/cover", 200)
    check(api(site, "POST", f"/api/v1/articles/{slug}/unpublish", token), "POST", one + "/unpublish", 200)
    check(api(site, "DELETE", f"/api/v1/articles/{slug}", token), "DELETE", one, 409)
    check(api(site, "GET", "/api/v1/me/articles", token), "GET", "/api/v1/me/articles", 200)
    draft = create(site, token)
    check(api(site, "DELETE", f"/api/v1/articles/{draft['slug']}", token), "DELETE", one, 200)


def test_a_save_from_an_older_version_is_refused_and_keeps_the_words(site, author, other_author):
    """Two windows on one article: the later save from the older form is
    refused (409) with nothing saved and what was typed shown again, with
    the new version, so saving again is a knowing choice."""
    c, token, _ = author
    a = create(site, token, title="Two windows " + uuid.uuid4().hex[:6])
    slug, version = a["slug"], a["version"]
    assert isinstance(a["id"], int) and a["id"] > 0
    # API: the version read, then a newer save elsewhere.
    res = api(site, "PUT", f"/api/v1/articles/{slug}", token, json={"summary": "First window", "version": version})
    assert res.status == 200 and res.json()["version"] > version, res
    newer = res.json()["version"]
    res = api(site, "PUT", f"/api/v1/articles/{slug}", token, json={"summary": "Second window", "version": version})
    assert res.status == 409 and res.json()["error"]["code"] == "edit_conflict", res
    assert res.json()["error"]["field"] == "version"
    assert api(site, "GET", f"/api/v1/articles/{slug}", token).json()["summary"] == "First window"
    # A bad version is a 422, not a conflict; none at all saves as before.
    res = api(site, "PUT", f"/api/v1/articles/{slug}", token, json={"summary": "x", "version": "seven"})
    assert res.status == 422 and res.json()["error"]["field"] == "version", res
    # Someone else's article stays theirs whatever version they name.
    _, other_token, _ = other_author
    assert api(site, "PUT", f"/api/v1/articles/{slug}", other_token,
               json={"summary": "Not mine", "version": newer}).status == 404
    # Pages: a form opened before the save above carries the older version.
    page = c.get(f"/articles/{slug}/edit")
    assert f'name="version" value="{newer}"' in page.text
    csrf = extract_csrf(page.text)
    form = [("_csrf", csrf), ("action", "save"), ("title", a["title"]), ("summary", "Typed in the old tab"),
            ("body", "Words I must not lose."), ("topics", "boundaries"), ("version", str(version))]
    res = c.post(f"/articles/{slug}/edit", form=form)
    assert res.status == 409, res
    assert "Words I must not lose." in res.text and "changed somewhere else" in res.text
    assert f'name="version" value="{newer}"' in res.text
    assert api(site, "GET", f"/api/v1/articles/{slug}", token).json()["summary"] == "First window"
    # Saving again from that page (now on the current version) keeps the words.
    res = c.post(f"/articles/{slug}/edit", form=form[:-1] + [("version", str(newer))])
    assert res.status == 303, res
    saved = api(site, "GET", f"/api/v1/articles/{slug}", token).json()
    assert saved["summary"] == "Typed in the old tab" and saved["body"] == "Words I must not lose."
