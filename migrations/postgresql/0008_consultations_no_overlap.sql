-- No two active consultations of one specialist overlap in time, whatever
-- races above it: the booking code checks this inside a serialized write,
-- and the database refuses it too. The unique index of 0004 only refused an
-- identical start; a start 15 minutes into a booked consultation (after the
-- specialist moved their hours) passed it.
--
-- btree_gist (postgresql-contrib) lets a GiST index compare profile_id with
-- "="; it is a trusted extension (PostgreSQL 13+), so the database owner may
-- create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Bookings that already overlap (made before this check) would stop the
-- constraint with a bare key dump: name them, so an admin can cancel one of
-- each pair (and tell the member) before starting again.
DO $$
DECLARE
    clashes TEXT;
BEGIN
    SELECT string_agg(a.id || ' and ' || b.id, ', ' ORDER BY a.id, b.id) INTO clashes
    FROM consultations a
    JOIN consultations b ON b.profile_id = a.profile_id AND b.id > a.id
    WHERE a.status = 'booked' AND b.status = 'booked' AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'booked consultations overlap (ids %): cancel one of each pair, then start Hearth again',
            clashes;
    END IF;
END
$$;

ALTER TABLE consultations ADD CONSTRAINT consultations_no_overlap
    EXCLUDE USING gist (profile_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status = 'booked');
