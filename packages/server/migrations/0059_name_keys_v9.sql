-- Issue #11 (stop 53): name keys version 9, every record checked again.
--
-- The names package reads more words right than version 8 did: look-alike capitals re-cased beside a letter only
-- Cyrillic has (Пetpehko, Ahatoльebич: branch cyr3), read as Cyrillic where they were keyed as Latin. No pattern
-- picks out the records that changes, so, as 0057 did for version 8, a row here asks the reindex at start to walk
-- every record, compute its keys and rewrite (and move the name counts of) only those whose keys change; a
-- version 9 walk covers version 8's, so a walk of 8 not yet ended gives way to it. A registry with no records has
-- nothing to walk. Re-run (a test does): the walk starts again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 9 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 9;
