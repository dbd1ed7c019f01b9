-- Issue #11 (hold18): name keys version 18, every record checked again.
--
-- A Latin m inside a word read as Cyrillic is т where т makes the word far more name-like (a cursive т read by a
-- recogniser: "Пеmрович" keys the father petro, "Дмиmро" the class dmytro), and Spanish spellings of given names
-- (Mijail, Mijailo, Jristina) take their class where they keyed their own skeleton ("x:miailo"). No pattern picks
-- out such records cheaply, so, as 0057 and 0059–0069 did, a row here asks the reindex at start to walk every record,
-- compute its keys and rewrite (and move the name counts of) only those whose keys change; a version 18 walk covers
-- version 17's, so a walk of 17 not yet ended gives way to it. A registry with no records has nothing to walk.
-- Re-run (a test does): the walk starts again from the first record.
INSERT INTO name_keys_check (version)
  SELECT 18 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 18;
