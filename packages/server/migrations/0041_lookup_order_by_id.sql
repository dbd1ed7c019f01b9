-- Issue #11: a search gives the same answer on two copies of one registry, however their rows lie on disk.
--
-- A lookup that stops at its limit (400 rows of a common name's block) took the first rows of the block in
-- the index's order, and rows of equal keys lie there in heap order: two copies of the same data laid out
-- otherwise (a restore, VACUUM FULL, rows re-inserted) gave other candidates, other "at least N" totals and
-- other hits. The record id is now the last key column of the indexes such a lookup walks (it was carried
-- as INCLUDE), so that `ORDER BY <keys>, id LIMIT n` is one index range that stops at n, in an order that
-- depends on the data alone. Same leading keys and covering columns: linkage's reads of them, which take
-- whole ranges, are unchanged.
DROP INDEX record_key_family_birth;
CREATE INDEX record_key_family_birth ON record (key_family, birth_year, birth_month, id)
  INCLUDE (person_id, key_family_phonetic, key_given, key_father, birth_day, sex, unit, service_number);
DROP INDEX record_family_phonetic_year;
CREATE INDEX record_family_phonetic_year ON record (key_family_phonetic, birth_year, id)
  INCLUDE (person_id, key_family, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
DROP INDEX record_key_family_phonetic_birth;
CREATE INDEX record_key_family_phonetic_birth ON record (key_family_phonetic, key_given, birth_year, id)
  INCLUDE (person_id, key_family, key_father, birth_month, birth_day, sex, unit, service_number);
DROP INDEX record_key_given_father_birth;
CREATE INDEX record_key_given_father_birth ON record (key_given, key_father, birth_year, birth_month, id);
DROP INDEX record_family_glyph_birth;
CREATE INDEX record_family_glyph_birth ON record ((nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')), birth_year, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
-- Search's near rule (0031) by family key: the keys whose glyph key is one deletion from the query's, from
-- the small family_key table, then their records by the ordered (key, birth year, …, id) ranges above. The
-- records' own GIN index (0031) cannot give an order, so a capped read of it depended on the heap's.
CREATE INDEX family_key_glyph_near ON family_key USING gin (family_glyph_near_keys(key, NULL::int4));
ANALYZE record;
ANALYZE family_key;
