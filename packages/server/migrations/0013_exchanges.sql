-- Exchanges (issue #13): the register of enemy prisoners we hold (GC III Art. 122), exchanges with their
-- formula, mediators and stages, lists exchanged in immutable versions, name-by-name verification, and the
-- reconciliation of who actually crossed.

-- A prisoner of the other side in our hands, with the Art. 122(4) fields. Belongs to the organisation
-- that holds the register (its exchange coordinators see it). The key_* columns are the names package's
-- comparison keys (as on `record`), so lists of the other side link to it with the same engine.
CREATE TABLE enemy_pow (
  id                  uuid PRIMARY KEY,
  organisation_id     uuid NOT NULL REFERENCES organisation (id),
  external_id         text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  family_name         text,
  given_name          text,
  patronymic          text,
  sex                 text CHECK (sex IN ('male', 'female')),
  birth_date          text CHECK (birth_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  place_of_birth      text,
  military_rank       text,
  service_number      text,
  unit                text,
  -- The Power on which the prisoner depends (Art. 122(4)).
  power_depended_on   text,
  father_name         text,
  mother_maiden_name  text,
  notify_person       text,
  notify_address      text,
  captured_on         date,
  capture_place       text,
  internment_place    text,
  health              text,
  -- Art. 70: the capture card is due within a week of capture.
  capture_card_sent_on date,
  state               text NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'handed_over', 'released',
                        'deceased')),
  key_family          text,
  key_family_phonetic text,
  key_given           text,
  key_father          text,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT enemy_pow_has_a_name CHECK (family_name IS NOT NULL OR given_name IS NOT NULL),
  CONSTRAINT enemy_pow_external_id UNIQUE (organisation_id, external_id)
);
CREATE INDEX enemy_pow_family ON enemy_pow (organisation_id, key_family_phonetic);

-- Internment places, transfers and health reports of a held prisoner. Append-only.
CREATE TABLE enemy_pow_movement (
  id           uuid PRIMARY KEY,
  pow_id       uuid NOT NULL REFERENCES enemy_pow (id),
  kind         text NOT NULL CHECK (kind IN ('interned', 'transferred', 'health_report')),
  place        text,
  occurred_on  date,
  note         text CHECK (note IS NULL OR length(note) <= 2000),
  entered_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enemy_pow_movement_by_pow ON enemy_pow_movement (pow_id, created_at);

-- An exchange: planned or held, with its formula (N-for-N, all-for-all of named categories, repatriation
-- of the seriously wounded and sick under Art. 109-110, unilateral release, bodies) and mediators.
CREATE TABLE exchange (
  id               uuid PRIMARY KEY,
  organisation_id  uuid NOT NULL REFERENCES organisation (id),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  held_on          date,
  formula          text NOT NULL DEFAULT 'n_for_n' CHECK (formula IN ('n_for_n', 'all_for_all',
                     'wounded_sick_repatriation', 'unilateral_release', 'bodies')),
  -- For all-for-all: the categories it covers (e.g. seriously_wounded_sick, age_18_25).
  formula_categories text[] NOT NULL DEFAULT '{}',
  mediators        text[] NOT NULL DEFAULT '{}',
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_by_organisation ON exchange (organisation_id, created_at DESC);

-- The stages of an exchange (a large one crosses in several days or places).
CREATE TABLE exchange_stage (
  exchange_id  uuid NOT NULL REFERENCES exchange (id),
  number       integer NOT NULL CHECK (number >= 1),
  planned_on   date,
  place        text,
  note         text,
  PRIMARY KEY (exchange_id, number)
);

-- One version of one side's list, as received or sent through the mediator. Immutable (trigger below),
-- as are its entries: a correction is a new version, and its diff with the previous one is computed.
CREATE TABLE exchange_list_version (
  id           uuid PRIMARY KEY,
  exchange_id  uuid NOT NULL REFERENCES exchange (id),
  side         text NOT NULL CHECK (side IN ('ours', 'theirs')),
  version      integer NOT NULL CHECK (version >= 1),
  file_sha256  text NOT NULL,
  file_name    text NOT NULL,
  rows         integer NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (exchange_id, side, version)
);

-- One name on a list version, as written there, and where the linkage engine placed it: a registry
-- person (our side) or a held prisoner (theirs), with the decision and its score.
CREATE TABLE exchange_list_entry (
  version_id    uuid NOT NULL REFERENCES exchange_list_version (id),
  line          integer NOT NULL,
  external_id   text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  family_name   text,
  given_name    text,
  patronymic    text,
  birth_date    text,
  -- Categories of the entry: seriously_wounded_sick, civilian, child, officer, age_18_25, …
  categories    text[] NOT NULL DEFAULT '{}',
  content       jsonb NOT NULL,
  decision      text NOT NULL CHECK (decision IN ('match', 'possible', 'none')),
  person_id     uuid REFERENCES person (id),
  pow_id        uuid REFERENCES enemy_pow (id),
  score         double precision,
  PRIMARY KEY (version_id, external_id)
);
CREATE INDEX exchange_list_entry_person ON exchange_list_entry (person_id) WHERE person_id IS NOT NULL;

CREATE FUNCTION exchange_list_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'exchange list versions and their entries are immutable; add a new version instead';
END $$;
CREATE TRIGGER exchange_list_version_immutable BEFORE UPDATE OR DELETE ON exchange_list_version
  FOR EACH ROW EXECUTE FUNCTION exchange_list_frozen();
CREATE TRIGGER exchange_list_entry_immutable BEFORE UPDATE OR DELETE ON exchange_list_entry
  FOR EACH ROW EXECUTE FUNCTION exchange_list_frozen();

-- Verification name by name, per exchange, side and entry (an entry keeps its external_id across
-- versions): proposed → identity_verified → agreed → crossed | not_crossed (with a reason). Every step is
-- an append-only row; the current state is the latest step.
CREATE TABLE exchange_verification_step (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  exchange_id   uuid NOT NULL REFERENCES exchange (id),
  side          text NOT NULL CHECK (side IN ('ours', 'theirs')),
  external_id   text NOT NULL,
  state         text NOT NULL CHECK (state IN ('proposed', 'identity_verified', 'agreed', 'crossed',
                  'not_crossed')),
  reason        text CHECK (reason IS NULL OR reason IN ('refused', 'absent', 'deceased', 'substituted')),
  person_id     uuid REFERENCES person (id),
  evidence      text CHECK (evidence IS NULL OR length(evidence) <= 2000),
  note          text CHECK (note IS NULL OR length(note) <= 2000),
  decided_by    text NOT NULL,
  decided_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'not_crossed') = (reason IS NOT NULL))
);
CREATE INDEX exchange_verification_by_entry ON exchange_verification_step (exchange_id, side, external_id, id);

CREATE FUNCTION exchange_step_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'verification steps are append-only';
END $$;
CREATE TRIGGER exchange_verification_step_append_only BEFORE UPDATE OR DELETE ON exchange_verification_step
  FOR EACH ROW EXECUTE FUNCTION exchange_step_frozen();

-- The reconciliation of who crossed: one per exchange (the file it was made from, by its SHA-256), and
-- one row per row of that file and per list entry that did not cross. Reconciling the same file again
-- changes nothing; another file is refused.
CREATE TABLE exchange_reconciliation (
  exchange_id   uuid PRIMARY KEY REFERENCES exchange (id),
  file_sha256   text NOT NULL,
  file_name     text NOT NULL,
  list_version_id uuid NOT NULL REFERENCES exchange_list_version (id),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE exchange_reconciliation_row (
  exchange_id        uuid NOT NULL REFERENCES exchange_reconciliation (exchange_id),
  seq                integer NOT NULL,
  line               integer,
  external_id        text,
  outcome            text NOT NULL CHECK (outcome IN ('returned', 'returned_unlisted', 'returned_unknown',
                       'not_returned')),
  person_id          uuid REFERENCES person (id),
  entry_external_id  text,
  score              double precision,
  -- Why no event was written for this row (e.g. already returned in an earlier exchange).
  problem            text,
  event_id           uuid,
  PRIMARY KEY (exchange_id, seq)
);
CREATE INDEX exchange_reconciliation_row_person ON exchange_reconciliation_row (person_id)
  WHERE person_id IS NOT NULL;
