-- Audit entries numbered at commit (issue #16 item 4; bench/RESULTS.md, `rw`).
--
-- An entry takes the next sequence number by updating the one-row audit_head, whose row lock is then held
-- until the transaction ends. Appended by a statement of its own before the COMMIT, the lock was held
-- across a round trip to the server process and back (the append's answer, then the COMMIT): on a busy
-- event loop, milliseconds during which every other audited write and every group of reads' entries
-- waited. A command may instead write its entry here, anywhere in its transaction and without the lock
-- (in the same statement as its change: no round trip of its own); a deferred trigger numbers it and moves
-- it into audit_entry while the transaction commits, after its last statement. The lock is then held from
-- inside the COMMIT to its end, and the entry commits or rolls back with the change exactly as before.
--
-- Unlogged: a pending row never outlives its transaction (the trigger deletes it, a rollback removes it),
-- so it needs no WAL; a crash empties the table, which holds nothing a committed transaction needs.
CREATE UNLOGGED TABLE audit_pending (
  id               uuid PRIMARY KEY,
  at               timestamptz NOT NULL,
  actor_kind       text NOT NULL,
  actor_id         text,
  organisation_id  uuid,
  action           text NOT NULL,
  object_type      text NOT NULL,
  object_id        text,
  detail           jsonb NOT NULL,
  address          text,
  -- The entry's canonical text (canonicalAuditEntry) before and after its sequence number.
  canonical_before text NOT NULL,
  canonical_after  text NOT NULL
);

-- As appendAudit's statement: the next number, the entry with its leaf hash (sha256 of 0x00 and the
-- canonical text, as leafHash), in the order the entries were written within the transaction.
CREATE FUNCTION audit_pending_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  UPDATE audit_head SET size = size + 1 WHERE id = 1 RETURNING size INTO n;
  IF n IS NULL THEN
    RAISE EXCEPTION 'audit_head is missing';
  END IF;
  INSERT INTO audit_entry (seq, at, actor_kind, actor_id, organisation_id, action, object_type, object_id,
    detail, address, leaf_hash)
  VALUES (n, NEW.at, NEW.actor_kind, NEW.actor_id, NEW.organisation_id, NEW.action, NEW.object_type,
    NEW.object_id, NEW.detail, NEW.address,
    encode(sha256('\x00'::bytea || convert_to(NEW.canonical_before || n::text || NEW.canonical_after, 'UTF8')),
      'hex'));
  DELETE FROM audit_pending WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER audit_pending_append AFTER INSERT ON audit_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_pending_append();
