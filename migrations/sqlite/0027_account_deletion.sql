-- Account deletion (GDPR article 17): a request waits out a grace period
-- (HEARTH_DELETION_GRACE, 7 days by default) in which logging in cancels
-- it; when it is due, one unit of work erases the person
-- (features/privacy/account_deletion_store.cpp says what goes and what stays).

-- One row per account with a deletion pending, or cancelled by a log-in
-- (kept so /account can say so); the row goes with the purge.
CREATE TABLE account_deletions (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    requested_at    INTEGER NOT NULL,                   -- UTC seconds
    due_at          INTEGER NOT NULL,                   -- UTC seconds: the purge runs at or after this
    requested_by    INTEGER REFERENCES users(id),       -- the person, or the admin acting on an e-mailed request
    reason          TEXT    NOT NULL DEFAULT '',        -- the admin's note; '' for a person's own request
    cancelled_at    INTEGER                             -- NULL: pending; else when a log-in cancelled it
);
CREATE INDEX account_deletions_due ON account_deletions(cancelled_at, due_at);

-- The audit log keeps a deleted person's entries under a pseudonym
-- ("deleted-<random>"), never their account id, address or name.
ALTER TABLE audit_log ADD COLUMN actor_pseudonym TEXT NOT NULL DEFAULT '';
