-- Issue #11 (hold15): name keys version 16, every record checked again.
--
-- The names package reads more writings: ç and ş (ș) of Turkish, Azerbaijani, Crimean Tatar and Romanian Latin as
-- ч and ш ("Şevçenko", "Petroviç"), where they were ц and с; a namesake's number after a surname ("Іванов 2-й",
-- "Коваленко (II)", "Kovalenko 2nd") as no part of it; a cell of surname and given name with the patronymic in
-- the next column read apart; a patronymic contracted with a hyphen ("Олекс-дрович") as the one father whose
-- patronymic begins and ends so. No pattern picks out the records that changes cheaply, so, as 0057 and 0059–0067
-- did, a row here asks the reindex at start to walk every record, compute its keys and rewrite (and move the name
-- counts of) only those whose keys change; a version 16 walk covers version 15's, so a walk of 15 not yet ended
-- gives way to it. A registry with no records has nothing to walk. Re-run (a test does): the walk starts again
-- from the first record.
INSERT INTO name_keys_check (version)
  SELECT 16 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 16;
