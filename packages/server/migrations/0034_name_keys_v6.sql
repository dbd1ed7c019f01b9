-- Issue #11 (recall7): name keys version 6.
--
-- Version 6 knows some eighty more diminutives and informal given names (Ваня, Петя, Міша, Костя, Юра,
-- Маша, Настя, Люда, Іра, Sasha's kin in every script the lookups render): a record that writes one gets
-- the class of its full name (ivan, petro, …) or, for one shared by a man's and a woman's name (Валя,
-- Шура, Саня, Жека, Слава), stays 'x:' + its skeleton and is compared with either class. Only records whose
-- given-name key was one of these skeletons can get other keys, and those whose family field holds one
-- (a swapped pair of columns is put back when the family field holds a known given name). Their keys are
-- rebuilt at start (as after 0019, 0028, 0030 and 0032); the others keep theirs. The list is every
-- skeleton of the diminutives version 6 added, as the names package renders them (Cyrillic, KMU, ICAO,
-- BGN); `nameKeysV6.int.test.ts` checks it against the package.
UPDATE record SET keys_version = NULL
WHERE keys_version IS NOT NULL
  AND (
    key_given IN (
    'x:alosha', 'x:andriusha', 'x:ania', 'x:boria', 'x:dania', 'x:dasha', 'x:fedia', 'x:gala',
    'x:gania', 'x:ganusia', 'x:gena', 'x:gosha', 'x:grisha', 'x:hala', 'x:hania', 'x:hanusia',
    'x:hena', 'x:hosha', 'x:hrisha', 'x:iasha', 'x:ilusha', 'x:ira', 'x:iura', 'x:katrusia',
    'x:khristia', 'x:kiriusha', 'x:kostia', 'x:ksiusha', 'x:lena', 'x:lenia', 'x:lida', 'x:liza',
    'x:lonia', 'x:luba', 'x:luda', 'x:maks', 'x:marika', 'x:marusia', 'x:masha', 'x:mikolka',
    'x:misha', 'x:mitia', 'x:nadia', 'x:nastia', 'x:natalka', 'x:olenka', 'x:pasha', 'x:petia',
    'x:pola', 'x:raia', 'x:roma', 'x:sania', 'x:senia', 'x:sergunia', 'x:serhunia', 'x:shura',
    'x:shurik', 'x:sirozha', 'x:slava', 'x:sonia', 'x:stas', 'x:stepa', 'x:stopa', 'x:sveta',
    'x:svita', 'x:tema', 'x:tetianka', 'x:tola', 'x:toma', 'x:tonia', 'x:ula', 'x:vala',
    'x:valera', 'x:vania', 'x:vasia', 'x:vika', 'x:vitia', 'x:vlad', 'x:zheka', 'x:zhora',
    'x:zina'
    )
    OR key_family IN (
    'alosha', 'andriusha', 'ania', 'boria', 'dania', 'dasha', 'fedia', 'gala', 'gania', 'ganusia',
    'gena', 'gosha', 'grisha', 'hala', 'hania', 'hanusia', 'hena', 'hosha', 'hrisha', 'iasha',
    'ilusha', 'ira', 'iura', 'katrusia', 'khristia', 'kiriusha', 'kostia', 'ksiusha', 'lena', 'lenia',
    'lida', 'liza', 'lonia', 'luba', 'luda', 'maks', 'marika', 'marusia', 'masha', 'mikolka',
    'misha', 'mitia', 'nadia', 'nastia', 'natalka', 'olenka', 'pasha', 'petia', 'pola', 'raia',
    'roma', 'sania', 'senia', 'sergunia', 'serhunia', 'shura', 'shurik', 'sirozha', 'slava', 'sonia',
    'stas', 'stepa', 'stopa', 'sveta', 'svita', 'tema', 'tetianka', 'tola', 'toma', 'tonia',
    'ula', 'vala', 'valera', 'vania', 'vasia', 'vika', 'vitia', 'vlad', 'zheka', 'zhora',
    'zina'
    )
  );
