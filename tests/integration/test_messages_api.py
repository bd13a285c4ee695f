"""Private messages through /api/v1/conversations on both engines: who may
see and send, idempotent sends, field rules, blocks, archive, unread counts,
paging, closed specialists and crisis resources (issue 11)."""
from __future__ import annotations

from hearth_client import Client
from consultation_helpers import admin_token
from message_helpers import (conversations, key, member, message_count, read, send, set_messages_open, specialist,
                             start, started)


def test_visitor_gets_401(server):
    c = Client(server.url)
    assert c.get("/api/v1/conversations").status == 401
    res = c.post("/api/v1/conversations", json={"specialist": "x", "body": "hi", "idempotency_key": key()})
    assert res.status == 401, res
    assert c.get("/api/v1/conversations/1/messages").status == 401
    assert c.post("/api/v1/conversations/1/messages", json={"body": "hi", "idempotency_key": key()}).status == 401


def test_start_read_reply_and_unread_counts(server):
    m, s = member(server, "Noor Member"), specialist(server)
    res = start(m, s.slug, "Hello, I would like to talk about my relationship.")
    assert res.status == 201, res
    body = res.json()
    conv, msg = body["conversation"], body["message"]
    assert msg["mine"] is True and msg["body"] == "Hello, I would like to talk about my relationship."
    assert body["crisis_resources"] is False
    assert conv["other"] == {"user_id": s.user["id"], "name": s.name, "slug": s.slug}
    assert conv["my_side"] == "member" and conv["unread_count"] == 0 and conv["first_reply_at"] is None

    # The specialist sees one unread conversation, with the member's name and no slug.
    listed = conversations(s)
    assert listed["unread_total"] == 1 and listed["total"] == 1
    item = listed["items"][0]
    assert item["id"] == conv["id"] and item["unread_count"] == 1
    assert item["other"] == {"user_id": m.user["id"], "name": "Noor Member", "slug": None}
    assert item["my_side"] == "specialist" and item["archived"] is False

    # Reading marks it read.
    res = read(s, conv["id"])
    assert res.status == 200, res
    page = res.json()
    assert [i["body"] for i in page["items"]] == ["Hello, I would like to talk about my relationship."]
    assert page["items"][0]["mine"] is False and page["has_earlier"] is False
    assert page["conversation"]["unread_count"] == 0 and page["unread_total"] == 0
    assert conversations(s)["unread_total"] == 0

    # The specialist's first reply sets first_reply_at; the member now has one unread.
    res = send(s, conv["id"], "Thank you for writing. When suits you?")
    assert res.status == 201, res
    assert res.json()["conversation"]["first_reply_at"] is not None
    mine = conversations(m)
    assert mine["unread_total"] == 1 and mine["items"][0]["unread_count"] == 1
    assert mine["items"][0]["first_reply_at"] is not None

    # Starting again with the same specialist continues the one conversation.
    res = start(m, s.slug, "One more thing.")
    assert res.status == 201, res
    assert res.json()["conversation"]["id"] == conv["id"]
    assert conversations(m)["total"] == 1
    assert [i["body"] for i in read(m, conv["id"]).json()["items"]] == [
        "Hello, I would like to talk about my relationship.", "Thank you for writing. When suits you?",
        "One more thing."]


def test_third_users_and_admins_get_404(server):
    m, s, other = member(server), specialist(server), member(server, "Someone Else")
    conv = started(m, s.slug)
    admin = Client(server.url)
    admin_headers = {"Authorization": "Bearer " + admin_token(server)}
    for person_call in (other.call, lambda method, path, json=None: admin.request(method, path, json=json,
                                                                                  headers=admin_headers)):
        assert person_call("GET", f"/api/v1/conversations/{conv}").status == 404
        res = person_call("GET", f"/api/v1/conversations/{conv}/messages")
        assert res.status == 404, res
        assert res.json()["error"]["code"] == "not_found"
        res = person_call("POST", f"/api/v1/conversations/{conv}/messages", json={"body": "", "idempotency_key": ""})
        assert res.status == 404, res
        res = person_call("POST", f"/api/v1/conversations/{conv}/messages",
                          json={"body": "let me in", "idempotency_key": key()})
        assert res.status == 404, res
        for method in ("POST", "DELETE"):
            assert person_call(method, f"/api/v1/conversations/{conv}/block", json={}).status == 404
            assert person_call(method, f"/api/v1/conversations/{conv}/archive", json={}).status == 404
    assert conversations(other)["total"] == 0
    # Nothing changed for the participants.
    assert message_count(server, conv) == 1
    listed = conversations(m)["items"][0]
    assert listed["archived"] is False and listed["blocked_by_me"] is False
    assert send(m, conv, "still open").status == 201
    # Unknown and malformed ids alike.
    assert read(m, 999999999).status == 404
    assert m.get("/api/v1/conversations/abc/messages").status == 404


def test_block_stops_both_directions(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    res = s.post(f"/api/v1/conversations/{conv}/block")
    assert res.status == 200, res
    assert res.json()["conversation"]["blocked_by_me"] is True
    before = message_count(server, conv)
    for person in (m, s):
        res = send(person, conv, "are you there?")
        assert res.status == 403, res
        err = res.error()
        assert err["code"] == "blocked" and err["message"] == "You can't send messages in this conversation."
    # Starting again lands in the same, blocked conversation.
    res = start(m, s.slug, "hello again")
    assert res.status == 403 and res.error()["code"] == "blocked"
    assert message_count(server, conv) == before
    # The blocked side is not told: their view says nothing of it, and their "unblock" changes nothing.
    assert conversations(m)["items"][0]["blocked_by_me"] is False
    assert m.call("DELETE", f"/api/v1/conversations/{conv}/block").status == 200
    assert send(m, conv, "and now?").status == 403
    # The one who blocked can lift it.
    res = s.call("DELETE", f"/api/v1/conversations/{conv}/block")
    assert res.status == 200 and res.json()["conversation"]["blocked_by_me"] is False
    assert send(m, conv, "thank you").status == 201
    assert send(s, conv, "you're welcome").status == 201


def test_same_idempotency_key_stores_one_message(server):
    m, s = member(server), specialist(server)
    k = key()
    first = start(m, s.slug, "Hello once.", idem=k)
    assert first.status == 201, first
    again = start(m, s.slug, "Hello once.", idem=k)
    assert again.status == 200, again
    conv = first.json()["conversation"]["id"]
    assert again.json()["message"]["id"] == first.json()["message"]["id"]
    assert message_count(server, conv) == 1

    k2 = key()
    one = send(m, conv, "Second message.", idem=k2)
    assert one.status == 201, one
    two = send(m, conv, "Second message.", idem=k2)
    assert two.status == 200 and two.json()["message"]["id"] == one.json()["message"]["id"]
    assert message_count(server, conv) == 2
    assert conversations(s)["items"][0]["unread_count"] == 2

    # The same key with another text is refused, and nothing is stored.
    res = send(m, conv, "A different text.", idem=k2)
    assert res.status == 409, res
    err = res.error()
    assert err["code"] == "idempotency_key_reused" and err["field"] == "idempotency_key"
    assert message_count(server, conv) == 2
    # Keys are the sender's own: the specialist may use the same one.
    assert send(s, conv, "Reply.", idem=k2).status == 201


def test_body_and_key_rules(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    cases = [("", "body"), ("   \n\t  ", "body"), ("x" * 10001, "body"), ("é" * 10001, "body"),
             ("bad \x01 control", "body")]
    for text, field in cases:
        res = send(m, conv, text)
        assert res.status == 422, (text[:20], res)
        assert res.error()["field"] == field
        res = start(m, s.slug, text)
        assert res.status == 422 and res.error()["field"] == field
    for bad_key in ("", "short", "k" * 129):
        res = send(m, conv, "fine", idem=bad_key) if bad_key else m.post(
            f"/api/v1/conversations/{conv}/messages", {"body": "fine"})
        assert res.status == 422, res
        assert res.error()["field"] == "idempotency_key"
    res = m.post(f"/api/v1/conversations/{conv}/messages", {"body": 12, "idempotency_key": key()})
    assert res.status == 422
    assert message_count(server, conv) == 1
    # 10,000 characters (not bytes) is the limit; surrounding space is trimmed.
    res = send(m, conv, "é" * 10000)
    assert res.status == 201, res
    res = send(m, conv, "  trimmed  \n")
    assert res.status == 201 and res.json()["message"]["body"] == "trimmed"
    assert message_count(server, conv) == 3


def test_closed_unlisted_and_self(server):
    m, s = member(server), specialist(server)
    set_messages_open(server, s.slug, False)
    res = start(m, s.slug)
    assert res.status == 409, res
    err = res.error()
    assert err["code"] == "messages_closed" and "not taking new conversations" in err["message"]
    assert conversations(m)["total"] == 0
    set_messages_open(server, s.slug, True)
    conv = started(m, s.slug)
    # Closing later does not end a conversation already begun.
    set_messages_open(server, s.slug, False)
    assert start(m, s.slug, "continuing").status == 201
    assert send(m, conv, "and here").status == 201

    hidden = specialist(server, listed=False)
    res = start(m, hidden.slug)
    assert res.status == 404, res
    assert start(m, "no-such-specialist").status == 404

    # Only members start conversations: a specialist (themselves or another) and an admin get 403.
    for slug in (s.slug, hidden.slug):
        res = start(s, slug)
        assert res.status == 403 and res.error()["code"] == "not_a_member"
    other = specialist(server)
    res = start(s, other.slug)
    assert res.status == 403 and res.error()["code"] == "not_a_member"
    res = Client(server.url).post("/api/v1/conversations", json={"specialist": s.slug, "body": "hi",
                                                                   "idempotency_key": key()},
                                  headers={"Authorization": "Bearer " + admin_token(server)})
    assert res.status == 403 and res.error()["code"] == "not_a_member"


def test_archive_and_unarchive(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    res = s.post(f"/api/v1/conversations/{conv}/archive")
    assert res.status == 200 and res.json()["conversation"]["archived"] is True
    assert conversations(s)["total"] == 0
    archive = conversations(s, "?archived=1")
    assert archive["total"] == 1 and archive["items"][0]["archived"] is True
    assert archive["unread_total"] == 1  # archived conversations still count
    # A new message brings it back for the recipient; the member's own list is untouched.
    assert send(m, conv, "Are you there?").status == 201
    assert conversations(s)["total"] == 1 and conversations(s, "?archived=1")["total"] == 0
    assert s.post(f"/api/v1/conversations/{conv}/archive").status == 200
    res = s.call("DELETE", f"/api/v1/conversations/{conv}/archive")
    assert res.status == 200 and res.json()["conversation"]["archived"] is False
    assert conversations(s)["total"] == 1
    assert m.get("/api/v1/conversations?archived=yes").status == 422


def test_paging_both_ways(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug, "message 0")
    for i in range(1, 7):
        assert send(m if i % 2 else s, conv, f"message {i}").status == 201
    newest = read(m, conv, "?limit=3").json()
    assert [i["body"] for i in newest["items"]] == ["message 4", "message 5", "message 6"]
    assert newest["has_earlier"] is True
    ids = [i["id"] for i in newest["items"]]
    earlier = read(m, conv, f"?before={ids[0]}&limit=3").json()
    assert [i["body"] for i in earlier["items"]] == ["message 1", "message 2", "message 3"]
    assert earlier["has_earlier"] is True
    first = read(m, conv, f"?before={earlier['items'][0]['id']}&limit=3").json()
    assert [i["body"] for i in first["items"]] == ["message 0"] and first["has_earlier"] is False
    later = read(m, conv, f"?after={earlier['items'][1]['id']}&limit=2").json()
    assert [i["body"] for i in later["items"]] == ["message 3", "message 4"]
    assert read(m, conv, f"?after={ids[-1]}").json()["items"] == []
    for bad in ("?limit=0", "?limit=101", "?limit=x", "?before=-1", "?after=abc"):
        assert read(m, conv, bad).status == 422, bad

    # The conversation list pages newest first.
    for _ in range(2):
        started(m, specialist(server).slug)
    page1 = conversations(m, "?per_page=2")
    assert page1["total"] == 3 and len(page1["items"]) == 2 and page1["page"] == 1 and page1["per_page"] == 2
    page2 = conversations(m, "?per_page=2&page=2")
    assert [i["id"] for i in page2["items"]] == [conv]


def test_crisis_resources_flagged_but_delivered(server):
    m, s = member(server), specialist(server)
    res = start(m, s.slug, "Some days I just want to die, honestly.")
    assert res.status == 201 and res.json()["crisis_resources"] is True
    conv = res.json()["conversation"]["id"]
    res = send(m, conv, "I volunteer for a suicide prevention hotline, by the way.")
    assert res.status == 201 and res.json()["crisis_resources"] is False
    assert [i["body"] for i in read(s, conv).json()["items"]][0] == "Some days I just want to die, honestly."


def test_message_settings(server):
    m = member(server)
    assert m.get("/api/v1/me/message-settings").json() == {"message_emails": True}
    res = m.put("/api/v1/me/message-settings", {"message_emails": False})
    assert res.status == 200 and res.json() == {"message_emails": False}
    assert m.get("/api/v1/me/message-settings").json() == {"message_emails": False}
    assert m.put("/api/v1/me/message-settings", {"message_emails": "no"}).status == 422
    assert Client(server.url).get("/api/v1/me/message-settings").status == 401
