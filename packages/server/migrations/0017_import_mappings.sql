-- Issue #15: the column mapping a registrar confirmed in the web import screen, kept per source (and
-- organisation) so the next file from the same sender opens with it. Keys are header keys (lower case,
-- without punctuation: mapColumns.ts headerKey), values the fields the columns become.
CREATE TABLE import_mapping (
  organisation_id  uuid NOT NULL REFERENCES organisation (id),
  source_name      text NOT NULL CHECK (length(source_name) BETWEEN 1 AND 200),
  mapping          jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  PRIMARY KEY (organisation_id, source_name)
);
