"""Specialist profiles through the pages: the wizard (one validation path
with the API, nothing saved on a bad step), the photo upload, asking to be
listed, the admin's verify / suspend / reinstate, who may do what, and the
public profile page with its metadata. Both engines."""
import html
import json
import re
import struct
import urllib.parse

import pytest

from hearth_client import Client, bearer
from specialist_helpers import (ABOUT, ADMIN_PASSWORD, PRACTICE, WORK, admin_action, admin_client, admin_email,
                                ask_to_be_listed, audit_entries, fill_wizard, listed_specialist, my_profile,
                                post_step, set_hours, signed_in, tiny_png, token_of, unique_name, upload_photo)


@pytest.fixture(scope="module")
def admin_mail(server):
    return admin_email(server)


@pytest.fixture
def admin(server, admin_mail):
    return admin_client(server, admin_mail)


def split(location):
    parts = urllib.parse.urlsplit(location)
    return parts.path, dict(urllib.parse.parse_qsl(parts.query))


def api_profile(values: dict) -> dict:
    """A complete, valid profile as the JSON API takes it, with `values` changed."""
    body = dict(ABOUT, full_name=unique_name(), bio="Plain bio.", approach="", specialties=["attachment"],
                modalities=[], languages=["en"], online=True, in_person=False, city="", country="DE",
                timezone="Europe/Berlin", fee_min=80, fee_max=120, currency="EUR", offers_free_consultation=True)
    body.update(values)
    return body


# --- The wizard ---

def test_a_new_specialist_starts_at_the_first_step(server):
    c, _ = signed_in(server, name="Dr Noor Haddad")
    # The wizard's start says where the profile stands and what comes next.
    res = c.get("/account/profile")
    assert res.status == 200 and "Next step: Tell people about yourself" in res.text, res
    assert 'href="/account/profile/about"' in res.text
    page = c.get("/account/profile/about")
    assert page.status == 200, page
    assert "Step 1 of 5" in page.text and "Not started" in page.text
    # The name from sign-up is offered; later steps wait for the first.
    assert 'value="Dr Noor Haddad"' in page.text
    assert c.get("/account/profile/work").location == "/account/profile/about"
    assert my_profile(c) is None


def test_the_wizard_creates_and_updates_a_profile(server):
    c, _ = signed_in(server)
    name = unique_name("Mira")
    profile = fill_wizard(c, name=name)
    assert profile["full_name"] == name
    assert profile["licence_number"] == ABOUT["licence_number"]
    assert sorted(t["slug"] for t in profile["specialties"]) == ["attachment", "complex-trauma"]
    assert sorted(t["slug"] for t in profile["languages"]) == ["de", "en"]
    assert profile["online"] is True and profile["in_person"] is True
    assert (profile["city"], profile["country"], profile["timezone"]) == ("Berlin", "DE", "Europe/Berlin")
    assert (profile["fee_min"], profile["fee_max"], profile["currency"]) == (80, 120, "EUR")
    assert profile["offers_free_consultation"] is True
    assert "<strong>adults and couples</strong>" in profile["bio_html"]
    assert profile["state"] == "draft"

    # A later step changes only its own fields: the rest is kept.
    res = post_step(c, "about", dict(ABOUT, full_name=name, headline="A new headline."))
    assert res.status == 303, res
    again = my_profile(c)
    assert again["headline"] == "A new headline."
    assert again["specialties"] == profile["specialties"] and again["fee_max"] == 120

    # An unticked box is a change too: no modalities, and online only.
    work = [kv for kv in WORK if kv[0] != "modalities"]
    assert post_step(c, "work", work).status == 303
    assert post_step(c, "practice", dict(PRACTICE, in_person="")).status == 303
    again = my_profile(c)
    assert again["modalities"] == [] and again["in_person"] is False and again["online"] is True
    assert [t["slug"] for t in again["languages"]] == [t["slug"] for t in profile["languages"]]

    # The pages show what is saved.
    page = c.get("/account/profile/practice")
    assert '<option value="DE" selected>Germany</option>' in page.text
    assert '<option value="Europe/Berlin" selected>' in page.text
    assert re.search(r'id="online" name="online" type="checkbox" value="1" checked', page.text)
    assert re.search(r'id="offers_free_consultation" [^>]*value="1" checked', page.text)
    work_page = c.get("/account/profile/work")
    assert re.search(r'id="specialties"[^>]*value="[a-z-]+"', work_page.text)
    assert 'value="attachment" checked' in work_page.text
    assert "How your saved text reads" in work_page.text  # the Markdown preview after saving
    assert "<strong>adults and couples</strong>" in work_page.text


# --- Bad input: the same 422 from the page and the API, and nothing saved ---

BAD_INPUT = [
    # field, API values, wizard step, step fields
    ("specialties", {"specialties": ["attachment", "astrology"]}, "work", [("bio", "Hello."), ("languages", "en"),
                                                                            ("specialties", "astrology")]),
    ("fee_max", {"fee_min": 200, "fee_max": 100}, "practice", dict(PRACTICE, fee_min="200", fee_max="100")),
    ("timezone", {"timezone": "Mars/Olympus_Mons"}, "practice", dict(PRACTICE, timezone="Mars/Olympus_Mons")),
    ("bio", {"bio": "x" * 6001}, "work", [("bio", "x" * 6001), ("languages", "en")]),
]


@pytest.mark.parametrize("field,api_values,step,step_fields", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_profile_input_is_refused_by_api_and_page_and_nothing_is_saved(server, field, api_values, step,
                                                                           step_fields):
    c, email = signed_in(server)
    before = fill_wizard(c)
    token = token_of(server, email)

    api = Client(server.url).request("PUT", "/api/v1/me/profile", json=api_profile(api_values),
                                     headers=bearer(token))
    assert api.status == 422, api
    assert api.error()["field"] == field
    assert my_profile(c) == before

    page = post_step(c, step, step_fields)
    assert page.status == 422, page
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Please check the form" in page.text  # the error summary
    assert f'href="#{field}"' in page.text and "field--error" in page.text
    assert "<title>Error: " in page.text
    assert my_profile(c) == before
    # What was typed is kept.
    if field == "bio":
        assert "x" * 6001 in page.text
    if field == "fee_max":
        assert 'value="200"' in page.text and 'value="100"' in page.text
    if field == "timezone":
        assert '<option value="Mars/Olympus_Mons" selected>' in page.text


def test_a_page_form_without_its_csrf_token_is_refused(server):
    c, _ = signed_in(server)
    res = c.post("/account/profile/about", form=ABOUT)
    assert res.status == 403, res
    assert my_profile(c) is None


# --- Photos ---

def test_a_real_png_is_uploaded_and_served_back(server):
    c, _ = signed_in(server)
    slug = fill_wizard(c)["slug"]
    png = tiny_png()
    res = upload_photo(c, "me.png", "image/png", png)
    assert res.status == 303, res
    assert res.location == "/account/profile/review?saved=photo"
    assert "Your photo has been saved" in c.get(res.location).text
    assert my_profile(c)["photo_url"] == f"/specialists/{slug}/photo"
    photo = c.get(f"/specialists/{slug}/photo")
    assert photo.status == 200, photo
    assert photo.headers["Content-Type"] == "image/png"
    assert photo.body == png
    # Not listed yet: nobody else sees it.
    assert Client(server.url).get(f"/specialists/{slug}/photo").status == 404


def test_a_photo_is_checked_by_its_content_not_its_name(server):
    c, email = signed_in(server)
    before = fill_wizard(c)
    res = upload_photo(c, "photo.jpg", "image/jpeg", b"Just some text, not a picture.\r\n")
    assert res.status == 422, res
    assert 'href="#photo"' in res.text and "JPEG, PNG or WebP" in res.text
    assert my_profile(c) == before
    api = Client(server.url).request("PUT", "/api/v1/me/profile/photo", raw_body=b"GIF89a not allowed",
                                     content_type="image/jpeg", headers=bearer(token_of(server, email)))
    assert api.status == 422, api
    assert api.error()["field"] == "photo"
    assert my_profile(c)["photo_url"] is None


def png_header_only(width: int, height: int, with_data: bool = True) -> bytes:
    """A PNG that says it is width x height: signature, IHDR, an IDAT and IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + b"CRC!"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + (chunk(b"IDAT", b"x") if with_data else b"") + chunk(b"IEND", b""))


HOSTILE_PHOTOS = [
    ("signature-only", b"\x89PNG\r\n\x1a\n", "damaged or incomplete"),
    ("cut-off", tiny_png()[:40], "damaged or incomplete"),
    ("no-pixel-data", png_header_only(3, 2, with_data=False), "damaged or incomplete"),
    ("zero-width", png_header_only(0, 2), "no pixels"),
    ("absurd", png_header_only(100000, 100000), "at most 8000 pixels"),
    ("jpeg-without-frame", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", "damaged"),
    ("webp-cut-off", b"RIFF\xff\x00\x00\x00WEBPVP8 ", "damaged"),
]


@pytest.mark.parametrize("data,message", [h[1:] for h in HOSTILE_PHOTOS], ids=[h[0] for h in HOSTILE_PHOTOS])
def test_a_photo_must_be_a_whole_image_of_sensible_size(server, data, message):
    c, email = signed_in(server)
    before = fill_wizard(c)
    res = upload_photo(c, "photo.png", "image/png", data)
    assert res.status == 422, res
    assert 'href="#photo"' in res.text and message in res.text
    api = Client(server.url).request("PUT", "/api/v1/me/profile/photo", raw_body=data, content_type="image/png",
                                     headers=bearer(token_of(server, email)))
    assert api.status == 422, api
    assert api.error()["field"] == "photo" and message in api.error()["message"]
    assert my_profile(c) == before


def test_an_unlisted_photo_is_never_kept_by_a_shared_cache(server, admin):
    c, email = signed_in(server)
    slug = fill_wizard(c)["slug"]
    assert upload_photo(c, "me.png", "image/png", tiny_png()).status == 303
    path = f"/specialists/{slug}/photo"
    # The owner (cookie or bearer token) and an admin see it, privately.
    for who, headers in ((c, {}), (Client(server.url), bearer(token_of(server, email))), (admin, {})):
        res = who.get(path, headers=headers)
        assert res.status == 200, res
        assert res.headers["Cache-Control"] == "private, no-store"
        vary = {v.strip().lower() for v in res.headers["Vary"].split(",")}
        assert {"cookie", "authorization"} <= vary
    # So is the unlisted profile itself.
    for res in (c.get(f"/specialists/{slug}"), c.get(f"/api/v1/specialists/{slug}"),
                admin.get(f"/specialists/{slug}")):
        assert res.status == 200, res
        assert res.headers["Cache-Control"] == "private, no-store"
    assert "This profile is not listed" in c.get(f"/specialists/{slug}").text
    # Strangers are told nothing.
    stranger, _ = signed_in(server, role="member")
    for who in (Client(server.url), stranger):
        assert who.get(path).status == 404
        assert who.get(f"/specialists/{slug}").status == 404
        assert who.get(f"/api/v1/specialists/{slug}").status == 404

    # Listed, it is public, for a day.
    assert ask_to_be_listed(c).status == 303
    assert admin_action(admin, slug, "verify").status == 303
    public = Client(server.url).get(path)
    assert public.status == 200 and public.headers["Cache-Control"] == "public, max-age=86400"
    api = Client(server.url).get(f"/api/v1/specialists/{slug}")
    assert api.status == 200 and "no-store" not in api.headers["Cache-Control"]


def test_the_api_suspends_only_with_a_reason(server, admin, admin_mail):
    _, profile = listed_specialist(server, admin)
    token = token_of(server, admin_mail, ADMIN_PASSWORD)
    path = f"/api/v1/admin/specialists/{profile['slug']}/suspend"
    for body in (None, {}, {"reason": "  "}, {"reason": "r" * 501}, {"reason": 5}):
        res = Client(server.url).post(path, json=body, headers=bearer(token))
        assert res.status == 422, (body, res)
        assert res.error()["field"] == "reason"
    assert Client(server.url).get(f"/specialists/{profile['slug']}").status == 200
    missing = Client(server.url).post("/api/v1/admin/specialists/no-such-person/suspend", json={"reason": "x"},
                                      headers=bearer(token))
    assert missing.status == 404
    res = Client(server.url).post(path, json={"reason": "Licence lapsed"}, headers=bearer(token))
    assert res.status == 200 and res.json()["profile"]["state"] == "suspended"
    assert Client(server.url).post(f"/api/v1/admin/specialists/{profile['slug']}/reinstate",
                                   headers=bearer(token)).status == 200


def test_a_fee_that_is_not_a_number_is_refused_and_kept_as_typed(server):
    c, _ = signed_in(server)
    before = fill_wizard(c)
    res = post_step(c, "practice", dict(PRACTICE, fee_min="eighty"))
    assert res.status == 422, res
    assert 'href="#fee_min"' in res.text and 'value="eighty"' in res.text
    assert my_profile(c) == before


def test_an_upload_without_a_file_asks_for_one(server):
    c, _ = signed_in(server)
    fill_wizard(c)
    res = upload_photo(c, "", "application/octet-stream", b"")
    assert res.status == 422, res
    assert "Please choose a photo to upload" in res.text


def test_a_cut_off_multipart_body_is_400(server):
    c, _ = signed_in(server)
    fill_wizard(c)
    token = c.csrf_from("/account/profile/photo")
    body = (f'--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{token}\r\n'
            '--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n').encode() + tiny_png()
    res = c.post("/account/profile/photo", raw_body=body, content_type="multipart/form-data; boundary=XyZ")
    assert res.status == 400, res


# --- Asking to be listed, and the admin's side ---

def test_asking_to_be_listed_shows_what_is_missing(server):
    c, _ = signed_in(server)
    assert post_step(c, "about", dict(ABOUT, full_name=unique_name(), licence_number="")).status == 303
    review = c.get("/account/profile/review")
    assert "Before you can ask to be listed" in review.text
    assert 'href="/account/profile/about#licence_number"' in review.text
    assert 'href="/account/profile/work#specialties"' in review.text
    res = ask_to_be_listed(c)
    assert res.status == 422, res
    assert 'role="alert"' in res.text and 'href="/account/profile/practice#online"' in res.text
    assert my_profile(c)["state"] == "draft"


def test_verification_lists_the_profile_with_its_badge(server, admin, admin_mail):
    c, _ = signed_in(server)
    name = unique_name("Verity")
    slug = fill_wizard(c, name=name)["slug"]
    assert Client(server.url).get(f"/specialists/{slug}").status == 404  # a draft is not public

    res = ask_to_be_listed(c)
    assert res.status == 303 and res.location == "/account/profile/review?requested=1"
    review = c.get(res.location)
    assert "Awaiting verification" in review.text
    assert Client(server.url).get(f"/specialists/{slug}").status == 404

    queue = admin.get("/admin/specialists")
    assert queue.status == 200, queue
    assert html.escape(name) in queue.text and ABOUT["licence_number"] in queue.text
    assert f'href="/admin/specialists/{slug}"' in queue.text
    preview = admin.get(f"/admin/specialists/{slug}")
    assert preview.status == 200 and "Verify licence and list" in preview.text

    res = admin_action(admin, slug, "verify")
    assert res.status == 303 and res.location == "/admin/specialists?done=verify"
    assert "Verified." in admin.get(res.location).text

    page = Client(server.url).get(f"/specialists/{slug}")
    assert page.status == 200, page
    assert "Licence verified on" in page.text
    # No hours yet: no mark and no booking button until there is an open time.
    assert "Offers a free 30-minute consultation" not in page.text
    assert "No free consultation times at the moment" in page.text and "/book" not in page.text
    assert set_hours(c).status == 303
    page = Client(server.url).get(f"/specialists/{slug}")
    assert "Offers a free 30-minute consultation" in page.text and f"/specialists/{slug}/book" in page.text
    assert "Listed" in c.get("/account/profile/review").text
    entries = [e for e in audit_entries(server, admin_mail, "specialist.verify") if e["target_id"] == slug]
    assert entries and entries[0]["actor"] == admin_mail


def test_the_public_page_has_everything_to_decide(server, admin):
    c, profile = listed_specialist(server, admin, name=unique_name("Dr Ines"))
    slug = profile["slug"]
    assert upload_photo(c, "me.png", "image/png", tiny_png()).status == 303
    page = Client(server.url).get(f"/specialists/{slug}")
    assert page.status == 200, page
    text = page.text
    for expected in [html.escape(profile["full_name"]), html.escape(ABOUT["credentials"]), "Attachment",
                     "Complex trauma", "EMDR", "English", "German", "Online and in person", "Berlin, Germany",
                     "Europe/Berlin", "€80–120 (EUR)", "<strong>adults and couples</strong>", "<em>unhurried</em>",
                     "HCPC (United Kingdom)"]:
        assert expected in text, expected
    # The free consultation is the one filled action; "Send a message" is the secondary one.
    assert f'<a class="button" href="/specialists/{slug}/book">Book a free consultation</a>' in text
    assert f'<a class="button button--secondary" href="/messages/new?to={slug}">Send a message</a>' in text
    assert text.count("/messages") == 1
    # Open Graph and JSON-LD.
    assert '<meta property="og:type" content="profile">' in text
    assert re.search(rf'<meta property="og:image" content="http://[^"]+/specialists/{slug}/photo\?v=\d+">', text)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))
    assert ld["@type"] == "Person" and ld["name"] == profile["full_name"]
    assert ld["url"].endswith(f"/specialists/{slug}")
    assert set(ld["knowsLanguage"]) == {"English", "German"}
    assert ld["address"] == {"@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"}
    # The photo is public now, and the page's URL for it works.
    photo = Client(server.url).get(f"/specialists/{slug}/photo")
    assert photo.status == 200 and photo.headers["Content-Type"] == "image/png"


def test_profile_text_cannot_inject_markup(server, admin):
    c, profile = listed_specialist(server, admin)
    bio = [("bio", '<script>alert(1)</script> [click](javascript:alert(2)) "quoted" & fine'),
           ("specialties", "attachment"), ("languages", "en")]
    assert post_step(c, "work", bio).status == 303
    assert post_step(c, "about", dict(ABOUT, full_name=profile["full_name"],
                                      headline='</script><script>alert(3)</script>')).status == 303
    page = Client(server.url).get(f"/specialists/{profile['slug']}")
    assert page.status == 200
    assert "<script>alert" not in page.text and "javascript:alert" not in page.text
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1)
    assert "</script" not in ld and json.loads(ld)["description"] == "</script><script>alert(3)</script>"


def test_no_message_placeholder_is_left(server, admin):
    _, profile = listed_specialist(server, admin)
    member, _ = signed_in(server, role="member")
    for c in (Client(server.url), member):
        assert c.get(f"/messages/new?specialist={profile['slug']}").status == 404


def test_suspension_hides_the_profile_and_reinstating_restores_it(server, admin, admin_mail):
    c, profile = listed_specialist(server, admin)
    slug = profile["slug"]
    # A reason is required: the specialist is shown it.
    res = admin_action(admin, slug, "suspend", reason="  ")
    assert res.status == 422, res
    assert 'href="#reason"' in res.text
    assert Client(server.url).get(f"/specialists/{slug}").status == 200

    res = admin_action(admin, slug, "suspend", reason="Licence lapsed; please send the renewal.")
    assert res.status == 303, res
    assert Client(server.url).get(f"/specialists/{slug}").status == 404
    assert Client(server.url).get(f"/api/v1/specialists/{slug}").status == 404
    assert Client(server.url).get(f"/specialists/{slug}/photo").status == 404
    wizard = c.get("/account/profile/about")
    assert "Suspended" in wizard.text and "Licence lapsed; please send the renewal." in wizard.text
    entries = [e for e in audit_entries(server, admin_mail, "specialist.suspend") if e["target_id"] == slug]
    # The log says a reason was given; the words stay with the specialist.
    assert entries and entries[0]["detail"] == "reason_given: true"
    suspended = admin.get("/admin/specialists?state=suspended")
    assert html.escape(profile["full_name"]) in suspended.text

    res = admin_action(admin, slug, "reinstate")
    assert res.status == 303, res
    assert Client(server.url).get(f"/specialists/{slug}").status == 200
    assert [e for e in audit_entries(server, admin_mail, "specialist.reinstate") if e["target_id"] == slug]


def test_a_new_licence_number_is_verified_again(server, admin):
    c, profile = listed_specialist(server, admin)
    res = post_step(c, "about", dict(ABOUT, full_name=profile["full_name"], licence_number="NEW-999"))
    assert res.status == 303
    assert my_profile(c)["state"] == "awaiting_verification"
    assert Client(server.url).get(f"/specialists/{profile['slug']}").status == 404


# --- Who may do what ---

def test_visitors_are_sent_to_log_in(server):
    for path in ("/account/profile", "/account/profile/about", "/account/profile/review", "/admin/specialists",
                 "/admin/specialists/someone"):
        res = Client(server.url).get(path)
        assert res.status == 302, (path, res)
        target, query = split(res.location)
        assert target == "/login" and query == {"gated": "1", "return_to": path}
    api = Client(server.url).get("/api/v1/me/profile")
    assert api.status == 401 and api.error()["code"] == "unauthorized"
    # A visitor's post (with a valid visitor token) is sent to log in too.
    visitor = Client(server.url)
    token = visitor.csrf_from("/login")
    res = visitor.post("/account/profile/about", form=dict(ABOUT, _csrf=token))
    assert res.status == 303 and res.location.startswith("/login?gated=1"), res


def test_members_cannot_edit_a_profile(server):
    member, email = signed_in(server, role="member")
    for path in ("/account/profile", "/account/profile/about", "/account/profile/practice"):
        res = member.get(path)
        assert res.status == 403, (path, res)
    token = member.csrf_from("/account")
    res = member.post("/account/profile/about", form=dict(ABOUT, _csrf=token))
    assert res.status == 403, res
    api = Client(server.url).request("PUT", "/api/v1/me/profile", json=api_profile({}),
                                     headers=bearer(token_of(server, email)))
    assert api.status == 403, api
    assert Client(server.url).get("/api/v1/me/profile", headers=bearer(token_of(server, email))).status == 403


def test_a_specialist_only_ever_edits_their_own_profile(server):
    first, _ = signed_in(server)
    mine = fill_wizard(first, name=unique_name("First"))
    second, _ = signed_in(server)
    # The wizard is always one's own: a second specialist starts empty.
    assert "Next step: Tell people about yourself" in second.get("/account/profile").text
    assert html.escape(mine["full_name"]) not in second.get("/account/profile/about").text
    other = fill_wizard(second, name=unique_name("Second"))
    assert other["slug"] != mine["slug"] and my_profile(first)["full_name"] == mine["full_name"]
    # Another's unlisted profile, preview and photo are out of reach.
    assert second.get(f"/specialists/{mine['slug']}").status == 404
    assert second.get(f"/admin/specialists/{mine['slug']}").status == 403
    assert upload_photo(first, "a.png", "image/png", tiny_png()).status == 303
    assert second.get(f"/specialists/{mine['slug']}/photo").status == 404


def test_specialists_and_members_cannot_verify(server):
    c, email = signed_in(server)
    slug = fill_wizard(c)["slug"]
    assert ask_to_be_listed(c).status == 303
    for who, mail in ((c, email), signed_in(server, role="member")):
        assert who.get("/admin/specialists").status == 403
        token = who.csrf_from("/account")
        for action in ("verify", "suspend", "reinstate"):
            res = who.post(f"/admin/specialists/{slug}/{action}", form={"_csrf": token, "reason": "no"})
            assert res.status == 403, (action, res)
        api = Client(server.url).post(f"/api/v1/admin/specialists/{slug}/verify",
                                      headers=bearer(token_of(server, mail)))
        assert api.status == 403, api
    assert my_profile(c)["state"] == "awaiting_verification"


def test_the_admin_lists_are_paged_and_the_dashboard_links_them(server, admin):
    dashboard = admin.get("/admin")
    assert 'href="/admin/specialists"' in dashboard.text and 'href="/admin/campaign"' in dashboard.text
    for state in ("awaiting", "listed", "suspended", "draft"):
        res = admin.get(f"/admin/specialists?state={state}&per_page=1")
        assert res.status == 200, (state, res)
        assert 'aria-current="page"' in res.text
    assert admin.get("/admin/specialists?state=nonsense").status == 404
    assert admin.get("/admin/specialists/no-such-person").status == 404


# --- Sliding scale and reduced fees ---

def test_reduced_fee_choices_round_trip_through_the_api(server):
    c, email = signed_in(server)
    auth = bearer(token_of(server, email))
    res = Client(server.url).request("PUT", "/api/v1/me/profile", headers=auth,
                                     json=api_profile({"sliding_scale": True, "reduced_fees": True}))
    assert res.status == 200, res
    saved = res.json()["profile"]
    assert (saved["sliding_scale"], saved["reduced_fees"]) == (True, True)
    assert saved["reduced_fee_text"] == "Sliding scale and reduced fees available"
    assert saved["fee_text"] == "€80–120 (EUR)"
    mine = my_profile(c)
    assert (mine["sliding_scale"], mine["reduced_fees"]) == (True, True)
    # Like every field, absent means its default.
    res = Client(server.url).request("PUT", "/api/v1/me/profile", headers=auth,
                                     json=api_profile({"full_name": mine["full_name"], "reduced_fees": True}))
    assert res.status == 200, res
    assert (my_profile(c)["sliding_scale"], my_profile(c)["reduced_fees"]) == (False, True)


@pytest.mark.parametrize("field,value", [("sliding_scale", "yes"), ("sliding_scale", 1), ("reduced_fees", "true"),
                                         ("reduced_fees", [True]), ("reduced_fees", {"on": True})])
def test_reduced_fee_choices_must_be_true_or_false(server, field, value):
    c, email = signed_in(server)
    auth = bearer(token_of(server, email))
    before = Client(server.url).request("PUT", "/api/v1/me/profile", headers=auth,
                                        json=api_profile({"sliding_scale": True, "reduced_fees": True}))
    assert before.status == 200, before
    res = Client(server.url).request("PUT", "/api/v1/me/profile", headers=auth,
                                     json=api_profile({field: value, "full_name": "Someone Else"}))
    assert res.status == 422, res
    assert res.error()["field"] == field
    after = my_profile(c)
    assert (after["sliding_scale"], after["reduced_fees"], after["full_name"]) == \
        (True, True, before.json()["profile"]["full_name"])


def test_the_wizard_asks_about_reduced_fees_and_the_public_page_shows_them(server, admin):
    c, _ = signed_in(server)
    profile = fill_wizard(c, practice={"sliding_scale": "1"})
    assert (profile["sliding_scale"], profile["reduced_fees"]) == (True, False)
    page = c.get("/account/profile/practice").text
    assert re.search(r'<input id="sliding_scale" name="sliding_scale" type="checkbox" value="1" checked>', page)
    assert re.search(r'<input id="reduced_fees" name="reduced_fees" type="checkbox" value="1">', page)
    assert '<label for="reduced_fees">' in page
    # Unticked boxes are a "no" from the step that owns them.
    res = post_step(c, "practice", dict(PRACTICE, reduced_fees="1"))
    assert res.status == 303, res
    assert (my_profile(c)["sliding_scale"], my_profile(c)["reduced_fees"]) == (False, True)
    assert ask_to_be_listed(c).status == 303
    assert admin_action(admin, profile["slug"], "verify").status == 303
    text = Client(server.url).get(f"/specialists/{profile['slug']}").text
    assert "€80–120 (EUR)" in text and "Reduced fees available" in text
    public = Client(server.url).get(f"/api/v1/specialists/{profile['slug']}").json()["profile"]
    assert (public["sliding_scale"], public["reduced_fees"]) == (False, True)


def test_nobody_else_changes_a_specialists_reduced_fees(server):
    owner, owner_mail = signed_in(server)
    owner_auth = bearer(token_of(server, owner_mail))
    body = api_profile({"sliding_scale": True, "reduced_fees": True})
    assert Client(server.url).request("PUT", "/api/v1/me/profile", headers=owner_auth, json=body).status == 200
    # Another specialist's PUT is always their own profile.
    other, other_mail = signed_in(server)
    res = Client(server.url).request("PUT", "/api/v1/me/profile", headers=bearer(token_of(server, other_mail)),
                                     json=dict(body, sliding_scale=False, reduced_fees=False))
    assert res.status == 200 and res.json()["profile"]["slug"] != my_profile(owner)["slug"]
    # Members and visitors may not write a profile at all.
    _, member_mail = signed_in(server, role="member")
    member = Client(server.url).request("PUT", "/api/v1/me/profile", headers=bearer(token_of(server, member_mail)),
                                        json=dict(body, sliding_scale=False))
    assert member.status == 403, member
    assert Client(server.url).request("PUT", "/api/v1/me/profile", json=dict(body, sliding_scale=False)).status == 401
    token = other.csrf_from("/account/profile/practice")
    assert other.post("/account/profile/practice", form=dict(PRACTICE, _csrf=token)).status == 303
    mine = my_profile(owner)
    assert (mine["sliding_scale"], mine["reduced_fees"]) == (True, True)
