-- Public statistics: releases built from aggregate counts by a publisher (issue 14). A release goes
-- draft → reviewed → published; a published release is immutable (trigger below), numbered, and the
-- public is served only its stored document, never a live query.
CREATE TABLE statistics_release (
  id              uuid PRIMARY KEY,
  -- Assigned when published: 1, 2, 3, … with no gaps. The public release id.
  number          integer UNIQUE,
  state           text NOT NULL CHECK (state IN ('draft', 'reviewed', 'published', 'discarded')),
  threshold       integer NOT NULL CHECK (threshold BETWEEN 1 AND 1000),
  method          text NOT NULL CHECK (method IN ('suppression', 'rounding')),
  as_of           timestamptz NOT NULL,
  -- The published release this one corrects, and what it corrects (both or neither).
  corrects        integer REFERENCES statistics_release (number),
  correction_note text CHECK (correction_note IS NULL OR length(correction_note) BETWEEN 1 AND 2000),
  -- The public document (tables with counts or null), and the publisher's review: every hidden cell
  -- with its true count and why it is hidden. Aggregates only, never a person.
  document        jsonb NOT NULL,
  review          jsonb NOT NULL,
  content_hash    text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL,
  reviewed_at     timestamptz,
  reviewed_by     text,
  published_at    timestamptz,
  published_by    text,
  CONSTRAINT statistics_release_correction CHECK ((corrects IS NULL) = (correction_note IS NULL)),
  CONSTRAINT statistics_release_published CHECK (
    (state = 'published') = (number IS NOT NULL AND content_hash IS NOT NULL AND published_at IS NOT NULL))
);
CREATE INDEX statistics_release_state ON statistics_release (state, created_at DESC);

CREATE FUNCTION statistics_release_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'statistics releases are never deleted';
  END IF;
  IF OLD.state IN ('published', 'discarded') THEN
    RAISE EXCEPTION 'a % statistics release is immutable', OLD.state;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER statistics_release_immutable BEFORE UPDATE OR DELETE ON statistics_release
  FOR EACH ROW EXECUTE FUNCTION statistics_release_frozen();
