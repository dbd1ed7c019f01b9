-- Fathers' name classes and birth years counted beside the names (issue 11, linkage fs-12).
--
-- A patronymic of one class weighed the same whether the father's name is Олександр (one man in ten) or
-- Архип, and birth dates agreeing on the year the same whatever the year: at 100,000 persons most wrong
-- automatic links were namesakes who agreed on a year or a patronymic. Linkage now reads how many records
-- give each father's class (kind 'father', key record.key_father) and each birth year (kind 'year', key the
-- year), and how many give one at all (key ''), kept as the others are: rows added in the transaction that
-- writes the records. Here the records already held are counted.
ALTER TABLE name_frequency DROP CONSTRAINT name_frequency_kind_check;
ALTER TABLE name_frequency ADD CONSTRAINT name_frequency_kind_check
  CHECK (kind IN ('family', 'given', 'phonetic', 'father', 'year', 'records'));
INSERT INTO name_frequency (kind, key, n)
  SELECT 'father', key_father, count(*) FROM record WHERE key_father IS NOT NULL GROUP BY key_father;
INSERT INTO name_frequency (kind, key, n)
  SELECT 'father', '', count(*) FROM record WHERE key_father IS NOT NULL HAVING count(*) > 0;
INSERT INTO name_frequency (kind, key, n)
  SELECT 'year', birth_year::text, count(*) FROM record WHERE birth_year IS NOT NULL GROUP BY birth_year;
INSERT INTO name_frequency (kind, key, n)
  SELECT 'year', '', count(*) FROM record WHERE birth_year IS NOT NULL HAVING count(*) > 0;
ANALYZE name_frequency;
