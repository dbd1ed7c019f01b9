-- Issue #11 (hold-out findings): name keys version 4.
--
-- Version 4 reads a dotted romanized initial of one Cyrillic letter in the given-name or patronymic field
-- ("Yu.", "Zh. Kh.", "Ju.") as an initial, as single letters already were, instead of as a given name
-- 'x:iu'. Only records whose given name or patronymic holds such a dotted word of two to four Latin letters
-- can get other keys; their keys are rebuilt at start (as after 0002, 0019 and 0028), the others keep theirs.
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (given_name ~ '[A-Za-z]{2,4}\.' OR patronymic ~ '[A-Za-z]{2,4}\.');
