-- Issue #11 (nm15): the glyph key reads a Latin lc for k at a word's end and before e, i, y as well.
--
-- A scanner reads k as lc (Dyrlcolenko, Дырколенко), and the glyph key (0019, names `familyGlyphKey`) made lc one
-- with k. But the family skeleton reads c at a word's end or before e, i, y as ц (z), so such an lc reached the
-- glyph key as lz and met no k: Gumeniulc and Гуменюк, Lyslcyy and Лиський shared no glyph key, and a record
-- of one never a glyph or near block of the other (lst4). The glyph key now makes lz one with k too (so лц/льц
-- meet лк: Шульц, Шульк — a blocking key's price, as its other steps are). Stored name keys do not change: the
-- glyph key is computed from key_family, in SQL by the expression `familyGlyphKeySql` writes. So this rebuilds
-- what holds that expression: the record index the glyph block reads (0041's, same columns), and the near keys'
-- function (0031) with family_key's index on it (0041). Nothing else: no record is rewritten here.
-- The same branch (nm15) reads a given name whose first two letters the Shift swapped ("tSanislav" as Stanislav,
-- names `nameKeys`), which changes stored key_given, and hold14 reads a given name cut with an ellipsis
-- ("Олександ…") as an initial of the letters kept: name keys version 15, so the row at the end asks the reindex
-- at start for the walk 0057 and 0059-0066 asked (every record checked, those whose keys change rewritten, their
-- name counts moved); a version 15 walk covers version 14's, so a walk of 14 not yet ended gives way to it.
DROP INDEX record_family_glyph_birth;
CREATE INDEX record_family_glyph_birth ON record ((nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'lz', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')), birth_year, id)
  INCLUDE (person_id, key_family, key_family_phonetic, key_given, key_father, birth_month, birth_day, sex, unit, service_number);
DROP INDEX family_key_glyph_near;
CREATE OR REPLACE FUNCTION family_glyph_near_keys(key_family text, birth_year int4) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000
  RETURN (
    SELECT CASE WHEN length(g) >= 4 THEN ARRAY(
      SELECT DISTINCT d || '|' || coalesce(birth_year::text, '')
      FROM (SELECT g AS d UNION ALL SELECT overlay(g PLACING '' FROM i FOR 1) FROM generate_series(1, length(g)) i) s
    ) END
    FROM (SELECT nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'lz', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '') AS g) x
  );
CREATE INDEX family_key_glyph_near ON family_key USING gin (family_glyph_near_keys(key, NULL::int4));
ANALYZE record;
ANALYZE family_key;
INSERT INTO name_keys_check (version)
  SELECT 15 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 15;
