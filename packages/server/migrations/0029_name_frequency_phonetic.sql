-- Family phonetic keys counted beside family keys and given-name classes (issue 11 item 2, linkage fs-8).
--
-- A phonetic agreement (Шевченко ~ Schewtschenko) weighed by how rare the commoner of its two spellings
-- is: two rare misspellings of a common surname passed for a rare name, and at 200,000 persons a fifth of
-- the wrong automatic links were such agreements. Strangers agree phonetically by carrying any spelling of
-- the code, so linkage now reads the code's own count (kind 'phonetic', key record.key_family_phonetic),
-- kept as the others are: rows added in the transaction that writes the records. Here the records already
-- held are counted.
ALTER TABLE name_frequency DROP CONSTRAINT name_frequency_kind_check;
ALTER TABLE name_frequency ADD CONSTRAINT name_frequency_kind_check
  CHECK (kind IN ('family', 'given', 'phonetic', 'records'));
INSERT INTO name_frequency (kind, key, n)
  SELECT 'phonetic', key_family_phonetic, count(*) FROM record
  WHERE key_family_phonetic IS NOT NULL GROUP BY key_family_phonetic;
ANALYZE name_frequency;
