-- Full-text search as a capability of the store (src/db/search*.cpp),
-- shared by every collection (the directory's specialists today). The
-- documents are built in C++ (text folded the same way for both engines),
-- so this migration only makes the tables: the directory rebuilds its
-- documents when it starts and finds them missing (SearchIndex::built_by).
CREATE TABLE search_collections (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL UNIQUE,
    format  INTEGER NOT NULL
);

-- rowid = collection id * 2^40 + document id; f0..f3 the weighted fields,
-- facets the facet tokens (search_text::facet_token). Text arrives folded.
CREATE VIRTUAL TABLE search_text USING fts5(
    f0, f1, f2, f3, facets,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Numeric sort keys, read only by queries that sort or filter by them.
CREATE TABLE search_keys (
    rowid   INTEGER PRIMARY KEY,
    k0      INTEGER,
    k1      INTEGER,
    k2      INTEGER
);

-- The directory's former index (0003), replaced by the tables above.
DROP TABLE specialist_search;
