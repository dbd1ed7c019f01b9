-- The trigger that numbers an entry written for the commit (0052) fires in every session, including one
-- with session_replication_role = replica (bench/RESULTS.md, `red`).
--
-- An ordinary trigger does not fire there: a restore's data load, a logical replication apply worker or an
-- operator's script running as replica would commit an entry to audit_pending and leave it unnumbered —
-- absent from the log, and lost without a trace when crash recovery empties the unlogged table. Fired
-- always, the entry is numbered into audit_entry at the commit as everywhere else. (`audit verify` also
-- reports any entry found left in audit_pending.) The append-only triggers of audit_entry are left as they
-- are: replica is how an operator with the database in hand repairs it, and verify catches any edit.
ALTER TABLE audit_pending ENABLE ALWAYS TRIGGER audit_pending_append;
