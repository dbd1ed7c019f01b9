-- Issue #11 (caps, hold5): name keys version 7.
--
-- Version 7 reads a word made only of capitals that look alike in both scripts by the name around it or by its
-- letter pairs ("TAPAC" beside Шевченко is Тарас, "OKCAHA" is Оксана; KOCH stays Latin), counts a Latin Y as
-- a look-alike of У inside a word mixing the scripts ("PYCЛAH" is Руслан), and reads a given name cut short or
-- contracted ("Олекс.", "Ол-др") as the initial of the letters it keeps, not as a given name of its own. Only
-- records that hold such a word can get other keys: a name field with a whole word of two or more look-alike
-- capitals, a word mixing Latin and Cyrillic letters, or a given name with a dot or a hyphen. Their keys are
-- rebuilt at start (as after 0019, 0028, 0030, 0032 and 0034); the others keep theirs. The letter ranges are
-- written out (a C-locale database's classes know no Cyrillic). `nameKeysV7.int.test.ts` checks the choice, and
-- bench/linkage/keysChanged.ts that it holds every generated record whose keys version 7 changes.
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (
    concat_ws(' ', family_name, given_name, patronymic)
      ~ '(^|[^A-Za-zА-яЁёЄєІіЇїҐґ])[ABCEHIKMOPTXYАВЕІКМНОРСТУХ]{2,}([^A-Za-zА-яЁёЄєІіЇїҐґ]|$)'
    OR concat_ws(' ', family_name, given_name, patronymic)
      ~ '[A-Za-z][А-яЁёЄєІіЇїҐґ]|[А-яЁёЄєІіЇїҐґ][A-Za-z]'
    OR given_name ~ '[.-]'
  );
