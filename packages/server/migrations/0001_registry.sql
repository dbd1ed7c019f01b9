-- Registry foundation: sources, records (immutable assertions), persons (derived), links, events, imports.
-- Runs unchanged on PostgreSQL 15+ and on PGlite. Forward-only: never edit a migration that has shipped.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Who a record comes from. One row per named source (an ICRC notification batch, a family-report desk,
-- a list received from the other side); its type and reliability grade apply to its records by default.
CREATE TABLE source (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  type        text NOT NULL CHECK (type IN ('family_report', 'icrc_notification', 'other_side_list',
                'exchange_list', 'released_witness', 'media', 'unit_report', 'ombudsman', 'official',
                'ngo', 'import', 'other')),
  reliability char(1) NOT NULL DEFAULT 'F' CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One CSV import run. A file is identified by its SHA-256. Totals are written when the run ends.
CREATE TABLE import_run (
  id              uuid PRIMARY KEY,
  file_sha256     text NOT NULL,
  file_name       text NOT NULL,
  default_source  text,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  rows_read       integer,
  rows_imported   integer,
  rows_unchanged  integer,
  rows_rejected   integer,
  entered_by      text NOT NULL
);
CREATE INDEX import_run_file ON import_run (file_sha256, started_at DESC);

-- One committed batch of an import run: the file lines it covered, written in the batch's own
-- transaction. A killed run resumes by skipping exactly the lines of its committed batches (batches may
-- commit out of order, as two are written at once).
CREATE TABLE import_batch (
  run_id          uuid NOT NULL REFERENCES import_run (id),
  first_line      integer NOT NULL,
  last_line       integer NOT NULL CHECK (last_line >= first_line),
  rows_imported   integer NOT NULL,
  rows_unchanged  integer NOT NULL,
  -- rows of this batch rejected as repeating an external_id of another line of the file, so that a
  -- resumed run reports them again: [{"line": …, "external_id": …, "other_line": …}]
  duplicates      jsonb NOT NULL DEFAULT '[]',
  committed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, first_line)
);

-- A person: the resolution of the records that describe one human being. Everything but id and
-- merged_into is derived from records and events (see persons/bestView.ts) and is never typed in.
CREATE TABLE person (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  family_name      text,
  given_name       text,
  patronymic       text,
  names            jsonb NOT NULL DEFAULT '[]',
  sex              text CHECK (sex IN ('male', 'female')),
  birth_date       text CHECK (birth_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  birth_year       smallint,
  category         text NOT NULL CHECK (category IN ('military', 'civilian_detainee', 'missing',
                     'deported_child', 'deceased')),
  status           text NOT NULL CHECK (status IN ('no_data', 'missing', 'captivity_reported',
                     'captivity_confirmed', 'returned', 'death_reported', 'death_confirmed', 'deported',
                     'located')),
  -- The event that set the status; a derived pointer, rewritten with the view (no foreign key, so
  -- that writing a person and its first events in one statement needs no deferred check).
  status_event_id  uuid,
  record_count     integer NOT NULL DEFAULT 0,
  merged_into      uuid REFERENCES person (id)
);
CREATE INDEX person_category_status ON person (category, status, id);
CREATE INDEX person_status ON person (status, id);

-- A record: one source's assertion about a person, as the source wrote it. Its content is immutable
-- once written; person_id is the current resolution (which person it describes), changed only by a
-- link decision (see link) when persons are merged or split.
CREATE TABLE record (
  id              uuid PRIMARY KEY,
  person_id       uuid NOT NULL REFERENCES person (id),
  source_id       integer NOT NULL REFERENCES source (id),
  external_id     text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  category        text CHECK (category IN ('military', 'civilian_detainee', 'missing', 'deported_child',
                    'deceased')),
  family_name     text,
  given_name      text,
  patronymic      text,
  sex             text CHECK (sex IN ('male', 'female')),
  birth_date      text CHECK (birth_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  birth_year      smallint,
  birth_month     smallint,
  birth_day       smallint,
  place_of_birth  text,
  status          text CHECK (status IN ('no_data', 'missing', 'captivity_reported', 'captivity_confirmed',
                    'returned', 'death_reported', 'death_confirmed', 'deported', 'located')),
  unit            text,
  service_number  text,
  military_rank   text,
  marks           text,
  attributes      jsonb NOT NULL DEFAULT '{}',
  source_ref      text,
  source_date     date,
  reliability     char(1) NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
  entered_by      text NOT NULL,
  import_run_id   uuid,
  import_line     integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT record_has_a_name CHECK (family_name IS NOT NULL OR given_name IS NOT NULL),
  CONSTRAINT record_external_id UNIQUE (source_id, external_id)
);
CREATE INDEX record_person ON record (person_id);
CREATE INDEX record_service_number ON record (service_number) WHERE service_number IS NOT NULL;

-- A link decision: that a record belongs to a person, made automatically (score, model version) or by
-- a person (who, why). record.person_id holds the current one; this table keeps every decision and its
-- undoing (ended_at). A record that became a new person on arrival has no row here: its person was
-- made for it, with the record, in the same transaction.
CREATE TABLE link (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id      uuid NOT NULL REFERENCES record (id),
  person_id      uuid NOT NULL REFERENCES person (id),
  kind           text NOT NULL CHECK (kind IN ('auto', 'human')),
  score          double precision,
  model_version  text,
  decided_by     text NOT NULL,
  reason         text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz,
  ended_by       text
);
CREATE INDEX link_by_record ON link (record_id, created_at);
CREATE INDEX link_by_person ON link (person_id, created_at);

-- An event: a dated fact in a person's story, with its source and confidence.
CREATE TABLE event (
  id           uuid PRIMARY KEY,
  person_id    uuid NOT NULL REFERENCES person (id),
  record_id    uuid REFERENCES record (id),
  type         text NOT NULL CHECK (type IN ('reported_missing', 'captivity_reported', 'captivity_confirmed',
                 'detention_place_reported', 'transferred', 'health_report', 'included_in_exchange_list',
                 'returned_in_exchange', 'released', 'deported', 'located', 'returned_home',
                 'death_reported', 'death_confirmed', 'remains_identified')),
  occurred_on  text CHECK (occurred_on ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  source_id    integer REFERENCES source (id),
  confidence   text NOT NULL CHECK (confidence IN ('reported', 'probable', 'confirmed')),
  note         text,
  details      jsonb NOT NULL DEFAULT '{}',
  entered_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_by_person ON event (person_id, created_at);
