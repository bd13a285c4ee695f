-- Full-text search as a capability of the store (src/db/search*.cpp),
-- shared by every collection (the directory's specialists today). The
-- documents are built in C++ (text folded the same way for both engines),
-- so this migration only makes the tables: the directory rebuilds its
-- documents when it starts and finds them missing (SearchIndex::built_by).
CREATE TABLE search_collections (
    id      SERIAL  PRIMARY KEY,
    name    TEXT    NOT NULL UNIQUE,
    format  BIGINT  NOT NULL
);

-- One narrow row per document, so ranking a match reads a few hundred
-- bytes, not a feature's wide row. document: fields 0..3 as weights A..D
-- plus the facet tokens as verbatim lexemes (search_text::facet_token).
CREATE TABLE search_documents (
    collection  INTEGER  NOT NULL REFERENCES search_collections (id),
    id          BIGINT   NOT NULL,
    document    tsvector NOT NULL,
    k0          BIGINT,
    k1          BIGINT,
    k2          BIGINT,
    PRIMARY KEY (collection, id)
);
CREATE INDEX search_documents_text ON search_documents USING GIN (document);

-- The directory's former index (0002, 0003), replaced by the table above.
DROP INDEX specialist_profiles_search;
ALTER TABLE specialist_profiles DROP COLUMN search_document;
