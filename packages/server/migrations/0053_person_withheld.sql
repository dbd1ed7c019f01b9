-- Issue #16 item 4: a staff search's scope check without a read of each candidate's person.
--
-- A search on behalf of a staff member keeps only candidates whose person is in scope (gate/scope.ts
-- `personVisible`): the person's organisation is the member's and, without `person:read_withheld`, the person
-- is not withheld. Checked row by row, that is a descent of person_scope for every candidate walked, ~90% of
-- a staff search's pages at 1M (bench/RESULTS.md, `sx`). Where few persons are outside the scope (one
-- organisation holding the registry, few withheld), a search now lists them first, by index, and keeps a
-- candidate unless its person is listed (search/service.ts `visibleRow`, `personsOutsideScope`): other
-- organisations' persons by person_organisation, withheld ones by this index, which holds only them.
CREATE INDEX person_withheld ON person (id) WHERE withheld;
