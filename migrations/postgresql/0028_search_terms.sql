-- Ranking a search from per-word figures instead of each match's text
-- vector. ts_rank read every matching document's vector (about 3.7 KB for
-- an article): a pair of common words matching 8,800 of 10,000 articles
-- cost 9.7 ms of memory reads, and its ranks did not follow the relevance
-- that src/db/search.hpp documents and SQLite computes. search_terms holds,
-- for each document and word (lexeme) or facet, s = tf / (tf + 1) in each
-- field (s0..s3 for weights A..D; all 0 for a facet). A query of n words
-- joins the n lists, read in id order from the primary key alone
-- (index-only), and sums weight * s with the collection's weights.
CREATE TABLE search_terms (
    collection  INTEGER  NOT NULL,
    lexeme      TEXT     NOT NULL,
    id          BIGINT   NOT NULL,
    s0          REAL     NOT NULL,
    s1          REAL     NOT NULL,
    s2          REAL     NOT NULL,
    s3          REAL     NOT NULL,
    PRIMARY KEY (collection, lexeme, id) INCLUDE (s0, s1, s2, s3)
);

-- The rows of one document: its vector's lexemes with their counts per
-- weight (a facet has no positions, so no weights, and counts nothing).
CREATE FUNCTION search_terms_of(of_collection INTEGER, of_id BIGINT, of_document tsvector)
RETURNS TABLE (collection INTEGER, lexeme TEXT, id BIGINT, s0 REAL, s1 REAL, s2 REAL, s3 REAL)
LANGUAGE sql IMMUTABLE AS $$
    SELECT $1, lexeme, $2,
           (a / (a + 1))::real, (b / (b + 1))::real, (c / (c + 1))::real, (d / (d + 1))::real
    FROM (SELECT u.lexeme,
                 count(*) FILTER (WHERE w = 'A')::float8 AS a, count(*) FILTER (WHERE w = 'B')::float8 AS b,
                 count(*) FILTER (WHERE w = 'C')::float8 AS c, count(*) FILTER (WHERE w = 'D')::float8 AS d
          FROM unnest($3) u LEFT JOIN LATERAL unnest(u.weights) w ON true
          GROUP BY u.lexeme) counts
$$;

-- The terms follow the documents in the same transaction, whichever node
-- (or release: old nodes during a rolling restart write documents only)
-- wrote them. The old rows are found by the old vector's lexemes, so the
-- whole key is the index condition.
CREATE FUNCTION search_terms_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_terms
        WHERE collection = OLD.collection AND id = OLD.id AND lexeme = ANY (tsvector_to_array(OLD.document));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_terms SELECT * FROM search_terms_of(NEW.collection, NEW.id, NEW.document);
    END IF;
    RETURN NULL;
END
$$;

-- The trigger first: it locks out writers until this migration commits,
-- so the copy below misses no document written meanwhile.
CREATE TRIGGER search_terms_follow_insert_delete AFTER INSERT OR DELETE ON search_documents
    FOR EACH ROW EXECUTE FUNCTION search_terms_follow();
CREATE TRIGGER search_terms_follow_update AFTER UPDATE ON search_documents
    FOR EACH ROW WHEN (OLD.document IS DISTINCT FROM NEW.document OR OLD.id <> NEW.id
                       OR OLD.collection <> NEW.collection)
    EXECUTE FUNCTION search_terms_follow();

INSERT INTO search_terms SELECT t.* FROM search_documents d CROSS JOIN search_terms_of(d.collection, d.id, d.document) t;

ANALYZE search_terms;
