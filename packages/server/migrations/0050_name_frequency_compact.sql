-- Name counts folded into one row a key again (issue #16 item 1; bench/RESULTS.md, `nf`).
--
-- Every batch written adds a row per key it counts (seed, import, a record by hand), and a read sums a
-- key's rows: a registry seeded or imported in batches of 2,000 held ~500 rows of a common key (0025 folded
-- those of its time; registries seeded since were never folded), and since an import reads its candidates'
-- spellings too (tfi) it summed 47–50M rows for a 20,000-row import into a million persons. The seed and
-- every import now fold the keys they add to when they finish (`compactNameCounts`); this folds what is
-- there. The sums do not change, nor does a key summing to 0 (it keeps a row of 0). One statement (the
-- DELETE of a WITH always runs in full), so rows another import adds meanwhile are neither lost nor counted
-- twice.
WITH d AS (DELETE FROM name_frequency RETURNING kind, key, n)
INSERT INTO name_frequency (kind, key, n) SELECT kind, key, sum(n) FROM d GROUP BY kind, key;
ANALYZE name_frequency;
