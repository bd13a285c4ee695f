-- A page ordered by the first sort key without words ("the newest
-- questions") is read from these indexes in order, stopping after the
-- page, instead of matching and sorting every document of the collection
-- (src/db/search_postgres.cpp). Unknown keys sort last both ways, and ties
-- go to the highest id first.
CREATE INDEX search_documents_k0_descending ON search_documents (collection, k0 DESC NULLS LAST, id DESC);
CREATE INDEX search_documents_k0_ascending ON search_documents (collection, k0 ASC NULLS LAST, id DESC);
