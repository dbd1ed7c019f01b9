-- The decisions a linked import left, for comparing two trees (bench/linkage/importPair.sh): the persons
-- holding an imported record (each named by its records' sorted source:external ids), the imported records'
-- live links (kind, score to 6 places) and the pending review pairs (both records' source:external ids).
-- Run with -v src=<the import's source name>.
\pset format unaligned
\pset tuples_only on
CREATE TEMP TABLE ir AS
  SELECT r.id, r.person_id, s.name || ':' || r.external_id AS ext
  FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = :'src';
CREATE INDEX ON ir (id);
CREATE INDEX ON ir (person_id);
ANALYZE ir;
CREATE TEMP TABLE pn AS
  SELECT r.person_id, string_agg(s.name || ':' || r.external_id, ',' ORDER BY s.name || ':' || r.external_id) AS name
  FROM record r JOIN source s ON s.id = r.source_id
  WHERE r.person_id IN (SELECT person_id FROM ir) GROUP BY r.person_id;
CREATE INDEX ON pn (person_id);
ANALYZE pn;
SELECT 'imported records ' || count(*) FROM ir;
SELECT 'persons          ' || count(*) || ' ' || md5(coalesce(string_agg(name, '|' ORDER BY name), '')) FROM pn;
SELECT 'live links       ' || count(*) || ' ' || md5(coalesce(string_agg(line, '|' ORDER BY line), ''))
  FROM (SELECT ir.ext || '>' || pn.name || '/' || l.kind || '/' || coalesce(round(l.score::numeric, 6)::text, '') AS line
        FROM link l JOIN ir ON ir.id = l.record_id LEFT JOIN pn ON pn.person_id = l.person_id
        WHERE l.ended_at IS NULL) x;
SELECT 'links by kind    ' || string_agg(kind || ' ' || n, ', ' ORDER BY kind)
  FROM (SELECT l.kind, count(*) AS n FROM link l JOIN ir ON ir.id = l.record_id WHERE l.ended_at IS NULL GROUP BY l.kind) k;
SELECT 'review pending   ' || count(*) || ' ' || md5(coalesce(string_agg(line, '|' ORDER BY line), ''))
  FROM (SELECT ra.s || ':' || ra.external_id || '~' || rb.s || ':' || rb.external_id || '/' || round(q.score::numeric, 6) AS line
        FROM review_pair q
        JOIN LATERAL (SELECT s.name AS s, r.external_id FROM record r JOIN source s ON s.id = r.source_id WHERE r.id = q.left_record_id) ra ON true
        JOIN LATERAL (SELECT s.name AS s, r.external_id FROM record r JOIN source s ON s.id = r.source_id WHERE r.id = q.right_record_id) rb ON true
        WHERE q.status = 'pending') x;
SELECT 'name counts      ' || count(*) || ' keys ' || md5(coalesce(string_agg(line, '|' ORDER BY line), ''))
  FROM (SELECT kind || '/' || key || '/' || sum(n) AS line FROM name_frequency GROUP BY kind, key) x;
SELECT 'name rows        ' || count(*) FROM name_frequency;
