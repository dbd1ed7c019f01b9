-- Issue #11 (holdout11): name keys version 12, every record checked again.
--
-- The names package reads three more writings: a patronymic in its church form ("Іоаннович", "Симеонович")
-- gives the father's class; a word in ISO 9 / ALA-LC Latin with its diacritics ("Ûrìj", "Natalìâ") reads back
-- to Cyrillic; Romanian/Moldovan and Hungarian spellings ("Şevcenco", "Petrovici", "Petrovics") read where
-- their letters show beyond doubt. No pattern picks out the records that changes cheaply, so, as 0057, 0059,
-- 0061 and 0063 did, a row here asks the reindex at start to walk every record, compute its keys and rewrite
-- (and move the name counts of) only those whose keys change; a version 12 walk covers version 11's, so a walk
-- of 11 not yet ended gives way to it. A registry with no records has nothing to walk. Re-run (a test does):
-- the walk starts again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 12 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 12;
