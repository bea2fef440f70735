-- The age band at the opening of a case, kept in clear but coarse (the CTDC bands 0-8, 9-17,
-- 18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+), so that the monitoring indicators can count
-- persons in charge by age band without decrypting any identity. Computed by the application
-- from the person's birth (encrypted in persons.identity_enc) when a case is opened and whenever
-- the birth, or the person a case belongs to, changes (src/domain/cases/age-band.ts).
--
-- A migration cannot decrypt, so existing cases start with NULL (= unknown): the one-off command
-- `ponte cases age-bands` fills them (and may be run again at any time: it recomputes every case).
-- Until it is run, the indicators count those cases as "unknown"; reading a case also fills it.

ALTER TABLE cases
  ADD COLUMN age_band text CHECK (age_band IN ('0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+'));

COMMENT ON COLUMN cases.age_band IS 'Age band (CTDC bands) of the person on the day the case was opened, from the exact or estimated birth (an estimate: its middle day); NULL = unknown or not yet computed.';
