-- Free initial consultations: weekly availability, time off, bookings,
-- reminders, and the server's signing secret for e-mailed links.

CREATE TABLE availability (
    profile_id      BIGINT PRIMARY KEY REFERENCES specialist_profiles(id) ON DELETE CASCADE,
    timezone        TEXT    NOT NULL,
    min_notice_minutes INTEGER NOT NULL DEFAULT 720,
    horizon_days    INTEGER NOT NULL DEFAULT 30,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE availability_windows (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    profile_id      BIGINT NOT NULL REFERENCES specialist_profiles(id) ON DELETE CASCADE,
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute    INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute      INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (start_minute < end_minute)
);
CREATE INDEX availability_windows_profile ON availability_windows(profile_id);

CREATE TABLE availability_time_off (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    profile_id      BIGINT NOT NULL REFERENCES specialist_profiles(id) ON DELETE CASCADE,
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE INDEX availability_time_off_profile ON availability_time_off(profile_id, ends_at);

CREATE TABLE consultations (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    profile_id      BIGINT NOT NULL REFERENCES specialist_profiles(id),
    member_id       BIGINT NOT NULL REFERENCES users(id),
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('booked', 'cancelled')),
    note            TEXT    NOT NULL DEFAULT '',
    member_timezone TEXT    NOT NULL DEFAULT 'UTC',
    sequence        INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT,
    cancelled_at    BIGINT,
    cancelled_by    BIGINT REFERENCES users(id),
    cancel_reason   TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
-- The database itself makes a double booking impossible: one active
-- booking per specialist and start time, whatever races above it.
CREATE UNIQUE INDEX consultations_one_per_slot ON consultations(profile_id, starts_at) WHERE status = 'booked';
-- A retried request with the same key finds the first booking.
CREATE UNIQUE INDEX consultations_idempotency ON consultations(member_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX consultations_member ON consultations(member_id, starts_at);
CREATE INDEX consultations_profile ON consultations(profile_id, starts_at);

-- One row per reminder; claimed and marked sent in the same transaction
-- that puts the e-mail in the outbox, so each goes out exactly once.
CREATE TABLE consultation_reminders (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('24h', '1h')),
    due_at          BIGINT NOT NULL,
    sent_at         BIGINT,
    PRIMARY KEY (consultation_id, kind)
);
CREATE INDEX consultation_reminders_due ON consultation_reminders(sent_at, due_at);

-- Secrets shared by every node (e.g. the key that signs e-mailed links).
CREATE TABLE server_secrets (
    name            TEXT    PRIMARY KEY,
    value           TEXT    NOT NULL,
    created_at      BIGINT NOT NULL
);
