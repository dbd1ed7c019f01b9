-- Issue #11: a 10,000-row list against a million persons, and every import's linkage.
--
-- Linkage's blocking lookups (modules/linkage/candidates.ts) read ~60 records a row from the selective
-- blocks and ~280 from the broad ones, only to rank them by a pre-score and keep 30 persons. Each record
-- read was a fetch from record's heap (231 MB at a million records, one page per record: the blocks'
-- records lie anywhere), nearly all the lookups' time. The indexes of the blocks the lookups read most
-- now carry what the pre-score reads (INCLUDE): each block is an index-only range of a few leaf pages,
-- and only the kept persons' records are fetched. Same keys, same predicates: search's use of them is
-- unchanged; each is replaced, not added, so a record written updates as many indexes as before (wider
-- ones). Not covered: the given + father block (a record or two a row), unit + year and service number.
--
-- Pre-score columns: person_id, key_family, key_family_phonetic, key_given, key_father, birth_year,
-- birth_month, birth_day, sex, unit, service_number (those of the key are not repeated).
DROP INDEX record_key_family_phonetic_birth;
CREATE INDEX record_key_family_phonetic_birth ON record (key_family_phonetic, key_given, birth_year)
  INCLUDE (person_id, key_family, key_father, birth_month, birth_day, sex, unit, service_number);
DROP INDEX record_key_family_birth;
CREATE INDEX record_key_family_birth ON record (key_family, birth_year, birth_month)
  INCLUDE (person_id, key_family_phonetic, key_given, key_father, birth_day, sex, unit, service_number);
DROP INDEX record_birth_date_parts;
CREATE INDEX record_birth_date_parts ON record (birth_year, birth_month, birth_day)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, sex, unit, service_number);
DROP INDEX record_given_family_head3;
CREATE INDEX record_given_family_head3 ON record (key_given, left(key_family, 3), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_month, birth_day, sex, unit, service_number)
  WHERE length(key_family) > 4;
DROP INDEX record_given_family_tail;
CREATE INDEX record_given_family_tail ON record (key_given, right(key_family, 4), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_month, birth_day, sex, unit, service_number)
  WHERE length(key_family) > 4;
DROP INDEX record_given_month_day;
CREATE INDEX record_given_month_day ON record (key_given, birth_month, birth_day)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_year, sex, unit, service_number);
DROP INDEX record_family_phonetic_month_day;
CREATE INDEX record_family_phonetic_month_day ON record (key_family_phonetic, birth_month, birth_day)
  INCLUDE (person_id, key_family, key_given, key_father, birth_year, sex, unit, service_number);
DROP INDEX record_father_family_head;
CREATE INDEX record_father_family_head ON record (key_father, left(key_family, 4))
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, birth_year, birth_month, birth_day, sex, unit, service_number)
  WHERE length(key_family) > 4;
DROP INDEX record_family_phonetic_year;
CREATE INDEX record_family_phonetic_year ON record (key_family_phonetic, birth_year)
  INCLUDE (person_id, key_family, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
DROP INDEX record_family_glyph_birth;
CREATE INDEX record_family_glyph_birth ON record ((nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
DROP INDEX record_family_head3_birth;
CREATE INDEX record_family_head3_birth ON record (left(key_family, 3), birth_year)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
-- Index-only ranges need the visibility map (set by VACUUM; autovacuum keeps it for an insert-mostly
-- table); the planner needs the new expressions' statistics.
ANALYZE record;
