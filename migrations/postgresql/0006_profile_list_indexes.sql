-- Lists of profiles shown a page at a time, without sorting the table:
-- the free-consultation and home pages take listed specialists who offer a
-- free consultation in id order (a fair rotation through them) ...
CREATE INDEX specialist_profiles_free ON specialist_profiles(listed, offers_free_consultation, id);
-- ... and the admin's lists: awaiting verification (oldest request first),
-- listed (latest change first) and suspended.
CREATE INDEX specialist_profiles_awaiting ON specialist_profiles(verified_at, suspended_at, publish_requested_at);
CREATE INDEX specialist_profiles_recent ON specialist_profiles(listed, updated_at);
-- Partial, so that it is never chosen for "suspended_at IS NULL".
CREATE INDEX specialist_profiles_suspended ON specialist_profiles(suspended_at) WHERE suspended_at IS NOT NULL;
