-- Articles by specialists: Markdown written by the author, the HTML
-- rendered from it once per version (kept here, so a page view never
-- parses Markdown), key points, topics, references and content notes.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    author_id       INTEGER NOT NULL REFERENCES users(id),
    profile_id      INTEGER NOT NULL REFERENCES specialist_profiles(id),
    slug            TEXT    NOT NULL UNIQUE,            -- made from the title when created; never reused
    status          TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL DEFAULT '',
    body_markdown   TEXT    NOT NULL DEFAULT '',
    body_html       TEXT    NOT NULL DEFAULT '',        -- rendered from body_markdown at this version
    toc             TEXT    NOT NULL DEFAULT '[]',      -- JSON array of {"level","id","text"}: the headings of body_html
    key_points      TEXT    NOT NULL DEFAULT '[]',      -- JSON array of up to three strings
    content_notes   TEXT    NOT NULL DEFAULT '[]',      -- JSON array of slugs from a short fixed list
    adapted_from    TEXT    NOT NULL DEFAULT '',
    cover_file      TEXT,                               -- stored like profile photos; NULL: no cover
    cover_type      TEXT,
    cover_alt       TEXT    NOT NULL DEFAULT '',
    word_count      INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,         -- raised by every change: cache keys and ETags
    created_at      INTEGER NOT NULL,                   -- UTC seconds
    updated_at      INTEGER NOT NULL,                   -- any change, drafts included
    published_at    INTEGER,                            -- first publication; kept across unpublish
    revised_at      INTEGER,                            -- last edit of the text while published: "Updated on"
    -- Taken down by an admin (with a reason shown to the author): 404 to
    -- the public, visible to admins and, marked, to the author.
    hidden_at       INTEGER,
    hidden_by       INTEGER REFERENCES users(id),
    hidden_reason   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX articles_published ON articles(status, published_at);
CREATE INDEX articles_author ON articles(author_id, updated_at);

CREATE TABLE article_topics (
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    topic           TEXT    NOT NULL,                   -- a vocabulary slug of kind 'topic'
    PRIMARY KEY (article_id, topic)
);
CREATE INDEX article_topics_topic ON article_topics(topic, article_id);

CREATE TABLE article_references (
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,                   -- 1-based order on the page
    authors         TEXT    NOT NULL DEFAULT '',
    year            TEXT    NOT NULL DEFAULT '',        -- text: "1992", "n.d.", "2019/2024"
    title           TEXT    NOT NULL,
    publisher       TEXT    NOT NULL DEFAULT '',
    url             TEXT    NOT NULL DEFAULT '',        -- http(s) only
    note            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, position)
);
