-- Issue #11 (holdout9): name keys version 10, every record checked again.
--
-- The names package keys two more writings: a given name in another language's form (Andrew, Johann, Katarzyna:
-- GIVEN_NAME_EQUIVALENTS) takes its class, and the father's given name written where the patronymic goes
-- ("Петро", "син Петра", "s/o Petro") gives the father's key. No pattern picks out the records that changes, so,
-- as 0057 and 0059 did, a row here asks the reindex at start to walk every record, compute its keys and rewrite
-- (and move the name counts of) only those whose keys change; a version 10 walk covers version 9's, so a walk of
-- 9 not yet ended gives way to it. A registry with no records has nothing to walk. Re-run (a test does): the walk
-- starts again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 10 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 10;
