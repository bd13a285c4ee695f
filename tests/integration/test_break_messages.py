"""Private messages under attack and careless use, on both engines: keys
reused at another specialist, someone else's conversation told apart from a
missing one, bodies of invisible characters only, the crisis phrases as
people really write them, a block racing sends already under way, and the
paths that held (CSRF on cookie writes, window ids from elsewhere, keys of
another sender, JSON types)."""
from __future__ import annotations

import os
import threading
import time
import uuid

import pytest

from consultation_helpers import admin_token
from hearth_client import GOOD_PASSWORD, Client, bearer, extract_csrf, mails_to
from message_helpers import conversations, db_rows, key, member, message_count, read, send, specialist, start, started


# --- an idempotency key is the sender's promise of one message, in one place ---

def test_key_reused_at_another_specialist_is_refused(server):
    """The first send's answer (200, the other conversation) would tell the
    client its message to the second specialist was delivered: it never was."""
    m, first, second = member(server), specialist(server), specialist(server)
    k = key()
    assert start(m, first.slug, "The same words.", k).status == 201
    res = start(m, second.slug, "The same words.", k)
    assert res.status == 409, res
    assert res.json()["error"] == {"code": "idempotency_key_reused",
                                   "message": "This idempotency key was already used for another message.",
                                   "field": "idempotency_key"}
    # Nothing was made with the second specialist, and a fresh key reaches them.
    assert conversations(second)["total"] == 0
    res = start(m, second.slug, "The same words.")
    assert res.status == 201, res
    assert res.json()["conversation"]["other"]["slug"] == second.slug
    # The repeat at the first specialist is still the harmless retry it was.
    again = start(m, first.slug, "The same words.", k)
    assert again.status == 200, again
    assert again.json()["conversation"]["other"]["slug"] == first.slug


# --- someone else's conversation must look exactly like one that does not exist ---

def test_someone_elses_conversation_is_told_apart_from_no_conversation(server):
    m, s, stranger = member(server), specialist(server), member(server, "Eve Stranger")
    other_specialist = specialist(server)
    assert started(member(server), other_specialist.slug)  # the specialist of another conversation
    conv = started(m, s.slug)
    missing = conv + 1_000_000
    calls = [("GET", "{}", None), ("GET", "{}/messages", None), ("GET", "{}/messages?after=0", None),
             ("POST", "{}/messages", {"body": "hello", "idempotency_key": key()}),
             ("POST", "{}/messages", {"body": "", "idempotency_key": ""}),
             ("POST", "{}/block", {}), ("DELETE", "{}/block", None),
             ("POST", "{}/archive", {}), ("DELETE", "{}/archive", None)]
    admin_headers = bearer(admin_token(server))

    def as_admin(method, path, json=None):
        return Client(server.url).request(method, path, json=json, headers=admin_headers)

    for call in (stranger.call, other_specialist.call, as_admin):
        for method, tail, body in calls:
            theirs = call(method, "/api/v1/conversations/" + tail.format(conv), json=body)
            nothing = call(method, "/api/v1/conversations/" + tail.format(missing), json=body)
            assert theirs.status == nothing.status == 404, (method, tail, theirs, nothing)
            assert theirs.json() == nothing.json(), (method, tail, theirs.json(), nothing.json())
    # The member's own conversation is untouched by all of that.
    assert message_count(server, conv) == 1
    mine = conversations(m)["items"][0]
    assert mine["archived"] is False and mine["blocked_by_me"] is False


# --- a message is something to read ---

@pytest.mark.parametrize("body", [
    "\u00a0", " \u00a0 \n\u3000", "\u2003\u2009\u202f", "\u200b", "\u200b\u200c\u200d\u2060", "\ufeff",
    "\u00ad", "\u3164", "\u2800",
])
def test_body_of_invisible_characters_only_is_refused(server, body):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    res = send(m, conv, body)
    assert res.status == 422, (repr(body), res)
    assert res.json()["error"]["field"] == "body"
    assert message_count(server, conv) == 1
    res = start(member(server), s.slug, body)
    assert res.status == 422, (repr(body), res)
    assert res.json()["error"]["field"] == "body"


def test_visible_text_around_invisible_characters_is_kept(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    for body in ["\u00a0ok\u00a0", "\U0001F49B", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "a\u200db"]:
        res = send(m, conv, body)
        assert res.status == 201, (repr(body), res)
        assert res.json()["message"]["body"] == body


# --- crisis resources: as people write, not as a dictionary spells ---

@pytest.mark.parametrize("text", [
    "I want to kill my self",
    "i want to killmyself",
    "sometimes I think about sui\u00adcide",           # soft hyphen pasted from a web page
    "sui\u200bcide is on my mind",                    # zero-width space
    "\uff53\uff55\uff49\uff43\uff49\uff44\uff45",     # full-width letters
    "I want to hang myself",
    "i dont wanna live anymore",
    "I just want to be dead",
    "I want to take my life",
    "I want to end my own life",
    "there is no point in living",
    "I want to slit my wrists",
    "I keep thinking of hurting my self",
])
def test_crisis_resources_for_common_spellings(server, text):
    m, s = member(server), specialist(server)
    res = start(m, s.slug, text)
    assert res.status == 201, res
    assert res.json()["crisis_resources"] is True, text
    assert res.json()["message"]["body"] == text  # delivered as written


@pytest.mark.parametrize("text", [
    "I hung my coat on the door and waited.",
    "It is 100 kms from my home to your office.",
    "I had to take my life savings out to pay for this.",
    "There is no point in lying to you.",
])
def test_no_crisis_resources_for_ordinary_words(server, text):
    m, s = member(server), specialist(server)
    res = start(m, s.slug, text)
    assert res.status == 201, res
    assert res.json()["crisis_resources"] is False, text


def test_long_crisis_bodies_answer_quickly(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    for body in ["suicide prevention " * 526, "a " * 4999 + "x", "\u00e9" * 10000, "sui\u00ad" * 2500]:
        body = body[:10000].strip()
        began = time.monotonic()
        res = send(m, conv, body)
        assert res.status == 201, res
        assert time.monotonic() - began < 2.0


# --- a block holds against sends already under way ---

def test_block_holds_against_sends_in_flight(server):
    """Once the block is answered, no message may be added after it: a send
    that read "not blocked" just before must not commit after the block."""
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    late: list[tuple[int, int, int]] = []
    for round_ in range(25):
        stop = threading.Event()

        def hammer():
            while not stop.is_set():
                send(m, conv, "Are you there?")

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.05)
        res = s.post(f"/api/v1/conversations/{conv}/block")
        assert res.status == 200 and res.json()["conversation"]["blocked_by_me"] is True, res
        at_block = message_count(server, conv)
        time.sleep(0.05)
        stop.set()
        for t in threads:
            t.join()
        after = message_count(server, conv)
        if after != at_block:
            late.append((round_, at_block, after))
        assert s.call("DELETE", f"/api/v1/conversations/{conv}/block").status == 200
    assert late == [], f"messages stored after the block was answered: {late}"


def test_second_block_survives_the_first_unblock(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    assert m.post(f"/api/v1/conversations/{conv}/block").status == 200
    res = s.post(f"/api/v1/conversations/{conv}/block")
    assert res.status == 200 and res.json()["conversation"]["blocked_by_me"] is True, res
    assert m.call("DELETE", f"/api/v1/conversations/{conv}/block").status == 200
    res = send(m, conv, "Hello again")
    assert res.status == 403, res
    # Only the specialist's own unblock lifts the specialist's block.
    res = s.call("DELETE", f"/api/v1/conversations/{conv}/block")
    assert res.status == 200 and res.json()["conversation"]["blocked_by_me"] is False, res
    assert send(m, conv, "Hello once more").status == 201


# --- what held (kept as tests so it goes on holding) ---

def test_holds_csrf_on_cookie_authenticated_writes(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    c = Client(server.url)
    page = c.get("/login")
    res = c.post("/login", form={"_csrf": extract_csrf(page.text), "email": m.email, "password": GOOD_PASSWORD})
    assert res.status in (302, 303), res
    for method, path, body in [("POST", f"/api/v1/conversations/{conv}/messages",
                                {"body": "forged", "idempotency_key": key()}),
                               ("POST", "/api/v1/conversations", {"specialist": s.slug, "body": "forged",
                                                                  "idempotency_key": key()}),
                               ("POST", f"/api/v1/conversations/{conv}/block", {}),
                               ("POST", f"/api/v1/conversations/{conv}/archive", {}),
                               ("PUT", "/api/v1/me/message-settings", {"message_emails": False})]:
        res = c.request(method, path, json=body)
        assert res.status == 403 and res.json()["error"]["code"] == "csrf_failed", (path, res)
    assert message_count(server, conv) == 1
    assert c.get(f"/api/v1/conversations/{conv}/messages").status == 200  # reads need no token


def test_holds_window_ids_pointing_into_another_conversation(server):
    m, s, other_m = member(server), specialist(server), member(server)
    mine = started(m, s.slug, "mine")
    theirs = started(other_m, s.slug, "theirs")
    their_msg = read(other_m, theirs).json()["items"][0]["id"]
    for q in [f"?before={their_msg + 1}", f"?after=0&limit=100", f"?before={their_msg}", "?after=0",
              f"?after={their_msg - 1}"]:
        res = read(m, mine, q)
        assert res.status == 200, (q, res)
        assert all(i["conversation_id"] == mine and i["body"] != "theirs" for i in res.json()["items"]), q
    for q in ["?limit=0", "?limit=101", "?limit=-1", "?limit=1e2", "?before=-1", "?after=x",
              "?before=99999999999999999999"]:
        assert read(m, mine, q).status == 422, q
    for path in ["-1", "0", "99999999999999999999", "1e3", "abc"]:
        assert m.get(f"/api/v1/conversations/{path}/messages").status == 404, path


def test_holds_keys_are_per_sender_and_types_are_checked(server):
    m, s, other = member(server), specialist(server), member(server)
    shared = key()
    a = start(m, s.slug, "From the first member.", shared)
    b = start(other, s.slug, "From the second member.", shared)
    assert a.status == 201 and b.status == 201, (a, b)
    assert a.json()["conversation"]["id"] != b.json()["conversation"]["id"]
    conv = a.json()["conversation"]["id"]
    # The specialist may use a key the member used: keys are the sender's own.
    assert send(s, conv, "From the specialist.", shared).status == 201
    for bad in [5, [1], {"a": 1}, True]:
        res = m.post(f"/api/v1/conversations/{conv}/messages", {"body": bad, "idempotency_key": key()})
        assert res.status == 422 and res.json()["error"]["field"] == "body", (bad, res)
        res = m.post(f"/api/v1/conversations/{conv}/messages", {"body": "x", "idempotency_key": bad})
        assert res.status == 422 and res.json()["error"]["field"] == "idempotency_key", (bad, res)
    # Extra fields cannot choose the sender or the conversation.
    res = m.post(f"/api/v1/conversations/{conv}/messages",
                 {"body": "Extra fields.", "idempotency_key": key(), "sender_id": s.user["id"],
                  "conversation_id": b.json()["conversation"]["id"]})
    assert res.status == 201, res
    assert res.json()["message"]["sender_id"] == m.user["id"] and res.json()["message"]["conversation_id"] == conv
    # NUL and other controls are refused; lone surrogates and bytes that are not UTF-8 are not JSON.
    for bad in ["a\u0000b", "\u0007", "a\u001bb"]:
        res = m.post(f"/api/v1/conversations/{conv}/messages", {"body": bad, "idempotency_key": key()})
        assert res.status == 422 and res.json()["error"]["field"] == "body", (repr(bad), res)
    for raw in [b'{"body": "a\\ud800b", "idempotency_key": "k-lone-surrogate"}',
                b'{"body": "a\xff\xfeb", "idempotency_key": "k-not-utf8-bytes"}']:
        res = Client(server.url).request("POST", f"/api/v1/conversations/{conv}/messages", raw_body=raw,
                                         content_type="application/json", headers=m.headers)
        assert res.status == 400, (raw, res)
    # 10,000 characters of four-byte emoji fit; one more does not.
    assert send(m, conv, "\U0001F600" * 10000).status == 201
    res = send(m, conv, "\U0001F600" * 10001)
    assert res.status == 422 and res.json()["error"]["field"] == "body", res


def test_holds_no_body_in_logs_outbox_or_error_answers(server):
    """The words travel only to the participants: not into the server's log
    (access or error lines), the outbox, or an error answer that echoes
    what was sent, whatever way the send fails."""
    secret = "secret-" + uuid.uuid4().hex
    m, s = member(server), specialist(server)
    conv = started(m, s.slug, f"My {secret} words.")
    c = Client(server.url)
    attempts = [
        send(m, conv, f"{secret} " * 1000),  # 10,001+ characters
        send(m, conv, f"{secret}", idem="short"),
        send(m, conv + 1_000_000, f"{secret}"),
        member(server).post(f"/api/v1/conversations/{conv}/messages", {"body": secret, "idempotency_key": key()}),
        c.request("POST", f"/api/v1/conversations/{conv}/messages", headers=m.headers,
                  raw_body=f'{{"body": "{secret}", "idempotency_key": '.encode(), content_type="application/json"),
        c.request("POST", f"/api/v1/conversations/{conv}/messages?body={secret}", headers=m.headers,
                  json={"body": [secret], "idempotency_key": key()}),
    ]
    for res in attempts:
        assert 400 <= res.status < 500, res
        assert secret not in res.text, res
    assert send(s, conv, f"The reply {secret}").status == 201
    time.sleep(2.5)  # the outbox writes its files every 2 seconds
    log = server.log()
    # The access log names the path and query as sent; the body never.
    assert secret not in log.replace(f"?body={secret}", ""), [l for l in log.splitlines() if secret in l]
    outbox = os.path.join(server.data_dir, "outbox")
    for root, _, files in os.walk(outbox):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                assert secret.encode() not in f.read(), name


def test_holds_suspended_specialist_is_not_found_for_new_conversations(server):
    m, s, newcomer = member(server), specialist(server), member(server)
    conv = started(m, s.slug)
    res = Client(server.url).post(f"/api/v1/admin/specialists/{s.slug}/suspend", json={"reason": "Licence lapsed"},
                                  headers=bearer(admin_token(server)))
    assert res.status == 200, res
    unknown = start(newcomer, "no-such-specialist-" + key())
    suspended = start(newcomer, s.slug)
    assert suspended.status == unknown.status == 404, (suspended, unknown)
    assert suspended.json() == unknown.json()
    assert conversations(newcomer)["total"] == 0
    # A conversation already begun goes on (the service says so: once begun, it is the two people's).
    assert send(m, conv, "Are you still there?").status == 201
    assert start(m, s.slug, "Continuing.").status == 201


def test_holds_send_limit_cannot_be_bypassed_through_start(rate_limited_server):
    server = rate_limited_server
    m, s, other = member(server), specialist(server), specialist(server)
    first_key = key()
    res = start(m, s.slug, "The first of sixty.", first_key)
    assert res.status == 201, res
    conv = res.json()["conversation"]["id"]
    for i in range(59):
        assert send(m, conv, f"message {i}").status == 201, i
    for res in [send(m, conv, "one too many"), start(m, s.slug, "Continuing through start."),
                start(m, other.slug, "A new conversation.")]:
        assert res.status == 429 and int(res.headers.get("Retry-After")) > 0, res
    # A retry of a message already stored is still answered (it adds nothing).
    again = start(m, s.slug, "The first of sixty.", first_key)
    assert again.status == 200, again
    assert message_count(server, conv) == 60
    assert conversations(other)["total"] == 0


def test_holds_deleted_account_reads_nothing_and_gets_no_notice(server):
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    db_rows(server, f"UPDATE users SET deleted_at = 1 WHERE id = {m.user['id']}")
    for res in [m.get("/api/v1/conversations"), read(m, conv), send(m, conv, "From beyond.")]:
        assert res.status == 401, res
    # Words to a deleted account would reach nobody: refused, nothing stored.
    res = send(s, conv, "Are you there?")
    assert res.status == 409 and res.json()["error"]["code"] == "messages_closed", res
    time.sleep(2.5)  # the outbox writes every 2 seconds
    assert [x for x in mails_to(server.data_dir, m.email) if "new message" in x["Subject"]] == []
    assert message_count(server, conv) == 1


# --- reading marks read only what was read ---

def test_reading_part_of_the_new_messages_leaves_the_rest_unread(server):
    """A window that stops short of the newest messages (after= with a small
    limit, or paging back with before=) must not count the messages it did
    not return as read."""
    m, s = member(server), specialist(server)
    conv = started(m, s.slug, "one")
    for body in ["two", "three", "four", "five"]:
        assert send(m, conv, body).status == 201
    assert conversations(s)["unread_total"] == 5
    ids = [i["id"] for i in read(m, conv, "?limit=5").json()["items"]]  # the sender's reading counts nothing
    page = read(s, conv, f"?after={ids[0] - 1}&limit=2").json()
    assert [i["body"] for i in page["items"]] == ["one", "two"]
    assert page["conversation"]["unread_count"] == 3 and page["unread_total"] == 3
    assert conversations(s)["unread_total"] == 3
    # Paging back shows nothing newer: the count stays.
    res = read(s, conv, f"?before={ids[1]}")
    assert res.status == 200 and [i["body"] for i in res.json()["items"]] == ["one"]
    assert res.json()["conversation"]["unread_count"] == 3 and conversations(s)["unread_total"] == 3
    page = read(s, conv, f"?after={ids[1]}&limit=1").json()
    assert [i["body"] for i in page["items"]] == ["three"] and page["conversation"]["unread_count"] == 2
    # The newest window reads everything.
    page = read(s, conv).json()
    assert page["conversation"]["unread_count"] == 0 and page["unread_total"] == 0
    assert conversations(s)["unread_total"] == 0
    # The reader's own messages never count as unread for them.
    assert send(s, conv, "a reply").status == 201
    assert send(m, conv, "six").status == 201
    page = read(s, conv, f"?after={ids[-1]}&limit=1").json()
    assert [i["body"] for i in page["items"]] == ["a reply"]
    assert page["conversation"]["unread_count"] == 1
    page = read(s, conv, f"?after={ids[-1]}").json()
    assert [i["body"] for i in page["items"]] == ["a reply", "six"] and page["conversation"]["unread_count"] == 0
    assert conversations(s)["unread_total"] == 0


def test_unread_count_stays_true_while_reading_and_sending_at_once(server):
    """A read that marks the conversation read while the other side's send
    is under way must not wipe out that send's unread mark: whatever the
    order, the count equals the messages after the reader's read mark."""
    m, s = member(server), specialist(server)
    conv = started(m, s.slug)
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            read(s, conv)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        for i in range(60):
            assert send(m, conv, f"message {i}").status == 201
    finally:
        stop.set()
        for t in readers:
            t.join()
    unread, last_read = db_rows(server, "SELECT unread_count, last_read_message_id FROM conversation_members "
                                        f"WHERE conversation_id = {conv} AND user_id = {s.user['id']}")[0]
    after = db_rows(server, f"SELECT COUNT(*) FROM messages WHERE conversation_id = {conv} "
                            f"AND sender_id = {m.user['id']} AND id > {last_read}")[0][0]
    assert int(unread) == int(after), (unread, last_read, after)
