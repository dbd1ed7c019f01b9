import { nameKeys, parseNameFields } from '@homecoming/names';

/**
 * Which version of the name-key functions made a record's stored keys. Bump it when they change, with a
 * migration that sets record.keys_version to NULL on the records whose keys can change (rebuilt at start),
 * or that adds a row to name_keys_check (0057) so that every record's keys are checked and the changed ones
 * rewritten (src/modules/search/reindex.ts).
 */
// 2: digits and Latin look-alikes inside Cyrillic words read as letters (migration 0019 clears only the
// records whose keys that changes).
// 3: swapped family/given fields put back when the given field ends like a surname; French gu before e/i
// read as g in every Latin word (migration 0028 clears only the records whose keys that can change).
// 4: a dotted romanized initial of one Cyrillic letter (Yu., Zh., Kh.) in the given-name or patronymic
// field is an initial, not a given name; initials beside one -ович word make it the surname (migration 0030
// clears only the records these can change).
// 5: initials written without dots — two capitals ("ТГ", "TH") or a romanized letter in its usual case
// ("Yu", "YuH") — alone in the given-name field with no patronymic, or beside the surname in a whole name
// typed into the family field ("Шевченко ТГ"), are initials, not a given name (migration 0032 clears only
// the records these can change).
// 6: some eighty more diminutives and informal given names (Ваня, Петя, Міша, Маша, Настя; Валя, Шура for
// either sex) take their full name's class (migration 0034 clears only the records whose given-name key,
// or family key, is one of their skeletons).
// 7: a word of look-alike capitals only read by the name around it or its letter pairs (TAPAC, OKCAHA), a
// Latin Y a look-alike of У in a mixed word, a given name cut short or contracted read as an initial (migration
// 0056 clears only the records these can change).
// 8: every record's keys checked against this stop's parsing (unknown given and father names read in place,
// MRZ names, and whatever the stop's branches change), since no pattern picks out the records those change:
// migration 0057 asks the reindex to walk every record and rewrite those whose keys change, without clearing
// keys_version (a record whose keys 8 writes alike keeps the version that wrote them).
// 9: look-alike capitals re-cased beside a letter only Cyrillic has (Пetpehko, Ahatoльebич) read as Cyrillic;
// migration 0059 asks for the same walk as 0057 (every record checked, the changed ones rewritten).
// 10: a given name in another language's form (Andrew, Johann) takes its class, and the father's given name
// where the patronymic goes ("Петро", "син Петра") gives the father's key (holdout9); migration 0061 asks for the
// same walk as 0057.
// 11: a given name in its church form (Іоанн, Симеон, Димитрій, Матфей, Косма) takes its class (holdout10);
// migration 0063 asks for the same walk as 0057.
// 12: patronymics of the church forms (Іоаннович, Симеонович) give the father's class, ISO 9 / ALA-LC Latin
// (Ûrìj) reads back to Cyrillic, Romanian and Hungarian spellings (Şevcenco, Petrovici, Petrovics) read where
// their letters show (holdout11); migration 0064 asks for the same walk as 0057.
// 13: a Turkic patronymic ("Руслан оглы", "Рустам кызы") is one, its father's name giving the father's class
// (pd2); Belarusian given names and patronymics (Аляксандр, Siarhei, Сяргеевіч) take their class and ў after a
// vowel reads as в (Шаўчэнка); Latvian and Lithuanian given-name endings (Andrijs, Oleksandras) read by their
// stem and Latvian, Dutch and Swedish patronymic endings (Petrovičs, Petrovytsj) as -ovič (hold12); migration
// 0065 asks for the same walk as 0057.
// 14: a Czech woman's -ová of a Russian -ov/-ev or a Ukrainian -oiko surname (Kozlovová, Boiková) keys as her
// -ova or the -o name; Belarusian Latin -enka where ў shows as u (Shauchenka) as -enko; Kazakh and Kyrgyz
// particles (ұлы, қызы, уулу) are Turkic patronymics (nm14); a patronymic -ovych/-evich after a central j or an
// apostrophe (Andrijovych) keeps its father; forms of address (Herr, Frau, Mme, господин) are titles wherever they
// stand; letter-spaced names and markup are read as the name (hold13); migration 0066 asks for the same walk as
// 0057.
// 15: a given name typed with the Shift on its second letter (tSanislav, оКсана) reads with its first two letters
// swapped back where the tables know the name (nm15); a given name cut with an ellipsis (Олександ…) is an initial
// of the letters kept (hold14); migration 0067 asks for the same walk as 0057 (and rebuilds the glyph key's
// indexes: a final Latin lc the skeleton reads as lz is one with k, nm15).
// 16: ç and ş (ș) of Turkish, Azerbaijani, Crimean Tatar and Romanian Latin read as ч and ш (Şevçenko); a
// namesake's number after a surname (Іванов 2-й, Коваленко (II)) no part of it; a cell of surname and given name
// with the patronymic beside it read apart; a patronymic contracted with a hyphen (Олекс-дрович) the one father
// whose patronymic begins and ends so (hold15); migration 0068 asks for the same walk as 0057.
// 17: a given name of the tables' long tail (Остап, Мар'ян, Соломія, Ярема/Еремей: nm17) takes its class where it
// keyed its own skeleton (x:…); a cell of surname and given name beside the patronymic of a father the tables do not
// know (Чорнук Назар | Остапович) read apart (hold16); migration 0069 asks for the same walk as 0057.
// 18: a Latin m inside a word read as Cyrillic is т where т makes the word far more name-like (Пеmрович, Дмиmро: a
// cursive т read by a recogniser), and Spanish spellings of given names (Mijail, Mijailo, Jristina) take their class
// (hold18); migration 0070 asks for the same walk as 0057.
export const NAME_KEYS_VERSION = 18;

/** The name keys a record stores for candidate retrieval (migrations/0002_name_keys.sql). */
export interface RecordKeys {
  key_family: string | null;
  key_family_phonetic: string | null;
  key_given: string | null;
  key_father: string | null;
  keys_version: number;
}

type NameFields = {
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
};

/**
 * The keys last computed for a fields object, with the names they were computed from: an import computes
 * a record's keys to link it and again to write it, and the names cost more than the lookup.
 */
const computed = new WeakMap<NameFields, { names: NameFields; keys: RecordKeys }>();

/** Computes a record's stored name keys from its name fields as the source wrote them. */
export function recordKeys(fields: NameFields): RecordKeys {
  const hit = computed.get(fields);
  if (
    hit !== undefined &&
    hit.names.family_name === fields.family_name &&
    hit.names.given_name === fields.given_name &&
    hit.names.patronymic === fields.patronymic
  )
    return { ...hit.keys };
  const keys = computeKeys(fields);
  const names = {
    family_name: fields.family_name,
    given_name: fields.given_name,
    patronymic: fields.patronymic,
  };
  computed.set(fields, { names, keys });
  return { ...keys };
}

function computeKeys(fields: NameFields): RecordKeys {
  const k = nameKeys(
    parseNameFields(
      fields.family_name ?? undefined,
      fields.given_name ?? undefined,
      fields.patronymic ?? undefined,
    ),
  );
  return {
    key_family: k.family || null,
    key_family_phonetic: k.familyPhonetic || null,
    key_given: k.given || null,
    key_father: k.father || null,
    keys_version: NAME_KEYS_VERSION,
  };
}
