-- Issue #11 "speed kept" / #16: search's statements are planned without parallel workers.
--
-- A search's lookups each stop at a few hundred rows, but the planner's estimate for the near-rule lookup
-- (migration 0031's GIN index, `family_glyph_near_keys(…) && …`) is thousands of rows, and it chose a
-- Gather with two workers for it: starting the workers cost 100–150 ms on a busy 2-core machine for a
-- branch that read 0.4 ms of pages (bench/RESULTS.md, branch `tail`), in 56 of the 1M latency bench's 1,000
-- searches, most of its slowest tenth. A function marked PARALLEL UNSAFE anywhere in a statement makes
-- PostgreSQL plan the whole statement without workers; this one is `true`, inlined after that check, so it
-- costs nothing and filters nothing. (PGlite has no workers; there it is only `true`.)
CREATE FUNCTION serial_plan() RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL UNSAFE AS 'SELECT true';
