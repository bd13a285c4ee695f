-- PostgreSQL ranks searches from per-word term figures from here on (see
-- migrations/postgresql/0028_search_terms.sql); SQLite's FTS5 ranks from
-- its own position lists and needs no such table.
SELECT 1;
