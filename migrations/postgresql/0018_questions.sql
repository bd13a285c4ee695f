-- Questions from members (named or anonymous) and answers from verified
-- specialists, helpful marks, and the topics specialists follow for a
-- daily digest of unanswered questions.

CREATE TABLE questions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The asker, kept for moderation and safety even when the question is
    -- anonymous; never shown or sent for an anonymous one. NULL once the
    -- account is deleted.
    asker_id        BIGINT REFERENCES users(id),
    anonymous       INTEGER NOT NULL DEFAULT 0,         -- 1: the public never sees who asked
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    answer_count    INTEGER NOT NULL DEFAULT 0,         -- visible answers
    accepted_answer_id BIGINT,                         -- "helped most", chosen by the asker
    created_at      BIGINT NOT NULL,                   -- UTC seconds
    updated_at      BIGINT NOT NULL,                   -- any change (edits, answers, marks)
    edited_at       BIGINT,                            -- the asker's last edit
    last_answer_at  BIGINT,
    hidden_at       BIGINT,                            -- taken down by an admin (reason shown to the asker)
    hidden_by       BIGINT REFERENCES users(id),
    hidden_reason   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX questions_recent ON questions(created_at);
CREATE INDEX questions_asker ON questions(asker_id, created_at);

CREATE TABLE question_topics (
    question_id     BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    topic           TEXT    NOT NULL,                   -- a vocabulary slug of kind 'topic'
    PRIMARY KEY (question_id, topic)
);
CREATE INDEX question_topics_topic ON question_topics(topic, question_id);

CREATE TABLE answers (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id     BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    author_id       BIGINT REFERENCES users(id),       -- the specialist's account; NULL once deleted
    profile_id      BIGINT REFERENCES specialist_profiles(id),
    body            TEXT    NOT NULL,
    helpful_count   INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    hidden_at       BIGINT,
    hidden_by       BIGINT REFERENCES users(id),
    hidden_reason   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX answers_question ON answers(question_id, created_at);
CREATE INDEX answers_author ON answers(author_id, created_at);

-- One mark per member and answer; taking it back deletes the row.
CREATE TABLE answer_helpful (
    answer_id       BIGINT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users(id),
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

-- Topics a specialist follows, and when their last digest went out (at
-- most one a day).
CREATE TABLE topic_follows (
    user_id         BIGINT NOT NULL REFERENCES users(id),
    topic           TEXT    NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (user_id, topic)
);
CREATE INDEX topic_follows_topic ON topic_follows(topic, user_id);
CREATE TABLE question_digests (
    user_id         BIGINT PRIMARY KEY REFERENCES users(id),
    last_sent_at    BIGINT NOT NULL,                   -- UTC seconds
    last_question_id BIGINT NOT NULL DEFAULT 0         -- questions up to this one were in a digest
);
