-- Issue #11 item 3: blocking rules for a family name garbled together with another error.
--
-- Name keys version 2: a digit inside a word is read as the letter a scanner took it for (Г0нч = Гонч,
-- Kova1chuk) and Latin letters inside a Cyrillic word as the Cyrillic ones they stand for (Зlнчюк = Зінчюк):
-- every record's keys are rebuilt (`homecoming` rebuilds them at start, as after 0002).
UPDATE record SET keys_version = NULL WHERE keys_version IS DISTINCT FROM 2;

-- The family glyph key (names familyGlyphKeySql of key_family: letters that look alike made one), born
-- within a year: a surname a scanner garbled, with the given name or the date wrong too.
CREATE INDEX record_family_glyph_birth ON record ((nullif(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key_family, ' ', ''), 'rn', 'm'), 'lc', 'k'), 'lk', 'k'), 'cl', 'd'), 'b', 'h'), 'g', 'h'), 'shch', 'sh'), 'ri', 'n'), 'i', 'n'), 'p', 'n'), 's', 'e'), 'c', 'z'), '(.)\1+', '\1', 'g'), '')), birth_year)
  WHERE key_family IS NOT NULL;
-- The family key's first three letters with the birth year: a surname misspelt after its start.
CREATE INDEX record_family_head3_birth ON record (left(key_family, 3), birth_year)
  WHERE key_family IS NOT NULL;
