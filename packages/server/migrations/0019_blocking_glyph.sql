-- Issue #11 item 3: blocking rules for a family name garbled together with another error.
--
-- Name keys version 2 reads a digit beside letters as the letter a scanner took it for (Г0нч = Гонч,
-- Kova1chuk) and Latin letters inside a Cyrillic word as the Cyrillic ones they stand for (Зlнчюк = Зінчюк).
-- Only names with a digit, or with Latin and Cyrillic letters together, get other keys than version 1
-- gave: only their keys are rebuilt (at start, as after 0002); the others keep theirs (a full rewrite of a
-- registry of millions would touch every index of record for nothing).
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (concat_ws(' ', family_name, given_name, patronymic) ~ '[0-9]'
    OR (concat_ws(' ', family_name, given_name, patronymic) ~ '[A-Za-z]'
      AND concat_ws(' ', family_name, given_name, patronymic) ~ '[Ѐ-ӿ]'));

-- The family glyph key (names familyGlyphKeySql of key_family: letters that look alike made one), born
-- within a year: a surname a scanner garbled, with the given name or the date wrong too.
CREATE INDEX record_family_glyph_birth ON record ((nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')), birth_year);
-- The family key's first three letters with the birth year: a surname misspelt after its start.
CREATE INDEX record_family_head3_birth ON record (left(key_family, 3), birth_year);
-- The given class + family head rule compares three letters, not four (a surname misspelt from its fourth
-- letter on): its index of 0008 is replaced, so a record costs no more to write.
CREATE INDEX record_given_family_head3 ON record (key_given, left(key_family, 3), birth_year)
  WHERE length(key_family) > 4;
DROP INDEX record_given_family_head;

-- Search's fallback for a misspelt family name also looks for family keys whose glyph keys are
-- trigram-close to the query's: a typo beside a scanner's misreading or a Russian g for a Ukrainian h. The
-- glyph is stored (generated) so that a scan of a small table does not compute it for every key.
ALTER TABLE family_key ADD COLUMN glyph text GENERATED ALWAYS AS (nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')) STORED;
CREATE INDEX family_key_glyph_trgm ON family_key USING gin (glyph gin_trgm_ops);

-- No partial-index predicates above: the planner cannot prove key_family IS NOT NULL from a condition on
-- an expression of it, and would filter 50,000 records of one given name instead. It needs statistics on
-- the new expressions to choose these indexes at all.
ANALYZE record;
ANALYZE family_key;
