-- One moderation queue for everything people write: Hearth itself may flag
-- an item (a report with no reporter, e.g. for a possible self-harm
-- concern), a resolved report records what the admin did, and an admin may
-- suspend an account (it can no longer log in, and its sessions end).

ALTER TABLE reports ALTER COLUMN reporter_id DROP NOT NULL;  -- NULL: flagged by Hearth itself
-- What the admin did: hide, restore, dismiss, suspend (the author's
-- account) or actioned (dealt with outside Hearth); NULL while open.
ALTER TABLE reports ADD COLUMN action TEXT
    CHECK (action IS NULL OR action IN ('hide', 'restore', 'dismiss', 'suspend', 'actioned'));
UPDATE reports SET action = CASE status WHEN 'dismissed' THEN 'dismiss' WHEN 'actioned' THEN 'actioned' END;
-- reports_once stays: one report per real reporter and item (NULLs are
-- distinct, so Hearth's own flags are kept apart by reports_flag_once).
-- Hearth flags an item for a reason at most once while that flag is open.
CREATE UNIQUE INDEX reports_flag_once ON reports(target_type, target_id, reason)
    WHERE reporter_id IS NULL AND status = 'open';

-- A suspended account cannot log in and has no sessions; its public
-- profile is unlisted. The reason is the admin's, kept for the record.
ALTER TABLE users ADD COLUMN suspended_at BIGINT;                     -- UTC seconds; NULL: not suspended
ALTER TABLE users ADD COLUMN suspended_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN suspended_by BIGINT REFERENCES users(id);
