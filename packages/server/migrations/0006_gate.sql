-- The gate (issue #10): organisation-qualified provenance, import runs that belong to an organisation,
-- unguessable review pair ids in the API, the registry auditor role, and the new principal kinds in the
-- audit log.

-- A source belongs to the organisation whose staff named it: two organisations may each have a source
-- called "Family desk", and since external ids are unique per source they are unique per organisation.
-- Existing sources belong to the built-in Registry organisation (which owned everything before 0004).
ALTER TABLE source ADD COLUMN organisation_id uuid NOT NULL DEFAULT '00000000-0000-7000-8000-000000000001'
  REFERENCES organisation (id);
ALTER TABLE source DROP CONSTRAINT source_name_key;
ALTER TABLE source ADD CONSTRAINT source_organisation_name UNIQUE (organisation_id, name);

-- An import run belongs to the organisation that started it, and only that organisation resumes it.
ALTER TABLE import_run ADD COLUMN organisation_id uuid NOT NULL
  DEFAULT '00000000-0000-7000-8000-000000000001' REFERENCES organisation (id);
DROP INDEX import_run_file;
CREATE INDEX import_run_file ON import_run (organisation_id, file_sha256, started_at DESC);

-- Review pairs are named in the API by a random UUID, never by their sequential key.
ALTER TABLE review_pair ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX review_pair_public_id ON review_pair (public_id);

-- The registry auditor reads every organisation's audit entries.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('registrar', 'analyst',
  'exchange_coordinator', 'publisher', 'auditor', 'registry_auditor', 'admin'));

-- Relatives (one tracing case) and partner agencies (a token under an agreement) act in later issues;
-- the audit log can already name them.
ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_actor_kind_check;
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_actor_kind_check CHECK (actor_kind IN ('user', 'token',
  'cli', 'anonymous', 'relative', 'partner'));
CREATE INDEX audit_by_organisation ON audit_entry (organisation_id, seq);
