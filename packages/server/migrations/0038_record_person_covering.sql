-- Issue #16 item 1: the linked import's lookups at a million persons.
--
-- A lookup statement (modules/linkage/candidates.ts) ranks each probe's blocks from the covering indexes
-- (0024, 0036) and then reads every record of each kept person, by person: about 25 persons a row, each an
-- index descent of record_person and a fetch from record's heap, four pages a person, ~87% of the pages the
-- selective statement reads at 1M (bench/RESULTS.md, `imp5`). The person index now carries what linkage
-- reads of a record (`LINK_COLUMNS`), so that read is an index-only scan: three pages a person, no heap
-- fetch. Same key: every other use of the index (a person's records) is unchanged; it is replaced, not
-- added, so a record written updates as many indexes as before (a wider one).
DROP INDEX record_person;
CREATE INDEX record_person ON record (person_id)
  INCLUDE (id, external_id, key_family, key_family_phonetic, key_given, key_father, family_name, given_name,
    patronymic, sex, birth_year, birth_month, birth_day, unit, service_number);
ANALYZE record;
