-- Issue #11 (pd2, hold12): name keys version 13, every record checked again.
--
-- The names package reads more writings: a Turkic patronymic, the father's name and a particle ("Руслан оглы",
-- "Рустам кызы"), is one patronymic whose father's name gives the father's class; Belarusian given names and
-- patronymics and their passport Latin ("Аляксандр", "Siarhei", "Сяргеевіч") take their class, and ў after a
-- vowel is a letter ("Шаўчэнка"), not a word break; Latvian and Lithuanian given-name endings ("Andrijs",
-- "Oleksandras") read by their stem, and Latvian, Dutch and Swedish patronymic endings ("Petrovičs",
-- "Petrovytsj") as -ovič. No pattern picks out the records that changes cheaply, so, as 0057 and 0059–0064
-- did, a row here asks the reindex at start to walk every record, compute its keys and rewrite (and move the
-- name counts of) only those whose keys change; a version 13 walk covers version 12's, so a walk of 12 not yet
-- ended gives way to it. A registry with no records has nothing to walk. Re-run (a test does): the walk starts
-- again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 13 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 13;
