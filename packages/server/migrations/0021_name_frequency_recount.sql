-- The registry's name counts and size, recounted from its records (issue 11 follow-up).
--
-- `homecoming seed` and creating a person from a tracing request wrote records without adding them to
-- name_frequency (the import always did): a seeded registry of 1,000,000 records looked empty to linkage —
-- every surname as rare as the model's default, the prior of a small registry — and auto-matched
-- strangers who only shared a common name and a birth year. Both paths count now; this recounts what they
-- left out. One statement (the DELETE of a WITH always runs in full), so rows another import adds meanwhile are neither lost nor counted twice.
WITH cleared AS (DELETE FROM name_frequency RETURNING 1)
INSERT INTO name_frequency (kind, key, n)
  SELECT 'family', key_family, count(*) FROM record WHERE key_family IS NOT NULL GROUP BY key_family
  UNION ALL
  SELECT 'given', key_given, count(*) FROM record WHERE key_given IS NOT NULL GROUP BY key_given
  UNION ALL
  SELECT 'records', '', count(*) FROM record;

-- The family phonetic key alone, born within a year (linkage's broad block): a range of this index, not
-- a scan of the key's whole block (8,500 entries for a common surname of the seeded million).
CREATE INDEX record_family_phonetic_year ON record (key_family_phonetic, birth_year);
ANALYZE record;
