-- Documents' SHA-256 no longer stored in clear: an unkeyed hash of a file lets anyone holding a
-- dump confirm that a known document (a published decision, a form filled in a known way) is
-- stored, and for which case. The hash is now field-encrypted (sha256_enc, registered with the
-- case-records feature's encrypted columns so `ponte keys rotate` re-encrypts it). Rows written
-- before keep their clear hash until the server seals it at start (systemSealDocumentHashes,
-- src/server/features/case-records/seal-hashes.ts), which empties the clear column.
ALTER TABLE case_documents ADD COLUMN sha256_enc text;
ALTER TABLE case_documents ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE case_documents ADD CONSTRAINT case_documents_hash_present CHECK (sha256 IS NOT NULL OR sha256_enc IS NOT NULL);

COMMENT ON COLUMN case_documents.sha256 IS 'Legacy: SHA-256 of the file in clear, for rows written before 0029 and not yet sealed; NULL once sealed into sha256_enc.';
COMMENT ON COLUMN case_documents.sha256_enc IS 'Encrypted SHA-256 of the file (hex, before encryption): integrity check offered to clients.';

-- The name of a service provider outside the network is free text that can name a person (a host
-- family, a doctor, a lawyer) and, with the service type, tells what care the person receives:
-- field-encrypted from now on (provider_name_enc); rows written before are sealed at start and
-- their clear column emptied, as for the documents' hashes.
ALTER TABLE case_services ADD COLUMN provider_name_enc text;
ALTER TABLE case_services ADD CONSTRAINT case_services_one_provider_sealed CHECK (provider_org_id IS NULL OR provider_name_enc IS NULL);

COMMENT ON COLUMN case_services.provider_name IS 'Legacy: provider name in clear, for rows written before 0029 and not yet sealed; NULL once sealed into provider_name_enc.';
COMMENT ON COLUMN case_services.provider_name_enc IS 'Encrypted name of a provider outside the network (may name a person or tell what care is given).';

-- The juvenile court following a minor is free text that can hold a docket number or a judge's
-- name, next to the minor's status: field-encrypted from now on (juvenile_court_enc); rows written
-- before are sealed at start and their clear column emptied.
ALTER TABLE cases ADD COLUMN juvenile_court_enc text;

COMMENT ON COLUMN cases.juvenile_court IS 'Legacy: juvenile court in clear, for cases written before 0029 and not yet sealed; NULL once sealed into juvenile_court_enc.';
COMMENT ON COLUMN cases.juvenile_court_enc IS 'Encrypted juvenile court (Tribunale per i minorenni) following a minor.';

-- A team member's role on a case is the staff member's function, but "psychologist" or
-- "ethno-psychiatrist" on a victim's case says what support the person receives: encrypted from
-- now on (team_role_enc). Field encryption binds a value to its row id and key rotation walks rows
-- by id, so the table gains one; rows written before are sealed at start, their clear role emptied.
ALTER TABLE case_team ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX case_team_id_idx ON case_team (id);
ALTER TABLE case_team ADD COLUMN team_role_enc text;
ALTER TABLE case_team ALTER COLUMN team_role DROP NOT NULL;
ALTER TABLE case_team ADD CONSTRAINT case_team_role_present CHECK (team_role IS NOT NULL OR team_role_enc IS NOT NULL);

COMMENT ON COLUMN case_team.id IS 'Row id (field encryption binds the role to it).';
COMMENT ON COLUMN case_team.team_role IS 'Legacy: role in clear, for rows written before 0029 and not yet sealed; NULL once sealed into team_role_enc.';
COMMENT ON COLUMN case_team.team_role_enc IS 'Encrypted part in the case, e.g. mediator, psychologist, lawyer, case_worker.';
