-- A page ordered by the first sort key without words ("the newest
-- questions") is read from this index in order, stopping after the page,
-- instead of matching and sorting every document of the collection. The
-- collection is the rowid's high bits (src/db/search_sqlite.cpp), so the
-- index leads with that expression; queries compare it with the
-- collection's number as a bound value.
CREATE INDEX search_keys_k0 ON search_keys ((rowid >> 40), k0);
