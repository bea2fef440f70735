-- A desk session may break its interviews down by sex/gender, apparent age band and apparent
-- nationality group, with the same lists and stored shape as an outing's count objects. Each is
-- optional: NULL means not recorded (the SIRIT contacts tables then count the session's interviews
-- as "not recorded"); when given, the object holds every key of its list and adds up to the
-- interviews (checked by the server, as for outings).
ALTER TABLE outreach_desk_sessions ADD COLUMN by_sex jsonb;
ALTER TABLE outreach_desk_sessions ADD COLUMN by_age jsonb;
ALTER TABLE outreach_desk_sessions ADD COLUMN by_nationality jsonb;

COMMENT ON COLUMN outreach_desk_sessions.by_sex IS 'Interviews by sex/gender: {female, male, transgender, other_unknown}, adding up to the interviews; NULL when not recorded.';
COMMENT ON COLUMN outreach_desk_sessions.by_age IS 'Interviews by apparent age band: {under_18, 18_24, 25_34, 35_44, 45_plus, unknown}, adding up to the interviews; NULL when not recorded.';
COMMENT ON COLUMN outreach_desk_sessions.by_nationality IS 'Interviews by apparent nationality group (src/domain/outreach/lists.ts), adding up to the interviews; NULL when not recorded.';

-- A hotline call may say, in coarse values only, who the call is about: sex/gender and apparent
-- nationality group from the outreach lists, and whether the person is under 18, an adult or of
-- unknown age. Each optional: NULL means not recorded (counted so in the SIRIT contacts tables).
-- Plain columns like caller_type: no free text, nothing that names anyone.
ALTER TABLE hotline_calls ADD COLUMN subject_sex text CHECK (subject_sex IN ('female', 'male', 'transgender', 'other_unknown'));
ALTER TABLE hotline_calls ADD COLUMN subject_age text CHECK (subject_age IN ('under_18', 'adult', 'unknown'));
ALTER TABLE hotline_calls ADD COLUMN subject_nationality text CHECK (subject_nationality IN ('nigeria', 'romania', 'albania', 'china', 'other_africa', 'other_europe', 'latin_america', 'other_unknown'));

COMMENT ON COLUMN hotline_calls.subject_sex IS 'Sex/gender of the person the call is about (outreach list); NULL when not recorded.';
COMMENT ON COLUMN hotline_calls.subject_age IS 'Age of the person the call is about: under_18, adult or unknown; NULL when not recorded.';
COMMENT ON COLUMN hotline_calls.subject_nationality IS 'Apparent nationality group of the person the call is about (outreach list); NULL when not recorded.';
