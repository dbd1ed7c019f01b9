-- Name counts read from the index alone (issue #16 item 4).
--
-- Every page of search hits reads the counts of its hits' family keys and given-name classes (how likely
-- a stranger agrees by chance). name_frequency holds a row per key per import or seed batch, summed on
-- read (training compacts them): 500 rows a key in the seeded million, spread over the table, so one page
-- of hits read 935 heap pages. With the count in the index, the sums are index-only scans (66 pages).
CREATE INDEX name_frequency_key_n ON name_frequency (kind, key) INCLUDE (n);
DROP INDEX name_frequency_key;
ANALYZE name_frequency;
