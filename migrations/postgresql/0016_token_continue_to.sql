-- Where a confirmation link continues to (a local path, e.g. back to the
-- message or booking a person started before signing up) is kept with the
-- token, not written into the e-mailed link: an inbox someone else may read
-- must not say which specialist a person was about to write to or book.
ALTER TABLE account_tokens ADD COLUMN continue_to TEXT NOT NULL DEFAULT '';
