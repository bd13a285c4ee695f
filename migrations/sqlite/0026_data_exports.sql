-- Data exports (GDPR articles 15 and 20): a person's request for a copy of
-- everything Hearth holds about them, built into an archive under
-- <data_dir>/exports/ and downloadable once through a link that expires.
-- Only the hash of the link's token is stored; the archive file is deleted
-- after the download or at expiry.
CREATE TABLE data_exports (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash      TEXT    NOT NULL UNIQUE,   -- security::token_hash of the download token
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'building', 'ready', 'downloaded', 'expired', 'failed')),
    file_name       TEXT,                      -- under <data_dir>/exports/; NULL once deleted
    byte_size       INTEGER NOT NULL DEFAULT 0,
    claimed_until   INTEGER,                   -- a node building it holds it until then (UTC seconds)
    created_at      INTEGER NOT NULL,          -- UTC seconds
    ready_at        INTEGER,
    expires_at      INTEGER,                   -- ready_at + 24 h
    downloaded_at   INTEGER
);
CREATE INDEX data_exports_user ON data_exports(user_id, created_at);
CREATE INDEX data_exports_status ON data_exports(status, expires_at);
