-- Issue #16: a first bulk load on the embedded database drops the record table's secondary indexes at
-- its start and builds them once at its end (maintaining them row by row was ~90% of its write). Each
-- batch still commits on its own, so a load killed between batches leaves a registry without them: their
-- definitions (`pg_indexes.indexdef`) are kept here, written in the transaction that drops them, and
-- every start (`migrate`), every import and the load resuming build what is listed and empty the table.
CREATE TABLE deferred_index (
  name        text PRIMARY KEY,
  table_name  text NOT NULL,
  definition  text NOT NULL,
  deferred_at timestamptz NOT NULL DEFAULT now()
);
