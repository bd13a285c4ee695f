"""Every profile shows a way to get in touch that works today: the free
consultation where offered, the specialist's own public contact details
(website, phone, e-mail: wizard, API, public page), or the operators, who
can put a person in touch (/contact?about=<slug>). Both engines."""
import html
import re

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, bearer
from specialist_helpers import (ADMIN_PASSWORD, PRACTICE, admin_client, ask_to_be_listed, fill_wizard, my_profile,
                                post_step, set_hours, signed_in, token_of, unique_name, admin_email, admin_action)

OPERATORS = "care@hearth.example"
CONTACT = {"website": "https://www.praxis-example.de/kontakt", "phone": "+49 (30) 1234-5678",
           "contact_email": "hello@praxis-example.de"}


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    """A server whose operators publish an address to write to."""
    srv = _launch(request.param, {"HEARTH_CONTACT_EMAIL": OPERATORS})
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def admin(site):
    return admin_client(site, admin_email(site))


def listed(server, admin, free: bool, contact: dict | None = None):
    """A verified specialist whose practice step carries `contact`."""
    c, _ = signed_in(server)
    fill_wizard(c, name=unique_name("Dr Rhea"), free=free, practice=contact or {})
    if free:
        assert set_hours(c).status == 303  # bookable: an open time in the coming 14 days
    assert ask_to_be_listed(c).status == 303
    slug = my_profile(c)["slug"]
    assert admin_action(admin, slug, "verify").status == 303
    return c, my_profile(c)


def actions_of(page: str) -> str:
    return re.search(r'<div class="actions profile-actions">(.*?)</div>', page, re.S).group(1)


def get_in_touch(page: str) -> str | None:
    m = re.search(r'<section class="profile-contact" id="get-in-touch".*?</section>', page, re.S)
    return m.group(0) if m else None


def test_the_wizard_saves_contact_details_and_the_profile_shows_them(site, admin):
    c, profile = listed(site, admin, free=True, contact=CONTACT)
    assert {k: profile[k] for k in CONTACT} == CONTACT
    # The practice step shows them again.
    step = c.get("/account/profile/practice").text
    assert 'value="https://www.praxis-example.de/kontakt"' in step and 'value="hello@praxis-example.de"' in step

    page = Client(site.url).get(f"/specialists/{profile['slug']}").text
    # The free consultation is the one filled button; the details are one jump away.
    assert actions_of(page).count('class="button"') == 1
    assert f'<a class="button" href="/specialists/{profile["slug"]}/book">Book a free consultation</a>' in page
    # Beside the booking and the message (the secondary button), the details are a plain link.
    assert '<p class="profile-more"><a href="#get-in-touch">Other ways to get in touch</a></p>' in page
    block = get_in_touch(page)
    assert block and "Get in touch" in block
    assert '<a href="tel:+493012345678">+49 (30) 1234-5678</a>' in block
    assert '<a href="mailto:hello@praxis-example.de">hello@praxis-example.de</a>' in block
    assert ('<a href="https://www.praxis-example.de/kontakt" rel="nofollow ugc noopener">'
            "www.praxis-example.de/kontakt</a>") in block
    assert "Ask Hearth" not in block
    # The one way into messages is "Send a message" (messages are open by default).
    assert page.count("/messages") == 1 and f'href="/messages/new?to={profile["slug"]}"' in page

    # The public JSON and the directory carry them; an empty detail is "".
    pub = Client(site.url).get(f"/api/v1/specialists/{profile['slug']}").json()["profile"]
    assert {k: pub[k] for k in CONTACT} == CONTACT
    assert post_step(c, "practice", dict(PRACTICE, website="")).status == 303
    pub = Client(site.url).get(f"/api/v1/specialists/{profile['slug']}").json()["profile"]
    assert pub["website"] == "" and pub["phone"] == "" and pub["contact_email"] == ""


def test_the_api_saves_and_clears_contact_details(site):
    c, email = signed_in(site)
    fill_wizard(c)
    headers = bearer(token_of(site, email))
    body = Client(site.url).get("/api/v1/me/profile", headers=headers).json()["profile"]
    keep = {k: body[k] for k in ("full_name", "online", "country", "timezone", "currency")}
    res = Client(site.url).request("PUT", "/api/v1/me/profile", json=dict(keep, **CONTACT), headers=headers)
    assert res.status == 200, res
    assert {k: res.json()["profile"][k] for k in CONTACT} == CONTACT
    # Absent fields are emptied, like every field of a PUT.
    res = Client(site.url).request("PUT", "/api/v1/me/profile", json=keep, headers=headers)
    assert res.status == 200 and res.json()["profile"]["website"] == ""


BAD = [
    ("website", "www.example.org", "starting with https://"),
    ("website", "javascript:alert(1)", "starting with https://"),
    ("website", "https://example.org/\"><script>", "starting with https://"),
    ("website", "https://bank.example@evil.example/", "starting with https://"),
    ("website", "https://" + "a" * 300 + ".org", "at most 300 characters"),
    ("phone", "call me maybe", "digits, spaces"),
    ("phone", "123", "digits, spaces"),
    ("phone", "+44 20 7946\n0018", "Phone"),
    ("contact_email", "hello", "like name@example.org"),
    ("contact_email", "hello@example.org?cc=x@evil.example", "like name@example.org"),
]


@pytest.mark.parametrize("field,value,message", BAD)
def test_bad_contact_details_are_refused_by_page_and_api_and_nothing_is_saved(site, field, value, message):
    c, email = signed_in(site)
    fill_wizard(c, practice=CONTACT)
    before = my_profile(c)
    res = post_step(c, "practice", {**PRACTICE, **CONTACT, field: value})
    assert res.status == 422, res
    assert message in html.unescape(res.text)
    assert f'id="{field}-error"' in res.text and 'aria-invalid="true"' in res.text
    headers = bearer(token_of(site, email))
    res = Client(site.url).request("PUT", "/api/v1/me/profile",
                                   json={"full_name": before["full_name"], **CONTACT, field: value}, headers=headers)
    assert res.status == 422, res
    assert res.json()["error"]["field"] == field
    after = my_profile(c)
    assert {k: after[k] for k in CONTACT} == CONTACT


def test_a_member_cannot_save_contact_details(site):
    member, email = signed_in(site, role="member")
    res = Client(site.url).request("PUT", "/api/v1/me/profile", json={"full_name": "Not Me", **CONTACT},
                                   headers=bearer(token_of(site, email)))
    assert res.status == 403, res


def test_without_a_free_consultation_the_details_are_the_way_in(site, admin):
    _, profile = listed(site, admin, free=False, contact={"phone": "030 1234567"})
    page = Client(site.url).get(f"/specialists/{profile['slug']}").text
    assert "Book a free consultation" not in page
    assert '<a class="button button--secondary" href="#get-in-touch">How to get in touch</a>' in page
    block = get_in_touch(page)
    assert '<a href="tel:0301234567">030 1234567</a>' in block
    assert "mailto:" not in block and "Ask Hearth" not in block


def test_with_no_detail_and_no_consultation_hearth_puts_people_in_touch(site, admin):
    _, profile = listed(site, admin, free=False)
    slug, name = profile["slug"], profile["full_name"]
    page = Client(site.url).get(f"/specialists/{slug}").text
    block = get_in_touch(page)
    assert f'<a href="/contact?about={slug}">Ask Hearth to put you in touch</a>' in block
    contact = Client(site.url).get(f"/contact?about={slug}")
    assert contact.status == 200
    text = html.unescape(contact.text)
    assert f'You are writing about <a href="/specialists/{slug}">{name}</a>.' in text
    assert f'<a href="mailto:{OPERATORS}?subject=Please%20put%20me%20in%20touch%20with%20' in contact.text
    assert f'<a href="mailto:{OPERATORS}">{OPERATORS}</a>' in contact.text
    assert '<meta name="robots" content="noindex">' in contact.text


def test_contact_about_an_unknown_or_hidden_profile_names_no_one(site, admin):
    page = Client(site.url).get("/contact?about=no-such-person")
    assert page.status == 200 and "You are writing about" not in page.text
    # A profile that is not listed is not named to a visitor (nor its existence shown).
    c, _ = signed_in(site)
    draft = fill_wizard(c, free=False)
    page = Client(site.url).get(f"/contact?about={draft['slug']}")
    assert page.status == 200 and "You are writing about" not in page.text
    assert draft["full_name"] not in page.text


def test_a_free_consultation_without_details_shows_no_empty_block(site, admin):
    _, profile = listed(site, admin, free=True)
    page = Client(site.url).get(f"/specialists/{profile['slug']}").text
    assert get_in_touch(page) is None
    assert "Other ways to get in touch" not in page and "How to get in touch" not in page


def test_without_an_operators_address_hearth_offers_no_empty_promise(server):
    admin = admin_client(server, admin_email(server))
    _, profile = listed(server, admin, free=False)
    block = get_in_touch(Client(server.url).get(f"/specialists/{profile['slug']}").text)
    assert "Ask Hearth" not in block and "/contact?about=" not in block
    assert "hasn't shared contact details here yet" in html.unescape(block)
    assert '<a href="/specialists?free_consultation=1">directory</a>' in block
