-- Issue #16 item 4: a search's candidates read from the index alone.
--
-- A full-name search with a birth year reads three capped ranges of up to 400 records each: the phonetic code
-- with the given-name class (record_key_family_phonetic_birth), the family key near the year
-- (record_key_family_birth), and the phonetic code near the year (record_family_phonetic_year, its ids first,
-- then each record by its primary key). The indexes carried the keys but not what a candidate is scored and
-- shown by (the names as written, the birth date, the record's external id and source), so each candidate was
-- a fetch from record's heap (231 MB at a million records, one page a record: a common name's records lie
-- anywhere), or an index descent and a fetch: ~2,500 pages for a common name at 1M, ~1,100 on average, most of
-- them misses of a 128 MB buffer pool (bench/RESULTS.md, `sx`). They now carry those columns too (INCLUDE),
-- so that each range is an index-only scan of a few leaf pages in the same order, and the rows it brings are
-- the same. Same keys, same order (the record id last, 0041): linkage's reads of them are unchanged, over
-- wider entries. Each is replaced, not added, so a record written updates as many indexes as before. The
-- added text is within validateRecordFields' bound (MAX_INDEXED_BYTES, record_person holds more).
DROP INDEX record_key_family_birth;
CREATE INDEX record_key_family_birth ON record (key_family, birth_year, birth_month, id)
  INCLUDE (person_id, key_family_phonetic, key_given, key_father, birth_day, sex, unit, service_number,
    external_id, source_id, family_name, given_name, patronymic, birth_date);
DROP INDEX record_key_family_phonetic_birth;
CREATE INDEX record_key_family_phonetic_birth ON record (key_family_phonetic, key_given, birth_year, id)
  INCLUDE (person_id, key_family, key_father, birth_month, birth_day, sex, unit, service_number,
    external_id, source_id, family_name, given_name, patronymic, birth_date);
DROP INDEX record_family_phonetic_year;
CREATE INDEX record_family_phonetic_year ON record (key_family_phonetic, birth_year, id)
  INCLUDE (person_id, key_family, key_given, key_father, birth_month, birth_day, sex, unit, service_number,
    external_id, source_id, family_name, given_name, patronymic, birth_date);
ANALYZE record;
-- Every search on behalf of a staff member checks each candidate row against its person before the branch's
-- limit (gate/scope.ts `personVisible`: the person's organisation and withheld flag): a descent of person_pkey
-- and a fetch from person's heap (346 MB at a million persons, one page a candidate), ~2,500 of the ~2,700
-- pages of a full-name search as staff, and 800 of a bare surname's. The two columns beside the id make the
-- check an index-only read of a dense index (an entry ~40 bytes, ~180 a page, against ~23 persons a heap
-- page); a person updated since the last VACUUM is still read from the heap. Same rows: only how the check
-- reads them.
CREATE INDEX person_scope ON person (id) INCLUDE (organisation_id, withheld);
ANALYZE person;
-- A single surname typed is looked for among compound family keys holding it as their first or last word
-- (search's compoundFamilyBranches: `key LIKE '% f' OR key LIKE 'f %'`). The trigram index answered those
-- patterns with every key sharing the surname's trigrams (the surname itself, its near spellings), each
-- read from the table to be refused: ~180 pages a full-name search at a realistic million, which holds no
-- compound key at all. The compound keys' first and last words, indexed apart (only keys with a space),
-- answer it with a probe each.
CREATE INDEX family_key_compound_first ON family_key (split_part(key, ' ', 1)) WHERE key LIKE '% %';
CREATE INDEX family_key_compound_last ON family_key (split_part(key, ' ', -1)) WHERE key LIKE '% %';
ANALYZE family_key;
