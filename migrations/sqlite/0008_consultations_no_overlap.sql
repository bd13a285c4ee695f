-- No two active consultations of one specialist overlap in time. On
-- PostgreSQL an exclusion constraint enforces it (0008 there). SQLite has a
-- single writer, so the check the booking code makes inside its write
-- transaction cannot race, and SQLite has no exclusion constraints: nothing
-- to change here. The file keeps the two engines' migration lists alike.
SELECT 1;
