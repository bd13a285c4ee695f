-- "Bookable": a specialist is shown as offering a free consultation only
-- while they have an open slot in the coming 14 days. The first such slot
-- is kept here (computed by consultations::refresh_outlook when hours or
-- bookings change, and again when the value can have changed with time),
-- so the directory, the featured strips and the campaign page read it
-- without computing slots.
ALTER TABLE specialist_profiles ADD COLUMN next_open_at BIGINT;                          -- UTC seconds, NULL: none in 14 days
ALTER TABLE specialist_profiles ADD COLUMN next_open_recheck_at BIGINT NOT NULL DEFAULT 0; -- when it must be computed again
-- When the "your hours have run out" e-mail was sent (NULL: not sent since
-- the specialist last had an open slot in the coming 7 days).
ALTER TABLE specialist_profiles ADD COLUMN hours_ran_out_notice_at BIGINT;
CREATE INDEX specialist_profiles_recheck ON specialist_profiles(next_open_recheck_at);
