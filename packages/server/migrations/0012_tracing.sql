-- Tracing requests (issue #12): a relative's request about a sought person, its candidates, messages,
-- lost-code resets, kinship documents, failure counters of the public lookups, and the mail outbox.

-- Tracing officers triage requests, verify kinship, match and answer.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('registrar', 'analyst',
  'exchange_coordinator', 'publisher', 'auditor', 'registry_auditor', 'admin', 'tracing_officer'));

-- One request. The access code is stored only as a keyed hash (HMAC-SHA-256 under the tracing key, which
-- lives outside the database). requester, sought and consent are the form as filed (validated JSON);
-- record_id is the family_report record made from `sought` once the request is linked to a person.
CREATE TABLE tracing_request (
  id                  uuid PRIMARY KEY,
  case_number         text NOT NULL UNIQUE CHECK (case_number ~ '^HC-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  code_hash           text NOT NULL,
  organisation_id     uuid NOT NULL REFERENCES organisation (id),
  state               text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'verifying_kinship',
                        'searching', 'matched', 'answered', 'closed')),
  requester           jsonb NOT NULL,
  -- HMAC of the requester's email, lower case: per-email rate limits without a scan of the JSON.
  email_key           text NOT NULL,
  sought              jsonb NOT NULL,
  consent             jsonb NOT NULL,
  person_id           uuid REFERENCES person (id),
  record_id           uuid REFERENCES record (id),
  kinship_verified_at timestamptz,
  kinship_verified_by text,
  -- The status last disclosed to the requester (policy.ts), kept to notice a change and send news.
  disclosed_status    text NOT NULL DEFAULT 'no_information',
  -- A death (or anything else that must not travel by portal or mail) waits for a person-to-person call.
  call_required       boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  state_changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracing_request_queue ON tracing_request (organisation_id, state, state_changed_at);
CREATE INDEX tracing_request_person ON tracing_request (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX tracing_request_email ON tracing_request (email_key, created_at);

-- Ranked candidates found when the request arrived (or re-matched), with their explanations.
CREATE TABLE tracing_candidate (
  request_id   uuid NOT NULL REFERENCES tracing_request (id),
  person_id    uuid NOT NULL REFERENCES person (id),
  rank         integer NOT NULL,
  score        double precision NOT NULL,
  explanation  jsonb NOT NULL,
  PRIMARY KEY (request_id, person_id)
);

-- Messages between staff and the requester. Append-only.
CREATE TABLE tracing_message (
  id          uuid PRIMARY KEY,
  request_id  uuid NOT NULL REFERENCES tracing_request (id),
  author      text NOT NULL CHECK (author IN ('staff', 'requester')),
  author_id   text,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracing_message_by_request ON tracing_message (request_id, created_at);

-- One-time links that set a new access code, sent to the requester's email. SHA-256 of the token only.
CREATE TABLE tracing_reset (
  token_hash  text PRIMARY KEY,
  request_id  uuid NOT NULL REFERENCES tracing_request (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

-- Kinship documents, encrypted with AES-256-GCM under a key kept outside the database.
CREATE TABLE tracing_document (
  id          uuid PRIMARY KEY,
  request_id  uuid NOT NULL REFERENCES tracing_request (id),
  media_type  text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size        integer NOT NULL CHECK (size BETWEEN 1 AND 10485760),
  iv          bytea NOT NULL,
  tag         bytea NOT NULL,
  ciphertext  bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracing_document_by_request ON tracing_document (request_id);

-- Failure counters of the public lookups, per case number (known or not) and per address; keys are
-- keyed hashes, so neither a case number nor an address is stored in clear.
CREATE TABLE tracing_throttle (
  key           text PRIMARY KEY,
  failures      integer NOT NULL,
  window_start  timestamptz NOT NULL,
  locked_until  timestamptz
);

-- Proof-of-work challenges already spent (a solution is good once).
CREATE TABLE public_challenge_used (
  signature   text PRIMARY KEY,
  expires_at  timestamptz NOT NULL
);

-- The transactional outbox: mail written in the transaction that caused it, delivered later with
-- retries. Delivered rows keep delivered_at; failing rows keep their last error for the admins.
CREATE TABLE outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('mail')),
  recipient        text NOT NULL,
  subject          text NOT NULL,
  body             text NOT NULL,
  request_id       uuid REFERENCES tracing_request (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  last_error       text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
