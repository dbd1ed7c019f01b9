-- A bare common surname reads only its page (issue #16 item 4).
--
-- A search for a family name alone ranks every exact namesake equal and orders them by person id; it
-- read 400 of them (and 400 of the phonetic block) from record's heap, scope-checked each against person
-- and scored them all, to show ten: at a million persons most of a search's CPU, in PostgreSQL (heap pages
-- read into a small buffer cache) and in Node. With the namesakes in person order the page is the index's
-- first entries: a walk that stops after the page, then the page's own records.
CREATE INDEX record_key_family_person ON record (key_family, person_id);
