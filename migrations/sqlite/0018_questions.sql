-- Questions from members (named or anonymous) and answers from verified
-- specialists, helpful marks, and the topics specialists follow for a
-- daily digest of unanswered questions.

CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    -- The asker, kept for moderation and safety even when the question is
    -- anonymous; never shown or sent for an anonymous one. NULL once the
    -- account is deleted.
    asker_id        INTEGER REFERENCES users(id),
    anonymous       INTEGER NOT NULL DEFAULT 0,         -- 1: the public never sees who asked
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    answer_count    INTEGER NOT NULL DEFAULT 0,         -- visible answers
    accepted_answer_id INTEGER,                         -- "helped most", chosen by the asker
    created_at      INTEGER NOT NULL,                   -- UTC seconds
    updated_at      INTEGER NOT NULL,                   -- any change (edits, answers, marks)
    edited_at       INTEGER,                            -- the asker's last edit
    last_answer_at  INTEGER,
    hidden_at       INTEGER,                            -- taken down by an admin (reason shown to the asker)
    hidden_by       INTEGER REFERENCES users(id),
    hidden_reason   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX questions_recent ON questions(created_at);
CREATE INDEX questions_asker ON questions(asker_id, created_at);

CREATE TABLE question_topics (
    question_id     INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    topic           TEXT    NOT NULL,                   -- a vocabulary slug of kind 'topic'
    PRIMARY KEY (question_id, topic)
);
CREATE INDEX question_topics_topic ON question_topics(topic, question_id);

CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    question_id     INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    author_id       INTEGER REFERENCES users(id),       -- the specialist's account; NULL once deleted
    profile_id      INTEGER REFERENCES specialist_profiles(id),
    body            TEXT    NOT NULL,
    helpful_count   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    hidden_at       INTEGER,
    hidden_by       INTEGER REFERENCES users(id),
    hidden_reason   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX answers_question ON answers(question_id, created_at);
CREATE INDEX answers_author ON answers(author_id, created_at);

-- One mark per member and answer; taking it back deletes the row.
CREATE TABLE answer_helpful (
    answer_id       INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

-- Topics a specialist follows, and when their last digest went out (at
-- most one a day).
CREATE TABLE topic_follows (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    topic           TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, topic)
);
CREATE INDEX topic_follows_topic ON topic_follows(topic, user_id);
CREATE TABLE question_digests (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id),
    last_sent_at    INTEGER NOT NULL,                   -- UTC seconds
    last_question_id INTEGER NOT NULL DEFAULT 0         -- questions up to this one were in a digest
);
