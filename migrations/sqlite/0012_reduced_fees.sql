-- Fees compare like with like: a specialist can say that their fees follow
-- what a client can pay (a sliding scale) and that some places are offered
-- at a reduced fee. Flags are 0/1 on both engines.
ALTER TABLE specialist_profiles ADD COLUMN sliding_scale INTEGER NOT NULL DEFAULT 0;
ALTER TABLE specialist_profiles ADD COLUMN reduced_fees INTEGER NOT NULL DEFAULT 0;
