-- Issue #11 (rix2): name keys version 8, every record checked.
--
-- Parsing changed since version 6 in ways no pattern picks out (unknown given and father names read in place,
-- MRZ names: bench/linkage/keysChanged.ts found 6–331 records a generated population re-keyed by neither 0034
-- nor 0056), and this stop's branches change it again, so every record's keys are checked against version 8.
-- Not by clearing keys_version on every record as 0019–0056 cleared some: rewriting a row writes an entry in each
-- of record's 19 indexes (keys_version is in record_keys_missing's predicate, so no update of it is HOT),
-- ~1,000–1,550 rows/s on the 2-core machine at load 17 (50,000 rows in 32–50 s): at 1M ~15 min for the clear and
-- ~20 more for the rebuild (bench/RESULTS.md, rix2). Instead a row here asks the reindex at start to walk every
-- record with an id after `after`, compute its keys, and rewrite (and move the name counts of) only the records
-- whose keys change (1M in ~2 min); `after` moves in the transaction of each batch (an interrupted walk continues
-- where it stopped; a second reindex waits for the row's lock), and the row is deleted when the walk ends.
-- Unchanged records keep the version that wrote their keys, which version 8 writes alike. A registry with no
-- records has nothing to walk. Re-run (a test does): the walk starts again from the first record.
CREATE TABLE IF NOT EXISTS name_keys_check (
  version smallint PRIMARY KEY,
  after   uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'
);
INSERT INTO name_keys_check (version)
  SELECT 8 WHERE EXISTS (SELECT 1 FROM record)
  ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after;
