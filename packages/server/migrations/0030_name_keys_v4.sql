-- Issue #11 (hold-out findings): name keys version 4.
--
-- Version 4 reads a dotted romanized initial of one Cyrillic letter in the given-name or patronymic field
-- ("Yu.", "Zh. Kh.", "Ju.") as an initial, as single letters already were, instead of as a given name
-- 'x:iu'; and a whole name of initials beside one word that reads as a patronymic ("Данилович В.В.") is
-- that surname with initials, not a patronymic alone. Only records whose given name or patronymic holds a
-- dotted word of two to four Latin letters, or that have no family key, can get other keys; their keys are
-- rebuilt at start (as after 0002, 0019 and 0028), the others keep theirs.
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (given_name ~ '[A-Za-z]{2,4}\.' OR patronymic ~ '[A-Za-z]{2,4}\.' OR key_family IS NULL);
