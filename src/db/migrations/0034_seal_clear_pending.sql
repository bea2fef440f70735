-- The server seals the clear values left from before migration 0029 at every start
-- (src/server/features/case-records/seal-clear.ts): documents' hashes, external providers' names,
-- minors' juvenile courts, team members' roles. Once they are sealed nothing is left to do, but
-- the look-up ("the next clear values, by id") still read the whole table, or the whole primary
-- key, on every start. A partial index per clear column holds only the rows still to seal: empty
-- once everything is sealed, so the look-up is a probe of an empty index. A value written in clear
-- later (by an older version of the server still running during an upgrade, or by hand) enters the
-- index like any other and is sealed at the next start; unlike a "done" marker nothing can be
-- missed. The index costs nothing on writes that leave the clear column null, which is every
-- write of the current application.

CREATE INDEX case_documents_sha256_pending_idx ON case_documents (id) WHERE sha256 IS NOT NULL;
COMMENT ON INDEX case_documents_sha256_pending_idx IS 'Documents whose SHA-256 is still in clear (to be sealed at start); empty once sealed.';

CREATE INDEX case_services_provider_name_pending_idx ON case_services (id) WHERE provider_name IS NOT NULL;
COMMENT ON INDEX case_services_provider_name_pending_idx IS 'Services whose external provider name is still in clear (to be sealed at start); empty once sealed.';

CREATE INDEX cases_juvenile_court_pending_idx ON cases (id) WHERE juvenile_court IS NOT NULL;
COMMENT ON INDEX cases_juvenile_court_pending_idx IS 'Cases whose juvenile court is still in clear (to be sealed at start); empty once sealed.';

CREATE INDEX case_team_team_role_pending_idx ON case_team (id) WHERE team_role IS NOT NULL;
COMMENT ON INDEX case_team_team_role_pending_idx IS 'Team rows whose role is still in clear (to be sealed at start); empty once sealed.';
