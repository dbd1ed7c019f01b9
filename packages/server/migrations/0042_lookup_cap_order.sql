-- Issue #16 item 1: the linked import's lookups read a block over its LIMIT in an order the data alone
-- defines, so that a copy of the registry held in memory (PackedRegistry) takes the same records.
--
-- A lookup branch (modules/linkage/candidates.ts) stops at its LIMIT (300, or 50 for a broad block, 20 for a
-- service number): at a million persons 49% of an import's probes meet such a block. It took the block's
-- first rows in index order, and rows of equal keys lie there in heap order: a restored or rewritten copy,
-- or the in-memory registry, took other records, and 58 of 2,000 decisions differed (bench/RESULTS.md,
-- `mem`). Each branch now reads `ORDER BY <the index's remaining keys>, id` (NULLS LAST, as the index holds
-- them), and the record id is the last key column of every index a branch walks (0041 did five of them; these
-- are the rest), so each capped read is still one index range that stops at its LIMIT. Same leading keys,
-- same covering columns.
DROP INDEX record_birth_date_parts;
CREATE INDEX record_birth_date_parts ON record (birth_year, birth_month, birth_day, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, sex, unit, service_number);
DROP INDEX record_given_family_head3;
CREATE INDEX record_given_family_head3 ON record (key_given, left(key_family, 3), birth_year, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_month, birth_day, sex, unit, service_number)
  WHERE length(key_family) > 4;
DROP INDEX record_given_family_tail;
CREATE INDEX record_given_family_tail ON record (key_given, right(key_family, 4), birth_year, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_month, birth_day, sex, unit, service_number)
  WHERE length(key_family) > 4;
DROP INDEX record_given_month_day;
CREATE INDEX record_given_month_day ON record (key_given, birth_month, birth_day, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_father, birth_year, sex, unit, service_number);
DROP INDEX record_family_phonetic_month_day;
CREATE INDEX record_family_phonetic_month_day ON record (key_family_phonetic, birth_month, birth_day, id)
  INCLUDE (person_id, key_family, key_given, key_father, birth_year, sex, unit, service_number);
DROP INDEX record_father_family_head;
CREATE INDEX record_father_family_head ON record (key_father, left(key_family, 4), id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, birth_year, birth_month, birth_day, sex, unit, service_number)
  WHERE length(key_family) > 4;
DROP INDEX record_family_head3_birth;
CREATE INDEX record_family_head3_birth ON record (left(key_family, 3), birth_year, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
-- Read through the heap as before (one or two records a probe): only the id joins the key.
DROP INDEX record_service_number_fold;
CREATE INDEX record_service_number_fold ON record ((translate(regexp_replace(service_number, '[[:space:]./_-]', '', 'g'), 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъёabcdefghijklmnopqrstuvwxyzABEKMHOPCTXY', 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁАВСDЕFGНIJКLМNОРQRSТUVWХУZАВЕКМНОРСТХУ')), id)
  WHERE service_number IS NOT NULL;
DROP INDEX record_unit_fold_birth;
CREATE INDEX record_unit_fold_birth ON record ((translate(regexp_replace(unit, '[[:space:]./_-]', '', 'g'), 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъёabcdefghijklmnopqrstuvwxyzABEKMHOPCTXY', 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁАВСDЕFGНIJКLМNОРQRSТUVWХУZАВЕКМНОРСТХУ')), birth_year, id)
  WHERE unit IS NOT NULL;
-- The near rule (0031) is read by family key: the keys whose glyph key is one deletion from the probe's, from
-- the small family_key table (0041's GIN index), in key order (COLLATE "C"), then each key's records by the
-- ordered (key, birth year, birth month, id) ranges, as search reads it. The records' own GIN index gave no
-- order and read the heap (GIN has no index-only scan); nothing else reads it, and a record written no longer
-- computes its near keys.
DROP INDEX record_family_glyph_near;
ANALYZE record;
