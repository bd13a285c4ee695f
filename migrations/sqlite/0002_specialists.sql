-- Curated vocabularies, specialist profiles, their verification and
-- listing, and the free-consultation campaign.

-- Specialties, modalities, topics and languages: stable slugs that
-- profiles, articles and questions refer to; admins can rename or add.
CREATE TABLE vocabulary_terms (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('specialty', 'modality', 'topic', 'language')),
    slug            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, slug)
);

CREATE TABLE specialist_profiles (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    slug            TEXT    NOT NULL UNIQUE,
    full_name       TEXT    NOT NULL,
    credentials     TEXT    NOT NULL DEFAULT '',
    licence_number  TEXT    NOT NULL DEFAULT '',
    licence_region  TEXT    NOT NULL DEFAULT '',
    headline        TEXT    NOT NULL DEFAULT '',
    bio             TEXT    NOT NULL DEFAULT '',
    approach        TEXT    NOT NULL DEFAULT '',
    -- Markdown rendered once when saved, not on every page view.
    bio_html        TEXT    NOT NULL DEFAULT '',
    approach_html   TEXT    NOT NULL DEFAULT '',
    online          INTEGER NOT NULL DEFAULT 0,
    in_person       INTEGER NOT NULL DEFAULT 0,
    city            TEXT    NOT NULL DEFAULT '',
    country         TEXT    NOT NULL DEFAULT '',
    timezone        TEXT    NOT NULL DEFAULT 'UTC',
    fee_min         INTEGER,
    fee_max         INTEGER,
    currency        TEXT    NOT NULL DEFAULT 'EUR',
    offers_free_consultation INTEGER NOT NULL DEFAULT 0,
    photo_file      TEXT,
    photo_type      TEXT,
    publish_requested_at INTEGER,
    verified_at     INTEGER,
    verified_by     INTEGER REFERENCES users(id),
    suspended_at    INTEGER,
    suspended_reason TEXT,
    -- 1 exactly when publish requested, verified and not suspended; kept by
    -- the application so directory queries use one indexed column.
    listed          INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX specialist_profiles_listed ON specialist_profiles(listed, offers_free_consultation, country, city);
CREATE INDEX specialist_profiles_pending ON specialist_profiles(publish_requested_at, verified_at);

CREATE TABLE profile_terms (
    profile_id      INTEGER NOT NULL REFERENCES specialist_profiles(id) ON DELETE CASCADE,
    term_id         INTEGER NOT NULL REFERENCES vocabulary_terms(id),
    PRIMARY KEY (profile_id, term_id)
);
CREATE INDEX profile_terms_term ON profile_terms(term_id, profile_id);

-- The featured "free consultation" campaign: one row, edited by admins.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    headline        TEXT    NOT NULL,
    intro           TEXT    NOT NULL DEFAULT '',
    starts_at       INTEGER,
    ends_at         INTEGER,
    updated_at      INTEGER NOT NULL,
    updated_by      INTEGER REFERENCES users(id)
);
INSERT INTO campaigns (id, headline, intro, updated_at) VALUES
    (1, 'A free first conversation, with no strings attached',
     'These verified specialists offer a free 30-minute first consultation: a low-pressure way to see whether working together could help.', 0);

INSERT INTO vocabulary_terms (kind, slug, name, position) VALUES
    ('specialty', 'trauma-and-ptsd', 'Trauma and PTSD', 1),
    ('specialty', 'complex-trauma', 'Complex trauma', 2),
    ('specialty', 'relationships-and-couples', 'Relationship and couples issues', 3),
    ('specialty', 'attachment', 'Attachment', 4),
    ('specialty', 'codependency', 'Codependency and people-pleasing', 5),
    ('specialty', 'family-of-origin', 'Family of origin and intergenerational trauma', 6),
    ('specialty', 'childhood-emotional-neglect', 'Childhood emotional neglect', 7),
    ('specialty', 'abuse-recovery', 'Recovery from emotional or domestic abuse', 8),
    ('specialty', 'boundaries', 'Boundaries', 9),
    ('specialty', 'anxiety', 'Anxiety', 10),
    ('specialty', 'depression', 'Depression', 11),
    ('specialty', 'grief-and-loss', 'Grief and loss', 12),
    ('specialty', 'self-esteem', 'Self-esteem', 13),
    ('specialty', 'life-transitions', 'Life transitions', 14),
    ('modality', 'trauma-informed-therapy', 'Trauma-informed therapy', 1),
    ('modality', 'emdr', 'EMDR', 2),
    ('modality', 'internal-family-systems', 'Internal Family Systems', 3),
    ('modality', 'cbt', 'Cognitive behavioural therapy', 4),
    ('modality', 'dbt', 'Dialectical behaviour therapy', 5),
    ('modality', 'emotionally-focused-therapy', 'Emotionally focused therapy', 6),
    ('modality', 'gottman-method', 'Gottman method', 7),
    ('modality', 'somatic-experiencing', 'Somatic experiencing', 8),
    ('modality', 'schema-therapy', 'Schema therapy', 9),
    ('modality', 'psychodynamic-therapy', 'Psychodynamic therapy', 10),
    ('modality', 'act', 'Acceptance and commitment therapy', 11),
    ('topic', 'supporting-a-partner', 'Supporting a partner', 1),
    ('topic', 'boundaries', 'Boundaries', 2),
    ('topic', 'attachment', 'Attachment', 3),
    ('topic', 'healing-family-trauma', 'Healing family trauma', 4),
    ('topic', 'breaking-the-cycle', 'Breaking the cycle', 5),
    ('topic', 'self-care-and-burnout', 'Self-care and burnout', 6),
    ('topic', 'communication-and-conflict', 'Communication and conflict', 7),
    ('topic', 'trust-and-repair', 'Trust and repair', 8),
    ('topic', 'starting-therapy', 'Starting therapy', 9),
    ('topic', 'free-consultations', 'Free consultations', 10),
    ('language', 'en', 'English', 1),
    ('language', 'zh', 'Chinese', 2),
    ('language', 'hi', 'Hindi', 3),
    ('language', 'es', 'Spanish', 4),
    ('language', 'fr', 'French', 5),
    ('language', 'ar', 'Arabic', 6),
    ('language', 'bn', 'Bengali', 7),
    ('language', 'pt', 'Portuguese', 8),
    ('language', 'ru', 'Russian', 9),
    ('language', 'ur', 'Urdu', 10),
    ('language', 'id', 'Indonesian', 11),
    ('language', 'de', 'German', 12),
    ('language', 'ja', 'Japanese', 13),
    ('language', 'sw', 'Swahili', 14),
    ('language', 'mr', 'Marathi', 15),
    ('language', 'te', 'Telugu', 16),
    ('language', 'tr', 'Turkish', 17),
    ('language', 'ta', 'Tamil', 18),
    ('language', 'vi', 'Vietnamese', 19),
    ('language', 'ko', 'Korean', 20),
    ('language', 'it', 'Italian', 21),
    ('language', 'pl', 'Polish', 22),
    ('language', 'uk', 'Ukrainian', 23),
    ('language', 'nl', 'Dutch', 24),
    ('language', 'sv', 'Swedish', 25),
    ('language', 'fa', 'Persian', 26),
    ('language', 'he', 'Hebrew', 27),
    ('language', 'el', 'Greek', 28),
    ('language', 'ro', 'Romanian', 29),
    ('language', 'tl', 'Tagalog', 30);

-- Full-text search over listed profiles (rowid = profile id), kept in step
-- by the application whenever a profile is listed, changed or unlisted.
CREATE VIRTUAL TABLE specialist_search USING fts5(
    name, specialties, headline, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
