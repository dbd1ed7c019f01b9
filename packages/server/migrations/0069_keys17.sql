-- Issue #11 (nm17, hold16): name keys version 17, every record checked again.
--
-- The given-name tables know a long tail of 97 names beside names.md §6 (Остап, Мар'ян, Соломія, Ярема ↔ Еремей,
-- Юхим ↔ Ефим …): a record with such a given name keys its class where it keyed the name's own skeleton ("x:ostap"),
-- so that its Russian and Latin spellings meet (nm17); a cell of surname and given name with the patronymic of a
-- father the tables do not know beside it ("Чорнук Назар | Остапович |") is read apart (hold16). No pattern picks
-- out the records that changes cheaply, so, as 0057 and 0059–0068 did, a row here asks the reindex at start to walk
-- every record, compute its keys and rewrite (and move the name counts of) only those whose keys change; a
-- version 17 walk covers version 16's, so a walk of 16 not yet ended gives way to it. A registry with no records has
-- nothing to walk. Re-run (a test does): the walk starts again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 17 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 17;
