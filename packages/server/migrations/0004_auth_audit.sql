-- Accounts, sessions, API tokens, login throttling, person scope and the withhold flag, and the
-- append-only, tamper-evident audit log. Runs unchanged on PostgreSQL 15+ and on PGlite.

-- An organisation: an ombudsman's office, a tracing NGO, a coordination staff. Persons belong to the
-- organisation whose staff entered them; staff see only their organisation's persons.
CREATE TABLE organisation (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- The built-in organisation: owner of everything entered before organisations existed, and of what the
-- command line writes without --organisation.
INSERT INTO organisation (id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'Registry');

-- A staff account. The password hash is argon2id (PHC string); no password until set up by its link.
CREATE TABLE app_user (
  id                   uuid PRIMARY KEY,
  username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  role                 text NOT NULL CHECK (role IN ('registrar', 'analyst', 'exchange_coordinator',
                         'publisher', 'auditor', 'admin')),
  organisation_id      uuid NOT NULL REFERENCES organisation (id),
  password_hash        text,
  totp_secret          text,
  totp_enabled_at      timestamptz,
  totp_last_step       bigint,
  disabled_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  created_by           text NOT NULL
);
CREATE UNIQUE INDEX app_user_username ON app_user (username);

-- One-time recovery codes for the second factor, stored as SHA-256 (they are long random strings).
CREATE TABLE recovery_code (
  user_id     uuid NOT NULL REFERENCES app_user (id),
  code_hash   text NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- A server-side session. The cookie holds a random token; the table holds only its SHA-256. `pending`
-- means the password was right but the second factor is still due.
CREATE TABLE session (
  id_hash       text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES app_user (id),
  state         text NOT NULL CHECK (state IN ('pending', 'active')),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE INDEX session_by_user ON session (user_id) WHERE ended_at IS NULL;

-- An API token for a machine client: acts for its user, limited to the listed permissions.
CREATE TABLE api_token (
  id            uuid PRIMARY KEY,
  token_hash    text NOT NULL UNIQUE,
  user_id       uuid NOT NULL REFERENCES app_user (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  permissions   text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- A one-time setup link: for the first admin (no user yet), or for a user an admin created.
CREATE TABLE setup_token (
  token_hash   text PRIMARY KEY,
  user_id      uuid REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);

-- Failed-login counters, per account name and per client address (keys are SHA-256 digests, so no
-- username or address is stored in clear). They survive across requests and restarts.
CREATE TABLE login_throttle (
  key            text PRIMARY KEY,
  failures       integer NOT NULL,
  window_start   timestamptz NOT NULL,
  locked_until   timestamptz
);

-- Person scope and the withhold flag (GC IV Art. 137). Adding a column with a constant default is
-- instant on PostgreSQL 11+, whatever the size of the table.
ALTER TABLE person ADD COLUMN organisation_id uuid NOT NULL DEFAULT '00000000-0000-7000-8000-000000000001'
  REFERENCES organisation (id);
ALTER TABLE person ADD COLUMN withheld boolean NOT NULL DEFAULT false;
CREATE INDEX person_organisation ON person (organisation_id, id);

-- The audit log. seq numbers the leaves of a Merkle tree (RFC 6962/9162) from 1 without gaps:
-- audit_head is locked by each appending transaction, so appends are serialised in commit order.
CREATE TABLE audit_entry (
  seq              bigint PRIMARY KEY,
  at               timestamptz NOT NULL,
  actor_kind       text NOT NULL CHECK (actor_kind IN ('user', 'token', 'cli', 'anonymous')),
  actor_id         text,
  organisation_id  uuid,
  action           text NOT NULL,
  object_type      text NOT NULL,
  object_id        text,
  detail           jsonb NOT NULL DEFAULT '{}',
  address          text,
  leaf_hash        text NOT NULL
);
CREATE INDEX audit_by_object ON audit_entry (object_type, object_id, seq);
CREATE INDEX audit_by_actor ON audit_entry (actor_id, seq);

CREATE TABLE audit_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  size  bigint NOT NULL
);
INSERT INTO audit_head (id, size) VALUES (1, 0);

-- Append-only: the database itself refuses to change or remove an entry.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
-- The head only grows.
CREATE FUNCTION audit_head_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.size < OLD.size THEN
    RAISE EXCEPTION 'audit_head only grows: % refused', TG_OP;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_head_grows BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_only_grows();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
