-- Issue #16 item 1 / #11: an import decides the same whatever the timing of its own writes.
--
-- An import reads (looks up) a batch while the batch before it is written, and holds that batch in memory.
-- Where a block holds more records than a lookup reads of it (LIMIT), the part read depended on whether
-- the batch before had committed by then: the same file gave 30 or 31 possible matches (bench/RESULTS.md,
-- stop 29). The lookups now leave that batch's records out of every read, committed or not, by their ids
-- (`candidatePersons`' `leaveOut`: the ids one batch took, a range no other record of the process falls
-- in). The covering indexes of migration 0024 carry the id too, so that the condition is checked in the
-- index and each block stays an index-only range. Same keys, same order (the heap position breaks ties,
-- as before): what a lookup reads with nothing left out is unchanged.
DROP INDEX record_key_family_phonetic_birth;
CREATE INDEX record_key_family_phonetic_birth ON record (key_family_phonetic, key_given, birth_year)
  INCLUDE (person_id, key_family, key_father, birth_month, birth_day, sex, unit, service_number, id);
DROP INDEX record_key_family_birth;
CREATE INDEX record_key_family_birth ON record (key_family, birth_year, birth_month)
  INCLUDE (person_id, key_family_phonetic, key_given, key_father, birth_day, sex, unit, service_number, id);
DROP INDEX record_birth_date_parts;
CREATE INDEX record_birth_date_parts ON record (birth_year, birth_month, birth_day)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, sex, unit, service_number, id);
DROP INDEX record_given_family_head3;
CREATE INDEX record_given_family_head3 ON record (key_given, left(key_family, 3), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_month, birth_day, sex, unit, service_number, id)
  WHERE length(key_family) > 4;
DROP INDEX record_given_family_tail;
CREATE INDEX record_given_family_tail ON record (key_given, right(key_family, 4), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_month, birth_day, sex, unit, service_number, id)
  WHERE length(key_family) > 4;
DROP INDEX record_given_month_day;
CREATE INDEX record_given_month_day ON record (key_given, birth_month, birth_day)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_year, sex, unit, service_number, id);
DROP INDEX record_family_phonetic_month_day;
CREATE INDEX record_family_phonetic_month_day ON record (key_family_phonetic, birth_month, birth_day)
  INCLUDE (person_id, key_family, key_given, key_father, birth_year, sex, unit, service_number, id);
DROP INDEX record_father_family_head;
CREATE INDEX record_father_family_head ON record (key_father, left(key_family, 4))
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, birth_year, birth_month, birth_day, sex, unit, service_number, id)
  WHERE length(key_family) > 4;
DROP INDEX record_family_phonetic_year;
CREATE INDEX record_family_phonetic_year ON record (key_family_phonetic, birth_year)
  INCLUDE (person_id, key_family, key_given, key_father, birth_month, birth_day, sex, unit, service_number, id);
DROP INDEX record_family_glyph_birth;
CREATE INDEX record_family_glyph_birth ON record ((nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number, id);
DROP INDEX record_family_head3_birth;
CREATE INDEX record_family_head3_birth ON record (left(key_family, 3), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number, id);
ANALYZE record;
