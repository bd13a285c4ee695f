-- No two active consultations of one specialist overlap in time, whatever
-- races above it: the booking code checks this inside a serialized write,
-- and the database refuses it too. The unique index of 0004 only refused an
-- identical start; a start 15 minutes into a booked consultation (after the
-- specialist moved their hours) passed it.
--
-- btree_gist (postgresql-contrib) lets a GiST index compare profile_id with
-- "="; it is a trusted extension (PostgreSQL 13+), so the database owner may
-- create it without superuser rights. If active bookings already overlap,
-- this migration stops with the names of both: cancel one, then start again.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE consultations ADD CONSTRAINT consultations_no_overlap
    EXCLUDE USING gist (profile_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status = 'booked');
