-- Public contact details a specialist chooses to show on their profile
-- ("Get in touch"): each optional, '' when not given, checked by the
-- profile service (features/specialists/profiles.cpp) before they are kept.
ALTER TABLE specialist_profiles ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE specialist_profiles ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE specialist_profiles ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
