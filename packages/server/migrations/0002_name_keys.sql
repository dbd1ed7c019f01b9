-- Name keys for search and linkage: computed by the names package (in TypeScript) when a record is
-- written, and stored here so that finding candidates is an index lookup, never a scan.
-- keys_version says which version of the key functions made them. A change to those functions ships
-- with a migration that sets keys_version to NULL; records without keys are rebuilt by
-- `homecoming reindex` and at start-up, found through a partial index that is empty otherwise.

ALTER TABLE record
  ADD COLUMN key_family          text,
  ADD COLUMN key_family_phonetic text,
  ADD COLUMN key_given           text,
  ADD COLUMN key_father          text,
  ADD COLUMN keys_version        smallint;

-- Exact family keys are found through the phonetic index too (same skeleton, same phonetic code) with a
-- filter: one index less to maintain on every insert.
CREATE INDEX record_key_family_phonetic ON record (key_family_phonetic, key_given);
CREATE INDEX record_key_given_father ON record (key_given, key_father);

-- Every family key in use, once: a misspelt family name is looked up here by trigram similarity (a
-- small table, so fast however many records share the key), then its records by the btree above.
-- Writers add keys in sorted order, so that concurrent batches never wait on each other in a cycle.
CREATE TABLE family_key (
  key text PRIMARY KEY
);
CREATE INDEX family_key_trgm ON family_key USING gin (key gin_trgm_ops);
CREATE INDEX record_keys_missing ON record (id) WHERE keys_version IS NULL;
