-- Ranking a search from per-word scores instead of each match's text
-- vector. ts_rank read every matching document's vector (about 3.7 KB for
-- an article): a pair of common words matching 8,800 of 10,000 articles
-- cost 9.7 ms of memory reads, and its ranks did not follow the relevance
-- that src/db/search.hpp documents and SQLite computes. search_terms holds,
-- for each document and word (lexeme) or facet, the word's share of the
-- document's relevance: the sum over fields of weight * tf / (tf + 1)
-- (0 for a facet). A query of n words joins the n lists, read in id order
-- from the primary key alone (index-only), and adds the scores.
CREATE TABLE search_terms (
    collection  INTEGER           NOT NULL,
    lexeme      TEXT              NOT NULL,
    id          BIGINT            NOT NULL,
    score       DOUBLE PRECISION  NOT NULL,
    PRIMARY KEY (collection, lexeme, id) INCLUDE (score)
);

-- The scores need each collection's field weights, which the features
-- declare in code: every feature rebuilds its documents, and with them
-- their terms, when it next starts (SearchIndex::built_by).
UPDATE search_collections SET format = 0;
