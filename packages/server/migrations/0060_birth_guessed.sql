-- Issue 11 (branch gy): whether a record's birth date was written as a guess ("бл. 1991", "~1991", "1991?",
-- "около 1990 г."). The import reads such a date as the year written and keeps the cell as written in the
-- record's attributes (`written_birth_date`); linkage compares a guessed date by its year alone and lets it
-- corroborate nothing beside the names (linkage LinkRecord.birthGuessed). Derived from what is stored, so no
-- write path changes: the expression is dates.ts's approximateDateSql of the written cell (isApproximateDate),
-- written out; dates.int.test.ts holds the two to each other. The person index carries it with the other
-- columns linkage reads (0038: an index-only scan). Adding a stored column rewrites the table, which empties its
-- visibility map: the line below has the migrator VACUUM it once this is committed, else every lookup reads the
-- heap until autovacuum comes (a 10,000-row list against 1,000,000 persons took 18 s where it took 9 s).
-- vacuum: record
ALTER TABLE record ADD COLUMN birth_guessed boolean GENERATED ALWAYS AS (
  birth_year IS NOT NULL AND attributes ? 'written_birth_date' AND
  (translate(btrim(attributes->>'written_birth_date'), 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ', 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё') ~* '^(?:бл\.|близько|прибл\.|приблизно|ориентировочно|орієнтовно|ок\.|около|прибл|примерно|~|≈|c\.|ca\.|circa|approx\.?|approximately|about|abt\.?)\s*(?=\d)' OR translate(btrim(attributes->>'written_birth_date'), 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ', 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё') ~* '^(.*\d\.?(?:\s*[рг]\.?)?)\s*(?:\?+|\(\s*(?:приблизно|прибл\.?|орієнтовно|примерно|прим\.?|ориентировочно|approx\.?|approximately|circa|c\.)\s*\))$')) STORED;
DROP INDEX record_person;
CREATE INDEX record_person ON record (person_id)
  INCLUDE (id, external_id, key_family, key_family_phonetic, key_given, key_father, family_name, given_name,
    patronymic, sex, birth_year, birth_month, birth_day, birth_guessed, unit, service_number);
ANALYZE record;
