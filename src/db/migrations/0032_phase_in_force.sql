-- The phase of a case at a given instant as a plain condition. Each phase change keeps the instant
-- it stopped being in force (the time of the case's next change, in (changed_at, id) order; null
-- for the change in force now), so "the phase in force at T" is the change with
-- changed_at < T and (superseded_at is null or superseded_at >= T): exactly one row per case that
-- had opened before T, found by a join instead of one ordered look-up per case (the monitoring
-- indicators and the funder report over the whole network).
--
-- Kept by triggers in the statement that writes the history, whoever writes it (transitions,
-- approvals, transfers, case creation, the demo, imports, generated data): after rows are inserted
-- or deleted, or a row moves to another case or time, the stamps of the cases touched are
-- recomputed from their whole history. The cases are locked first (in id order), so two
-- transactions adding changes to the same case recompute one after the other.

ALTER TABLE case_phase_history ADD COLUMN superseded_at timestamptz;
COMMENT ON COLUMN case_phase_history.superseded_at IS 'When this phase stopped being in force: the time of the next change of the case in (changed_at, id) order; null for the change in force now. Kept by triggers, never written by the application.';

UPDATE case_phase_history h SET superseded_at = w.next
FROM (SELECT id, lead(changed_at) OVER (PARTITION BY case_id ORDER BY changed_at, id) AS next FROM case_phase_history) w
WHERE h.id = w.id AND w.next IS NOT NULL;

CREATE FUNCTION case_phase_history_restamp(case_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM cases WHERE id = ANY (case_ids) ORDER BY id FOR NO KEY UPDATE;
  UPDATE case_phase_history h SET superseded_at = w.next
  FROM (SELECT id, lead(changed_at) OVER (PARTITION BY case_id ORDER BY changed_at, id) AS next
        FROM case_phase_history WHERE case_id = ANY (case_ids)) w
  WHERE h.id = w.id AND h.superseded_at IS DISTINCT FROM w.next;
END
$$;
COMMENT ON FUNCTION case_phase_history_restamp(uuid[]) IS 'Recomputes superseded_at of every phase change of the given cases.';

CREATE FUNCTION case_phase_history_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_phase_history_restamp(ARRAY(SELECT DISTINCT case_id FROM changed_rows));
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION case_phase_history_rows_changed() IS 'After inserting or deleting phase changes: restamps the cases touched.';

CREATE FUNCTION case_phase_history_row_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_phase_history_restamp(ARRAY[OLD.case_id, NEW.case_id]);
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION case_phase_history_row_moved() IS 'After a phase change moves to another case or time: restamps both cases.';

CREATE TRIGGER case_phase_history_inserted AFTER INSERT ON case_phase_history
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION case_phase_history_rows_changed();
CREATE TRIGGER case_phase_history_deleted AFTER DELETE ON case_phase_history
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION case_phase_history_rows_changed();
CREATE TRIGGER case_phase_history_moved AFTER UPDATE OF case_id, changed_at ON case_phase_history
  FOR EACH ROW WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.changed_at IS DISTINCT FROM NEW.changed_at)
  EXECUTE FUNCTION case_phase_history_row_moved();
