-- A change of a person's e-mail address, from the request to its end: the
-- confirmation link goes to the new address (only its hash is kept), and
-- once confirmed the old address gets a notice with an undo link (hash
-- kept too). Nothing in users changes until the confirmation. Times are
-- UTC seconds. A newer request or an undo ends the older rows
-- (cancelled_at), so at most one confirmation link of an account works.
CREATE TABLE email_changes (
    id                  INTEGER PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    old_email           TEXT    NOT NULL,
    new_email           TEXT    NOT NULL,
    confirm_token_hash  TEXT    NOT NULL UNIQUE,
    confirm_expires_at  INTEGER NOT NULL,
    undo_token_hash     TEXT    UNIQUE,
    undo_expires_at     INTEGER,
    created_at          INTEGER NOT NULL,
    confirmed_at        INTEGER,
    undone_at           INTEGER,
    cancelled_at        INTEGER
);
CREATE INDEX email_changes_user ON email_changes(user_id);
