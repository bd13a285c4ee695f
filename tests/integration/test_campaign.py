"""The free-consultation campaign: the explainer page and its list of
listed specialists who offer a free consultation, the admin's campaign
form (validation, audit log, dates), and the home page's featured few.
Both engines."""
import html
import re
import time
import urllib.parse

import pytest

from hearth_client import Client
from specialist_helpers import (admin_client, admin_email, ask_to_be_listed, audit_entries, fill_wizard,
                                listed_specialist, signed_in, unique_name)


@pytest.fixture(scope="module")
def admin_mail(server):
    return admin_email(server)


@pytest.fixture
def admin(server, admin_mail):
    return admin_client(server, admin_mail)


@pytest.fixture
def campaign_restored(server, admin):
    """Puts the campaign back as it was: the server is shared with other tests."""
    page = admin.get("/admin/campaign")
    saved = {name: html.unescape(m.group(1)) if m else "" for name in ("headline", "starts_on", "ends_on")
             for m in [re.search(rf'name="{name}" type="[a-z]+" value="([^"]*)"', page.text)]}
    intro = re.search(r'<textarea id="intro"[^>]*>(.*?)</textarea>', page.text, re.S)
    saved["intro"] = html.unescape(intro.group(1)) if intro else ""
    yield saved
    assert save_campaign(admin, **saved).status == 303


def save_campaign(admin: Client, **fields):
    token = admin.csrf_from("/admin/campaign")
    return admin.post("/admin/campaign", form={"_csrf": token, **fields})


def campaign_heading(server) -> str:
    text = Client(server.url).get("/free-consultation").text
    return re.search(r'<h1 id="campaign-title">.*?</section>', text, re.S).group(0)


def campaign_names(server) -> set[str]:
    """The names on every page of the campaign list."""
    names, path = set(), "/free-consultation"
    while path:
        res = Client(server.url).get(path)
        assert res.status == 200, res
        names |= {html.unescape(n) for n in re.findall(r'<h3><a href="/specialists/[^"]+">([^<]+)</a></h3>', res.text)}
        cards = res.text.count('class="card specialist-card"')
        assert cards <= 12
        m = re.search(r'<a href="([^"]+)#specialists-title" rel="next">', res.text)
        path = html.unescape(m.group(1)) if m else None
    return names


def test_the_page_explains_free_consultations(server):
    res = Client(server.url).get("/free-consultation")
    assert res.status == 200, res
    text = res.text
    for expected in ["30 minutes", "No obligation", "How it differs from a therapy session", "not treatment",
                     "No diagnosis", "How to prepare", "What to expect", "Who it suits",
                     'aria-current="page">Free consultation</a>']:
        assert expected in text, expected
    assert "coming soon" not in text.lower()


def test_only_listed_specialists_offering_one_are_listed(server, admin):
    _, free = listed_specialist(server, admin, name=unique_name("Freya"), free=True)
    _, paid = listed_specialist(server, admin, name=unique_name("Paula"), free=False)
    waiting, _ = signed_in(server)
    waiting_profile = fill_wizard(waiting, name=unique_name("Wanda"), free=True)
    assert ask_to_be_listed(waiting).status == 303  # asked, not verified
    suspended_client, suspended = listed_specialist(server, admin, name=unique_name("Suki"), free=True)
    token = admin.csrf_from("/admin/specialists")
    assert admin.post(f"/admin/specialists/{suspended['slug']}/suspend",
                      form={"_csrf": token, "reason": "Test suspension"}).status == 303

    names = campaign_names(server)
    assert free["full_name"] in names
    assert paid["full_name"] not in names
    assert waiting_profile["full_name"] not in names
    assert suspended["full_name"] not in names
    # Each card links to a public profile that offers the consultation.
    page = Client(server.url).get(f"/specialists/{free['slug']}")
    assert "Offers a free 30-minute consultation" in page.text


def test_the_list_is_paged_by_twelve(server):
    res = Client(server.url).get("/free-consultation?page=1")
    assert res.status == 200
    assert res.text.count('class="card specialist-card"') <= 12
    assert Client(server.url).get("/free-consultation?page=0").status == 422
    far = Client(server.url).get("/free-consultation?page=999")
    assert far.status == 200 and 'class="card specialist-card"' not in far.text


def test_the_home_page_features_up_to_three_who_offer_one(server, admin):
    listed_specialist(server, admin, free=True)
    res = Client(server.url).get("/")
    assert res.status == 200
    assert "Specialists offering a free first conversation" in res.text
    links = re.findall(r'<h3><a href="(/specialists/[^"]+)">', res.text)
    assert 1 <= len(links) <= 3 and len(set(links)) == len(links)
    for link in links:
        page = Client(server.url).get(link)
        assert page.status == 200 and "Offers a free 30-minute consultation" in page.text


def home_links(server) -> list[str]:
    text = Client(server.url).get("/").text
    return re.findall(r'<h3><a href="/specialists/([^"]+)">', text)


def soon(read, want, seconds: float = 3.0):
    """What read() gives once want(it) holds, or its last answer after `seconds`:
    visitors are answered from memory at the version the database last
    announced, which trails a commit by milliseconds."""
    deadline = time.monotonic() + seconds
    while True:
        got = read()
        if want(got) or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


def test_the_home_strip_follows_a_change_at_once(server, admin):
    listed_specialist(server, admin, free=True)
    shown = home_links(server)
    assert shown and home_links(server) == shown  # the same hour, kept in memory
    token = admin.csrf_from("/admin/specialists")
    for slug in shown:
        assert admin.post(f"/admin/specialists/{slug}/suspend",
                          form={"_csrf": token, "reason": "Home strip test"}).status == 303
    try:
        after = soon(lambda: home_links(server), lambda links: not set(links) & set(shown))
        assert not set(after) & set(shown), (shown, after)
    finally:
        for slug in shown:
            assert admin.post(f"/admin/specialists/{slug}/reinstate", form={"_csrf": token}).status == 303
    assert soon(lambda: home_links(server), lambda links: links == shown) == shown


# --- The admin's campaign form ---

@pytest.mark.parametrize("fields,field", [
    ({"headline": ""}, "headline"),
    ({"headline": "h" * 121}, "headline"),
    ({"intro": "i" * 601}, "intro"),
    ({"starts_on": "2026-05-10", "ends_on": "2026-05-01"}, "ends_on"),
    ({"starts_on": "10/05/2026"}, "starts_on"),
    ({"ends_on": "2026-02-30"}, "ends_on"),
], ids=["no-headline", "long-headline", "long-intro", "end-before-start", "bad-start", "no-such-day"])
def test_campaign_form_validation(server, admin, campaign_restored, fields, field):
    before = campaign_heading(server)
    form = {"headline": "A valid headline", "intro": "", "starts_on": "", "ends_on": ""}
    form.update(fields)
    res = save_campaign(admin, **form)
    assert res.status == 422, res
    assert f'href="#{field}"' in res.text and 'aria-invalid="true"' in res.text
    # What was typed is kept, and nothing was saved.
    if fields.get("headline"):
        assert f'value="{fields["headline"]}"' in res.text
    assert campaign_heading(server) == before


def test_campaign_edit_shows_headline_only_between_its_dates(server, admin, admin_mail, campaign_restored):
    headline = "Spring of first conversations " + unique_name("x")[-8:]
    res = save_campaign(admin, headline=headline, intro="Thirty free minutes, this spring.", starts_on="",
                        ends_on="")
    assert res.status == 303 and res.location == "/admin/campaign?saved=1"
    assert "The campaign has been saved" in admin.get(res.location).text
    page = Client(server.url).get("/free-consultation").text
    assert html.escape(headline) in page and "Thirty free minutes, this spring." in page
    entries = audit_entries(server, admin_mail, "campaign.update")
    assert entries and entries[0]["detail"] == headline

    # Not started yet: the explainer and the list, without the headline.
    assert save_campaign(admin, headline=headline, intro="", starts_on="2099-01-01",
                         ends_on="2099-01-31").status == 303
    page = Client(server.url).get("/free-consultation")
    assert page.status == 200 and html.escape(headline) not in page.text
    assert "How it differs from a therapy session" in page.text
    assert "Scheduled" in admin.get("/admin/campaign").text
    # Over: the same.
    assert save_campaign(admin, headline=headline, intro="", starts_on="2020-01-01",
                         ends_on="2020-01-31").status == 303
    assert html.escape(headline) not in Client(server.url).get("/free-consultation").text
    form = admin.get("/admin/campaign").text
    assert 'value="2020-01-01"' in form and 'value="2020-01-31"' in form


def test_only_admins_edit_the_campaign(server):
    res = Client(server.url).get("/admin/campaign")
    assert res.status == 302
    parts = urllib.parse.urlsplit(res.location)
    assert parts.path == "/login" and dict(urllib.parse.parse_qsl(parts.query))["return_to"] == "/admin/campaign"
    for role in ("member", "specialist"):
        c, _ = signed_in(server, role=role)
        assert c.get("/admin/campaign").status == 403
        token = c.csrf_from("/account")
        res = c.post("/admin/campaign", form={"_csrf": token, "headline": "Hijacked"})
        assert res.status == 403, res
    assert "Hijacked" not in Client(server.url).get("/free-consultation").text
