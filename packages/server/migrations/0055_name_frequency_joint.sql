-- Names counted together (issue #11, linkage fs-20).
--
-- A pair agreeing on the family and the given name weighed by the product of the two names' shares, as if
-- strangers drew them independently; where families name their sons alike (a mixed population: family ×
-- given co-occur 1.59 times what independence predicts) the product overstated a namesake's rarity, and most
-- wrong automatic links were such namesakes. Linkage now reads a given name's share among its surname's
-- holders (kind 'family_given', key record.key_family || '|' || record.key_given) and a father's class's
-- share among the holders of a given name who give one (kind 'given_father', key key_given || '|' ||
-- key_father; under key_given || '|' the records of that given name that give a father), kept as the others
-- are: rows added in the transaction that writes the records, moved on reindex, folded by the compaction.
-- Here the records already held are counted.
ALTER TABLE name_frequency DROP CONSTRAINT name_frequency_kind_check;
ALTER TABLE name_frequency ADD CONSTRAINT name_frequency_kind_check
  CHECK (kind IN ('family', 'given', 'phonetic', 'father', 'year', 'family_given', 'given_father', 'records'));
INSERT INTO name_frequency (kind, key, n)
  SELECT 'family_given', key_family || '|' || key_given, count(*) FROM record
  WHERE key_family IS NOT NULL AND key_given IS NOT NULL GROUP BY key_family, key_given;
INSERT INTO name_frequency (kind, key, n)
  SELECT 'given_father', key_given || '|' || key_father, count(*) FROM record
  WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY key_given, key_father;
INSERT INTO name_frequency (kind, key, n)
  SELECT 'given_father', key_given || '|', count(*) FROM record
  WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY key_given;
ANALYZE name_frequency;
