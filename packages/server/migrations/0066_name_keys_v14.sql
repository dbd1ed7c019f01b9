-- Issue #11 (nm14, hold13): name keys version 14, every record checked again.
--
-- The names package reads more writings: a Czech woman's -ová of a Russian -ov/-ev or a Ukrainian -oiko surname
-- ("Kozlovová", "Boiková") keys as her -ova or the -o name; a Belarusian passport's -enka where ў shows as u
-- ("Shauchenka") as -enko; Kazakh and Kyrgyz particles ("ұлы", "қызы", "уулу") are Turkic patronymics; a Latin
-- patronymic in -ovych after a central j or an apostrophe ("Andrijovych") keeps its father's class; forms of
-- address ("Herr", "Mme", "господин") are titles wherever they stand; a name spaced out letter by letter or wrapped
-- in markup is read as the name. No pattern picks out the records that changes cheaply, so, as 0057 and 0059–0065
-- did, a row here asks the reindex at start to walk every record, compute its keys and rewrite (and move the name
-- counts of) only those whose keys change; a version 14 walk covers version 13's, so a walk of 13 not yet ended
-- gives way to it. A registry with no records has nothing to walk. Re-run (a test does): the walk starts again
-- from the first record.
INSERT INTO name_keys_check (version)
  SELECT 14 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
DELETE FROM name_keys_check WHERE version < 14;
