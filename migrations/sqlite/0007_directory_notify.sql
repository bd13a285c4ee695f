-- Nothing to do on SQLite: PostgreSQL announces new directory versions to
-- every node (see migrations/postgresql/0007_directory_notify.sql); SQLite
-- serves one node, which reads the version from the file on each request.
SELECT 1;
