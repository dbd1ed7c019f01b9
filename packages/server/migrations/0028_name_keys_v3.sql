-- Issue #11 (hold-out noise model): name keys version 3.
--
-- Version 3 puts back a family and given name swapped between fields when the given field ends like a
-- surname (not only when it is a surname of the tables), and reads French gu before e/i as g in every
-- Latin word (Guennadi = Gennadii). Only records those rules can change get other keys: a given field that
-- is no known given name (its key_given is 'x:…', as a surname there is), or a Latin gu before e, i or y.
-- Their keys are rebuilt at start (as after 0002 and 0019); the others keep theirs.
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (key_given LIKE 'x:%'
    OR concat_ws(' ', family_name, given_name, patronymic) ~* 'gu[eiyéèëï]');
