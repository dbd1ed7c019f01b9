-- Imports started over HTTP, where any server process can see them (issue 16): with `serve --workers N`
-- the upload, the progress polls and the rejects download may each reach a different worker. The row
-- holds what GET /api/v1/imports/:id answers and where the worker that ran it wrote the rejects report
-- (a temporary file on the same machine). Rows are kept for a day after the import finished.
CREATE TABLE import_job (
  id              uuid PRIMARY KEY,
  organisation_id uuid REFERENCES organisation (id),
  view            jsonb NOT NULL,
  rejects_path    text NOT NULL,
  finished_at     timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_job_finished ON import_job (finished_at) WHERE finished_at IS NOT NULL;
