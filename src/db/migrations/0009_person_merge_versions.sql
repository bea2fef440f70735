-- Merges check that neither person changed between the request and the decision (optimistic
-- concurrency): the versions of both persons are kept with the request.

ALTER TABLE person_merges ADD COLUMN kept_version integer;
ALTER TABLE person_merges ADD COLUMN merged_version integer;
COMMENT ON COLUMN person_merges.kept_version IS 'persons.version of the kept record when the merge was requested (after approval: when it was approved); a different current version means it changed since, and the decision answers 409.';
COMMENT ON COLUMN person_merges.merged_version IS 'persons.version of the merged record when the merge was requested (after approval: when it was approved).';
