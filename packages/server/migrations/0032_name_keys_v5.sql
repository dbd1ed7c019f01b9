-- Issue #11 (hold-out: initials left over): name keys version 5.
--
-- Version 5 reads initials written without dots: two capitals ("ТГ", "TH") or a romanized letter of one
-- Cyrillic letter in its usual case ("Yu", "YuH", "TKh") alone in the given-name field with no
-- patronymic, or beside a surname in a whole name typed into the family field with the other fields empty
-- ("Шевченко ТГ"), instead of as a given name 'x:tg'. Only such records can get other keys: a given name
-- of one word of two to six letters that starts with a capital and has no Cyrillic lower case, with no
-- letter in the patronymic; or a family field of several words, one of them such a word, with no letter in
-- the given-name and patronymic fields. Their keys are rebuilt at start (as after 0019, 0028 and 0030), the
-- others keep theirs.
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (
    (
      given_name ~ '^[^A-Za-zА-яЁёІіЇїЄєҐґ]*[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐa-z]{1,5}[^A-Za-zА-яЁёІіЇїЄєҐґ]*$'
      AND (patronymic IS NULL OR patronymic !~ '[A-Za-zА-яЁёІіЇїЄєҐґ]')
    )
    OR (
      (given_name IS NULL OR given_name !~ '[A-Za-zА-яЁёІіЇїЄєҐґ]')
      AND (patronymic IS NULL OR patronymic !~ '[A-Za-zА-яЁёІіЇїЄєҐґ]')
      AND family_name ~ '[^A-Za-zА-яЁёІіЇїЄєҐґ]'
      AND family_name ~ '(^|[^A-Za-zА-яЁёІіЇїЄєҐґ])[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐa-z]{1,5}($|[^A-Za-zА-яЁёІіЇїЄєҐґ])'
    )
  );
