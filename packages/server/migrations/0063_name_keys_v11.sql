-- Issue #11 (holdout10): name keys version 11, every record checked again.
--
-- The names package keys one more writing: a given name in its church (baptismal) form ("Іоанн", "Симеон",
-- "Димитрій", "Матфей", "Косма": GIVEN_NAME_CHURCH_FORMS) in the given-name field takes its class. No pattern
-- picks out the records that changes cheaply, so, as 0057, 0059 and 0061 did, a row here asks the reindex at start
-- to walk every record, compute its keys and rewrite (and move the name counts of) only those whose keys change;
-- a version 11 walk covers version 10's, so a walk of 10 not yet ended gives way to it. A registry with no
-- records has nothing to walk. Re-run (a test does): the walk starts again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 11 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 11;
