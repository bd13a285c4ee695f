-- Private messages between a member and a specialist, the live-event feed
-- that tells a reader's open pages about them, reports of what people
-- write, and "Contact us" requests.

-- One conversation per (member, specialist): starting again continues it,
-- so a block between the two holds whatever either of them does next.
CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES users(id),   -- who started it
    specialist_id   INTEGER NOT NULL REFERENCES users(id),   -- the specialist's account
    profile_id      INTEGER NOT NULL REFERENCES specialist_profiles(id),
    created_at      INTEGER NOT NULL,                        -- UTC seconds
    last_message_at INTEGER NOT NULL,
    last_message_id INTEGER NOT NULL DEFAULT 0,
    first_reply_at  INTEGER,        -- the specialist's first message: "usually replies within"
    blocked_by      INTEGER REFERENCES users(id),            -- NULL: nobody has blocked
    blocked_at      INTEGER,
    UNIQUE (member_id, specialist_id)
);
CREATE INDEX conversations_specialist_replies ON conversations(specialist_id, created_at);

-- Each side's own view of a conversation: what they have read, whether it
-- is archived from their list, whether a "new message" e-mail is out.
CREATE TABLE conversation_members (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    last_read_message_id INTEGER NOT NULL DEFAULT 0,
    unread_count    INTEGER NOT NULL DEFAULT 0,
    archived_at     INTEGER,
    notified_at     INTEGER,        -- set when the e-mail is queued, cleared when they read
    last_message_at INTEGER NOT NULL, -- copy of the conversation's, for the list's order
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_list ON conversation_members(user_id, last_message_at);

-- The body is never stored in plain text: `sealed` is base64 of the
-- XChaCha20-Poly1305 nonce and ciphertext under the message key `key_id`
-- (security/message_keys.hpp), with the conversation and message ids as
-- associated data.
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    sender_id       INTEGER NOT NULL REFERENCES users(id),
    key_id          INTEGER NOT NULL,
    sealed          TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_idempotency ON messages(sender_id, idempotency_key);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
CREATE INDEX messages_key ON messages(key_id, id);

-- What a signed-in person's open pages are told (server-sent events): a
-- new message, an unread count, a booking change. Ids only, never text.
-- The id is the event id a stream resumes from (Last-Event-ID).
CREATE TABLE user_events (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    subject_id      INTEGER NOT NULL DEFAULT 0,   -- e.g. the conversation
    object_id       INTEGER NOT NULL DEFAULT 0,   -- e.g. the message
    created_at      INTEGER NOT NULL
);
CREATE INDEX user_events_user ON user_events(user_id, id);
CREATE INDEX user_events_created ON user_events(created_at);

-- Reports of anything people write, for the admins' queue.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    reporter_id     INTEGER NOT NULL REFERENCES users(id),
    target_type     TEXT    NOT NULL CHECK (target_type IN ('question', 'answer', 'message', 'article', 'profile')),
    target_id       INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    created_at      INTEGER NOT NULL,
    resolved_at     INTEGER,
    resolved_by     INTEGER REFERENCES users(id),
    resolution      TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX reports_once ON reports(reporter_id, target_type, target_id);
CREATE INDEX reports_queue ON reports(status, created_at);
CREATE INDEX reports_target ON reports(target_type, target_id);

-- "Contact us": a signed-in person's request and the platform's answer.
CREATE TABLE contact_requests (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    answer          TEXT    NOT NULL DEFAULT '',
    answered_by     INTEGER REFERENCES users(id),
    answered_at     INTEGER,
    idempotency_key TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX contact_requests_user ON contact_requests(user_id, created_at);
CREATE INDEX contact_requests_inbox ON contact_requests(status, created_at);
CREATE UNIQUE INDEX contact_requests_idempotency ON contact_requests(user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- A person may turn off "you have a new message" e-mails.
ALTER TABLE users ADD COLUMN message_emails INTEGER NOT NULL DEFAULT 1;
-- What a specialist says about taking people on, and the measured reply time.
ALTER TABLE specialist_profiles ADD COLUMN accepting_new_clients INTEGER NOT NULL DEFAULT 1;
ALTER TABLE specialist_profiles ADD COLUMN messages_open INTEGER NOT NULL DEFAULT 1;
-- Median seconds to the first reply over the last 90 days; NULL while
-- fewer than 3 conversations make it meaningful.
ALTER TABLE specialist_profiles ADD COLUMN usual_reply_seconds INTEGER;
