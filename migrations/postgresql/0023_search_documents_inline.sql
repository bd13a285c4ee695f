-- Ranking a search (ts_rank) reads the text vector of every match. Stored
-- out of line by TOAST (about 3.7 KB for an article, above the 2 KB
-- default), each read costs index look-ups into the TOAST table: for a
-- query of two common words over 10,000 articles, 39 ms against 13 ms with
-- the vectors kept in the row (bench/README.md, "Search speed"). So keep
-- them in the row (compressed if that helps) up to the largest row a page
-- holds; larger ones still go out of line.
ALTER TABLE search_documents ALTER COLUMN document SET STORAGE MAIN;
ALTER TABLE search_documents SET (toast_tuple_target = 8160);
-- Rows written before this keep their out-of-line values until rewritten:
-- a new value (the same words) is stored by the new rule.
UPDATE search_documents SET document = document || ''::tsvector;
