"""Message bodies at rest, on both engines: the database (the SQLite file and
its WAL, a pg_dump) never holds a known phrase in plain text; after
`hearth keys rotate` old and new messages read back, every message is under
the new key and the old key is gone from the key file; a message whose key
was removed from the file by hand fails loudly (an error, never an empty
or wrong body), and so does a rotation that meets it."""
from __future__ import annotations

import base64
import os
import secrets
import time
import uuid

import pytest

from message_helpers import all_messages, db_rows, member, send, specialist, start, stored_bytes


def phrase() -> str:
    # Distinctive, ASCII, and long enough that no ciphertext holds it by chance.
    return "saffron-lighthouse-" + uuid.uuid4().hex[:12]


def key_file(server) -> str:
    return os.path.join(server.data_dir, "message_keys")


def key_ids(server) -> list[int]:
    with open(key_file(server)) as f:
        return sorted(int(line.split()[0]) for line in f if line.strip() and not line.startswith("#"))


def conversation_with_phrase(server, text: str):
    listed = specialist(server)
    person = member(server)
    res = start(person, listed.slug, f"First message: {text} (member)")
    assert res.status == 201, res
    cid = res.json()["conversation"]["id"]
    for i in range(3):
        assert send(person, cid, f"Member again #{i}: {text}").status == 201
        assert send(listed, cid, f"Specialist reply #{i}: {text}").status == 201
    return listed, person, cid


def test_the_database_holds_no_plaintext_of_a_message(fresh_server):
    text = phrase()
    specialist, person, cid = conversation_with_phrase(fresh_server, text)
    bodies = [m["body"] for m in all_messages(person, cid)]
    assert len(bodies) == 7 and all(text in b for b in bodies)
    assert all(m["body"] == b for m, b in zip(all_messages(specialist, cid), bodies))

    stored = stored_bytes(fresh_server)
    assert len(stored) > 10_000  # really the database
    assert text.encode() not in stored
    assert text.encode("utf-16-le") not in stored
    assert base64.b64encode(text.encode()) not in stored
    # Each stored body is sealed: a key id and text that is not the body.
    rows = db_rows(fresh_server, f"SELECT key_id, sealed FROM messages WHERE conversation_id = {cid}")
    assert len(rows) == 7
    assert all(int(k) == 1 and text not in s and len(s) > 40 for k, s in rows)
    # Nor in the log.
    assert text not in fresh_server.log()


def test_keys_rotate_reencrypts_reads_back_and_retires_the_old_key(fresh_server):
    text = phrase()
    specialist, person, cid = conversation_with_phrase(fresh_server, text)
    before = {m["id"]: m["body"] for m in all_messages(person, cid)}
    sealed_before = dict(db_rows(fresh_server, "SELECT id, sealed FROM messages"))
    assert key_ids(fresh_server) == [1]

    r = fresh_server.cli("keys", "rotate", "--batch", "3")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert "Added key 2" in r.stdout
    assert "Re-encrypted 7 message(s) in 3 batch(es)" in r.stdout, r.stdout
    assert "Retired key(s): 1." in r.stdout, r.stdout
    assert key_ids(fresh_server) == [2]
    assert os.stat(key_file(fresh_server)).st_mode & 0o777 == 0o600

    # Old messages read back through the running server, now under key 2.
    assert {m["id"]: m["body"] for m in all_messages(person, cid)} == before
    assert {m["id"]: m["body"] for m in all_messages(specialist, cid)} == before
    after = db_rows(fresh_server, "SELECT id, key_id, sealed FROM messages")
    assert all(int(k) == 2 and sealed_before[i] != s for i, k, s in after)
    # A new message is sealed under the new key and reads back with the old ones.
    time.sleep(1.1)
    new = send(person, cid, f"After the rotation: {text}")
    assert new.status == 201, new
    new_id = new.json()["message"]["id"]
    assert db_rows(fresh_server, f"SELECT key_id FROM messages WHERE id = {new_id}") == [("2",)]
    bodies = [m["body"] for m in all_messages(specialist, cid)]
    assert bodies == list(before.values()) + [f"After the rotation: {text}"]
    assert text.encode() not in stored_bytes(fresh_server)

    # Rotating again with nothing old left: key 2 is retired for key 3.
    again = fresh_server.cli("keys", "rotate")
    assert again.returncode == 0, again.stderr
    assert "Retired key(s): 2." in again.stdout
    assert [m["body"] for m in all_messages(person, cid)] == bodies


def test_a_message_whose_key_was_removed_by_hand_fails_loudly(fresh_server):
    text = phrase()
    specialist, person, cid = conversation_with_phrase(fresh_server, text)
    # A second key, added by hand: new messages are sealed under it.
    with open(key_file(fresh_server), "a") as f:
        f.write(f"2 {base64.b64encode(secrets.token_bytes(32)).decode()}\n")
    time.sleep(1.1)  # the keyring looks at the file at most once a second
    res = send(person, cid, f"Under the hand-made key: {text}")
    assert res.status == 201, res
    lost_id = res.json()["message"]["id"]
    assert db_rows(fresh_server, f"SELECT key_id FROM messages WHERE id = {lost_id}") == [("2",)]

    # Key 2 removed by hand (and the node started again, so it holds only
    # what the file says): that message cannot be opened any more.
    with open(key_file(fresh_server)) as f:
        kept = [line for line in f if not line.startswith("2 ")]
    with open(key_file(fresh_server), "w") as f:
        f.writelines(kept)
    fresh_server.stop()
    fresh_server.start()
    page = person.get(f"/api/v1/conversations/{cid}/messages?limit=100")
    assert page.status == 500, page  # an error, not a page with a blank or wrong body
    assert text not in page.text
    # Messages sent before it still read when asked for without it.
    older = person.get(f"/api/v1/conversations/{cid}/messages?limit=100&before={lost_id}")
    assert older.status == 200, older
    assert len(older.json()["items"]) == 7

    # A rotation refuses before changing anything, naming the message and
    # its key (a new key would otherwise even take the lost key's id).
    r = fresh_server.cli("keys", "rotate")
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert f"message {lost_id}" in out and "under key 2" in out, out
    assert key_ids(fresh_server) == [1]


def test_rotate_refuses_without_a_key_file(fresh_server):
    env_file = key_file(fresh_server)
    os.rename(env_file, env_file + ".away")
    try:
        r = fresh_server.cli("keys", "rotate")
        assert r.returncode == 1
        assert "No message key file" in r.stderr
        assert not os.path.exists(env_file)  # not quietly made anew
    finally:
        os.rename(env_file + ".away", env_file)


@pytest.mark.parametrize("batch", ["0", "x"])
def test_rotate_refuses_a_bad_batch_size(fresh_server, batch):
    r = fresh_server.cli("keys", "rotate", "--batch", batch)
    assert r.returncode != 0
    assert "--batch" in r.stderr
    assert key_ids(fresh_server) == [1]
