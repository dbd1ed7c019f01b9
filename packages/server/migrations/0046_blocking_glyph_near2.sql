-- Issue #11 item 3 (branch `blk`): a blocking rule for a family name two letters off, beside the same given
-- name or patronymic (Kulylcow | Куликов, Щсрбина | Щербина: one letter changed in a Cyrillic Щ is two in
-- the skeleton's "shch"; a Latin "lc" for "k"). Two records share the block when their glyph keys (0019) are
-- each at most two deletions from a common string, they agree on the given or the father's class, and they
-- were born within a year (or either of unknown birth). linkage `glyphNear2Keys` computes the same keys.
--
-- A probe asks the small family_key table for the keys whose glyph shares one of its keys (this GIN index),
-- then their records by the (key, birth year, month, id) ranges of record_key_family_birth, the given and
-- father classes read from its covering columns: no index on record, so the writes are unchanged.
--
-- COST, as 0031's: the function is dear (some ninety strings per row), and a planner that prices it at the
-- default read family_key whole for each probe, computing it for every key (250 ms a probe at 1,661 keys,
-- branch `near`), rather than its GIN index.
CREATE FUNCTION family_glyph_near2_keys(glyph text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000
  RETURN (
    SELECT CASE WHEN length(glyph) >= 4 THEN ARRAY(
      SELECT DISTINCT k FROM (
        SELECT d AS k FROM (
          SELECT glyph AS d UNION ALL SELECT overlay(glyph PLACING '' FROM i FOR 1) FROM generate_series(1, length(glyph)) i
        ) one
        UNION ALL
        SELECT overlay(d PLACING '' FROM j FOR 1) FROM (
          SELECT overlay(glyph PLACING '' FROM i FOR 1) AS d FROM generate_series(1, length(glyph)) i
        ) one, generate_series(1, length(d)) j
        WHERE length(d) >= 4
      ) s ORDER BY k
    ) END
  );

CREATE INDEX family_key_glyph_near2 ON family_key USING gin (family_glyph_near2_keys(glyph));
ANALYZE family_key;
