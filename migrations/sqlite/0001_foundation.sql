-- Accounts, sessions, one-time tokens, rate limits, the e-mail outbox and
-- the audit log: what every other feature stands on.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL,
    email_normalized TEXT   NOT NULL UNIQUE,
    password_hash   TEXT    NOT NULL,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL CHECK (role IN ('member', 'specialist', 'admin')),
    email_verified_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER
);

-- The token itself is never stored: only its hash.
CREATE TABLE sessions (
    token_hash      TEXT    PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token      TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    idle_expires_at INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL,
    user_agent      TEXT    NOT NULL DEFAULT '',
    ip              TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(absolute_expires_at);

-- Single-use, expiring tokens sent by e-mail (verification, password reset).
CREATE TABLE account_tokens (
    token_hash      TEXT    PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose         TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);

-- Fixed-window counters, shared by every node through the database.
CREATE TABLE rate_limit_counters (
    bucket          TEXT    NOT NULL,
    window_start    INTEGER NOT NULL,
    hits            INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment_body TEXT,
    created_at      INTEGER NOT NULL,
    not_before      INTEGER NOT NULL,
    claimed_by      TEXT,
    claimed_until   INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox(sent_at, not_before);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    actor_user_id   INTEGER,
    action          TEXT    NOT NULL,
    target_type     TEXT    NOT NULL DEFAULT '',
    target_id       TEXT    NOT NULL DEFAULT '',
    detail          TEXT    NOT NULL DEFAULT '',
    ip              TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX audit_log_created ON audit_log(created_at);
