-- Issue 11 (branch age2, rebuilt from rc8's e2fcca1): a birth year worked out from an age in the date's cell is a
-- guess too. The import reads an age in words that say it is one ("35 років", "35 лет", "(35)", "вік 35") on a
-- source with its date as the year that age gives (dates.ts birthYearOfAge) and keeps the cell as written
-- (`written_birth_date`), as 0060's guessed dates; linkage compares that year by itself, lets it corroborate
-- nothing and keeps it out of training the birth levels, so birth_guessed now also reads such a cell: dates.ts's
-- ageForBirthSql beside approximateDateSql, written out (birthGuessed.int.test.ts holds them to each other).
-- Records stored before keep no birth from an age (the import read none before this) and so are not guessed
-- either way: the column changes no stored record's value, but a generated column's expression can only be
-- replaced by dropping it, which drops the person index that carries it and rewrites the table; the index is
-- made again and the migrator VACUUMs the table once this is committed.
-- vacuum: record
ALTER TABLE record DROP COLUMN birth_guessed;
ALTER TABLE record ADD COLUMN birth_guessed boolean GENERATED ALWAYS AS (
  birth_year IS NOT NULL AND attributes ? 'written_birth_date' AND (
  (translate(btrim(attributes->>'written_birth_date'), 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ', 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё') ~* '^(?:бл\.|близько|прибл\.|приблизно|ориентировочно|орієнтовно|ок\.|около|прибл|примерно|~|≈|c\.|ca\.|circa|approx\.?|approximately|about|abt\.?)\s*(?=\d)' OR translate(btrim(attributes->>'written_birth_date'), 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ', 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё') ~* '^(.*\d\.?(?:\s*[рг]\.?)?)\s*(?:\?+|\(\s*(?:приблизно|прибл\.?|орієнтовно|примерно|прим\.?|ориентировочно|approx\.?|approximately|circa|c\.)\s*\))$')
  OR (translate(btrim(attributes->>'written_birth_date'), 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ', 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё') ~* '^(?:(?:вік|возраст|age)\s*:?\s*\d{1,3}(?:\s*(?:рік|роки|років|лет|года|год|л\.|y\.?\s*o\.?|years?(?:\s+old)?))?|\(\s*\d{1,3}\s*(?:рік|роки|років|лет|года|год|л\.|y\.?\s*o\.?|years?(?:\s+old)?)?\s*\)|\d{1,3}\s*(?:рік|роки|років|лет|года|год|л\.|y\.?\s*o\.?|years?(?:\s+old)?))$'))) STORED;
CREATE INDEX record_person ON record (person_id)
  INCLUDE (id, external_id, key_family, key_family_phonetic, key_given, key_father, family_name, given_name,
    patronymic, sex, birth_year, birth_month, birth_day, birth_guessed, unit, service_number);
ANALYZE record;
