-- Outreach contacts: the person's agreement when a contact is linked to a person record (who
-- recorded it, when, how it was given), and the soft cancellation of a contact recorded by
-- mistake (who, when, why; the reason encrypted). A cancelled contact stays for the audit trail
-- but no longer counts among the outing's individual contacts.

ALTER TABLE outreach_contacts
  ADD COLUMN link_consent_method text CHECK (link_consent_method IN ('oral', 'oral_with_witness', 'written')),
  ADD COLUMN linked_by uuid REFERENCES users (id),
  ADD COLUMN linked_at timestamptz,
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancelled_by uuid REFERENCES users (id),
  ADD COLUMN cancel_reason_enc text,
  ADD CONSTRAINT outreach_contacts_link_consent_check CHECK ((linked_at IS NULL) = (link_consent_method IS NULL)),
  ADD CONSTRAINT outreach_contacts_cancel_check CHECK ((cancelled_at IS NULL) = (cancel_reason_enc IS NULL));

COMMENT ON COLUMN outreach_contacts.link_consent_method IS 'How the person agreed to be registered and linked: oral, oral_with_witness or written (set with linked_at; null for a contact never linked through the registration path).';
COMMENT ON COLUMN outreach_contacts.linked_by IS 'Who linked the contact to the person, confirming the person agreed.';
COMMENT ON COLUMN outreach_contacts.linked_at IS 'When the contact was linked to the person with the person''s agreement.';
COMMENT ON COLUMN outreach_contacts.cancelled_at IS 'When the contact was cancelled as recorded by mistake (null: valid).';
COMMENT ON COLUMN outreach_contacts.cancelled_by IS 'Who cancelled it.';
COMMENT ON COLUMN outreach_contacts.cancel_reason_enc IS 'Encrypted reason for the cancellation.';
