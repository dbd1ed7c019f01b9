-- Linkage evidence that follows the registry (issue 11).

-- How many records carry each family key and given-name class, counted as records arrive: linkage weighs
-- an exact agreement on a rare name by how rare it is, and sets its prior from the registry's size
-- ('records' rows, key ''). Rows are added, never updated, in the transaction that writes the records
-- (one row per key and batch), so concurrent imports never wait on one another's counters; the
-- current count is the sum. Retraining folds the rows into one per key.
CREATE TABLE name_frequency (
  kind  text NOT NULL CHECK (kind IN ('family', 'given', 'records')),
  key   text NOT NULL,
  n     bigint NOT NULL
);
CREATE INDEX name_frequency_key ON name_frequency (kind, key);
INSERT INTO name_frequency (kind, key, n)
  SELECT 'family', key_family, count(*) FROM record WHERE key_family IS NOT NULL GROUP BY key_family;
INSERT INTO name_frequency (kind, key, n)
  SELECT 'given', key_given, count(*) FROM record WHERE key_given IS NOT NULL GROUP BY key_given;
INSERT INTO name_frequency (kind, key, n) SELECT 'records', '', count(*) FROM record;

-- Blocks for a garbled family name (see linkage BLOCKING_RULES): the exact birth date; unit and birth
-- year; the given-name class with the family key's first or last four letters (one error leaves one of
-- them intact). The unit expression must stay identical to linkage's serviceNumberFoldSql.
CREATE INDEX record_birth_date_parts ON record (birth_year, birth_month, birth_day);
CREATE INDEX record_unit_fold_birth ON record ((translate(regexp_replace(unit, '[[:space:]./_-]', '', 'g'), 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъёabcdefghijklmnopqrstuvwxyzABEKMHOPCTXY', 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁАВСDЕFGНIJКLМNОРQRSТUVWХУZАВЕКМНОРСТХУ')), birth_year)
  WHERE unit IS NOT NULL;
CREATE INDEX record_given_family_head ON record (key_given, left(key_family, 4), birth_year)
  WHERE length(key_family) > 4;
CREATE INDEX record_given_family_tail ON record (key_given, right(key_family, 4), birth_year)
  WHERE length(key_family) > 4;

-- The review queue, ranked by how much a decision changes: pairs touching a person someone is looking
-- for (a tracing request, an exchange list) first; then the ones whose outcome is least certain. And the
-- reason each pair is there, in words a reviewer can act on.
ALTER TABLE review_pair ADD COLUMN priority double precision NOT NULL DEFAULT 0;
ALTER TABLE review_pair ADD COLUMN queue_reason text;
CREATE INDEX review_pair_priority ON review_pair (priority DESC, score DESC, id) WHERE status = 'pending';

-- A wrong birth year with a name error: the given class, or the family phonetic key, with birth month and
-- day; a garbled given name: the father's class with the family key's first four letters.
CREATE INDEX record_given_month_day ON record (key_given, birth_month, birth_day);
CREATE INDEX record_family_phonetic_month_day ON record (key_family_phonetic, birth_month, birth_day);
CREATE INDEX record_father_family_head ON record (key_father, left(key_family, 4))
  WHERE length(key_family) > 4;
