-- Record linkage (issue #4): the trained model, the review queue, remembered rejections, and the
-- person events that record merges and splits.

-- A trained Fellegi–Sunter model (m, u, prior, term frequencies, thresholds), kept by version. The
-- newest is the one in use; older ones stay so that every link's model_version can be read back.
CREATE TABLE linkage_model (
  version     text PRIMARY KEY,
  model       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);
CREATE INDEX linkage_model_newest ON linkage_model (created_at DESC);

-- A candidate pair of persons in the uncertain band, for a human to decide: the two records that
-- compared best, the score and its per-field explanation under the model that proposed it.
CREATE TABLE review_pair (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  left_person_id   uuid NOT NULL REFERENCES person (id),
  right_person_id  uuid NOT NULL REFERENCES person (id),
  left_record_id   uuid NOT NULL REFERENCES record (id),
  right_record_id  uuid NOT NULL REFERENCES record (id),
  score            double precision NOT NULL,
  explanation      jsonb NOT NULL,
  model_version    text NOT NULL,
  status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'accepted', 'rejected', 'superseded')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  decided_at       timestamptz,
  decided_by       text,
  reason           text,
  CHECK (left_person_id <> right_person_id)
);
-- The queue: pending pairs, highest score first.
CREATE INDEX review_pair_queue ON review_pair (score DESC, id) WHERE status = 'pending';
CREATE INDEX review_pair_left ON review_pair (left_person_id) WHERE status = 'pending';
CREATE INDEX review_pair_right ON review_pair (right_person_id) WHERE status = 'pending';

-- Two records a human said are not one person (a rejected pair, or a split). Such records are never
-- proposed together again and never linked automatically. Stored once per pair, record_a < record_b.
CREATE TABLE distinct_records (
  record_a    uuid NOT NULL REFERENCES record (id),
  record_b    uuid NOT NULL REFERENCES record (id),
  decided_by  text NOT NULL,
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_a, record_b),
  CHECK (record_a < record_b)
);
CREATE INDEX distinct_records_b ON distinct_records (record_b);

-- Merges and splits are events in the survivor's (and the split-off person's) story.
ALTER TABLE event DROP CONSTRAINT event_type_check;
ALTER TABLE event ADD CONSTRAINT event_type_check CHECK (type IN ('reported_missing', 'captivity_reported',
  'captivity_confirmed', 'detention_place_reported', 'transferred', 'health_report',
  'included_in_exchange_list', 'returned_in_exchange', 'released', 'deported', 'located', 'returned_home',
  'death_reported', 'death_confirmed', 'remains_identified', 'person_merged', 'person_split'));

-- Links of a record are read by person for the person's link history; merged persons point onward.
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- Blocking lookups for linkage (see modules/linkage/candidates.ts): family key with birth year (a
-- misspelt given name), given and father classes near a birth year (a misspelt family name), and the
-- service number as compared (linkage SERVICE_NUMBER_FOLD: separators removed, upper case, Latin
-- look-alikes read as Cyrillic; the expression must stay identical to serviceNumberFoldSql's).
CREATE INDEX record_key_family_birth ON record (key_family, birth_year, birth_month);
-- The phonetic index of 0002 gains the birth year, so that a common name's candidates born within a year
-- are an index range, not hundreds of rows fetched and filtered. Search reads its (phonetic, given)
-- prefix as before; one index replaces the other, so a record costs no more to write.
CREATE INDEX record_key_family_phonetic_birth ON record (key_family_phonetic, key_given, birth_year);
DROP INDEX record_key_family_phonetic;
CREATE INDEX record_key_given_father_birth ON record (key_given, key_father, birth_year, birth_month);
CREATE INDEX record_service_number_fold ON record ((translate(regexp_replace(service_number, '[[:space:]./_-]', '', 'g'), 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъёabcdefghijklmnopqrstuvwxyzABEKMHOPCTXY', 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁАВСDЕFGНIJКLМNОРQRSТUVWХУZАВЕКМНОРСТХУ')))
  WHERE service_number IS NOT NULL;
