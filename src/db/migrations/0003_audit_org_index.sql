-- Audit search by the acting organisation (what a coordinator with audit.read may see), newest
-- first by id: without it such searches scan the whole trail.
CREATE INDEX audit_log_actor_org_idx ON audit_log (actor_org_id, id);
