-- One moderation queue for everything people write: Hearth itself may flag
-- an item (a report with no reporter, e.g. for a possible self-harm
-- concern), a resolved report records what the admin did, and an admin may
-- suspend an account (it can no longer log in, and its sessions end).

-- SQLite cannot drop NOT NULL in place: the reports table is rebuilt with
-- its rows and indexes. Nothing refers to reports, so the rebuild is safe
-- with foreign keys on.
CREATE TABLE reports_rebuilt (
    id              INTEGER PRIMARY KEY,
    reporter_id     INTEGER REFERENCES users(id),            -- NULL: flagged by Hearth itself
    target_type     TEXT    NOT NULL CHECK (target_type IN ('question', 'answer', 'message', 'article', 'profile')),
    target_id       INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    created_at      INTEGER NOT NULL,                        -- UTC seconds
    resolved_at     INTEGER,
    resolved_by     INTEGER REFERENCES users(id),
    resolution      TEXT    NOT NULL DEFAULT '',
    -- What the admin did: hide, restore, dismiss, suspend (the author's
    -- account) or actioned (dealt with outside Hearth); NULL while open.
    action          TEXT    CHECK (action IS NULL OR action IN ('hide', 'restore', 'dismiss', 'suspend', 'actioned'))
);
INSERT INTO reports_rebuilt (id, reporter_id, target_type, target_id, reason, note, status, created_at,
                             resolved_at, resolved_by, resolution, action)
    SELECT id, reporter_id, target_type, target_id, reason, note, status, created_at,
           resolved_at, resolved_by, resolution,
           CASE status WHEN 'dismissed' THEN 'dismiss' WHEN 'actioned' THEN 'actioned' ELSE NULL END
    FROM reports;
DROP TABLE reports;
ALTER TABLE reports_rebuilt RENAME TO reports;
-- One report per real reporter and item (NULLs are distinct: Hearth's own
-- flags are kept apart by reports_flag_once).
CREATE UNIQUE INDEX reports_once ON reports(reporter_id, target_type, target_id);
CREATE INDEX reports_queue ON reports(status, created_at);
CREATE INDEX reports_target ON reports(target_type, target_id);
-- Hearth flags an item for a reason at most once while that flag is open.
CREATE UNIQUE INDEX reports_flag_once ON reports(target_type, target_id, reason)
    WHERE reporter_id IS NULL AND status = 'open';

-- A suspended account cannot log in and has no sessions; its public
-- profile is unlisted. The reason is the admin's, kept for the record.
ALTER TABLE users ADD COLUMN suspended_at INTEGER;                     -- UTC seconds; NULL: not suspended
ALTER TABLE users ADD COLUMN suspended_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN suspended_by INTEGER REFERENCES users(id);
