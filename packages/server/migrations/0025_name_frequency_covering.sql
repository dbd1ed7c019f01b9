-- Name counts read from the index alone, and folded once (issue #16 item 4).
--
-- Every page of search hits reads the counts of its hits' family keys and given-name classes (how likely
-- a stranger agrees by chance). name_frequency holds a row per key per import or seed batch, summed on
-- read (training folds them): 500 rows a key in the seeded million, spread over the table, so one page
-- of hits read 935 heap pages. With the count in the index, the sums are index-only scans; and the rows
-- added so far are folded into one per key here (the sums do not change; one statement, as training's
-- fold, so rows another import adds meanwhile are neither lost nor counted twice).
CREATE INDEX name_frequency_key_n ON name_frequency (kind, key) INCLUDE (n);
DROP INDEX name_frequency_key;
WITH d AS (DELETE FROM name_frequency RETURNING kind, key, n)
INSERT INTO name_frequency (kind, key, n) SELECT kind, key, sum(n) FROM d GROUP BY kind, key;
ANALYZE name_frequency;
