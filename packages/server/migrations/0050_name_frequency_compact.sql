-- Name counts folded into one row a key again (issue #16 item 1; bench/RESULTS.md, `nf`).
--
-- Every batch written adds a row per key it counts (seed, import, a record by hand), and a read sums a
-- key's rows: a registry seeded or imported in batches of 2,000 held ~500 rows of a common key (0025 folded
-- those of its time; registries seeded since were never folded), and since an import reads its candidates'
-- spellings too (tfi) it summed 25–50M rows for a 20,000-row import into a million persons. The seed and
-- every import now fold the keys they add to when they finish (`compactNameCounts`); this folds what is
-- there. The sums do not change, nor does a key summing to 0 (it keeps a row of 0).
--
-- Into a fresh table file and index (TRUNCATE), not by DELETE as 0025: a DELETE leaves the old rows in the
-- file, and the folded rows after them, so that every later read scanned the whole old file (the planner,
-- seeing a few hundred rows, chose a scan of its 2,371 pages at a harsh million) or an index of dead
-- entries, until a VACUUM FULL. The table is locked first: writers finish, then writers and readers wait
-- the few seconds this takes, so no row is added between the read of the sums and the TRUNCATE (none lost
-- or counted twice); a crash undoes it all. A TRUNCATE is not MVCC-safe: a transaction whose snapshot is
-- older and that has not yet read the table would find it empty. The server's transactions are READ
-- COMMITTED (each statement a new snapshot, taken after the lock is released); a backup's repeatable-read
-- snapshot locks the table before it is taken (backup.ts).
LOCK TABLE name_frequency IN ACCESS EXCLUSIVE MODE;
CREATE TEMP TABLE name_frequency_folded ON COMMIT DROP AS
  SELECT kind, key, sum(n) AS n FROM name_frequency GROUP BY kind, key;
TRUNCATE name_frequency;
INSERT INTO name_frequency (kind, key, n) SELECT kind, key, n FROM name_frequency_folded ORDER BY kind, key;
ANALYZE name_frequency;
