-- PostgreSQL keeps its search text vectors in the row from here on (see
-- migrations/postgresql/0023_search_documents_inline.sql); SQLite's FTS5
-- tables need no such change.
SELECT 1;
