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
