-- How a specialist's free consultations take place, kept with their hours:
-- by video (a link of their own, or none yet: they e-mail one before the
-- time), by phone (they call the member on the number given when booking),
-- or in person at an address. Specialists who set hours before this
-- existed get video with no link, what "online" meant until now.
-- Each booking keeps the way it was booked, so a later change of the
-- specialist's choice does not move a conversation already agreed.
ALTER TABLE availability ADD COLUMN mode TEXT NOT NULL DEFAULT 'video'
    CHECK (mode IN ('video', 'phone', 'in_person'));
ALTER TABLE availability ADD COLUMN video_url TEXT NOT NULL DEFAULT '';
ALTER TABLE availability ADD COLUMN address TEXT NOT NULL DEFAULT '';

ALTER TABLE consultations ADD COLUMN mode TEXT NOT NULL DEFAULT 'video'
    CHECK (mode IN ('video', 'phone', 'in_person'));
-- The video link or the address at booking time ('' for phone or no link).
ALTER TABLE consultations ADD COLUMN mode_detail TEXT NOT NULL DEFAULT '';
-- The member's number when the specialist calls them; '' otherwise.
ALTER TABLE consultations ADD COLUMN member_phone TEXT NOT NULL DEFAULT '';
