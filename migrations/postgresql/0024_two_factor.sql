-- Two-factor sign-in (TOTP, RFC 6238): one secret per account, pending
-- until the first code confirms it; single-use recovery codes (keyed
-- hashes only); browsers remembered for 30 days (token hashes only); and
-- the short-lived challenge between the password and the code on /login.
CREATE TABLE user_totp (
    user_id         BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret          TEXT    NOT NULL,  -- base32 (RFC 4648) of 20 random bytes; never shown once confirmed
    confirmed_at    BIGINT,           -- NULL: enrolment not finished, sign-in not protected yet
    last_step       BIGINT NOT NULL DEFAULT 0,  -- the last accepted 30-second step: each code works once
    created_at      BIGINT NOT NULL
);

CREATE TABLE totp_recovery_codes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash       TEXT    NOT NULL,
    used_at         BIGINT
);
CREATE INDEX totp_recovery_codes_user ON totp_recovery_codes(user_id);

CREATE TABLE remembered_devices (
    token_hash      TEXT    PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);
CREATE INDEX remembered_devices_user ON remembered_devices(user_id);

CREATE TABLE two_factor_challenges (
    token_hash      TEXT    PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    return_to       TEXT    NOT NULL DEFAULT '',
    expires_at      BIGINT NOT NULL
);
CREATE INDEX two_factor_challenges_user ON two_factor_challenges(user_id);
