"""The pages of private messages, on SQLite and PostgreSQL: the first message
to a specialist and "Your message has been sent", the visitor's log-in gate
with its way back, someone else's conversation (404), CSRF, bad input shown
again with the words kept (422), crisis resources after a self-harm phrase,
the archive, blocking, the unread count in the navigation and the e-mail
setting on /account."""
from __future__ import annotations

import html
import re
import urllib.parse
import uuid

import pytest

from hearth_client import Client, extract_csrf
from message_helpers import message_count, set_messages_open
from specialist_helpers import admin_client, admin_email, listed_specialist, signed_in

SECRET_PHRASE = "lanterns over the quiet harbour"


@pytest.fixture(scope="module")
def people(server):
    """A listed specialist (cookie client and profile) on this server."""
    admin = admin_client(server, admin_email(server))
    spec, profile = listed_specialist(server, admin, free=True)
    return {"specialist": spec, "profile": profile}


def member(server, name: str = "Mina Member") -> Client:
    return signed_in(server, role="member", name=name)[0]


def message_ids(page_html: str) -> list[int]:
    return [int(m) for m in re.findall(r'data-message-id="(\d+)"', page_html)]


def unread_badge(page_html: str) -> tuple[str, bool]:
    """The navigation's unread count: (text, hidden)."""
    m = re.search(r'<span class="nav-count" data-unread-messages( hidden)?>(\d*)</span>', page_html)
    assert m, "no unread count in the navigation"
    return m.group(2), bool(m.group(1))


def start(c: Client, slug: str, body: str, key: str | None = None):
    page = c.get(f"/messages/new?to={slug}")
    assert page.status == 200, page
    return c.post("/messages/new", form={"_csrf": extract_csrf(page.text), "to": slug, "body": body,
                                         "idempotency_key": key or uuid.uuid4().hex})


def conversation_of(res) -> int:
    assert res.status == 303, res
    m = re.match(r"^/messages/(\d+)#message-\d+$", res.location or "")
    assert m, res.location
    return int(m.group(1))


def reply(c: Client, cid: int, body: str, key: str | None = None, csrf: bool = True):
    page = c.get(f"/messages/{cid}")
    assert page.status == 200, page
    form = {"body": body, "idempotency_key": key or uuid.uuid4().hex}
    if csrf:
        form["_csrf"] = extract_csrf(page.text)
    return c.post(f"/messages/{cid}", form=form)


def test_the_new_message_form_says_whom_and_is_not_for_emergencies(server, people):
    c = member(server)
    slug = people["profile"]["slug"]
    res = c.get(f"/messages/new?to={slug}")
    assert res.status == 200, res
    page = res.text
    assert "Write to " + html.escape(people["profile"]["full_name"]) in page
    assert f'data-draft="message-new:{slug}"' in page
    assert 'maxlength="10000"' in page
    assert re.search(r'name="idempotency_key" value="[A-Za-z0-9_-]{16,}"', page)
    assert "Not for emergencies" in page and 'href="/help"' in page
    assert c.get("/messages/new?to=nobody-by-this-name").status == 404
    assert c.get("/messages/new").status == 404


def test_a_member_writes_sees_it_sent_and_the_specialist_reads_it(server, people):
    c = member(server, "Noor Writer")
    spec = people["specialist"]
    before, _ = unread_badge(spec.get("/account").text)
    res = start(c, people["profile"]["slug"], f"Hello, {SECRET_PHRASE}.")
    cid = conversation_of(res)
    # Accepted: the browser forgets the draft, and the flash is a cookie, not the URL.
    assert any("hearth_draft_sent=" in line and "message-new" in urllib.parse.unquote(line)
               for line in res.set_cookies), res.set_cookies
    assert "sent" not in (res.location or "").split("#")[0]
    page = c.get(f"/messages/{cid}")
    assert page.status == 200, page
    assert "Your message has been sent" in page.text
    assert SECRET_PHRASE in page.text
    assert "crisis-resources" not in page.text
    # Said once: a reload does not say it again.
    assert "Your message has been sent" not in c.get(f"/messages/{cid}").text

    # The specialist: an unread count in the navigation and the list, then reading it.
    text, hidden = unread_badge(spec.get("/account").text)
    assert not hidden and int(text) == int(before or 0) + 1, (text, before)
    listing = spec.get("/messages")
    assert listing.status == 200
    assert f'href="/messages/{cid}"' in listing.text and "Noor Writer" in listing.text
    assert "1 unread message" in listing.text
    read = spec.get(f"/messages/{cid}")
    assert read.status == 200 and SECRET_PHRASE in read.text
    assert 'action="/reports"' in read.text and 'name="target_type" value="message"' in read.text
    # Reading it lowered the count (this very page already shows the new count).
    assert unread_badge(spec.get("/account").text)[0] == (before or "0")

    # The specialist replies; the member sees it, oldest first.
    res = reply(spec, cid, "Thank you for writing. When would suit you?")
    assert conversation_of(res) == cid
    mine = c.get(f"/messages/{cid}").text
    assert mine.index(SECRET_PHRASE) < mine.index("When would suit you?")


def test_someone_else_gets_404_for_a_conversation(server, people):
    owner = member(server)
    cid = conversation_of(start(owner, people["profile"]["slug"], "Only for the two of us."))
    other = member(server, "Third Person")
    assert other.get(f"/messages/{cid}").status == 404
    token = extract_csrf(other.get("/messages").text)
    for path in (f"/messages/{cid}", f"/messages/{cid}/archive", f"/messages/{cid}/block"):
        res = other.post(path, form={"_csrf": token, "body": "intrusion", "idempotency_key": uuid.uuid4().hex})
        assert res.status == 404, (path, res)
    assert "Only for the two of us." not in other.get("/messages").text
    assert other.get("/messages/not-a-number").status == 404
    assert owner.get(f"/messages/{cid}?before=x").status == 404
    assert "intrusion" not in owner.get(f"/messages/{cid}").text


def test_visitors_are_asked_to_log_in_and_come_back_to_the_form(server, people):
    slug = people["profile"]["slug"]
    v = Client(server.url)
    page = v.get(f"/messages/new?to={slug}")
    assert page.status == 200, page
    assert "Log in to send" in page.text and f'data-draft="message-new:{slug}"' in page.text
    res = v.post("/messages/new", form={"_csrf": extract_csrf(page.text), "to": slug,
                                        "body": "Words that stay in the browser", "idempotency_key": uuid.uuid4().hex})
    assert res.status == 303, res
    target = urllib.parse.urlsplit(res.location)
    assert target.path == "/login"
    query = urllib.parse.parse_qs(target.query)
    assert query["gated"] == ["1"] and query["return_to"] == [f"/messages/new?to={slug}"]
    assert "Words" not in res.location
    # The list and a conversation are for signed-in people only.
    for path in ("/messages", "/messages/1", "/messages?archived=1"):
        res = v.get(path)
        assert res.status == 302, res
        target = urllib.parse.urlsplit(res.location)
        assert target.path == "/login", res.location
        assert urllib.parse.parse_qs(target.query) == {"gated": ["1"], "return_to": [path]}, res.location


def test_forms_without_the_csrf_token_change_nothing(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "First words."))
    count = len(message_ids(c.get(f"/messages/{cid}").text))
    res = reply(c, cid, "Sent without a token.", csrf=False)
    assert res.status == 403, res
    res = c.post(f"/messages/{cid}/archive", form={})
    assert res.status == 403, res
    res = c.post("/account/message-emails", form={"emails": "off"})
    assert res.status == 403, res
    page = c.get(f"/messages/{cid}").text
    assert len(message_ids(page)) == count and "Sent without a token." not in page
    assert 'id="message-emails-on" name="emails" value="on" checked' in c.get("/account").text


@pytest.mark.parametrize("body,expect", [("   ", "body"), ("x" * 10001, "body")])
def test_bad_input_is_shown_again_with_the_words_kept(server, people, body, expect):
    c = member(server)
    slug = people["profile"]["slug"]
    res = start(c, slug, body)
    assert res.status == 422, res
    assert "error-summary" in res.text and 'aria-invalid="true"' in res.text
    if body.strip():
        assert body in res.text, "the long text is kept in the form"
    assert "hearth_draft_sent" not in " ".join(res.set_cookies)
    # The same in a conversation.
    cid = conversation_of(start(c, slug, "A first message that is fine."))
    key = uuid.uuid4().hex
    res = reply(c, cid, body, key=key)
    assert res.status == 422, res
    assert f'value="{key}"' in res.text, "the form keeps its idempotency key"
    if body.strip():
        assert body in res.text
    assert len(message_ids(res.text)) == 1


def test_the_same_key_twice_sends_one_message(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "Opening words."))
    key = uuid.uuid4().hex
    assert conversation_of(reply(c, cid, "Sent twice by a retry.", key=key)) == cid
    assert conversation_of(reply(c, cid, "Sent twice by a retry.", key=key)) == cid
    assert c.get(f"/messages/{cid}").text.count("Sent twice by a retry.") == 1
    assert message_count(server, cid) == 2


def test_crisis_resources_are_shown_at_once_and_the_message_is_delivered(server, people):
    c = member(server)
    res = start(c, people["profile"]["slug"], "Some days I want to end my life and I don't know why.")
    cid = conversation_of(res)
    page = c.get(f"/messages/{cid}").text
    assert "Your message has been sent" in page
    assert 'id="crisis-resources"' in page and 'href="tel:988"' in page and 'href="/help"' in page
    assert "end my life" in people["specialist"].get(f"/messages/{cid}").text
    # Not again on the next load, and never in the URL.
    assert 'id="crisis-resources"' not in c.get(f"/messages/{cid}").text
    assert "crisis" not in res.location


def test_archive_and_back(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "To be archived."))
    token = extract_csrf(c.get("/messages").text)
    res = c.post(f"/messages/{cid}/archive", form={"_csrf": token})
    assert res.status == 303 and res.location == "/messages?done=archived", res
    assert f'href="/messages/{cid}"' not in c.get("/messages").text
    archived = c.get("/messages?archived=1")
    assert f'href="/messages/{cid}"' in archived.text and "Move back to conversations" in archived.text
    # Only the member's own list: the specialist still sees it.
    assert f'href="/messages/{cid}"' in people["specialist"].get("/messages").text
    res = c.post(f"/messages/{cid}/unarchive", form={"_csrf": token})
    assert res.status == 303, res
    assert f'href="/messages/{cid}"' in c.get("/messages").text
    # A new message from the other side brings an archived conversation back.
    c.post(f"/messages/{cid}/archive", form={"_csrf": token})
    assert conversation_of(reply(people["specialist"], cid, "Still here for you.")) == cid
    assert f'href="/messages/{cid}"' in c.get("/messages").text


def test_blocking_stops_both_sides_and_unblocking_lets_them_write_again(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "Before the block."))
    spec = people["specialist"]
    page = c.get(f"/messages/{cid}").text
    assert "Yes, block" in page
    res = c.post(f"/messages/{cid}/block", form={"_csrf": extract_csrf(page)})
    assert res.status == 303, res
    page = c.get(f"/messages/{cid}").text
    assert "You have blocked" in page and "Unblock" in page and 'name="body"' not in page
    res = reply(spec, cid, "After the block.")
    assert res.status == 403, res
    assert "After the block." in res.text, "the words are kept in the form"
    assert "After the block." not in c.get(f"/messages/{cid}").text
    res = c.post(f"/messages/{cid}/unblock", form={"_csrf": extract_csrf(c.get(f"/messages/{cid}").text)})
    assert res.status == 303, res
    assert conversation_of(reply(spec, cid, "After the unblock.")) == cid


def test_the_message_e_mail_setting_on_the_account_page(server):
    c = member(server)
    page = c.get("/account").text
    assert "E-mail me when I get a new message" in page
    assert 'id="message-emails-on" name="emails" value="on" checked' in page
    res = c.post("/account/message-emails", form={"_csrf": extract_csrf(page), "emails": "off"})
    assert res.status == 303, res
    assert res.location == "/account?done=message-emails-off#messages-settings", res.location
    page = c.get(res.location.split("#")[0]).text
    assert 'id="message-emails-off" name="emails" value="off" checked' in page
    assert "We will not e-mail you about new messages." in page
    res = c.post("/account/message-emails", form={"_csrf": extract_csrf(page), "emails": "sometimes"})
    assert res.status == 422, res


def test_specialists_cannot_start_a_conversation(server, people):
    other, _ = signed_in(server, role="specialist")
    page = other.get(f"/messages/new?to={people['profile']['slug']}")
    assert page.status == 200
    assert "Only members can start a conversation" in page.text and 'name="body"' not in page.text


def test_an_empty_list_says_how_to_begin(server):
    c = member(server)
    page = c.get("/messages")
    assert page.status == 200 and "No conversations yet" in page.text
    assert unread_badge(page.text) == ("0", True)
    assert "You have no archived conversations" in c.get("/messages?archived=1").text


def test_a_long_conversation_pages_back_to_earlier_messages(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "Message number 0"))
    token = extract_csrf(c.get(f"/messages/{cid}").text)
    for n in range(1, 55):
        res = c.post(f"/messages/{cid}", form={"_csrf": token, "body": f"Message number {n}",
                                                "idempotency_key": uuid.uuid4().hex})
        assert res.status == 303, res
    newest = c.get(f"/messages/{cid}").text
    ids = message_ids(newest)
    assert len(ids) == 50 and ids == sorted(ids), "the newest 50, oldest first"
    assert "Message number 54" in newest and "Message number 4<" not in newest
    m = re.search(r'href="(/messages/\d+\?before=\d+)">Earlier messages', newest)
    assert m, "a link back to earlier messages"
    earlier = c.get(html.unescape(m.group(1)))
    assert earlier.status == 200
    assert message_ids(earlier.text) == sorted(message_ids(earlier.text))
    assert len(message_ids(earlier.text)) == 5 and "Message number 0<" in earlier.text
    assert "Earlier messages" not in earlier.text and f'href="/messages/{cid}">Later messages' in earlier.text
    assert 'data-live-messages="0"' in earlier.text and 'data-live-messages="1"' in newest


def test_each_message_from_the_other_side_can_be_reported(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "Words the specialist may report."))
    spec = people["specialist"]
    page = spec.get(f"/messages/{cid}").text
    mid = message_ids(page)[0]
    form = page[page.index('action="/reports"'):]
    form = form[:form.index("</form>")]
    assert f'name="target_id" value="{mid}"' in form and 'name="target_type" value="message"' in form
    assert f'name="return_to" value="/messages/{cid}"' in form
    assert re.findall(r'<option value="([a-z_]+)"', form) == ["harassment", "spam", "self_harm_concern", "other"]
    assert 'name="note"' in form and 'name="_csrf"' in form
    # One's own messages have none (the page's inert <template> is the form
    # static/js/messages.js gives a message that arrives while it is open).
    own = re.sub(r"<template data-report-template>.*?</template>", "", c.get(f"/messages/{cid}").text, flags=re.S)
    assert 'action="/reports"' not in own
    assert "Our team will look at the message you reported" in spec.get(f"/messages/{cid}?done=reported").text


def test_the_send_limit_shows_the_form_again_with_the_words_and_retry_after(rate_limited_server):
    server = rate_limited_server
    admin = admin_client(server, admin_email(server))
    _, profile = listed_specialist(server, admin, free=False)
    c = member(server)
    cid = conversation_of(start(c, profile["slug"], "The first of many."))
    token = extract_csrf(c.get(f"/messages/{cid}").text)
    for n in range(80):
        # A different address each time, so only the per-sender rules count.
        res = c.post(f"/messages/{cid}", form={"_csrf": token, "body": f"Quick note {n}.",
                                                "idempotency_key": uuid.uuid4().hex},
                     headers={"X-Forwarded-For": f"198.51.100.{n % 250 + 1}"})
        if res.status != 303:
            break
    assert res.status == 429, res
    assert int(res.headers["Retry-After"]) > 0
    assert f"Quick note {n}." in res.text and "what you wrote is still here" in res.text
    assert "hearth_draft_sent" not in " ".join(res.set_cookies)
    assert 40 <= n <= 70, n


def test_a_specialist_closed_to_new_conversations_is_said_kindly(server):
    admin = admin_client(server, admin_email(server))
    _, free = listed_specialist(server, admin, free=True)
    _, not_free = listed_specialist(server, admin, free=False)
    c = member(server)
    already = conversation_of(start(c, free["slug"], "Written while they were open."))
    for profile in (free, not_free):
        set_messages_open(server, profile["slug"], False)
    # Someone new: a kind notice, no form, and where to go instead.
    other = member(server)
    page = other.get(f"/messages/new?to={free['slug']}")
    assert page.status == 200
    assert "is not taking new conversations at the moment" in page.text and 'name="body"' not in page.text
    assert f'href="/specialists/{free["slug"]}/book"' in page.text
    page = other.get(f"/messages/new?to={not_free['slug']}")
    assert "See similar specialists" in page.text and 'href="/specialists?specialty=' in page.text
    # A conversation already begun goes on.
    page = c.get(f"/messages/new?to={free['slug']}")
    assert f'href="/messages/{already}"' in page.text and 'name="body"' in page.text
    assert conversation_of(reply(c, already, "Still writing after they closed.")) == already


def test_a_key_used_before_for_other_words_comes_back_with_a_new_one(server, people):
    c = member(server)
    cid = conversation_of(start(c, people["profile"]["slug"], "Opening words for the key test."))
    key = uuid.uuid4().hex
    assert conversation_of(reply(c, cid, "The first words under this key.", key=key)) == cid
    # The page from before the send, edited and sent again with its old key.
    res = reply(c, cid, "Other words under the same key.", key=key)
    assert res.status == 409, res
    assert "Other words under the same key." in res.text
    fresh = re.search(r'name="idempotency_key" value="([^"]+)"', res.text).group(1)
    assert fresh != key
    assert conversation_of(reply(c, cid, "Other words under the same key.", key=fresh)) == cid
    # A malformed key is said above the form, not beside a field that is not there.
    res = reply(c, cid, "Words with a broken key.", key="short")
    assert res.status == 422 and "Words with a broken key." in res.text
    assert 'href="#idempotency_key"' not in res.text and 'role="alert"' in res.text
