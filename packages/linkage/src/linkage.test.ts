import { nameKeys, parseNameFields, skeleton } from '@homecoming/names';
import { describe, expect, it } from 'vitest';
import {
  agreesThroughout,
  AGREE_MIN,
  autoLinkable,
  birthContradicted,
  compatibleRecords,
  corroborated,
  DATE_READING,
  CORROBORATION,
  givenContradicted,
  initialCarries,
  patronymicContradicted,
  sexContradicted,
  sexOfPatronymic,
  yearDigitSlip,
  BLOCKING_RULES,
  blockedPairs,
  blockKeys,
  glyphNearKeys,
  glyphNear2Keys,
  shareKey,
  clusterRecords,
  queueReason,
  compareRecords,
  compileModel,
  decideRecord,
  scorePerson,
  defaultModel,
  estimateM,
  estimateLambda,
  EvidenceHistogram,
  firstRuleOf,
  forLists,
  listDecideOptions,
  possibleAlternatives,
  ALTERNATIVE_BITS,
  type PersonScore,
  type RecordDecision,
  scoredMatches,
  estimateU,
  FIELDS,
  hardConflict,
  implausibleModel,
  LEVELS,
  medianShares,
  personLevelScore,
  personMayReach,
  personReaches,
  personScoreBound,
  ScoreBound,
  jointKey,
  jointShare,
  JOINT_PSEUDO,
  BoundCodes,
  fieldWeights,
  LINKAGE_MODEL_VERSION,
  termFrequenciesOfRecords,
  queueThreshold,
  importQueueCap,
  scorePair,
  seededRandom,
  toLinkRecord,
  trainModel,
  TRAINED_THRESHOLDS,
  countVector,
  normaliseServiceNumber,
  readServiceNumber,
  serviceNumberLevel,
  normaliseUnit,
  foldUnitCode,
  isFieldPost,
  unitLevel,
  SERVICE_NUMBER_FOLD,
  UNIT_FOLD,
  type LinkageModel,
  type LinkRecord,
  type VectorCounts,
} from './index.js';

let nextId = 0;
/** A record as the server would store it, from names as a source wrote them. */
function rec(
  family: string,
  given: string,
  patronymic: string | null,
  birth: string | null,
  extra: { sex?: 'male' | 'female'; unit?: string; service?: string; guessed?: boolean } = {},
): LinkRecord {
  const k = nameKeys(parseNameFields(family, given, patronymic ?? undefined));
  const [y, m, d] = (birth ?? '').split('-').map(Number);
  return toLinkRecord({
    id: `r${++nextId}`,
    key_family: k.family,
    key_family_phonetic: k.familyPhonetic,
    key_given: k.given,
    key_father: k.father,
    given_name: given,
    patronymic,
    sex: extra.sex ?? 'male',
    birth_year: birth ? (y ?? null) : null,
    birth_month: birth && m ? m : null,
    birth_day: birth && d ? d : null,
    ...(extra.guessed === undefined ? {} : { birth_guessed: extra.guessed }),
    unit: extra.unit ?? null,
    service_number: extra.service ?? null,
  });
}

const cm = compileModel(defaultModel());
const level = (a: LinkRecord, b: LinkRecord, field: (typeof FIELDS)[number]) =>
  LEVELS[field][compareRecords(a, b)[FIELDS.indexOf(field)] as number];

describe('service numbers and units folded', () => {
  // The fold as first written: an expression that strips, then a map per character (code point).
  const to = [...SERVICE_NUMBER_FOLD.to];
  const fold = new Map([...SERVICE_NUMBER_FOLD.from].map((c, i) => [c, to[i] as string]));
  const reference = (s: string): string | null => {
    let out = '';
    for (const c of s.replace(/[\s./_-]/gu, '')) out += fold.get(c) ?? c;
    return out === '' ? null : out;
  };

  it('folds every UTF-16 code unit, and mixed strings, as the expression and map did', () => {
    const every = Array.from({ length: 0x10000 }, (_, c) => `a${String.fromCharCode(c)}Б`);
    expect(every.map(normaliseServiceNumber)).toEqual(every.map(reference));
    const alphabet = [
      ...SERVICE_NUMBER_FOLD.from,
      ...to,
      ' ',
      '.',
      '/',
      '_',
      '-',
      '\u00a0',
      '\u3000',
      '\ufeff',
      '№',
      '😀',
      '\ud800',
      '7',
    ];
    const random = seededRandom(7);
    const mixed = Array.from({ length: 20_000 }, () => {
      let s = '';
      for (let n = Math.floor(random() * 10); n > 0; n--)
        s += alphabet[Math.floor(random() * alphabet.length)];
      return s;
    });
    // The unit fold: letters folded, a trailing subdivision cut after a code, the service-number fold, then
    // the leading field-post or prefix word where a code follows.
    const subdivision = new RegExp(UNIT_FOLD.subdivision, 'u');
    const fieldPost = new RegExp(UNIT_FOLD.fieldPost, 'u');
    const prefix = new RegExp(UNIT_FOLD.prefix, 'u');
    const letters = (s: string): string => [...s].map((c) => fold.get(c) ?? c).join('');
    const lower = (s: string): string | null =>
      reference(letters(s).replace(subdivision, '$1'))
        ?.replace(fieldPost, 'ПП/')
        .replace(prefix, '')
        .toLowerCase() || null;
    expect(mixed.map(normaliseServiceNumber)).toEqual(mixed.map(reference));
    // Twice: the units' memo gives what folding gives.
    expect(mixed.map(normaliseUnit)).toEqual(mixed.map(lower));
    expect(mixed.map(normaliseUnit)).toEqual(mixed.map(lower));
    expect(normaliseServiceNumber('СН 469-161')).toBe('СН469161');
    expect(normaliseUnit('в/ч A1234')).toBe('а1234');
    expect(normaliseServiceNumber(' ./')).toBeNull();
    expect(normaliseUnit(null)).toBeNull();
  });
});

describe('a personal number read, not only folded (sn16)', () => {
  const man = (service: string): LinkRecord =>
    rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service });
  const pair = (x: string, y: string) => {
    const a = man(x);
    const b = man(y);
    return {
      level: [level(a, b, 'service_number'), level(b, a, 'service_number')],
      conflict: [hardConflict(a, b), hardConflict(b, a)],
    };
  };
  const one = { level: ['same', 'same'], conflict: [null, null] };
  const two = { level: ['different', 'different'], conflict: ['service_number', 'service_number'] };

  it('reads digits alone as the same digits with a series, both ways, the series Cyrillic or Latin', () => {
    expect(pair('123456', 'АА123456')).toEqual(one);
    expect(pair('123456', 'AA 123456')).toEqual(one);
    expect(pair('123456.0', 'АА-123456')).toEqual(one);
    expect(pair('ZhK123456', '123456')).toEqual(one);
    // Leading zeros a spreadsheet dropped.
    expect(pair('23456', 'АА023456')).toEqual(one);
    expect(pair('23456', '023456')).toEqual(one);
    expect([serviceNumberLevel('123456', 'АА123456'), serviceNumberLevel(null, 'АА123456')]).toEqual([0, 2]);
  });

  it('keeps the wall: another series, other digits, too few digits to say', () => {
    expect(pair('АБ123456', 'АВ123456')).toEqual(two);
    expect(pair('ZhK123456', 'ЖА123456')).toEqual(two);
    expect(pair('123456', 'АА123457')).toEqual(two);
    expect(pair('123457', '123456')).toEqual(two);
    expect(pair('1234', 'АА001234')).toEqual(two);
    expect(pair('АА123456', 'АА1234567')).toEqual(two);
    expect(pair('123456', 'АА1234560')).toEqual(two);
  });

  it('reads a label left in a stored number as the import reads it, so old records meet new ones', () => {
    for (const old of [
      '№ АА123456',
      '№АА123456',
      'ос. н. АА123456',
      'жетон АА123456',
      'Nr. AA123456',
      'АА № 123456',
    ])
      expect(pair(old, 'АА123456'), old).toEqual(one);
    expect(readServiceNumber('№ АА123456')).toBe('АА123456');
    expect(readServiceNumber('АА № 123456')).toBe('АА123456');
    expect(readServiceNumber('123456.0')).toBe('123456');
    expect(readServiceNumber('ZhK 123456')).toBe('ЖК123456');
    // Letters run into the digits are a series, not a label (validate.ts reads them so too).
    expect(readServiceNumber('ОСН123456')).toBe('ОСН123456');
    expect(pair('ОСН123456', 'ОСН123456')).toEqual(one);
    expect(pair('ОСН123456', 'АА123456')).toEqual(two);
    // Already read: itself, without the expressions.
    expect(readServiceNumber('ЖК123456')).toBe('ЖК123456');
    expect(readServiceNumber('')).toBeNull();
  });

  it('weighs digits alone as the trained model weighs a number both give, the record-level and coded scorers alike', () => {
    const a = man('АА123456');
    const b = man('123456');
    expect(scorePair(cm, a, b).score).toBeCloseTo(scorePair(cm, a, man('АА123456')).score, 9);
    const codes = new BoundCodes();
    for (const [x, y] of [
      [a, b],
      [b, a],
      [man('АБ123456'), b],
    ] as const) {
      const score = scorePerson(cm, x, { personId: 'p', records: [y] }).score;
      expect(new ScoreBound(cm, x, codes).person([y])).toBeGreaterThanOrEqual(score - 1e-9);
      expect(personScoreBound(cm, x, [y])).toBeGreaterThanOrEqual(score - 1e-9);
    }
  });
});

describe('a military unit as offices write it', () => {
  it('reads the same code from every spelling of one unit', () => {
    const forms = [
      'в/ч А1234',
      'в.ч. А1234',
      'ВЧ А1234',
      'А1234',
      'військова частина А1234',
      'Військова частина № А1234',
      'в/ч А-1234',
      'воинская часть А1234',
      'войсковая часть А1234',
      'A1234',
      'military unit A1234',
      'Military Unit No. A-1234',
      'mil. unit A1234',
      'В/Ч A 1234',
    ];
    expect(new Set(forms.map(normaliseUnit))).toEqual(new Set(['а1234']));
    expect(new Set(forms.map(foldUnitCode))).toEqual(new Set(['А1234']));
    expect(normaliseUnit('в/ч 12345')).toBe(normaliseUnit('воинская часть 12345'));
    expect(normaliseUnit('в/ч В1234')).toBe(normaliseUnit('B1234'));
    expect(normaliseUnit('в/ч А1234')).not.toBe(normaliseUnit('в/ч В1234'));
  });

  it('keeps a named formation, and a prefix word without a code, comparable to themselves only', () => {
    expect(normaliseUnit('93 ОМБр')).toBe('93омбр');
    expect(normaliseUnit('93 ОМБр')).toBe(normaliseUnit('93-ОМБР'));
    expect(normaliseUnit('93-тя окрема механізована бригада')).not.toBe(normaliseUnit('93 ОМБр'));
    expect(normaliseUnit('в/ч')).toBe('вч');
    expect(normaliseUnit('військова частина')).toBe('військовачастина');
    // The word is dropped only where a code follows: "частина" is not a code after "в/ч".
    expect(normaliseUnit('в/частина 1234')).toBe('1234');
    expect(normaliseUnit('в/ч \0А1234')).toBe('а1234');
  });

  it('agrees between the pair comparison and the unit block', () => {
    const a = rec('Шевченко', 'Тарас', 'Петрович', '1990-05-17', { unit: 'в/ч А1234' });
    const b = rec('Шевченко', 'Тарас', 'Петрович', '1990-05-17', { unit: 'military unit A-1234' });
    expect(a.unit).toBe(b.unit);
    expect(level(a, b, 'unit')).toBe('same');
  });

  it('reads the code of a unit written with its subdivision', () => {
    const forms = [
      'в/ч А1234, 3-й батальйон',
      'А1234 2 рота',
      'military unit A1234 (3rd battalion)',
      'в/ч А-1234, рота № 2',
      'В/Ч А1234, 2-а рота, 1-й взвод',
      'військова частина А1234 (1 батарея)',
      'в/ч А1234 3 бат.',
      'mil. unit A1234, 2nd company',
    ];
    expect(forms.map(normaliseUnit)).toEqual(forms.map(() => 'а1234'));
    expect(normaliseUnit('в/ч 12345, 2-га рота')).toBe('12345');
    // A named formation has no code to keep: whole, as before.
    expect(normaliseUnit('93 ОМБр, 2 батальйон')).toBe('93омбр,2батальйон');
    expect(normaliseUnit('93 батальйон')).toBe('93батальйон');
    // Only a subdivision is cut: other text after the code stays.
    expect(normaliseUnit('в/ч А1234 Київ')).toBe('а1234київ');
    expect(normaliseUnit('в/ч А1234 2')).toBe('а12342');
    const a = rec('Шевченко', 'Тарас', 'Петрович', '1990-05-17', { unit: 'в/ч А1234' });
    const b = rec('Шевченко', 'Тарас', 'Петрович', '1990-05-17', { unit: 'А1234, 2 рота' });
    expect(level(a, b, 'unit')).toBe('same');
  });

  it('reads a field post number as itself, comparable with another field post number only', () => {
    const forms = [
      'польова пошта В1234',
      'п/п В1234',
      'ПП В1234',
      'ПП № В1234',
      'полевая почта B1234',
      'field post B-1234',
    ];
    expect(forms.map(normaliseUnit)).toEqual(forms.map(() => 'пп/в1234'));
    expect(forms.map(foldUnitCode)).toEqual(forms.map(() => 'ПП/В1234'));
    expect(isFieldPost('пп/в1234')).toBe(true);
    expect(isFieldPost(normaliseUnit('в/ч В1234') as string)).toBe(false);
    const at = (unit: string) => rec('Шевченко', 'Тарас', 'Петрович', '1990-05-17', { unit });
    expect(level(at('п/п В1234'), at('польова пошта В1234'), 'unit')).toBe('same');
    expect(level(at('п/п В1234'), at('п/п В4321'), 'unit')).toBe('different');
    // Two numbering series: a unit and a field post number say nothing of each other.
    expect(level(at('п/п В1234'), at('в/ч В1234'), 'unit')).toBe('missing');
    expect(level(at('в/ч А1234'), at('польова пошта В1234'), 'unit')).toBe('missing');
    expect(unitLevel('пп/в1234', 'а1234')).toBe(2);
  });
});

describe('comparison levels', () => {
  it('grades a Ukrainian and a Russian rendering of one man as the same names', () => {
    const uk = rec('Шевченко', 'Микола', 'Петрович', '1990-05-17');
    const ru = rec('Шевченко', 'Николай', 'Петрович', '1990-05-17');
    expect(level(uk, ru, 'family_name')).toBe('exact');
    expect(level(uk, ru, 'given_name')).toBe('same_class');
    expect(level(uk, ru, 'patronymic')).toBe('same_class');
    expect(level(uk, ru, 'birth_date')).toBe('exact');
  });

  it("grades a long-tail name's forms as one class; its father's patronymic by its letters, as before (nm17)", () => {
    const uk = rec('Гайдук', 'Соломія', "Мар'янівна", '1990-05-17', { sex: 'female' });
    const ru = rec('Гайдук', 'Соломия', 'Марьяновна', '1990-05-17', { sex: 'female' });
    const latin = rec('Haiduk', 'Solomiya', 'Marianivna', null, { sex: 'female' });
    expect(['exact', 'same_class']).toContain(level(uk, ru, 'given_name'));
    expect(['exact', 'same_class']).toContain(level(uk, latin, 'given_name'));
    expect(level(uk, rec('Гайдук', 'Ярина', "Мар'янівна", null, { sex: 'female' }), 'given_name')).toBe(
      'different',
    );
    // No father key for the long tail (names/keys.ts): never same_class, the letters alone.
    expect(level(uk, latin, 'patronymic')).toBe('close');
    expect(level(uk, ru, 'patronymic')).not.toBe('same_class');
  });

  it('grades a Latin rendering and typos', () => {
    const uk = rec('Шевченко', 'Олександр', null, '1990-05-17');
    expect(level(uk, rec('Shevchenko', 'Oleksandr', null, null), 'family_name')).toBe('exact');
    expect(level(uk, rec('Шевчнко', 'Олександр', null, null), 'family_name')).toBe('phonetic');
    expect(
      level(uk, rec('Шевченко', 'Олександр', null, '1990-17-05'.replace('17-05', '05-17')), 'birth_date'),
    ).toBe('exact');
    expect(level(uk, rec('Шевченко', 'Олександр', null, '1990-05'), 'birth_date')).toBe('same_year_month');
    expect(level(uk, rec('Шевченко', 'Олександр', null, '1991-05-17'), 'birth_date')).toBe(
      'year_off_by_one_same_day',
    );
    expect(level(uk, rec('Шевченко', 'Олександр', null, '1970-05-17'), 'birth_date')).toBe('conflicting');
    expect(level(uk, rec('Шевченко', 'Олександр', null, null), 'birth_date')).toBe('missing');
  });

  it('grades a patronymic cut by a fixed-width field (10–12 letters) as the whole one, and no shorter stem', () => {
    const full = rec('Шевченко', 'Тарас', 'Олександрович', '1990-05-17');
    for (const cut of ['Олександро', 'Олександров', 'Олександрови'])
      expect(level(full, rec('Шевченко', 'Тарас', cut, null), 'patronymic')).toBe('same_class');
    expect(level(rec('Шевченко', 'Тарас', 'Володимиро', null), full, 'patronymic')).toBe('different');
    const woman = rec('Ковальчук', 'Ганна', 'Костянтинівна', '1990-05-17', { sex: 'female' });
    expect(level(woman, rec('Ковальчук', 'Ганна', 'Костянтині', null, { sex: 'female' }), 'patronymic')).toBe(
      'same_class',
    );
    // Eight letters or fewer are not read as cut: a father's name and a stem too short to name one.
    expect(level(full, rec('Шевченко', 'Тарас', 'Олексан', null), 'patronymic')).not.toBe('same_class');
  });

  it('grades a surname that is one of two surnames as exact, a part spelt otherwise as close (generated surnames)', () => {
    // Generated surnames: a woman under her own and another family's name, hyphenated, side by side, joined by a
    // dash or in brackets.
    const stems = ['Бор', 'Лемч', 'Гарн', 'Кутр'];
    const endings = ['енко', 'ук', 'ська', 'ець'];
    for (const s1 of stems)
      for (const e1 of endings)
        for (const s2 of stems) {
          const own = s1 + e1;
          const other = `${s2}ів`;
          const a = rec(own, 'Олена', null, '1980-02-03', { sex: 'female' });
          for (const compound of [
            `${own}-${other}`,
            `${other}-${own}`,
            `${other} (${own})`,
            `${own} ${other}`,
            `${other} – ${own}`,
            `${own} - ${other}`,
          ])
            expect(level(a, rec(compound, 'Олена', null, null, { sex: 'female' }), 'family_name')).toBe(
              'exact',
            );
          // One of three surnames stays close.
          expect(
            level(a, rec(`${own} ${other} Дубів`, 'Олена', null, null, { sex: 'female' }), 'family_name'),
          ).toBe('close');
          // Neither part is the surname: no closer than the spellings are.
          expect(level(a, rec('Дубів-Сом', 'Олена', null, null), 'family_name')).not.toBe('close');
        }
    // Two compound surnames sharing a part are not one surname agreeing.
    expect(
      level(
        rec('Бориенко-Дубів', 'Олена', null, null),
        rec('Бориенко-Сомів', 'Олена', null, null),
        'family_name',
      ),
    ).not.toBe('exact');
    // A part spelt otherwise (Russian ы for и) is one part too, by its phonetic code.
    const russian = rec('Гончыч', 'Валентина', null, null, { sex: 'female' });
    expect(level(russian, rec('Гончаренко-Гончич', 'Валентина', null, null), 'family_name')).toBe('close');
    // A code alone is not enough: Гончук shares Гончич's.
    const other = rec('Гончук', 'Валентина', null, null, { sex: 'female' });
    expect(level(other, rec('Гончаренко-Гончич', 'Валентина', null, null), 'family_name')).not.toBe('close');
  });

  it('grades a day and month swapped', () => {
    const a = rec('Бондар', 'Петро', null, '1985-03-07');
    const b = rec('Бондар', 'Петро', null, '1985-07-03');
    expect(level(a, b, 'birth_date')).toBe('day_month_swapped');
  });

  it('reads a service number written with Latin look-alikes as the same number', () => {
    const a = rec('Бондар', 'Петро', null, null, { service: 'АВ 123456' });
    const b = rec('Bondar', 'Petro', null, null, { service: 'AB-123456' });
    expect(level(a, b, 'service_number')).toBe('same');
  });
});

describe('initials in place of a given name or patronymic', () => {
  const full = rec('Шевченко', 'Тарас', 'Григорович', '1990-05-17');

  it("grades an initial that is the name's, in either script and either field layout, as `initial`", () => {
    for (const [given, patronymic] of [
      ['Т.Г.', null],
      ['Т.', 'Г.'],
      ['T.', 'H.'],
      ['T. H.', null],
    ] as const) {
      const r = rec('Шевченко', given, patronymic, null);
      expect(level(r, full, 'given_name'), given).toBe('initial');
      expect(level(full, r, 'patronymic'), given).toBe('initial');
    }
  });

  it('agrees across scripts and romanizations: Ю with Yu./Ju./Y., Х with Kh., Ж with Zh./Z., А and О with Олександр', () => {
    const yurii = rec('Шевченко', 'Юрій', 'Харитонович', null);
    for (const [g, p] of [
      ['Yu.', 'Kh.'],
      ['Ju.', 'K.'],
      ['Y.', 'Kh.'],
      ['Ю.', 'Х.'],
    ] as const) {
      const r = rec('Shevchenko', g, p, null);
      expect(level(r, yurii, 'given_name'), g).toBe('initial');
      expect(level(r, yurii, 'patronymic'), p).toBe('initial');
    }
    const zhanna = rec('Шевченко', 'Жанна', null, null, { sex: 'female' });
    expect(level(rec('Shevchenko', 'Zh.', null, null), zhanna, 'given_name')).toBe('initial');
    expect(level(rec('Shevchenko', 'Z.', null, null), zhanna, 'given_name')).toBe('initial');
    const oleksandr = rec('Шевченко', 'Олександр', null, null);
    expect(level(rec('Шевченко', 'А.', null, null), oleksandr, 'given_name')).toBe('initial');
    expect(level(rec('Шевченко', 'О.', null, null), oleksandr, 'given_name')).toBe('initial');
  });

  it('grades another letter as `other_initial`, evidence against, and two initials by their letters', () => {
    const r = rec('Шевченко', 'М.В.', null, null);
    expect(level(r, full, 'given_name')).toBe('other_initial');
    expect(level(r, full, 'patronymic')).toBe('other_initial');
    expect(level(r, rec('Shevchenko', 'M.', 'V.', null), 'given_name')).toBe('initial');
    expect(level(r, rec('Shevchenko', 'T.', 'V.', null), 'given_name')).toBe('other_initial');
    expect(scorePair(cm, r, full).contributions[1]?.weight).toBeLessThan(-2);
    expect(scorePair(cm, rec('Шевченко', 'Т.Г.', null, null), full).contributions[1]?.weight).toBeGreaterThan(
      2,
    );
    // A record that gives neither a name nor an initial stays `missing`.
    expect(level(r, rec('Шевченко', '', null, null), 'given_name')).toBe('missing');
  });

  it('ranks Тарас Григорович above Тимофій Петрович and Микола Григорович for "Шевченко Т.Г."', () => {
    const q = rec('Шевченко', 'Т.Г.', null, '1990');
    const score = (r: LinkRecord) => scorePair(cm, q, r).score;
    const timofii = rec('Шевченко', 'Тимофій', 'Петрович', '1990-01-02');
    const mykola = rec('Шевченко', 'Микола', 'Григорович', '1990-05-17');
    expect(score(full)).toBeGreaterThan(score(mykola));
    expect(score(full)).toBeGreaterThan(score(timofii));
  });

  it('reads initials written without dots: "ТГ" in the given field, "TH" in Latin', () => {
    for (const given of ['ТГ', 'TH']) {
      const r = rec('Шевченко', given, null, null);
      expect(r.given, given).toBeNull();
      expect(level(r, full, 'given_name'), given).toBe('initial');
      expect(level(full, r, 'patronymic'), given).toBe('initial');
    }
    expect(level(rec('Шевченко', 'ТГ', null, null), rec('Shevchenko', 'TH', null, null), 'given_name')).toBe(
      'initial',
    );
    expect(level(rec('Шевченко', 'МВ', null, null), full, 'given_name')).toBe('other_initial');
  });

  it('sees the initials of a whole name typed into the family field alone ("Шевченко Т.Г.", "Шевченко ТГ")', () => {
    const familyOnly = (text: string, birth: string | null = null): LinkRecord => {
      const k = nameKeys(parseNameFields(text, undefined, undefined));
      return toLinkRecord({
        id: `r${++nextId}`,
        key_family: k.family,
        key_family_phonetic: k.familyPhonetic,
        key_given: k.given,
        key_father: k.father,
        family_name: text,
        given_name: null,
        patronymic: null,
        sex: 'male',
        birth_year: birth ? Number(birth) : null,
        birth_month: null,
        birth_day: null,
        unit: null,
        service_number: null,
      });
    };
    for (const text of ['Шевченко Т.Г.', 'Шевченко ТГ', 'T. H. Shevchenko']) {
      const r = familyOnly(text);
      expect(r, text).toMatchObject({ family: 'shevchenko', givenInitial: 't', fatherInitial: 'h' });
      expect(level(r, full, 'given_name'), text).toBe('initial');
      expect(level(r, full, 'patronymic'), text).toBe('initial');
    }
    expect(level(familyOnly('Шевченко М.В.'), full, 'given_name')).toBe('other_initial');
    expect(familyOnly('Шевченко')).toMatchObject({ givenInitial: null, fatherInitial: null });
    // As with the fields: links with a birth year, stays possible without.
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const person = [{ personId: 'p1', records: [rec('Тумчосенко', 'Тарас', 'Григорович', '1990-05-17')] }];
    expect(decideRecord(rare, familyOnly('Тумчосенко Т.Г.'), person).decision).toBe('possible');
    expect(decideRecord(rare, familyOnly('Тумчосенко Т.Г.', '1990'), person).decision).toBe('match');
  });

  it('links initials with a birth year, but not on initials and a patronymic initial alone', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const person = [{ personId: 'p1', records: [rec('Тумчосенко', 'Тарас', 'Григорович', '1990-05-17')] }];
    const bare = decideRecord(rare, rec('Тумчосенко', 'Т.Г.', null, null), person);
    expect(bare.decision).toBe('possible');
    expect(decideRecord(rare, rec('Тумчосенко', 'Т.Г.', null, '1990'), person).decision).toBe('match');
    // Another given initial is evidence against: the record does not join him.
    expect(decideRecord(rare, rec('Тумчосенко', 'М.Г.', null, '1990'), person).decision).not.toBe('match');
  });

  it('lets no initial make an automatic link beside another man it fits (a brother, a twin, a namesake)', () => {
    // A common surname (one record in twenty), an initial and a full birth date, and a brother Остап held too:
    // "О." fits both, so the surname and the date alone must make the link, and do not.
    const common = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map([['kovalenko', 2_000]]),
      given: new Map(),
      countsArriving: false,
    });
    const oleh = rec('Коваленко', 'Олег', 'Петрович', '1990-05-17');
    const ostap = { personId: 'p2', records: [rec('Коваленко', 'Остап', 'Петрович', null)] };
    const person = [{ personId: 'p1', records: [oleh] }, ostap];
    const row = rec('Коваленко', 'О.', null, '1990-05-17');
    const initialWeight =
      common.weights[FIELDS.indexOf('given_name')]?.[LEVELS.given_name.indexOf('initial')] ?? 0;
    const score = scorePair(common, row, oleh).score;
    const { auto } = common.model.thresholds;
    expect(score).toBeGreaterThanOrEqual(auto);
    expect(score - initialWeight).toBeLessThan(auto);
    expect(initialCarries(common, row, [oleh], score, auto)).toBe(true);
    expect(decideRecord(common, row, person).decision).toBe('possible');
    // Before wl (the knob off) the initial made the link.
    CORROBORATION.initialAlone = false;
    try {
      expect(decideRecord(common, row, person).decision).toBe('match');
    } finally {
      CORROBORATION.initialAlone = true;
    }
    // The patronymic beside it makes the link without the initial; so does a record of the person whose
    // written given name the row shares (the initial is then not what agrees).
    expect(decideRecord(common, rec('Коваленко', 'О.', 'Петрович', '1990-05-17'), person).decision).toBe(
      'match',
    );
    const both = [oleh, rec('Коваленко', 'О.', null, '1990-05-17')];
    expect(initialCarries(common, rec('Коваленко', 'Олег', null, '1990-05-17'), both, score, auto)).toBe(
      false,
    );
    // A list's row (a lower threshold where every field agrees) is held so too.
    expect(decideRecord(common, row, person, listDecideOptions(common)).decision).toBe('possible');
    // Alone, or beside a man of another initial (Микола), Олег is the one the initial fits: the link is made.
    expect(decideRecord(common, row, [person[0] as (typeof person)[0]]).decision).toBe('match');
    const mykola = { personId: 'p3', records: [rec('Коваленко', 'Микола', 'Петрович', null)] };
    expect(decideRecord(common, row, [person[0] as (typeof person)[0], mykola]).decision).toBe('match');
  });

  it('holds a link whose two patronymics name two fathers the tables know (a namesake born the same day)', () => {
    // A registry of 40,000 records where no one else carries the surname.
    const cm = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const yakiv = rec('Фельдман', 'Яків', 'Мойсейович', '1993-11-14');
    const person = [{ personId: 'p1', records: [yakiv] }];
    const other = rec('Фельдман', 'Яків', 'Наумович', '1993-11-14');
    expect(patronymicContradicted(other, [yakiv])).toBe(true);
    expect(decideRecord(cm, other, person).decision).toBe('possible');
    CORROBORATION.fathersContradict = false;
    try {
      // Before wl (the knob off) the names and the date made the link.
      expect(decideRecord(cm, other, person).decision).toBe('match');
    } finally {
      CORROBORATION.fathersContradict = true;
    }
    // His own records: a Russian form of the one father, a slip no class knows, a record that agrees beside one
    // that does not.
    for (const p of ['Моисеевич', 'Мойсевич', 'Moiseiovych']) {
      const own = rec('Фельдман', 'Яків', p, '1993-11-14');
      expect(patronymicContradicted(own, [yakiv]), p).toBe(false);
      expect(decideRecord(cm, own, person).decision, p).toBe('match');
    }
    expect(patronymicContradicted(other, [yakiv, rec('Фельдман', 'Яків', 'Наумович', null)])).toBe(false);
    // Two fathers' classes the tables know; a contraction or an initial says nothing.
    const ivanovych = rec('Фельдман', 'Яків', 'Іванович', '1993-11-14');
    expect(patronymicContradicted(rec('Фельдман', 'Яків', 'Петрович', '1993-11-14'), [ivanovych])).toBe(true);
    expect(patronymicContradicted(rec('Фельдман', 'Яків', 'Ів-вич', '1993-11-14'), [yakiv])).toBe(false);
    expect(patronymicContradicted(rec('Фельдман', 'Яків', 'П.', '1993-11-14'), [ivanovych])).toBe(false);
  });

  it("trains the initial levels from how often strangers' initials agree, whatever share writes initials", () => {
    const records: LinkRecord[] = [];
    const names = [
      'Тарас',
      'Микола',
      'Олег',
      'Василь',
      'Іван',
      'Сергій',
      'Андрій',
      'Дмитро',
      'Юрій',
      'Петро',
    ];
    for (let i = 0; i < 400; i++) {
      const g = names[i % names.length] as string;
      records.push(rec(`Прізвище${i % 37}ко`, i % 5 === 0 ? `${g[0]}.` : g, null, null));
    }
    const model = trainModel({ records, pairs: [], randomPairs: 20_000, seed: 3 });
    const trained = compileModel(model);
    const w = trained.weights[FIELDS.indexOf('given_name')] as Float64Array;
    const at = LEVELS.given_name.indexOf('initial');
    // Ten names, ten initials: strangers agree about one time in ten, so an agreement is ≈ log2(0.97 / 0.1).
    expect(w[at]).toBeGreaterThan(2.5);
    expect(w[at]).toBeLessThan(4.5);
    expect(w[at + 1]).toBeLessThan(-3);
  });
});

describe('scores and explanations', () => {
  it('explains every score: prior plus each field weight is the score', () => {
    const a = rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17');
    const b = rec('Shevchenko', 'Aleksandr', 'Petrovich', '1990-05-17');
    const s = scorePair(cm, a, b);
    expect(s.contributions.map((c) => c.field)).toEqual([...FIELDS]);
    const sum = s.contributions.reduce((t, c) => t + c.weight, 0);
    expect(s.score).toBeCloseTo(cm.model.prior + sum, 6);
    expect(s.score).toBeGreaterThanOrEqual(cm.model.thresholds.auto);
  });

  it('counts a different service number strongly against, and as a hard conflict', () => {
    const a = rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service: 'АБ111111' });
    const b = rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service: 'АБ222222' });
    const s = scorePair(cm, a, b);
    expect(s.contributions.find((c) => c.field === 'service_number')?.weight).toBeLessThan(-5);
    expect(hardConflict(a, b)).toBe('service_number');
    const d = decideRecord(cm, a, [{ personId: 'p1', records: [b] }]);
    expect(d.decision).toBe('none');
  });

  it('weighs an exact common family name less than an exact rare one (term frequencies)', () => {
    const model = defaultModel();
    model.tf.family_name = { shevchenko: 0.02, gudz: 0.00001 };
    const tfm = compileModel(model);
    const common = scorePair(tfm, rec('Шевченко', 'Петро', null, null), rec('Шевченко', 'Петро', null, null));
    const rare = scorePair(tfm, rec('Ґудзь', 'Петро', null, null), rec('Ґудзь', 'Петро', null, null));
    expect(common.score).toBeLessThan(rare.score);
  });

  it("keeps a rare name's whole evidence from the registry's counts: no cap, smoothed for unseen names", () => {
    const counts = (family: [string, number][]) => ({
      records: 1_000_000,
      family: new Map(family),
      given: new Map([['petro', 30_000]]),
    });
    const pair = [rec('Ґудзь', 'Петро', null, null), rec('Ґудзь', 'Петро', null, null)] as const;
    const base = scorePair(compileModel(defaultModel()), ...pair).contributions[0]?.weight ?? 0;
    const rare = scorePair(compileModel(defaultModel(), counts([['gudz', 4]])), ...pair);
    // Four bearers in a million: log2(0.003 / (8 / 1,001,001)) ≈ 8.6 bits more than the plain weight.
    expect((rare.contributions[0]?.weight ?? 0) - base).toBeGreaterThan(8.5);
    const unseen = scorePair(compileModel(defaultModel(), counts([])), ...pair);
    expect(Number.isFinite(unseen.score)).toBe(true);
    expect(unseen.score).toBeGreaterThan(rare.score);
    const common = scorePair(compileModel(defaultModel(), counts([['gudz', 20_000]])), ...pair);
    expect(common.score).toBeLessThan(rare.score);
  });

  it("weighs one of two surnames agreeing as that surname agreeing, by the surname's count, not the pair's", () => {
    const one = rec('Ґудзь', 'Олена', null, null, { sex: 'female' });
    const two = rec('Ґудзь Шевченко', 'Олена', null, null, { sex: 'female' });
    const counts = (gudz: number) => ({
      records: 1_000_000,
      family: new Map([
        ['gudz', gudz],
        ['gudz shevchenko', 1],
        ['shevchenko', 20_000],
      ]),
      given: new Map([['olena', 30_000]]),
      countsArriving: true,
    });
    const family = (tf: ReturnType<typeof counts>, a: LinkRecord, b: LinkRecord) =>
      scorePair(compileModel(defaultModel(), tf), a, b).contributions[0]?.weight ?? 0;
    for (const gudz of [4, 20_000]) {
      const alone = family(counts(gudz), one, rec('Ґудзь', 'Олена', null, null, { sex: 'female' }));
      // The compound's own count (one: the record itself) is not the evidence; the surname's is, both ways (its
      // other holders: one more than where both records of the pair hold it).
      expect(Math.abs(family(counts(gudz), two, one) - alone)).toBeLessThan(0.5);
      expect(Math.abs(family(counts(gudz), one, two) - alone)).toBeLessThan(0.5);
    }
    expect(family(counts(4), one, two)).toBeGreaterThan(family(counts(20_000), one, two) + 8);
  });

  it("weighs a phonetic agreement by its phonetic key's count, not by its two spellings' (fs-8)", () => {
    const a = rec('Шевчнко', 'Петро', null, '1980');
    const b = rec('Шевченкко', 'Петро', null, '1980');
    expect(level(a, b, 'family_name')).toBe('phonetic');
    const code = a.familyPhonetic as string;
    // Both spellings are rare (one record each, the pair's own), the code is common: 20,000 in a million.
    const counts = (phonetic?: Map<string, number>) => ({
      records: 1_000_000,
      family: new Map([
        [a.family as string, 1],
        [b.family as string, 1],
      ]),
      given: new Map([['petro', 30_000]]),
      ...(phonetic === undefined ? {} : { phonetic }),
      countsArriving: true,
    });
    const family = (tf: ReturnType<typeof counts>) =>
      scorePair(compileModel(defaultModel(), tf), a, b).contributions[0]?.weight ?? 0;
    const bySpelling = family(counts());
    const byCode = family(counts(new Map([[code, 20_000]])));
    // log2(20,000 / 1) ≈ 14 bits less: strangers share the code, whatever they write.
    expect(bySpelling - byCode).toBeGreaterThan(10);
    // A code no one else carries weighs as the spellings do: never more.
    expect(family(counts(new Map([[code, 2]])))).toBeCloseTo(bySpelling, 6);
    expect(family(counts(new Map()))).toBeCloseTo(bySpelling, 6);
  });

  it("weighs a patronymic by its father's class's share of the records that give one (fs-12)", () => {
    const pair = (patronymic: string) =>
      [rec('Ґудзь', 'Петро', patronymic, null), rec('Gudz', 'Petro', patronymic, null)] as const;
    // Of 600,000 records that give a patronymic, 60,000 name an Олександр, 60 a Тарас.
    const tf = (father?: Map<string, number>) => ({
      records: 1_000_000,
      family: new Map([['gudz', 40]]),
      given: new Map([['petro', 30_000]]),
      ...(father === undefined ? {} : { father: { counts: father, records: 600_000 } }),
    });
    const weight = (p: string, t: ReturnType<typeof tf>) =>
      scorePair(compileModel(defaultModel(), t), ...pair(p)).contributions[2]?.weight ?? 0;
    const counts = new Map([
      ['oleksandr', 60_000],
      ['taras', 60],
    ]);
    const common = weight('Олександрович', tf(counts));
    const rare = weight('Тарасович', tf(counts));
    // The model's u of a patronymic of one class is 0.03: one in ten is commoner than that, 1 in 10,000 rarer.
    const plain = weight('Олександрович', tf());
    expect(plain - common).toBeCloseTo(Math.log2(0.1 / 0.03), 1);
    expect(rare - plain).toBeGreaterThan(7);
    expect(
      scorePair(compileModel(defaultModel(), tf(counts)), ...pair('Тарасович')).contributions[2]?.level,
    ).toBe('same_class');
    // A patronymic that disagrees takes no adjustment.
    const differ = scorePair(
      compileModel(defaultModel(), tf(counts)),
      rec('Ґудзь', 'Петро', 'Тарасович', null),
      rec('Ґудзь', 'Петро', 'Олександрович', null),
    );
    expect(differ.contributions[2]?.weight).toBeCloseTo(
      scorePair(
        compileModel(defaultModel(), tf()),
        rec('Ґудзь', 'Петро', 'Тарасович', null),
        rec('Ґудзь', 'Петро', 'Олександрович', null),
      ).contributions[2]?.weight ?? 0,
      6,
    );
  });

  it("weighs birth dates that agree on the year by that year's share of the records that give one (fs-12)", () => {
    const pair = (year: string) =>
      [rec('Ґудзь', 'Петро', null, year), rec('Ґудзь', 'Петро', null, year)] as const;
    // 1985 is a crowded cohort (one record in twenty), 1941 a rare one; the model assumes one in fifty.
    const tf = (year?: Map<string, number>) => ({
      records: 1_000_000,
      family: new Map([['gudz', 40]]),
      given: new Map([['petro', 30_000]]),
      ...(year === undefined ? {} : { birthYear: { counts: year, records: 900_000 } }),
    });
    const counts = new Map([
      ['1985', 45_000],
      ['1941', 900],
    ]);
    const weight = (y: string, t: ReturnType<typeof tf>) =>
      scorePair(compileModel(defaultModel(), t), ...pair(y)).contributions[3]?.weight ?? 0;
    expect(weight('1985', tf()) - weight('1985', tf(counts))).toBeCloseTo(Math.log2(0.05 / 0.02), 1);
    expect(weight('1941', tf(counts)) - weight('1941', tf())).toBeCloseTo(Math.log2(0.02 / 0.001), 1);
    // Full dates that agree take it too; years that differ do not.
    const full = (t: ReturnType<typeof tf>) =>
      scorePair(
        compileModel(defaultModel(), t),
        rec('Ґудзь', 'Петро', null, '1985-03-04'),
        rec('Ґудзь', 'Петро', null, '1985-03-04'),
      ).contributions[3]?.weight ?? 0;
    expect(full(tf()) - full(tf(counts))).toBeCloseTo(Math.log2(0.05 / 0.02), 1);
    const off = (t: ReturnType<typeof tf>) =>
      scorePair(
        compileModel(defaultModel(), t),
        rec('Ґудзь', 'Петро', null, '1985'),
        rec('Ґудзь', 'Петро', null, '1986'),
      ).contributions[3]?.weight ?? 0;
    expect(off(tf(counts))).toBeCloseTo(off(tf()), 6);
  });

  it('sets the prior from the registry size: the same pair is likelier in a small registry', () => {
    const pair = [rec('Ґудзь', 'Петро', null, '1990'), rec('Ґудзь', 'Петро', null, '1990')] as const;
    // The same shares of the name in both registries: only the size differs.
    const tf = (records: number) => ({
      records,
      family: new Map([['gudz', records / 1000]]),
      given: new Map([['petro', records / 50]]),
    });
    const small = compileModel(defaultModel(), tf(100_000));
    const big = compileModel(defaultModel(), tf(100_000_000));
    expect(small.prior).toBeCloseTo(Math.log2(1 / 100_001 / (1 - 1 / 100_001)), 6);
    expect(big.prior).toBeLessThan(small.prior - 9);
    // A registry of a few hundred records is taken as no smaller than PRIOR_MIN_RECORDS.
    expect(compileModel(defaultModel(), tf(300)).prior).toBeCloseTo(
      Math.log2(1 / 50_000 / (1 - 1 / 50_000)),
      6,
    );
    expect(scorePair(small, ...pair).score).toBeGreaterThan(scorePair(big, ...pair).score);
  });

  it('says why a pair is queued: what speaks for it, against it, and what is unknown', () => {
    const why = queueReason(
      scorePair(cm, rec('Шевченко', 'Петро', 'Іванович', '1980'), rec('Шевченко', 'Петро', 'Олегович', null)),
    );
    expect(why).toMatch(/^for: family name exact \(\+[\d.]+\), given name exact/);
    expect(why).toContain('against: patronymic different');
    expect(why).toContain('unknown: birth date');
  });
});

describe("a possible's alternatives", () => {
  const r = rec('Коваленко', 'Андрій', null, '1988');
  const { review } = cm.model.thresholds;
  const at = (personId: string, score: number, conflict: string | null = null): PersonScore => ({
    personId,
    score,
    record: r,
    conflict,
  });

  it('shows the persons within two bits of the best, from review up, a hard conflict left out', () => {
    expect(ALTERNATIVE_BITS).toBe(2);
    const best = at('best', review + 3);
    const ranked = [
      best,
      at('tied', review + 3),
      at('against', review + 2, 'evidence_against'),
      at('born-apart', review + 2, 'birth_date'),
      at('other-number', review + 1.5, 'service_number'),
      at('two-bits', review + 1),
      at('further', review + 0.9),
    ];
    const d: RecordDecision = { decision: 'possible', best, ranked };
    expect(possibleAlternatives(cm, d).map((x) => x.personId)).toEqual(['tied', 'against', 'two-bits']);
    expect(possibleAlternatives(cm, d, 0).map((x) => x.personId)).toEqual(['tied']);
  });

  it('shows no one below the review threshold, and no one beside a match or a none', () => {
    const best = at('best', review + 0.5);
    const ranked = [best, at('at-review', review), at('below', review - 0.5)];
    expect(possibleAlternatives(cm, { decision: 'possible', best, ranked }).map((x) => x.personId)).toEqual([
      'at-review',
    ]);
    expect(possibleAlternatives(cm, { decision: 'match', best, ranked })).toEqual([]);
    expect(possibleAlternatives(cm, { decision: 'none', best, ranked })).toEqual([]);
  });

  it('shows the namesake a row of names and a year ties with beside the best decideRecord chooses', () => {
    const persons = [
      { personId: 'p1', records: [rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11')] },
      { personId: 'p2', records: [rec('Коваленко', 'Андрій', 'Петрович', '1988-06-30')] },
    ];
    const d = decideRecord(cm, rec('Коваленко', 'Андрій', null, '1988'), persons, listDecideOptions(cm));
    expect(d.decision).toBe('possible');
    const shown = [d.best?.personId, ...possibleAlternatives(cm, d).map((x) => x.personId)];
    expect(shown.sort()).toEqual(['p1', 'p2']);
  });
});

describe('decisions', () => {
  it("decides again from a settled test's person score under one model only for the same records, in the same order", () => {
    const probe = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11');
    const a = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11');
    const b = rec('Коваленко', 'Андрій', null, '1990');
    const mine = compileModel(defaultModel());
    const fresh = (records: LinkRecord[]) =>
      decideRecord(compileModel(defaultModel()), probe, [{ personId: 'p2', records }]).best;
    const remember = { remember: true };
    const first = decideRecord(mine, probe, [{ personId: 'p1', records: [a] }], remember).best;
    // A settled test again keeps what it had; the decision after it takes the score (a copy of the list)…
    expect(decideRecord(mine, probe, [{ personId: 'p1', records: [a] }], remember).best).toBe(first);
    expect(decideRecord(mine, probe, [{ personId: 'p1', records: [a] }]).best).toBe(first);
    // …and drops it: a decision after that scores anew, and keeps nothing either.
    const again = decideRecord(mine, probe, [{ personId: 'p1', records: [a] }]).best;
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(decideRecord(mine, probe, [{ personId: 'p1', records: [a] }]).best).not.toBe(again);
    // A list grown, reordered, or another model: scored anew, as a fresh model scores it.
    const records = [a];
    const held = decideRecord(mine, probe, [{ personId: 'p2', records }], remember).best;
    records.push(b);
    const grown = decideRecord(mine, probe, [{ personId: 'p2', records }], remember).best;
    expect(grown).not.toBe(held);
    expect(grown).toEqual(fresh([a, b]));
    expect(decideRecord(mine, probe, [{ personId: 'p2', records: [b, a] }], remember).best).toEqual(
      fresh([b, a]),
    );
    expect(decideRecord(mine, probe, [{ personId: 'p1', records: [b] }], remember).best?.record).toBe(b);
    expect(scorePerson(mine, probe, { personId: 'p1', records: [a] })).toEqual(first);
    expect(
      decideRecord(compileModel(defaultModel()), probe, [{ personId: 'p1', records: [a] }]).best,
    ).not.toBe(first);
  });

  it('links a full match, sends a name-only match to review, and leaves a stranger alone', () => {
    const registry = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11');
    const person = [{ personId: 'p1', records: [registry] }];
    expect(decideRecord(cm, rec('Kovalenko', 'Andrei', 'Ivanovich', '1988-02-11'), person).decision).toBe(
      'match',
    );
    expect(decideRecord(cm, rec('Коваленко', 'Андрій', 'Іванович', null), person).decision).toBe('possible');
    expect(decideRecord(cm, rec('Мельник', 'Ольга', null, '1970-01-01'), person).decision).toBe('none');
  });

  it('never links on the names alone, however rare: a namesake shares them; the pair is a possible match', () => {
    // Counts of a registry of 40,000 records in which no one else carries the surname or the given name.
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const registry = rec('Ґудзь-Вербицький', 'Ярема', null, null);
    const person = [{ personId: 'p1', records: [registry] }];
    const namesOnly = decideRecord(rare, rec('Ґудзь-Вербицький', 'Ярема', null, null), person);
    expect(namesOnly.best?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(namesOnly.decision).toBe('possible');
    // A birth year agreeing is something beside the names: the same pair links.
    const withYear = decideRecord(rare, rec('Ґудзь-Вербицький', 'Ярема', null, '1971'), [
      { personId: 'p1', records: [rec('Ґудзь-Вербицький', 'Ярема', null, '1971-03-02')] },
    ]);
    expect(withYear.decision).toBe('match');
  });

  it('reads a `close` patronymic no father class holds as corroborating only as CORROBORATION says (pat3)', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    // A father's name the tables lack (Ласло): two men's records spell the patronymic alike and agree as
    // `close`, with no birth date on one side. Nothing but three names agrees.
    const registry = rec('Надь', 'Золтан', 'Ласлович', '1977-03-16');
    const unclassed = rec('Надь', 'Золтан', 'Ласлович', null);
    expect(registry.father).toBeNull();
    expect(level(unclassed, registry, 'patronymic')).toBe('close');
    // A slip of a father's name the tables know (Іванвич for Іванович): `close` too, one side classed.
    const known = rec('Ґудзь-Вербицький', 'Ярема', 'Іванович', '1971-03-02');
    const slip = rec('Ґудзь-Вербицький', 'Ярема', 'Іванвич', null);
    expect(known.father).not.toBeNull();
    expect(slip.father).toBeNull();
    expect(level(slip, known, 'patronymic')).toBe('close');
    const person = (r: LinkRecord) => [{ personId: 'p1', records: [r] }];
    // fs-22 and after: production reads it as 'classed'.
    expect(CORROBORATION.closePatronymic).toBe('classed');
    expect(LINKAGE_MODEL_VERSION).toBe('fs-31');
    const saved = CORROBORATION.closePatronymic;
    try {
      CORROBORATION.closePatronymic = 'any';
      expect(corroborated(rare, unclassed, [registry])).toBe(true);
      expect(decideRecord(rare, unclassed, person(registry)).decision).toBe('match');
      CORROBORATION.closePatronymic = 'classed';
      expect(corroborated(rare, unclassed, [registry])).toBe(false);
      const d = decideRecord(rare, unclassed, person(registry));
      expect(d.best?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
      expect(d.decision).toBe('possible');
      // The known father's name misspelt still corroborates, either way round.
      expect(autoLinkable(rare, slip, [known])).toBe(true);
      expect(autoLinkable(rare, known, [slip])).toBe(true);
      expect(decideRecord(rare, slip, person(known)).decision).toBe('match');
      // A birth year beside the unclassed patronymic corroborates as before.
      expect(corroborated(rare, rec('Надь', 'Золтан', 'Ласлович', '1977'), [registry])).toBe(true);
      CORROBORATION.closePatronymic = 'never';
      expect(corroborated(rare, slip, [known])).toBe(false);
    } finally {
      CORROBORATION.closePatronymic = saved;
    }
  });

  it('reads a year agreeing where a side gives only a year as corroborating only as CORROBORATION says (pat3)', () => {
    const a = rec('Вакулович', 'Любомир', null, '1979-06-19');
    const b = rec('Вакулович', 'Любомир', null, '1979');
    expect(level(b, a, 'birth_date')).toBe('same_year');
    const saved = CORROBORATION.yearOnly;
    try {
      expect(corroborated(cm, b, [a])).toBe(true);
      CORROBORATION.yearOnly = false;
      expect(corroborated(cm, b, [a])).toBe(false);
      // A full date agreeing is not a year only.
      expect(corroborated(cm, rec('Вакулович', 'Любомир', null, '1979-06-19'), [a])).toBe(true);
    } finally {
      CORROBORATION.yearOnly = saved;
    }
  });

  it('reads a year-only agreement as corroborating nothing where namesakes of the whole name are held, alone (yr3)', () => {
    // A Hungarian namesake pair of the same cohort: one record gives the whole date, the other the year only;
    // nothing else beyond the family and given names is given on both sides.
    const registry = rec('Фекете', 'Іштван', null, '1992-12-04');
    const arriving = rec('Фекете', 'Іштван', null, '1992');
    expect(level(arriving, registry, 'birth_date')).toBe('same_year');
    const key = jointKey(registry.family as string, registry.given as string);
    // The registry's counts: `held` records carry both names, the pair's own among them (the arriving record is
    // counted, as an import counts its batch).
    const counted = (held: number) =>
      compileModel(defaultModel(), {
        records: 40_000,
        family: new Map([[registry.family as string, held + 2]]),
        given: new Map([[registry.given as string, held + 5]]),
        familyGiven: new Map([[key, held]]),
        countsArriving: true,
      });
    const alone = counted(2); // the pair only
    const beside = counted(3); // and one namesake's record
    // fs-24: production reads a single namesake's record as enough.
    expect(CORROBORATION.yearOnlyNamesakes).toBe(1);
    expect(corroborated(alone, arriving, [registry])).toBe(true);
    expect(corroborated(beside, arriving, [registry])).toBe(false);
    expect(autoLinkable(beside, arriving, [registry])).toBe(false);
    // The person's own records that carry the names are the pair's, not namesakes: a person of two records
    // holding them, with no one else, corroborates.
    const second = rec('Фекете', 'Іштван', null, null);
    expect(corroborated(beside, arriving, [registry, second])).toBe(true);
    // Anything else beyond the names beside the year still corroborates: a patronymic of a father's class…
    const withFather = (p: string, date: string | null) => rec('Фекете', 'Іштван', p, date);
    expect(corroborated(beside, withFather('Петрович', '1992'), [withFather('Петрович', '1992-12-04')])).toBe(
      true,
    );
    // …and an unclassed patronymic agreeing as `close`, which alone corroborates nothing (pat3).
    const laslo = withFather('Ласлович', '1992');
    expect(laslo.father).toBeNull();
    expect(corroborated(beside, laslo, [withFather('Ласлович', null)])).toBe(false);
    expect(corroborated(beside, laslo, [withFather('Ласлович', '1992-12-04')])).toBe(true);
    // A whole date agreeing is not a year only; without joint counts nothing is known of namesakes.
    expect(corroborated(beside, rec('Фекете', 'Іштван', null, '1992-12-04'), [registry])).toBe(true);
    const noJoint = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: true,
    });
    expect(corroborated(noJoint, arriving, [registry])).toBe(true);
    // A patronymic naming another father outweighs a year only, namesakes held or not; a unit too.
    expect(CORROBORATION.yearOnlyAgainst).toBe(true);
    const ivanovych = withFather('Іванович', '1992-12-04');
    expect(level(withFather('Петрович', '1992'), ivanovych, 'patronymic')).toBe('different');
    expect(corroborated(alone, withFather('Петрович', '1992'), [ivanovych])).toBe(false);
    const unitOf = (u: string, date: string) => rec('Фекете', 'Іштван', null, date, { unit: u });
    expect(corroborated(alone, unitOf('А1234', '1992'), [unitOf('В7777', '1992-12-04')])).toBe(false);
    // The person's other record that gives the same father's name answers for it.
    expect(
      corroborated(alone, withFather('Петрович', '1992'), [ivanovych, withFather('Петрович', null)]),
    ).toBe(true);
    const saved = CORROBORATION.yearOnlyNamesakes;
    const savedAgainst = CORROBORATION.yearOnlyAgainst;
    try {
      CORROBORATION.yearOnlyAgainst = false;
      expect(corroborated(alone, withFather('Петрович', '1992'), [ivanovych])).toBe(true);
      CORROBORATION.yearOnlyNamesakes = Infinity;
      expect(corroborated(beside, arriving, [registry])).toBe(true);
      CORROBORATION.yearOnlyNamesakes = 2;
      expect(corroborated(beside, arriving, [registry])).toBe(true);
      expect(corroborated(counted(4), arriving, [registry])).toBe(false);
    } finally {
      CORROBORATION.yearOnlyNamesakes = saved;
      CORROBORATION.yearOnlyAgainst = savedAgainst;
    }
  });

  it('reads the names alone as corroborating only under the bench knob, and only where no namesake of the whole name is held (rgap)', () => {
    // A record giving the names alone against a record of the same names with a date and a father's name.
    const registry = rec('Фекете', 'Іштван', 'Петрович', '1992-12-04');
    const arriving = rec('Фекете', 'Іштван', null, null);
    const key = jointKey(registry.family as string, registry.given as string);
    const counted = (held: number) =>
      compileModel(defaultModel(), {
        records: 40_000,
        family: new Map([[registry.family as string, held + 2]]),
        given: new Map([[registry.given as string, held + 5]]),
        familyGiven: new Map([[key, held]]),
        countsArriving: true,
      });
    const alone = counted(2);
    const beside = counted(3);
    // Production: the names alone never corroborate, however rare.
    expect(CORROBORATION.namesAloneUnique).toBe(false);
    expect(corroborated(alone, arriving, [registry])).toBe(false);
    const saved = CORROBORATION.namesAloneUnique;
    try {
      CORROBORATION.namesAloneUnique = true;
      expect(corroborated(alone, arriving, [registry])).toBe(true);
      // One namesake's record held elsewhere: nothing.
      expect(corroborated(beside, arriving, [registry])).toBe(false);
      // A field beyond the names that weighs against (another father's name) outweighs it.
      expect(corroborated(alone, rec('Фекете', 'Іштван', 'Іванович', null), [registry])).toBe(false);
    } finally {
      CORROBORATION.namesAloneUnique = saved;
    }
  });

  it("matches a list's year-only row, when asked, where the namesakes held are candidates it tells apart, and not otherwise (lst3)", () => {
    // The man (whole date) and one namesake of another cohort are the registry's only records of the whole name;
    // the list's row gives the year only. A list is not among the counts (linkList).
    const man = rec('Фекете', 'Іштван', null, '1992-12-04');
    const namesake = rec('Фекете', 'Іштван', null, '1971-03-17');
    const row = rec('Фекете', 'Іштван', null, '1992');
    const key = jointKey(man.family as string, man.given as string);
    const list = forLists({
      ...compileModel(defaultModel()).model,
      thresholds: { auto: 5, review: -4, list: 7, listAgreeing: 5 },
    });
    const counted = (held: number) =>
      compileModel(list, {
        records: 40_000,
        family: new Map([[man.family as string, held + 2]]),
        given: new Map([[man.given as string, held + 5]]),
        familyGiven: new Map([[key, held]]),
        countsArriving: false,
      });
    const lcm = counted(2);
    const his = { personId: 'his', records: [man] };
    const other = { personId: 'other', records: [namesake] };
    // Not production: a list decides as before (a namesake stranger of the same year matched on holdout7/mixed).
    expect(listDecideOptions(lcm).namesakesApart).toBeUndefined();
    const opts = { ...listDecideOptions(lcm), namesakesApart: lcm.model.thresholds.auto };
    // fs-24 as the import reads it: a namesake's record is held beside the pair, so the year corroborates nothing.
    expect(corroborated(lcm, row, [man])).toBe(false);
    const apartBy = scorePerson(lcm, row, his).score - scorePerson(lcm, row, other).score;
    expect(apartBy).toBeGreaterThanOrEqual(opts.namesakesApart as number);
    expect(scorePerson(lcm, row, his).score).toBeGreaterThanOrEqual(lcm.model.thresholds.auto);
    // The import's decision (no list options) and a list decided without the option: `possible`.
    expect(decideRecord(lcm, row, [his, other]).decision).toBe('possible');
    expect(decideRecord(lcm, row, [his, other], listDecideOptions(lcm)).decision).toBe('possible');
    // The list: the namesake is a candidate, far below the man — another man, told apart; the row matches.
    const d = decideRecord(lcm, row, [his, other], opts);
    expect(d.decision).toBe('match');
    expect(d.best?.personId).toBe('his');
    // A namesake the lookups did not bring is not seen: it still counts.
    expect(decideRecord(lcm, row, [his], opts).decision).toBe('possible');
    // Two namesakes held, one of them seen: one still counts.
    expect(decideRecord(counted(3), row, [his, other], opts).decision).toBe('possible');
    // A namesake of the same year is not told apart (a tie): `possible`.
    const sameYear = { personId: 'same', records: [rec('Фекете', 'Іштван', null, '1992-05-01')] };
    expect(decideRecord(counted(3), row, [his, other, sameYear], opts).decision).toBe('possible');
    // A namesake only a little below (no date at all) is not told apart either.
    const undated = { personId: 'undated', records: [rec('Фекете', 'Іштван', null, null)] };
    expect(decideRecord(lcm, row, [his, undated], opts).decision).toBe('possible');
    // What else fs-24 refuses stays refused: a patronymic naming another father beside the year.
    const fatherRow = rec('Фекете', 'Іштван', 'Петрович', '1992');
    const manOfAnother = { personId: 'his', records: [rec('Фекете', 'Іштван', 'Іванович', '1992-12-04')] };
    expect(decideRecord(lcm, fatherRow, [manOfAnother, other], opts).decision).not.toBe('match');
  });

  it('reads a birth date written as a guess as its year, weighing but corroborating nothing beside the names (gy)', () => {
    // "бл. 1979" in a list, against a registry record that writes the whole date: the guessed year agrees, and
    // nothing else beside the family and given names does (a namesake found by name and an age guessed).
    const registry = rec('Вакулович', 'Любомир', null, '1979-06-19');
    const guessed = rec('Вакулович', 'Любомир', null, '1979', { guessed: true });
    const written = rec('Вакулович', 'Любомир', null, '1979');
    expect(guessed.birthGuessed).toBe(true);
    expect(written.birthGuessed).toBe(false);
    expect(level(guessed, registry, 'birth_date')).toBe('same_year');
    // It weighs as a year written alone does...
    expect(scorePair(cm, guessed, registry).score).toBe(scorePair(cm, written, registry).score);
    // ...but corroborates nothing, either way round; the written year does.
    expect(corroborated(cm, written, [registry])).toBe(true);
    expect(corroborated(cm, guessed, [registry])).toBe(false);
    expect(corroborated(cm, registry, [guessed])).toBe(false);
    expect(autoLinkable(cm, guessed, [registry])).toBe(false);
    // A year off by one, guessed: no corroboration either.
    expect(corroborated(cm, rec('Вакулович', 'Любомир', null, '1980', { guessed: true }), [registry])).toBe(
      false,
    );
    // A guessed whole date is compared by its year alone: a guessed day and month are no evidence.
    const guessedDay = rec('Вакулович', 'Любомир', null, '1979-06-19', { guessed: true });
    expect([guessedDay.birthMonth, guessedDay.birthDay]).toEqual([null, null]);
    expect(level(guessedDay, registry, 'birth_date')).toBe('same_year');
    // Something else beside the names (a patronymic, a unit) still corroborates with a guessed year beside it.
    const withFather = rec('Вакулович', 'Любомир', 'Петрович', '1979', { guessed: true });
    expect(corroborated(cm, withFather, [rec('Вакулович', 'Любомир', 'Петрович', '1979-06-19')])).toBe(true);
    const saved = CORROBORATION.guessedSilent;
    try {
      CORROBORATION.guessedSilent = false;
      expect(corroborated(cm, guessed, [registry])).toBe(true);
    } finally {
      CORROBORATION.guessedSilent = saved;
    }
  });

  it('compares 1 January as the year alone, and 1 January 1900 as no date (placeholders, gy)', () => {
    // Offices write 01.01.1991 for "born in 1991": against the man's whole date it agrees as far as the year
    // goes (not a date on another day, a weak agreement), and two such placeholders are two years agreeing,
    // not two whole dates (a namesake born the same year would otherwise agree to the day).
    const man = rec('Вакулович', 'Любомир', null, '1991-06-19');
    const placeholder = rec('Вакулович', 'Любомир', null, '1991-01-01');
    expect([placeholder.birthYear, placeholder.birthMonth, placeholder.birthDay]).toEqual([1991, null, null]);
    expect(level(placeholder, man, 'birth_date')).toBe('same_year');
    expect(level(placeholder, rec('Вакулович', 'Любомир', null, '1991-01-01'), 'birth_date')).toBe(
      'same_year',
    );
    // A database's empty date is no date: no conflict with the man's 1991.
    const empty = rec('Вакулович', 'Любомир', null, '1900-01-01');
    expect(empty.birthYear).toBeNull();
    expect(level(empty, man, 'birth_date')).toBe('missing');
    expect(hardConflict(empty, man)).toBeNull();
    // Another day of January, or a year alone, is read as written.
    expect(rec('Вакулович', 'Любомир', null, '1991-01-02').birthDay).toBe(2);
    expect(rec('Вакулович', 'Любомир', null, '1900').birthYear).toBe(1900);
    const saved = DATE_READING.firstOfYear;
    try {
      DATE_READING.firstOfYear = false;
      expect(level(rec('Вакулович', 'Любомир', null, '1991-01-01'), man, 'birth_date')).toBe(
        'same_year_other_month',
      );
      expect(rec('Вакулович', 'Любомир', null, '1900-01-01').birthYear).toBe(1900);
    } finally {
      DATE_READING.firstOfYear = saved;
    }
  });

  it('reads a field as corroborating only above CORROBORATION.minWeight bits (pat3)', () => {
    // A year-only date a year off weighs little for a link (two strangers' years lie so one time in twenty-five).
    const a = rec('Мартинов', 'Вадим', null, '1998-10-17');
    const b = rec('Мартинов', 'Вадим', null, '1997');
    expect(level(b, a, 'birth_date')).toBe('year_off_by_one');
    const w = (cm.weights[FIELDS.indexOf('birth_date')] as Float64Array)[
      LEVELS.birth_date.indexOf('year_off_by_one')
    ] as number;
    expect(w).toBeGreaterThan(0);
    expect(w).toBeLessThan(2);
    const saved = CORROBORATION.minWeight;
    // The birth date's own least weight (wl2) off, to read minWeight alone.
    const date = CORROBORATION.dateMinWeight;
    CORROBORATION.dateMinWeight = 0;
    try {
      expect(corroborated(cm, b, [a])).toBe(true);
      CORROBORATION.minWeight = 2;
      expect(corroborated(cm, b, [a])).toBe(false);
      expect(corroborated(cm, rec('Мартинов', 'Вадим', null, '1998'), [a])).toBe(true);
    } finally {
      CORROBORATION.minWeight = saved;
      CORROBORATION.dateMinWeight = date;
    }
  });

  it("reads the sex a patronymic's ending says for a record giving no sex: the other sex contradicts (sx2)", () => {
    // A record with neither a sex nor a given name: its patronymic's ending says the sex.
    const unsexed = (given: string, patronymic: string, birth: string | null): LinkRecord => ({
      ...rec('Тумчосенко', given, patronymic, birth),
      sex: null,
    });
    const brother = [rec('Тумчосенко', 'Андрій', 'Петрович', '1976-09-20')];
    for (const p of ['Петрівна', 'Петровна', 'Petrivna', 'Illichna', 'Іллічна', 'Андріївна'])
      expect(sexContradicted(unsexed('', p, '1977'), brother), p).toBe(true);
    expect(autoLinkable(cm, unsexed('', 'Петрівна', '1977'), brother)).toBe(false);
    // His own record so written (-ович, -йович, -ич) agrees; so does a patronymic that says nothing.
    for (const p of ['Петрович', 'Petrovych', 'Андрійович', 'Ілліч', 'Петр.', 'П.'])
      expect(sexContradicted(unsexed('', p, '1977'), brother), p).toBe(false);
    // A sister's person: a man's patronymic contradicts hers.
    const sister = [rec('Тумчосенко', 'Ганна', 'Петрівна', '1977-03-02', { sex: 'female' })];
    expect(sexContradicted(unsexed('', 'Петрович', '1977'), sister)).toBe(true);
    expect(sexContradicted(unsexed('', 'Петрівна', '1977'), sister)).toBe(false);
    // A record of the person that says her sex settles it; a record giving a sex is scored as it is.
    expect(sexContradicted(unsexed('', 'Петрівна', '1977'), [...brother, ...sister])).toBe(false);
    expect(sexContradicted(rec('Тумчосенко', '', 'Петрівна', '1977'), brother)).toBe(false);
    // The person's records read the same way: her record giving no sex against a man's record.
    expect(
      sexContradicted(rec('Тумчосенко', '', 'Петрович', '1977'), [unsexed('', 'Петрівна', '1977')]),
    ).toBe(true);
  });

  it("reads the sex a Turkic patronymic's particle says: оглы a son, кызы a daughter (pd2)", () => {
    for (const p of ['Мамед оглы', 'Мамедович оглы', 'Mamed ogly', 'Mamed oglu', 'Мамед огли'])
      expect(sexOfPatronymic(skeleton(p)), p).toBe('male');
    for (const p of ['Мамед кызы', 'Алиевна кызы', 'Рустам кизи', 'Rustam qizi', 'Asan kyzy', 'Мамед гызы'])
      expect(sexOfPatronymic(skeleton(p)), p).toBe('female');
    // A particle alone, three words, or a second word that is no particle says nothing.
    for (const p of ['оглы', 'кызы', 'Мамед Рустам оглы', 'Мамед Алі', 'Анна Марія'])
      expect(sexOfPatronymic(skeleton(p)), p).toBe(null);
    // A record giving neither sex nor given name: a daughter's particle contradicts her brother's person.
    const unsexed = (patronymic: string): LinkRecord => ({
      ...rec('Гасанлы', '', patronymic, '1977'),
      sex: null,
    });
    const brother = [rec('Гасанлы', 'Тимур', 'Руслан оглы', '1976-09-20', { sex: 'male' })];
    expect(sexContradicted(unsexed('Руслан кызы'), brother)).toBe(true);
    expect(sexContradicted(unsexed('Руслан оглы'), brother)).toBe(false);
  });

  it('reads two full dates a year apart on another day as contradicting only as CORROBORATION says (pat3)', () => {
    const person = [rec('Казарян', 'Левон', 'Арсенович', '1987-07-11')];
    const saved = CORROBORATION.fullDatesYearApart;
    const slips = CORROBORATION.fullDatesTwoSlips;
    CORROBORATION.fullDatesTwoSlips = false;
    try {
      expect(birthContradicted(rec('Казарян', 'Левон', null, '1988-04-30'), person)).toBe(false);
      CORROBORATION.fullDatesYearApart = false;
      expect(birthContradicted(rec('Казарян', 'Левон', null, '1988-04-30'), person)).toBe(true);
      // One slip still agrees: the year on the same day, the day and month swapped, a year alone.
      expect(birthContradicted(rec('Казарян', 'Левон', null, '1988-07-11'), person)).toBe(false);
      expect(birthContradicted(rec('Казарян', 'Левон', null, '1987-11-07'), person)).toBe(false);
      expect(birthContradicted(rec('Казарян', 'Левон', null, '1988'), person)).toBe(false);
      // A record of the person that agrees settles it.
      const both = [...person, rec('Казарян', 'Левон', null, '1988')];
      expect(birthContradicted(rec('Казарян', 'Левон', null, '1988-04-30'), both)).toBe(false);
    } finally {
      CORROBORATION.fullDatesYearApart = saved;
      CORROBORATION.fullDatesTwoSlips = slips;
    }
  });

  it('reads two full dates two slips apart (another month and day, another year and day) as contradicting (wl2)', () => {
    const person = [rec('Капанадзе', 'Ніко', 'Тамазович', '1996-12-10')];
    const saved = CORROBORATION.fullDatesTwoSlips;
    try {
      // Another month and another day of the same year; a year apart on another day (as CONTRA_YEAR1 read it).
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1996-10-27'), person)).toBe(true);
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1997-03-02'), person)).toBe(true);
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1995-12-11'), person)).toBe(true);
      // One slip agrees: the day, the month, the year alone, day and month swapped; a year or a month alone.
      for (const d of ['1996-12-27', '1996-10-10', '1997-12-10', '1996-10-12', '1996', '1997', '1996-10'])
        expect(birthContradicted(rec('Капанадзе', 'Ніко', null, d), person), d).toBe(false);
      // A date moved a few days across a month's or a year's end is one slip, not two.
      const late = [rec('Капанадзе', 'Ніко', 'Тамазович', '1996-12-30')];
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1997-01-02'), late)).toBe(false);
      const early = [rec('Капанадзе', 'Ніко', 'Тамазович', '1996-12-01')];
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1996-11-28'), early)).toBe(false);
      // A record of the person that agrees settles it.
      const both = [...person, rec('Капанадзе', 'Ніко', null, '1996-10-27')];
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1996-10-27'), both)).toBe(false);
      // The names and a patronymic of one father do not carry such a link: a possible match.
      const cm = compileModel(defaultModel(), {
        records: 40_000,
        family: new Map(),
        given: new Map(),
        countsArriving: false,
      });
      const one = [{ personId: 'p1', records: person }];
      expect(decideRecord(cm, rec('Капанадзе', 'Ніко', 'Тамазович', '1996-10-27'), one).decision).toBe(
        'possible',
      );
      CORROBORATION.fullDatesTwoSlips = false;
      // Before wl2 (the knob off): same year, or a year apart, agreed.
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1996-10-27'), person)).toBe(false);
      expect(birthContradicted(rec('Капанадзе', 'Ніко', null, '1995-12-11'), person)).toBe(false);
    } finally {
      CORROBORATION.fullDatesTwoSlips = saved;
    }
  });

  it('lets no birth level weighing under AGREE_MIN corroborate a link alone: a year-only date a year off (wl2)', () => {
    const cm = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const person = [rec('Асанов', 'Ескендер', null, '1966-10-07')];
    const one = [{ personId: 'p1', records: person }];
    const yearOff = rec('Асанов', 'Ескендер', null, '1965');
    // Production (wl2): a birth level corroborates from AGREE_MIN up.
    expect(CORROBORATION.dateMinWeight).toBe(AGREE_MIN);
    const saved = CORROBORATION.dateMinWeight;
    try {
      CORROBORATION.dateMinWeight = 0;
      // Before wl2: a year-only date a year off (1.3 bits by default) corroborated the names.
      expect(corroborated(cm, yearOff, person)).toBe(true);
      expect(decideRecord(cm, yearOff, one).decision).toBe('match');
      CORROBORATION.dateMinWeight = AGREE_MIN;
      expect(corroborated(cm, yearOff, person)).toBe(false);
      expect(decideRecord(cm, yearOff, one).decision).toBe('possible');
      // The year itself, a full date, a slip of the year on the same day still corroborate.
      for (const d of ['1966', '1966-10-07', '1965-10-07'])
        expect(corroborated(cm, rec('Асанов', 'Ескендер', null, d), person), d).toBe(true);
    } finally {
      CORROBORATION.dateMinWeight = saved;
    }
  });

  it('never links across birth dates no slip explains, however rare the full name: a possible match', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const person = [{ personId: 'p1', records: [rec('Тумчосенко', 'Сава', 'Юрійович', '1976-09-20')] }];
    // A namesake born three years later on another day: the names outweigh the dates, but no one decides it
    // but a person.
    const namesake = decideRecord(rare, rec('Тумчосенко', 'Сава', 'Юрійович', '1979-02-11'), person);
    expect(namesake.best?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(namesake.decision).toBe('possible');
    // Two slips of the year on the same day, or a year and the day and month swapped, are one man's.
    expect(decideRecord(rare, rec('Тумчосенко', 'Сава', 'Юрійович', '1978-09-20'), person).decision).toBe(
      'match',
    );
    expect(decideRecord(rare, rec('Тумчосенко', 'Сава', 'Юрійович', '1974-09-20'), person).decision).toBe(
      'match',
    );
    // A record of the person that agrees settles it: the other's date was the slip.
    const twoDates = [
      {
        personId: 'p1',
        records: [
          rec('Тумчосенко', 'Сава', 'Юрійович', '1976-09-20'),
          rec('Тумчосенко', 'Сава', 'Юрійович', '1979-02-11'),
        ],
      },
    ];
    expect(decideRecord(rare, rec('Тумчосенко', 'Сава', 'Юрійович', '1976-09-20'), twoDates).decision).toBe(
      'match',
    );
    // Two years apart where a side gives only a year: a year worked out from an age, still agreeing.
    expect(
      birthContradicted(rec('Тумчосенко', 'Сава', null, '1978'), [
        rec('Тумчосенко', 'Сава', null, '1976-09-20'),
      ]),
    ).toBe(false);
  });

  it('never links across given names that contradict, however much else agrees (twins): a possible match', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const held = [rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20')];
    const person = [{ personId: 'p1', records: held }];
    // His twin: one surname, patronymic and birth date, another name the names package knows.
    const twin = decideRecord(rare, rec('Тумчосенко', 'Богдан', 'Юрійович', '1976-09-20'), person);
    expect(twin.best?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(twin.decision).toBe('possible');
    expect(givenContradicted(rec('Тумчосенко', 'Богдан', 'Юрійович', '1976-09-20'), held)).toBe(true);
    // His own name in Russian, a slip of it, or no given name: one man, or nothing said against it.
    expect(decideRecord(rare, rec('Тумчосенко', 'Андрей', 'Юрьевич', '1976-09-20'), person).decision).toBe(
      'match',
    );
    expect(givenContradicted(rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20'), held)).toBe(false);
    expect(givenContradicted(rec('Тумчосенко', '', 'Юрійович', '1976-09-20'), held)).toBe(false);
    // A spelling no class knows may be a slip of his name: nothing said against it where the rest does not
    // agree by birth (another date here)…
    expect(givenContradicted(rec('Тумчосенко', 'Бгодан', 'Юрійович', '1977'), held)).toBe(false);
    // …but beside his surname, patronymic and full birth date it is his twin's as likely (fs-25).
    expect(givenContradicted(rec('Тумчосенко', 'Бгодан', 'Юрійович', '1976-09-20'), held)).toBe(true);
    // A record of the person that gives his name settles it: the other's was the slip.
    const both = [...held, rec('Тумчосенко', 'Богдан', 'Юрійович', '1976-09-20')];
    expect(givenContradicted(rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20'), both)).toBe(false);
    // A record of the person whose spelling no class knows says nothing either way: his twin is still another man.
    const slipped = [...held, rec('Тумчосенко', 'Анжрій', 'Юрійович', '1976-09-20')];
    expect(givenContradicted(rec('Тумчосенко', 'Богдан', 'Юрійович', '1976-09-20'), slipped)).toBe(true);
  });

  it("a service number the person's records give settles a twin's signature: his own number, not his twin's (lst4)", () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    // His records, one with his service number, one without; the row's given name a slip no class knows
    // (two letters swapped at its start) beside surname, patronymic and full birth date: fs-25's twin signature.
    // (lst4's row wrote "tSanislav", the Shift on the second key, which the names now read back: nm15.)
    const held = [
      rec('Тумчосенко', 'Станіслав', 'Юрійович', '1976-09-20', { service: 'КЮ623970' }),
      rec('Тумчосенко', 'Станіслав', 'Юрійович', '1976-09-20'),
    ];
    const person = [{ personId: 'p1', records: held }];
    const slip = (service?: string): LinkRecord =>
      rec('Тумчосенко', 'Tsanislav', 'Юрійович', '1976-09-20', service === undefined ? {} : { service });
    expect(level(slip(), held[1] as LinkRecord, 'given_name')).toBe('different');
    // Without a number it may be his twin's record: a human decides.
    expect(givenContradicted(slip(), held)).toBe(true);
    expect(decideRecord(rare, slip(), person).decision).toBe('possible');
    // With his number it is his: a twin is issued his own.
    expect(givenContradicted(slip('КЮ623970'), held)).toBe(false);
    expect(decideRecord(rare, slip('КЮ623970'), person).decision).toBe('match');
    // Another number, or a number only the row gives, settles nothing.
    expect(givenContradicted(slip('КЮ623971'), held)).toBe(true);
    expect(givenContradicted(slip('КЮ623970'), [held[1] as LinkRecord])).toBe(true);
    // Two names the tables know as two men stay two men's, whatever number is written beside them.
    const bohdan = rec('Тумчосенко', 'Богдан', 'Юрійович', '1976-09-20', { service: 'КЮ623970' });
    expect(givenContradicted(bohdan, held)).toBe(true);
    expect(decideRecord(rare, bohdan, person).decision).toBe('possible');
  });

  it('keeps twins apart: beside surname, patronymic and full birth date, any given name far from his, or a close one of another class, contradicts (fs-25)', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const held = [rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20')];
    const person = [{ personId: 'p1', records: held }];
    // His twin under a translated name no table knows (Nikolaus for Микола): `different`, one side unclassed.
    const translated = rec('Тумчосенко', 'Nikolaus', 'Юрійович', '1976-09-20');
    expect(level(translated, held[0] as LinkRecord, 'given_name')).toBe('different');
    expect(givenContradicted(translated, held)).toBe(true);
    const d = decideRecord(rare, translated, person);
    expect(d.best?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(d.decision).toBe('possible');
    // Twins named alike (Ярослав, Мирослав): `close` as written, two classes the tables know.
    const yaroslav = [rec('Тумчосенко', 'Ярослав', 'Юрійович', '1976-09-20')];
    const myroslav = rec('Тумчосенко', 'Мирослав', 'Юрійович', '1976-09-20');
    expect(level(myroslav, yaroslav[0] as LinkRecord, 'given_name')).toBe('close');
    expect(givenContradicted(myroslav, yaroslav)).toBe(true);
    expect(decideRecord(rare, myroslav, [{ personId: 'p1', records: yaroslav }]).decision).toBe('possible');
    // Without the full birth date agreeing the old reading holds: a close name, an unknown spelling say nothing.
    expect(givenContradicted(rec('Тумчосенко', 'Мирослав', 'Юрійович', '1976'), yaroslav)).toBe(false);
    expect(givenContradicted(rec('Тумчосенко', 'Nikolaus', 'Юрійович', '1976'), held)).toBe(false);
    // One man's records still join: a slip close to his name, a diminutive, his name in Russian or Latin, a
    // Western form the tables do not class (Стефан for Степан: `close`, one side unclassed).
    for (const given of ['Андрйі', 'Андрюша', 'Андрей', 'Andrii'])
      expect(decideRecord(rare, rec('Тумчосенко', given, 'Юрійович', '1976-09-20'), person).decision).toBe(
        'match',
      );
    const stepan = [{ personId: 'p1', records: [rec('Тумчосенко', 'Степан', 'Юрійович', '1976-09-20')] }];
    expect(decideRecord(rare, rec('Тумчосенко', 'Стефан', 'Юрійович', '1976-09-20'), stepan).decision).toBe(
      'match',
    );
    // A given name a clerk cut short ("Андрі.", "Andr.": no class, the start of his name) is his, not his twin's.
    const oleksandr = [rec('Тумчосенко', 'Олександр', 'Юрійович', '1976-09-20')];
    for (const given of ['Оле.', 'Олекса.', 'Оле-др', 'Ole.', 'Oleksa.', 'Андрі.', 'Andri.'])
      expect(
        givenContradicted(
          rec('Тумчосенко', given, 'Юрійович', '1976-09-20'),
          /^(An|Ан)/u.test(given) ? held : oleksandr,
        ),
        given,
      ).toBe(false);
    // A name contracted to its start and end ("Ол-ій", "Вол-ир", "Ми-ла", "Ser-ii": kept as a name of no class,
    // the two parts a space apart) is his whose spelling starts and ends so; another full name is his twin's.
    const named = (given: string): LinkRecord[] => [rec('Тумчосенко', given, 'Юрійович', '1976-09-20')];
    for (const [given, his] of [
      ['Ол-ій', 'Олексій'],
      ['Вол-ир', 'Володимир'],
      ['Ми-ла', 'Микола'],
      ['Ser-ii', 'Сергій'],
      ['Вал-ин', 'Valentyn'],
      ['Ан-ій', 'Андрей'],
    ] as const)
      expect(givenContradicted(rec('Тумчосенко', given, 'Юрійович', '1976-09-20'), named(his)), given).toBe(
        false,
      );
    for (const [given, twin] of [
      ['Ол-ій', 'Олександр'],
      ['Вол-ир', 'Вадим'],
      ['Ми-ла', 'Михайло'],
      ['Ser-ii', 'Станіслав'],
    ] as const)
      expect(givenContradicted(rec('Тумчосенко', given, 'Юрійович', '1976-09-20'), named(twin)), given).toBe(
        true,
      );
    // A contracted name whose head the names package classes as another name ("Влад-ир": Владислав by "Влад";
    // "Ана-ія": Ганна by "Ана") is read by its written parts: his whose spelling starts and ends so (Владимир,
    // Анастасія); another full name, neither starting nor ending so, is still his twin's.
    expect(rec('Тумчосенко', 'Влад-ир', 'Юрійович', '1976-09-20').given).not.toMatch(/^x:/u);
    for (const [given, his] of [
      ['Влад-ир', 'Володимир'],
      ['Влад-ир', 'Владимир'],
      ['Ана-ія', 'Анастасія'],
    ] as const)
      expect(givenContradicted(rec('Тумчосенко', given, 'Юрійович', '1976-09-20'), named(his)), given).toBe(
        false,
      );
    for (const [given, twin] of [
      ['Влад-ир', 'Вадим'],
      ['Влад-ир', 'Віктор'],
      ['Ана-ія', 'Антоніна'],
    ] as const)
      expect(givenContradicted(rec('Тумчосенко', given, 'Юрійович', '1976-09-20'), named(twin)), given).toBe(
        true,
      );
    // A record of the person that agrees settles it, as before.
    const both = [...held, rec('Тумчосенко', 'Nikolaus', 'Юрійович', '1976-09-20')];
    expect(givenContradicted(rec('Тумчосенко', 'Nikolaus', 'Юрійович', '1976-09-20'), both)).toBe(false);
  });

  it('a record without a given name that fits twins equally is not one man held twice: a possible match (fs-25)', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const twins = [
      { personId: 'p1', records: [rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20')] },
      { personId: 'p2', records: [rec('Тумчосенко', 'Богдан', 'Юрійович', '1976-09-20')] },
    ];
    const noGiven = rec('Тумчосенко', '', 'Юрійович', '1976-09-20');
    const d = decideRecord(rare, noGiven, twins);
    expect(d.ranked[1]?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(d.decision).toBe('possible');
    expect(
      compatibleRecords(rare, twins[0]?.records[0] as LinkRecord, twins[1]?.records[0] as LinkRecord),
    ).toBe(false);
    // A record that names one twin (his given name, which contradicts the other's) joins him, as before fs-25,
    // and his twin is not queued beside him as the same man.
    const named = decideRecord(rare, rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20'), twins);
    expect(named.ranked[1]?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(named.decision).toBe('match');
    expect(named.best?.personId).toBe('p1');
    expect(named.alsoMatches ?? []).toEqual([]);
    // Away from a twin's signature (another date) two classes still read as one man held twice, as before.
    expect(
      compatibleRecords(
        rare,
        twins[0]?.records[0] as LinkRecord,
        rec('Тумчосенко', 'Богдан', 'Юрійович', '1976'),
      ),
    ).toBe(true);
    // One man held as two persons (his name in two scripts) still joins the best, the other queued beside it.
    const oneMan = [
      { personId: 'p1', records: [rec('Тумчосенко', 'Андрій', 'Юрійович', '1976-09-20')] },
      { personId: 'p2', records: [rec('Tumchosenko', 'Andrii', 'Yuriiovych', '1976-09-20')] },
    ];
    expect(decideRecord(rare, noGiven, oneMan).decision).toBe('match');
  });

  it('never links a year-only date three or more years off, unless one misread digit explains it (fs-14)', () => {
    const rare = compileModel(defaultModel(), {
      records: 40_000,
      family: new Map(),
      given: new Map(),
      countsArriving: false,
    });
    const held = [rec('Тумчосенко', 'Сава', 'Юрійович', '1976-09-20')];
    const person = [{ personId: 'p1', records: held }];
    // A namesake of whom a list gives only the year, three years later: the names outweigh the year, but
    // nothing beside the year can show a slip of it.
    const namesake = decideRecord(rare, rec('Тумчосенко', 'Сава', 'Юрійович', '1979'), person);
    expect(namesake.best?.score).toBeGreaterThanOrEqual(rare.model.thresholds.auto);
    expect(namesake.decision).toBe('possible');
    expect(birthContradicted(rec('Тумчосенко', 'Сава', null, '1979-02'), held)).toBe(true);
    expect(birthContradicted(rec('Тумчосенко', 'Сава', null, '1981'), held)).toBe(true);
    // 1976 read as 1978 (6 and 8), 1973 as 1978 (3 and 8): one misread digit, the same man.
    expect(
      birthContradicted(rec('Тумчосенко', 'Сава', null, '1978-09-20'), [
        rec('Тумчосенко', 'Сава', null, '1976'),
      ]),
    ).toBe(false);
    expect(
      birthContradicted(rec('Тумчосенко', 'Сава', null, '1973'), [
        rec('Тумчосенко', 'Сава', null, '1978-01-05'),
      ]),
    ).toBe(false);
    // Across a decade two digits differ: 1979 and 1982 are no slip.
    expect(
      birthContradicted(rec('Тумчосенко', 'Сава', null, '1982'), [
        rec('Тумчосенко', 'Сава', null, '1979-03-01'),
      ]),
    ).toBe(true);
  });

  it('reads a year as misread only where one digit differs and the two are often confused', () => {
    expect(yearDigitSlip(1973, 1978)).toBe(true);
    expect(yearDigitSlip(1994, 1999)).toBe(true);
    expect(yearDigitSlip(1981, 1984)).toBe(true);
    expect(yearDigitSlip(1976, 1979)).toBe(false);
    expect(yearDigitSlip(1979, 1982)).toBe(false);
    expect(yearDigitSlip(1985, 1985)).toBe(false);
  });

  it('does not link automatically when two persons who cannot be one man score as high', () => {
    const a = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11', { service: 'А100200' });
    const b = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11', { service: 'Б300400' });
    const d = decideRecord(cm, rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11'), [
      { personId: 'p1', records: [a] },
      { personId: 'p2', records: [b] },
    ]);
    expect(d.decision).toBe('possible');
  });

  it('joins the best of two persons that can be one man, and names the other for review', () => {
    const a = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11');
    const b = rec('Kovalenko', 'Andrii', null, '1988-02-11');
    const d = decideRecord(cm, rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11'), [
      { personId: 'p1', records: [a] },
      { personId: 'p2', records: [b] },
    ]);
    expect(d.decision).toBe('match');
    expect(d.best?.personId).toBe('p1');
    expect(d.alsoMatches?.map((p) => p.personId)).toEqual(['p2']);
  });

  it('grades a diminutive the class lookup cannot settle alone (Саша, Sasha) as the same given name', () => {
    const full = rec('Коваленко', 'Олександр', 'Іванович', '1988-02-11');
    expect(level(full, rec('Коваленко', 'Саша', null, '1988-02-11'), 'given_name')).toBe('same_class');
    expect(level(rec('Kovalenko', 'Sasha', null, null), full, 'given_name')).toBe('same_class');
    expect(level(full, rec('Коваленко', 'Женя', null, '1988-02-11'), 'given_name')).toBe('different');
  });

  it('grades the informal names of version 6 (Ваня, Петя, Маша; Vanya) as their class, Валя as either', () => {
    const ivan = rec('Коваленко', 'Іван', 'Петрович', '1988-02-11');
    expect(level(ivan, rec('Коваленко', 'Ваня', null, null), 'given_name')).toBe('same_class');
    expect(level(ivan, rec('Kovalenko', 'Vanya', null, null), 'given_name')).toBe('same_class');
    expect(level(rec('Бондар', 'Петя', null, null), rec('Бондар', 'Петро', null, null), 'given_name')).toBe(
      'same_class',
    );
    const masha = rec('Коваль', 'Маша', null, null, { sex: 'female' });
    expect(level(masha, rec('Коваль', 'Марія', null, null, { sex: 'female' }), 'given_name')).toBe(
      'same_class',
    );
    expect(
      level(rec('Бондар', 'Валя', null, null), rec('Бондар', 'Валентина', null, null), 'given_name'),
    ).toBe('same_class');
    expect(
      level(rec('Бондар', 'Валя', null, null), rec('Бондар', 'Валентин', null, null), 'given_name'),
    ).toBe('same_class');
    expect(level(ivan, rec('Коваленко', 'Петя', null, null), 'given_name')).toBe('different');
  });

  it('grades a given name of four letters or more one edit from the other as close (fs-10)', () => {
    const ivan = rec('Коваленко', 'Іван', 'Петрович', '1988-02-11');
    // Jaro–Winkler 0.85: a typo in a short name.
    expect(level(ivan, rec('Коваленко', 'Ібан', 'Петрович', '1988-02-11'), 'given_name')).toBe('close');
    expect(level(rec('Бондар', 'Олег', null, null), rec('Бондар', 'Олех', null, null), 'given_name')).toBe(
      'close',
    );
    // A first letter changed stays different (Улег; not Алег, which is Олег as Belarusian writes it).
    expect(level(rec('Бондар', 'Олег', null, null), rec('Бондар', 'Улег', null, null), 'given_name')).toBe(
      'different',
    );
    expect(level(ivan, rec('Коваленко', 'Олег', null, null), 'given_name')).toBe('different');
  });

  it("grades a misspelt given name close when it is near any spelling of the other record's class (fs-13)", () => {
    const ru = rec('Коваленко', 'Александр', 'Петрович', '1988-02-11');
    const lat = rec('Kovalenko', 'Oleksandr', 'Petrovych', '1988-02-11');
    // Олександр with a letter dropped: no class knows it, and it is far from Александр as written.
    const typo = rec('Коваленко', 'Олксандр', 'Петрович', '1988-02-11');
    expect(typo.given?.startsWith('x:')).toBe(true);
    expect(level(typo, ru, 'given_name')).toBe('close');
    expect(level(ru, typo, 'given_name')).toBe('close');
    expect(level(typo, lat, 'given_name')).toBe('close');
    // Not a spelling of another class: still different.
    expect(level(typo, rec('Коваленко', 'Микола', null, null), 'given_name')).toBe('different');
    // Two recognised classes stay what they were (Валентин is not a misspelt Валентина).
    expect(
      level(rec('Бондар', 'Валентин', null, null), rec('Бондар', 'Валентина', null, null), 'given_name'),
    ).not.toBe('same_class');
  });

  it('grades a given name a scanner misread close to its class (rn read for m, ri for n; lrec)', () => {
    const uk = rec('Сидоренко', 'Дмитро', 'Олегович', '1985-06-20');
    const rn = rec('Sydorenko', 'Drnitro', 'Olehovych', '1985-06-20');
    expect(rn.given?.startsWith('x:')).toBe(true);
    expect(level(rn, uk, 'given_name')).toBe('close');
    expect(level(uk, rn, 'given_name')).toBe('close');
    expect(
      level(rec('Kravchenko', 'Ivari', null, null), rec('Кравченко', 'Іван', null, null), 'given_name'),
    ).toBe('close');
    // Another class read through the same glyphs stays different.
    expect(level(rn, rec('Сидоренко', 'Микола', null, null), 'given_name')).toBe('different');
  });

  it('grades an unrecognised given name a slip of a spelling of the class from five letters close: the first letter, or two edits after it (fs-17)', () => {
    const vitalii = rec('Кушнір', 'Віталій', 'Петрович', '1984-05-02');
    // Two edits after an agreeing first letter (Візлі, Віталі), and a first letter changed (Батала, Натала).
    const vizli = rec('Кушнір', 'Візлі', 'Петрович', '1984-05-02');
    expect(vizli.given?.startsWith('x:')).toBe(true);
    expect(level(vizli, vitalii, 'given_name')).toBe('close');
    expect(level(vitalii, vizli, 'given_name')).toBe('close');
    expect(
      level(rec('Karpenko', 'Batala', null, null), rec('Карпенко', 'Наталія', null, null), 'given_name'),
    ).toBe('close');
    // A first letter dropped, against a class one of whose spellings has it (Фанасій, Афанасій of Опанас).
    expect(
      level(rec('Щербина', 'Фанасій', null, null), rec('Щербина', 'Опанас', null, null), 'given_name'),
    ).toBe('close');
    // Two edits with another first letter, another class, or a name under five letters: still different.
    expect(
      level(rec('Кушнір', 'Мкела', null, null), rec('Кушнір', 'Михайло', null, null), 'given_name'),
    ).toBe('different');
    expect(level(rec('Кушнір', 'Петор', null, null), rec('Кушнір', 'Павло', null, null), 'given_name')).toBe(
      'different',
    );
    expect(level(rec('Бондар', 'Олег', null, null), rec('Бондар', 'Улег', null, null), 'given_name')).toBe(
      'different',
    );
    // Алег is Олег's Belarusian form (hold12), his class.
    expect(level(rec('Бондар', 'Олег', null, null), rec('Бондар', 'Алег', null, null), 'given_name')).toBe(
      'same_class',
    );
  });

  it("reads a missing sex from the given name's class, and counts it only where the given names do not agree (fs-10)", () => {
    // A record that gives no sex, as the server stores it.
    const noSex = (given: string) => {
      const k = nameKeys(parseNameFields('Коваль', given));
      return toLinkRecord({
        id: `s${++nextId}`,
        key_family: k.family,
        key_family_phonetic: k.familyPhonetic,
        key_given: k.given,
        key_father: null,
        given_name: given,
        patronymic: null,
        sex: null,
        birth_year: 1984,
        birth_month: null,
        birth_day: null,
        unit: null,
        service_number: null,
      });
    };
    const oksana = noSex('Оксана');
    expect(oksana.sex).toBe('female');
    // Саша is a man's name or a woman's: no sex.
    expect(noSex('Саша').sex).toBeNull();
    // The given names agree: the sex they imply adds nothing.
    expect(level(oksana, rec('Коваль', 'Оксана', null, '1984', { sex: 'female' }), 'sex')).toBe('missing');
    expect(level(oksana, noSex('Oksana'), 'sex')).toBe('missing');
    // They do not: a woman's name against a record that says male is evidence against, another woman's for.
    expect(level(oksana, rec('Коваль', 'Остап', null, '1984', { sex: 'male' }), 'sex')).toBe('different');
    expect(level(noSex('Олена'), rec('Коваль', 'Оксана', null, '1984', { sex: 'female' }), 'sex')).toBe(
      'same',
    );
  });

  it('counts a sex both records give only where the given names do not already say it (fs-12)', () => {
    const petro = rec('Коваль', 'Петро', null, '1984');
    // Two Петро: strangers who share the name share the sex, so its agreement adds nothing.
    expect(level(petro, rec('Kowal', 'Piotr', null, '1984'), 'sex')).toBe('missing');
    expect(level(petro, rec('Коваль', 'Петро', null, '1984'), 'sex')).toBe('missing');
    // A sex that disagrees with it still counts against.
    expect(level(petro, rec('Коваль', 'Петро', null, '1984', { sex: 'female' }), 'sex')).toBe('different');
    // Саша is a man's name or a woman's: the sex says what the name does not, on either side.
    expect(level(rec('Коваль', 'Саша', null, '1984'), rec('Коваль', 'Саша', null, '1984'), 'sex')).toBe(
      'same',
    );
    expect(level(rec('Коваль', 'Олександр', null, '1984'), rec('Коваль', 'Саша', null, '1984'), 'sex')).toBe(
      'same',
    );
    // Given names that do not agree: the sex is evidence of its own.
    expect(level(petro, rec('Коваль', 'Павло', null, '1984'), 'sex')).toBe('same');
  });

  it("grades a family and given name written in each other's columns as close both (fs-10), and links them with the date", () => {
    // Був is too short to end like a surname, and Павлович may be a patronymic: the parse leaves them.
    const right = rec('Був', 'Костянтин', 'Петрович', '1979-04-12');
    const swapped = rec('Костянтин', 'Був', 'Петрович', '1979-04-12');
    expect(level(swapped, right, 'family_name')).toBe('close');
    expect(level(right, swapped, 'given_name')).toBe('close');
    expect(
      level(rec('Іван', 'Павлович', null, null), rec('Павлович', 'Іван', null, null), 'family_name'),
    ).toBe('close');
    const cm = compileModel(defaultModel(), { records: 40_000, family: new Map(), given: new Map() });
    expect(decideRecord(cm, swapped, [{ personId: 'p', records: [right] }]).decision).toBe('match');
    // Only both ways round: a given name that is another man's surname alone is still different.
    expect(level(rec('Костянтин', 'Бондар', null, null), right, 'family_name')).toBe('different');
  });

  it('weighs a year-only birth date that agrees as more than full dates that differ in the month', () => {
    const full = rec('Коваленко', 'Андрій', 'Іванович', '1988-02-11');
    expect(level(full, rec('Коваленко', 'Андрій', null, '1988'), 'birth_date')).toBe('same_year');
    expect(level(full, rec('Коваленко', 'Андрій', null, '1988-07-11'), 'birth_date')).toBe(
      'same_year_other_month',
    );
    expect(level(full, rec('Коваленко', 'Андрій', null, '1988-02-19'), 'birth_date')).toBe(
      'same_year_other_day',
    );
    // A year off by one with the month and day unchanged is a slip; with them changed too, another date.
    expect(level(full, rec('Коваленко', 'Андрій', null, '1989-02-11'), 'birth_date')).toBe(
      'year_off_by_one_same_day',
    );
    expect(level(full, rec('Коваленко', 'Андрій', null, '1989'), 'birth_date')).toBe('year_off_by_one');
    expect(level(full, rec('Коваленко', 'Андрій', null, '1989-02'), 'birth_date')).toBe('year_off_by_one');
    expect(level(full, rec('Коваленко', 'Андрій', null, '1989-11-04'), 'birth_date')).toBe('conflicting');
    const w = cm.weights[FIELDS.indexOf('birth_date')] as Float64Array;
    const at = (l: string) => w[LEVELS.birth_date.indexOf(l as never)] as number;
    expect(at('same_year')).toBeGreaterThan(at('same_year_other_month') + 3);
    expect(at('same_year_month')).toBeGreaterThan(at('same_year_other_day'));
    // A full date a year off on the same day and month is a slip of the year that strangers rarely share
    // (2 years in 50 × 1 day in 365); a year-only date a year off is much weaker evidence.
    expect(at('year_off_by_one_same_day')).toBeGreaterThan(at('year_off_by_one') + 5);
    expect(at('year_off_by_one_same_day')).toBeGreaterThan(at('same_year'));
  });

  it('grades a family name within two edits but not close as near, weighed between close and different', () => {
    const a = rec('Savchuk', 'Ivan', null, '1988-02-11');
    // An OCR slip of "ch" as "cb" folds far from the skeleton of Savchuk, but within two edits.
    const ocr = rec('Savcbuk', 'Ivan', null, '1988-02-11');
    expect(level(a, ocr, 'family_name')).toBe('near');
    expect(level(a, rec('Melnyk', 'Ivan', null, '1988-02-11'), 'family_name')).toBe('different');
    // Short names are never near: two edits change most of them.
    expect(level(rec('Лен', 'Іван', null, null), rec('Бил', 'Іван', null, null), 'family_name')).toBe(
      'different',
    );
    const w = cm.weights[FIELDS.indexOf('family_name')] as Float64Array;
    const at = (l: string) => w[LEVELS.family_name.indexOf(l as never)] as number;
    expect(at('near')).toBeGreaterThan(0);
    expect(at('near')).toBeLessThan(at('close'));
    expect(at('different')).toBeLessThan(-6);
  });

  it('grades a surname cut by a fixed-width field as cut, not as a spelling, weighed by its own m and u', () => {
    const whole = rec('Великодніпровський', 'Тарас', 'Іванович', '1988-02-11');
    // Cut at 11 and at 12 characters, in Cyrillic and in Latin (the cut Latin folds to a prefix too).
    expect(level(rec('Великодніпр', 'Тарас', null, null), whole, 'family_name')).toBe('cut');
    expect(level(whole, rec('Великодніпро', 'Тарас', null, null), 'family_name')).toBe('cut');
    expect(level(rec('Velykodnip', 'Taras', null, null), whole, 'family_name')).toBe('cut');
    expect(
      level(
        rec('Шевченківсь', 'Тарас', null, null),
        rec('Шевченківський', 'Тарас', null, null),
        'family_name',
      ),
    ).toBe('cut');
    // Not cuts: a short stem (Коваль, Ковальчук), the feminine in -a (Александров, Александрова), a whole
    // word of a compound surname (familyPart's `close`).
    expect(
      level(rec('Коваль', 'Тарас', null, null), rec('Ковальчук', 'Тарас', null, null), 'family_name'),
    ).not.toBe('cut');
    expect(
      level(rec('Александров', 'Олег', null, null), rec('Александрова', 'Олег', null, null), 'family_name'),
    ).not.toBe('cut');
    expect(
      level(rec('Шевченко', 'Анна', null, null), rec('Шевченко-Коваль', 'Анна', null, null), 'family_name'),
    ).toBe('exact');
    const w = cm.weights[FIELDS.indexOf('family_name')] as Float64Array;
    const at = (l: string) => w[LEVELS.family_name.indexOf(l as never)] as number;
    expect(at('cut')).toBeGreaterThan(at('close'));
    expect(LEVELS.family_name.at(-1)).toBe('missing');
  });

  it('grades a surname heard on the phone (an inner vowel written as heard) as heard, above phonetic (fs-21)', () => {
    const whole = rec('Шевченко', 'Тарас', 'Іванович', '1988-02-11');
    expect(level(rec('Шевчинко', 'Тарас', null, null), whole, 'family_name')).toBe('heard');
    expect(level(rec('Shevchynko', 'Taras', null, null), whole, 'family_name')).toBe('heard');
    expect(
      level(rec('Ковальчюк', 'Іван', null, null), rec('Ковальчук', 'Іван', null, null), 'family_name'),
    ).toBe('heard');
    expect(
      level(rec('Бандаренко', 'Іван', null, null), rec('Бондаренко', 'Іван', null, null), 'family_name'),
    ).toBe('heard');
    // Not heard: another vowel than the ear's (Шевчанко), a first or last letter (Александров,
    // Александрова: a form), consonants that differ (a phonetic code's other spellings).
    expect(level(rec('Шевчанко', 'Тарас', null, null), whole, 'family_name')).toBe('phonetic');
    expect(
      level(rec('Александров', 'Олег', null, null), rec('Александрова', 'Олег', null, null), 'family_name'),
    ).not.toBe('heard');
    expect(level(rec('Шевчинка', 'Тарас', null, null), whole, 'family_name')).toBe('phonetic');
    const w = cm.weights[FIELDS.indexOf('family_name')] as Float64Array;
    const at = (l: string) => w[LEVELS.family_name.indexOf(l as never)] as number;
    expect(at('heard')).toBeGreaterThan(at('phonetic'));
    expect(at('heard')).toBeLessThan(at('exact'));
    expect(LEVELS.family_name.at(-1)).toBe('missing');
    expect(LINKAGE_MODEL_VERSION).toBe('fs-31');
  });

  it('weighs a heard surname by its phonetic code’s rarity, as a phonetic one', () => {
    const records = [
      rec('Шевченко', 'Тарас', null, null),
      rec('Шевчинко', 'Іван', null, null),
      rec('Шевчанко', 'Петро', null, null),
    ];
    const model = compileModel(defaultModel(), termFrequenciesOfRecords(records));
    const [a, heard, phonetic] = records as [LinkRecord, LinkRecord, LinkRecord];
    const fw = (b: LinkRecord) => fieldWeights(model, a, b, new Float64Array(7))[0] as number;
    const w = model.weights[0] as Float64Array;
    const heardAt = LEVELS.family_name.indexOf('heard');
    const phoneticAt = LEVELS.family_name.indexOf('phonetic');
    expect(fw(heard) - (w[heardAt] as number)).toBeCloseTo(fw(phonetic) - (w[phoneticAt] as number), 9);
  });

  it('grades a given name heard on the phone as its class (same_class), of the record’s sex only (fs-21)', () => {
    const whole = rec('Шевченко', 'Олександр', 'Іванович', '1988-02-11');
    expect(level(rec('Шевченко', 'Оликсандр', null, null), whole, 'given_name')).toBe('same_class');
    expect(level(whole, rec('Шевченко', 'Оликсандр', null, null), 'given_name')).toBe('same_class');
    expect(
      level(rec('Коваль', 'Микала', null, null), rec('Коваль', 'Николай', null, null), 'given_name'),
    ).toBe('same_class');
    expect(
      level(rec('Коваль', 'Дметро', null, null), rec('Коваль', 'Dmytro', null, null), 'given_name'),
    ).toBe('same_class');
    // A woman's record whose name is heard as a man's class: not read so.
    expect(level(rec('Шевченко', 'Оликсандр', null, null, { sex: 'female' }), whole, 'given_name')).not.toBe(
      'same_class',
    );
    // Two classes the ear may have heard (Жиня: Женя is Євген and Євгенія): not read.
    expect(
      level(rec('Коваль', 'Жиня', null, null), rec('Коваль', 'Євген', null, null), 'given_name'),
    ).not.toBe('same_class');
  });

  it('keeps a model stored under fs-19 (no heard level): its other levels as stored, heard by default', () => {
    const stored = defaultModel();
    stored.m.family_name = [0.8, 0.1, 0.04, 0.01, 0.005, 0.01, 0];
    stored.u.family_name = [0.004, 0.005, 0.01, 0.003, 0.97, 0.0001, 0];
    const w = compileModel(stored).weights[0] as Float64Array;
    const dw = cm.weights[0] as Float64Array;
    const at = (l: string) => LEVELS.family_name.indexOf(l as never);
    expect(w[at('exact')]).toBeCloseTo(Math.log2(0.8 / 0.004), 9);
    expect(w[at('cut')]).toBeCloseTo(Math.log2(0.01 / 0.0001), 9);
    expect(w[at('heard')]).toBe(dw[at('heard')]);
  });

  it('compares a record with a person as a whole: the best evidence of each field across its records', () => {
    // One source gave the man's birth date, another his patronymic; the arriving record gives both.
    const withDate = rec('Ткачук', 'Андрій', null, '1988-02-11');
    const withFather = rec('Ткачук', 'Андрій', 'Іванович', null);
    const arriving = rec('Ткачук', 'Андрій', 'Іванович', '1988-02-11');
    const person = { personId: 'p', records: [withDate, withFather] };
    const s = decideRecord(cm, arriving, [person]).best?.score ?? -Infinity;
    expect(s).toBeGreaterThan(scorePair(cm, arriving, withDate).score);
    expect(s).toBeGreaterThan(scorePair(cm, arriving, withFather).score);
    expect(s).toBeCloseTo(personLevelScore(cm, arriving, person.records), 6);
    // A person one of whose records speaks against the arriving one is scored by its best record only.
    const other = rec('Ткачук', 'Андрій', 'Петрович', '1961-07-30');
    const mixed = decideRecord(cm, arriving, [{ personId: 'q', records: [withDate, other] }]).best;
    expect(mixed?.score).toBeCloseTo(scorePair(cm, arriving, withDate).score, 2);
  });

  it("does not let a record silent on a field hide another record's disagreement (lrec)", () => {
    // A man's two records: one gives his patronymic, the other none. A stranger with his names and birth
    // year and another father: the person's view keeps the patronymic's disagreement.
    const withFather = rec('Ткачук', 'Андрій', 'Іванович', '1988');
    const silent = rec('Ткачук', 'Андрій', null, '1988');
    const arriving = rec('Ткачук', 'Андрій', 'Петрович', '1988');
    const against = scorePair(cm, arriving, withFather, [withFather, silent]).contributions.find(
      (c) => c.field === 'patronymic',
    )?.weight as number;
    expect(against).toBeLessThan(-1);
    // The person's view: the silent record's fields, and the other record's patronymic against.
    expect(personLevelScore(cm, arriving, [withFather, silent])).toBeCloseTo(
      scorePair(cm, arriving, silent, [withFather, silent]).score + against,
      2,
    );
  });

  it("matches a list's row to the best of two persons above the threshold when it is far clear of the other (lrec)", () => {
    // Two men of one name and birth date, kept apart by their service numbers; the row gives the first
    // one's unit too. Both score from the threshold up; the first is far ahead.
    const first = rec('Коваль', 'Ігор', 'Петрович', '1980-05-05', { unit: 'А1234', service: 'АА111' });
    const second = rec('Коваль', 'Ігор', 'Петрович', '1980-05-05', { service: 'ББ222' });
    const row = rec('Коваль', 'Ігор', 'Петрович', '1980-05-05', { unit: 'А1234' });
    const persons = [
      { personId: 'p1', records: [first] },
      { personId: 'p2', records: [second] },
    ];
    const d = decideRecord(cm, row, persons);
    expect(d.ranked.filter((p) => p.conflict === null && p.score >= cm.model.thresholds.auto)).toHaveLength(
      2,
    );
    expect(d.decision).toBe('possible');
    const clear = decideRecord(cm, row, persons, { clearMargin: cm.model.thresholds.auto });
    expect(clear).toMatchObject({ decision: 'match', best: { personId: 'p1' } });
    // Namesakes close together stay a human's to decide.
    const near = rec('Коваль', 'Ігор', 'Петрович', '1980-05-05', { unit: 'А1234', service: 'ББ222' });
    const tied = decideRecord(
      cm,
      row,
      [
        { personId: 'p1', records: [first] },
        { personId: 'p3', records: [near] },
      ],
      {
        clearMargin: cm.model.thresholds.auto,
      },
    );
    expect(tied.decision).toBe('possible');
  });

  it('scores a model stored under fs-3 with its own weights for the levels that kept their meaning', () => {
    const fs3 = defaultModel();
    fs3.m.family_name = [0.8, 0.1, 0.05, 0.05, 0];
    fs3.u.family_name = [0.001, 0.002, 0.01, 0.987, 0];
    fs3.m.birth_date = [0.7, 0.02, 0.01, 0.01, 0.1, 0.02, 0.1, 0.04, 0];
    fs3.u.birth_date = [0.00003, 0.00003, 0.0001, 0.0015, 0.002, 0.016, 0.03, 0.95034, 0];
    const w = compileModel(fs3).weights;
    const fam = w[FIELDS.indexOf('family_name')] as Float64Array;
    const at = (l: string) => fam[LEVELS.family_name.indexOf(l as never)] as number;
    expect(at('exact')).toBeCloseTo(Math.log2(0.8 / 0.001), 6);
    expect(at('different')).toBeCloseTo(Math.log2(0.05 / 0.987), 6);
    expect(at('near')).toBeCloseTo(
      (cm.weights[0] as Float64Array)[LEVELS.family_name.indexOf('near')] as number,
      6,
    );
    const bd = w[FIELDS.indexOf('birth_date')] as Float64Array;
    expect(bd[LEVELS.birth_date.indexOf('year_off_by_one')]).toBeCloseTo(Math.log2(0.1 / 0.03), 6);
    expect(bd[LEVELS.birth_date.indexOf('conflicting')]).toBeCloseTo(Math.log2(0.04 / 0.95034), 6);
  });

  it('queues a possible match from even odds unless the model says where', () => {
    const m = defaultModel();
    expect(queueThreshold(m)).toBe(0);
    m.thresholds.review = 1;
    expect(queueThreshold(m)).toBe(1);
    m.thresholds.queue = -2;
    expect(queueThreshold(m)).toBe(-2);
    // An import of 2,000 records queues at most 20 pairs; a single record written by hand, one.
    expect(importQueueCap(2000)).toBe(20);
    expect(importQueueCap(1)).toBe(1);
  });

  it('scores a model stored under the old birth-date levels with the default ones', () => {
    const old = defaultModel();
    old.m.birth_date = [0.7, 0.02, 0.1, 0.08, 0.06, 0.04, 0];
    old.u.birth_date = [0.00003, 0.00003, 0.001, 0.012, 0.025, 0.96194, 0];
    const w = compileModel(old).weights[FIELDS.indexOf('birth_date')] as Float64Array;
    expect([...w]).toEqual([...(cm.weights[FIELDS.indexOf('birth_date')] as Float64Array)]);
  });
});

describe('clustering', () => {
  it('never chains two different people through a record that resembles both', () => {
    // 0 and 2 have different service numbers; 1 (no number) matches each of them well.
    const records = [
      rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service: 'АБ111111' }),
      rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17'),
      rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service: 'АБ222222' }),
    ];
    const result = clusterRecords({
      initial: [0, 1, 2],
      edges: [
        { i: 0, j: 1, score: 20 },
        { i: 1, j: 2, score: 19 },
      ],
      compatible: (i, j) => hardConflict(records[i] as LinkRecord, records[j] as LinkRecord) === null,
      age: (c) => c,
    });
    // 1 could be either man: joining it to one of them would be a guess, so both edges go to review.
    expect(result.merges).toHaveLength(0);
    expect(result.refused).toHaveLength(2);
    expect(new Set(result.labels).size).toBe(3);
  });

  it('joins a record to the one man it matches when the other man is not a candidate', () => {
    const records = [
      rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service: 'АБ111111' }),
      rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17'),
      rec('Шевченко', 'Олександр', 'Петрович', '1990-05-17', { service: 'АБ222222' }),
    ];
    const result = clusterRecords({
      initial: [0, 1, 2],
      edges: [{ i: 0, j: 1, score: 20 }],
      compatible: (i, j) => hardConflict(records[i] as LinkRecord, records[j] as LinkRecord) === null,
      age: (c) => c,
    });
    expect(result.merges).toHaveLength(1);
    expect(result.labels[0]).toBe(result.labels[1]);
    expect(result.labels[2]).not.toBe(result.labels[0]);
  });

  it('takes equal scores in the order of the records, not of the edges (dedupe gives the same persons on every run)', () => {
    // Records 0 and 1 are one person already; 1 cannot be the man of record 3; 2 matches 0 and 3 equally.
    // Neither edge is ambiguous for the torn check (0 and 3 may be one man), so the order decides: it
    // must be the records', whatever order the edges arrive in.
    const compatible = (i: number, j: number): boolean => !((i === 1 && j === 3) || (i === 3 && j === 1));
    const edges = [
      { i: 2, j: 3, score: 15 },
      { i: 0, j: 2, score: 15 },
    ];
    const run = (es: typeof edges) =>
      clusterRecords({ initial: [0, 0, 2, 3], edges: es, compatible, age: (c) => c });
    const forward = run(edges);
    const backward = run([...edges].reverse());
    expect([...backward.labels]).toEqual([...forward.labels]);
    expect(backward.merges).toEqual(forward.merges);
    expect(backward.refused).toEqual(forward.refused);
    // The edge of the lower record index (0-2) is taken; 2-3 is then refused (1 and 3 conflict).
    expect([...forward.labels]).toEqual([0, 0, 0, 3]);
  });

  it('keeps the older cluster as the survivor', () => {
    const result = clusterRecords({
      initial: [5, 3],
      edges: [{ i: 0, j: 1, score: 20 }],
      compatible: () => true,
      age: (c) => c,
    });
    expect(result.merges[0]).toMatchObject({ from: 5, into: 3 });
    expect([...result.labels]).toEqual([3, 3]);
  });
});

describe('blocking and training', () => {
  // A small population with one duplicate (another spelling) per person.
  const families = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Мельник', 'Кравченко', 'Олійник'];
  const givens = ['Олександр', 'Андрій', 'Сергій', 'Петро', 'Іван', 'Микола'];
  const russian: Record<string, string> = {
    Олександр: 'Александр',
    Андрій: 'Андрей',
    Сергій: 'Сергей',
    Петро: 'Петр',
    Іван: 'Иван',
    Микола: 'Николай',
  };
  const rand = seededRandom(7);
  const truth: number[] = [];
  const records: LinkRecord[] = [];
  for (let p = 0; p < 300; p++) {
    const f = families[Math.floor(rand() * families.length)] as string;
    const g = givens[Math.floor(rand() * givens.length)] as string;
    const y = 1960 + Math.floor(rand() * 40);
    const date = `${y}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    records.push(rec(f, g, 'Петрович', date));
    truth.push(p);
    if (rand() < 0.5) {
      records.push(rec(f, russian[g] as string, 'Петрович', rand() < 0.8 ? date : String(y)));
      truth.push(p);
    }
  }

  it('yields each blocked pair once and finds every true pair here', () => {
    const pairs = [...blockedPairs(records)];
    const keys = new Set(pairs.map(([i, j]) => `${i}-${j}`));
    expect(keys.size).toBe(pairs.length);
    for (let i = 0; i < records.length; i++)
      for (let j = i + 1; j < records.length; j++)
        if (truth[i] === truth[j]) expect(keys.has(`${i}-${j}`)).toBe(true);
  });

  it('learns by EM that true pairs agree on birth dates far more often than random pairs', () => {
    const u = estimateU(records, 20_000, seededRandom(1));
    const counts: VectorCounts = new Map();
    for (const [i, j, rule] of blockedPairs(records))
      if (rule === 0) countVector(counts, records[i] as LinkRecord, records[j] as LinkRecord);
    // Pairs blocked on family and given name agree on them by construction: EM leaves them out.
    const em = estimateM(
      counts,
      u,
      defaultModel().m,
      0.1,
      50,
      new Set(['family_name', 'given_name'] as const),
    );
    const exactBirth = LEVELS.birth_date.indexOf('exact');
    expect(em.m.birth_date[exactBirth]).toBeGreaterThan(0.5);
    expect(u.birth_date[exactBirth]).toBeLessThan(0.01);
    expect(em.lambda).toBeGreaterThan(0);
    expect(em.lambda).toBeLessThan(1);
  });

  it('trains a whole model whose weights favour agreement and whose prior is a small probability', () => {
    const model = trainModel({
      records,
      pairs: blockedPairs(records, { eachRule: true }),
      randomPairs: 20_000,
    });
    const w = compileModel(model).weights;
    expect(w[FIELDS.indexOf('birth_date')]?.[0]).toBeGreaterThan(5);
    expect(w[FIELDS.indexOf('given_name')]?.[3]).toBeLessThan(0);
    expect(model.prior).toBeLessThan(0);
    expect(model.trained?.blockedPairs).toBeGreaterThan(0);
  });
});

describe("a list's row with whom every field agrees (lrec)", () => {
  it('matches from agreeingFrom only when no field both give weighs against', () => {
    const man = rec('Ковальчук', 'Іван', 'Петрович', '1980-03-02');
    // The row gives the names, the patronymic and the year: all agree.
    const agreeing = rec('Kovalchuk', 'Ivan', 'Petrovych', '1980');
    // The same, and a unit where the man's record gives another: a field against.
    const against = rec('Kovalchuk', 'Ivan', 'Petrovych', '1980', { unit: 'В9999' });
    const manWithUnit = rec('Ковальчук', 'Іван', 'Петрович', '1980-03-02', { unit: 'А1234' });
    const base = compileModel(defaultModel());
    const s = scorePair(base, agreeing, man).score;
    const t = scorePair(base, against, manWithUnit).score;
    // Thresholds that put both rows between agreeingFrom and the model's auto threshold.
    const auto = Math.max(s, t) + 1;
    const from = Math.min(s, t) - 1;
    const cm2 = compileModel({ ...defaultModel(), thresholds: { auto, review: -4 } });
    const one = (r: LinkRecord, m: LinkRecord) =>
      decideRecord(cm2, r, [{ personId: 'p', records: [m] }], { agreeingFrom: from });
    expect(agreesThroughout(cm2, agreeing, [man])).toBe(true);
    expect(agreesThroughout(cm2, against, [manWithUnit])).toBe(false);
    // A year-only date a year off is a slip a namesake shares, not an agreement.
    expect(agreesThroughout(cm2, rec('Kovalchuk', 'Ivan', 'Petrovych', '1981'), [man])).toBe(false);
    expect(one(agreeing, man).decision).toBe('match');
    expect(one(against, manWithUnit).decision).toBe('possible');
    // Without the option, the model's threshold alone.
    expect(decideRecord(cm2, agreeing, [{ personId: 'p', records: [man] }]).decision).toBe('possible');
  });
});

describe('a trained model reads a list more strictly than the registry', () => {
  it('sets a list threshold above the automatic one, and forLists reads it as the automatic one', () => {
    expect(TRAINED_THRESHOLDS.list).toBeGreaterThan(TRAINED_THRESHOLDS.auto);
    const model = { ...defaultModel(), thresholds: { ...TRAINED_THRESHOLDS } };
    expect(forLists(model).thresholds).toEqual({
      auto: TRAINED_THRESHOLDS.list,
      review: TRAINED_THRESHOLDS.review,
      listAgreeing: TRAINED_THRESHOLDS.listAgreeing,
    });
    expect(TRAINED_THRESHOLDS.listAgreeing).toBeLessThan(TRAINED_THRESHOLDS.list);
    const plain = defaultModel();
    expect(forLists(plain)).toBe(plain);
  });

  it('links a record joining the registry but only proposes the same row of a list, between the two thresholds', () => {
    const a = rec('Ковальчук', 'Іван', 'Петрович', '1980');
    const b = rec('Kovalchuk', 'Ivan', 'Petrovych', '1980');
    const s = scorePair(compileModel(defaultModel()), a, b).score;
    const model = { ...defaultModel(), thresholds: { auto: s - 0.5, review: -4, list: s + 0.5 } };
    const candidates = [{ personId: 'p1', records: [b] }];
    expect(decideRecord(compileModel(model), a, candidates).decision).toBe('match');
    expect(decideRecord(compileModel(forLists(model)), a, candidates).decision).toBe('possible');
  });

  it("keeps a stored fs-15 model's list threshold; a model trained now asks more of a row with a field against (fs-16)", () => {
    // The names, the patronymic and the year agree, the month does not (a namesake's pattern): scored at 6.75,
    // between fs-15's list threshold (6.5) and fs-16's (7), and not agreeing throughout (listAgreeing: 6).
    const a = rec('Ковальчук', 'Іван', 'Петрович', '1980-03-05');
    const b = rec('Ковальчук', 'Іван', 'Петрович', '1980-07-05');
    const base = defaultModel();
    const s = scorePair(compileModel(base), a, b).score;
    const at = { ...base, prior: base.prior + 6.75 - s };
    const candidates = [{ personId: 'p1', records: [b] }];
    const decide = (thresholds: LinkageModel['thresholds']) => {
      const cm = compileModel(forLists({ ...at, thresholds }));
      return decideRecord(cm, a, candidates, listDecideOptions(cm)).decision;
    };
    expect(decide({ auto: 5, review: -4, list: 6.5, listAgreeing: 6 })).toBe('match');
    expect(decide({ ...TRAINED_THRESHOLDS })).toBe('possible');
  });

  it('matches a row with whom every field agrees from 5 under a model trained now, and not below (lst2)', () => {
    // The names, the patronymic and the year agree (a list's row that gives no more): 0 wrong of the rows
    // agreeing throughout between 5 and 6 on five generated populations (bench/RESULTS.md, lst2).
    const row = rec('Kovalchuk', 'Ivan', 'Petrovych', '1980');
    const man = rec('Ковальчук', 'Іван', 'Петрович', '1980-03-02');
    const base = defaultModel();
    const s = scorePair(compileModel(base), row, man).score;
    const candidates = [{ personId: 'p1', records: [man] }];
    const decideAt = (score: number) => {
      const cm = compileModel(
        forLists({ ...base, prior: base.prior + score - s, thresholds: { ...TRAINED_THRESHOLDS } }),
      );
      expect(agreesThroughout(cm, row, [man])).toBe(true);
      return decideRecord(cm, row, candidates, listDecideOptions(cm)).decision;
    };
    expect(decideAt(5.25)).toBe('match');
    expect(decideAt(4.75)).toBe('possible');
  });
});

describe('combining the EM sessions', () => {
  it('leaves out a session that takes a block of strangers for matches, as if its pairs were not there', () => {
    // 400 men called Олександр Петрович, of 400 surnames ending in -енко, a few with a second record: the
    // given + family-tail block pairs them all, and with the given name and surname left out EM sees
    // every pair agree on the patronymic and the sex.
    const heads = ['Шев', 'Ков', 'Бон', 'Ткач', 'Крав', 'Гриц', 'Пет', 'Сид', 'Мар', 'Дан'];
    const mids = ['ал', 'ор', 'ир', 'ус', 'ан', 'ем', 'ок', 'ит', 'ав', 'ун'];
    const tails = ['ч', 'д', 'н', 'с'];
    const rand = seededRandom(11);
    const recs: LinkRecord[] = [];
    for (let p = 0; p < 400; p++) {
      const family = `${heads[p % 10]}${mids[Math.floor(p / 10) % 10]}${tails[Math.floor(p / 100)]}енко`;
      const date = `${1960 + Math.floor(rand() * 40)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
      recs.push(rec(family, 'Олександр', 'Петрович', date));
      if (p % 8 === 0) recs.push(rec(family, 'Александр', 'Петрович', date));
    }
    const tail = BLOCKING_RULES.indexOf('given+family_tail');
    const all = [...blockedPairs(recs, { eachRule: true })];
    const at = new Date(0);
    const withTail = trainModel({ records: recs, pairs: all, randomPairs: 20_000, at });
    const without = trainModel({
      records: recs,
      pairs: all.filter(([, , r]) => r !== tail),
      randomPairs: 20_000,
      at,
    });
    expect(all.filter(([, , r]) => r === tail).length).toBeGreaterThan(recs.length);
    expect(withTail.m).toEqual(without.m);
  });

  it('recounts the matches per record with the settled m only when asked, and moves nothing else', () => {
    const recs = [
      rec('Ґудзь', 'Тарас', 'Остапович', '1971-03-09'),
      rec('Gudz', 'Taras', 'Ostapovych', '1971-03-09'),
      rec('Мельник', 'Петро', 'Іванович', '1985-01-02'),
      rec('Мельник', 'Петро', 'Іванович', '1985-01-02'),
      rec('Мельник', 'Петро', 'Степанович', '1979-06-21'),
      rec('Шевченко', 'Олена', 'Петрівна', '1990-11-30'),
    ];
    const pairs = [...blockedPairs(recs, { eachRule: true })];
    const at = new Date(0);
    const plain = trainModel({ records: recs, pairs, randomPairs: 2_000, at });
    const again = trainModel({ records: recs, pairs, randomPairs: 2_000, at });
    const recounted = trainModel({ records: recs, pairs, randomPairs: 2_000, at, recountMatches: true });
    expect(again).toEqual(plain);
    expect(recounted.m).toEqual(plain.m);
    expect(recounted.u).toEqual(plain.u);
    expect(recounted.matchesPerRecord).toBeGreaterThan(0);
  });

  it('estimates the share of matches among counted vectors with m and u fixed', () => {
    const m = defaultModel().m;
    const u = defaultModel().u;
    const counts = new Map<number, number>();
    const a = rec('Ґудзь', 'Тарас', 'Остапович', '1971-03-09');
    const b = rec('Ґудзь', 'Тарас', 'Остапович', '1971-03-09');
    const c = rec('Мельник', 'Петро', 'Іванович', '1985-01-02');
    for (let k = 0; k < 30; k++) countVector(counts, a, b);
    for (let k = 0; k < 970; k++) countVector(counts, a, c);
    expect(estimateLambda(counts, u, m)).toBeCloseTo(0.03, 3);
  });

  it("takes each level's median over the sessions, so one session that took namesakes for matches moves nothing", () => {
    // Three sessions agree that 1% of a man's pairs have another surname; one counted a block's namesakes.
    const missing = LEVELS.family_name.indexOf('missing');
    const good = [0.8, 0.1, 0.08, 0.01, 0.01, 0, 0, 0];
    const shares = medianShares(
      [good, good.map((x) => x), [0.5, 0.1, 0.05, 0.05, 0.3, 0, 0, 0], good],
      missing,
    );
    const different = LEVELS.family_name.indexOf('different');
    expect(shares[different]).toBeCloseTo(0.01, 3);
    expect(shares[missing]).toBe(0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});

describe('blocking for garbled names', () => {
  it('pairs two records whose family names each carry an error, through the given class and a family affix', () => {
    // A typo at the end, and an OCR confusion at the start: one of the head and the tail stays intact.
    const a = rec('Коваленко', 'Андрій', null, null);
    const typo = rec('Коваленкл', 'Андрій', null, null);
    const ocr = rec('Кпваленко', 'Андрій', null, null);
    const share = (x: LinkRecord, y: LinkRecord) =>
      blockKeys(x).some((k, i) => shareKey(k, blockKeys(y)[i] ?? []));
    expect(share(a, typo)).toBe(true);
    expect(share(a, ocr)).toBe(true);
  });

  /** The rules under which two records share a block. */
  const rulesShared = (x: LinkRecord, y: LinkRecord): string[] => {
    const kx = blockKeys(x);
    const ky = blockKeys(y);
    return BLOCKING_RULES.filter((_, i) => shareKey(kx[i] ?? [], ky[i] ?? []));
  };

  it('pairs a surname a scanner garbled (b for h, rn for m, н for и) with a misspelt given name and no date', () => {
    // Neither the family key nor its phonetic code nor a four-letter affix survives; the glyph key does.
    const pairs: [LinkRecord, LinkRecord][] = [
      [rec('Гончич', 'Артем', null, null), rec('Honcbych', 'Artm', null, null)],
      [rec('Климчак', 'Мирослав', null, '1991-10-21'), rec('Klyrnchak', 'Myoslav', null, '1991')],
      [rec('Білик', 'Андрій', null, null), rec('Бнлык', 'Андрнй', null, '1997-02')],
      [rec('Мельник', 'Хома', null, null), rec('Melriyk', 'Khoma', null, null)],
    ];
    for (const [a, b] of pairs) expect(rulesShared(a, b)).toContain('family_glyph');
  });

  it('compares a glyph block only within a year of birth, however small the block', () => {
    const a = rec('Гончич', 'Артем', null, '1980');
    const far = rec('Honcbych', 'Artm', null, '1990');
    const near = rec('Honcbych', 'Artm', null, '1981');
    const rule = BLOCKING_RULES.indexOf('family_glyph');
    const pairs = [...blockedPairs([a, far, near])].filter(([, , r]) => r === rule);
    expect(pairs.map(([i, j]) => `${i}${j}`)).toEqual(['02']);
  });

  it('pairs a surname with a letter dropped, added or swapped and another error through the near rule alone', () => {
    // Neither the family key, its phonetic code, its glyph key nor a three- or four-letter affix survives.
    const pairs: [LinkRecord, LinkRecord][] = [
      [rec('Смокролюк', 'Софія', null, '1990'), rec('mokroluk', 'Sofuja', null, '1990')],
      [rec('Лиско', 'Вадим', null, '1985'), rec('ysko', 'Vadym', null, '1985')],
    ];
    // The two-letters rule's keys hold the near rule's: it shares them too where the given name agrees.
    for (const [a, b] of pairs)
      expect(rulesShared(a, b).filter((r) => r !== 'family_glyph_near2+given|father')).toEqual([
        'family_glyph_near',
      ]);
  });

  it('pairs a surname two letters off through the two-letters rule alone, beside the same given name, within a year', () => {
    // A letter dropped and "c" read for "k": two deletions apart in the glyph key; only the given name agrees.
    // (Gumniuc, "lc" for "k", was the example until the glyph key read a final lc as k: nm15, test below.)
    const a = rec('Гуменюк', 'Петро', null, '2002');
    const b = rec('Gumniuc', 'Petr', null, '2002');
    expect(rulesShared(a, b)).toEqual(['family_glyph_near2+given|father']);
    const rule = BLOCKING_RULES.indexOf('family_glyph_near2+given|father');
    const recs = [
      a,
      b,
      rec('Gumniuc', 'Petr', null, '1990'),
      rec('Gumniuc', 'Ivan', null, '2002'),
      rec('Gumniuc', 'Petr', null, null),
    ];
    const pairs = [...blockedPairs(recs)].filter(([, , r]) => r === rule);
    // 0–1: same year; 0–4: one unknown; 0–2: twelve years apart; 0–3: another given name, no patronymic.
    expect(pairs.map(([i, j]) => `${i}${j}`).sort()).toEqual(['01', '04']);
    expect(glyphNear2Keys('abc')).toEqual([]);
    expect(glyphNear2Keys('abcde')).toContain('ace');
    expect(glyphNear2Keys('abcd')).not.toContain('ab');
  });

  it('pairs a surname a scanner read with lc for a final k through the glyph key (nm15)', () => {
    // The skeleton reads a final c as ц (gumeniulz, lislzi); the glyph key makes lz one with k, as it does lc.
    expect(
      rulesShared(rec('Гуменюк', 'Петро', null, '2002'), rec('Gumeniulc', 'Petr', null, '2002')),
    ).toContain('family_glyph');
    expect(
      rulesShared(rec('Лиський', 'Петро', null, '2002'), rec('Lyslcyy', 'Oleh', null, '2002')),
    ).toContain('family_glyph');
  });

  it('leaves to the near rule the pairs one letter apart (each pair once, under the first rule)', () => {
    const recs = [rec('Смокролюк', 'Софія', null, '1990'), rec('mokroluk', 'Sofuja', null, '1990')];
    const rules = [...blockedPairs(recs)].map(([, , r]) => BLOCKING_RULES[r]);
    expect(rules).toEqual(['family_glyph_near']);
  });

  it('yields a near pair once (however many keys the two share), only within a year of birth', () => {
    const a = rec('Смокролюк', 'Софія', null, '1990');
    // Смокролюк and Сморколюк (two letters swapped) share two near keys: either glyph key less k, or less r.
    const recs = [a, rec('Сморколюк', 'Sofuja', null, '1991'), rec('mokroluk', 'Sofuja', null, '1995')];
    const rule = BLOCKING_RULES.indexOf('family_glyph_near');
    const pairs = [...blockedPairs(recs, { eachRule: true })].filter(([, , r]) => r === rule);
    expect(pairs.map(([i, j]) => `${i}${j}`)).toEqual(['01']);
    expect(glyphNearKeys('ba')).toEqual([]);
  });

  it('yields a near pair of one known birth year and one unknown, either way round', () => {
    const rule = BLOCKING_RULES.indexOf('family_glyph_near');
    const recs = [
      rec('Смокролюк', 'Софія', null, '1990'),
      rec('mokroluk', 'Sofuja', null, null),
      rec('Смокролюк', 'Софія', null, null),
      rec('mokroluk', 'Sofuja', null, '1970'),
    ];
    const pairs = [...blockedPairs(recs, { eachRule: true })].filter(([, , r]) => r === rule);
    // 0–1 and 2–3: one year unknown; 1–2: both unknown; 0–3: twenty years apart, not paired.
    expect(pairs.map(([i, j]) => `${i}${j}`).sort()).toEqual(['01', '12', '23']);
  });

  it('pairs a garbled surname with its man among a big group of the right spelling, in a window (dedupe)', () => {
    // 300 namesakes of the right spelling born over 30 years, the man among them, then his garbled record.
    const big = Array.from({ length: 300 }, (_, k) =>
      rec('Смокролюк', k === 150 ? 'Софія' : `Ім${'я'.repeat(1 + (k % 7))}`, null, String(1960 + (k % 30))),
    );
    const man = big[150] as LinkRecord;
    const garbled = rec('mokroluk', 'Sofuja', null, String(man.birthYear));
    const rule = BLOCKING_RULES.indexOf('family_glyph_near');
    const windowed = [...blockedPairs([...big, garbled], { bigBlock: 200, window: 8 })].filter(
      ([, , r]) => r === rule,
    );
    expect(windowed.map(([i, j]) => `${i}-${j}`)).toContain('150-300');
    // At most a window's worth either side in each of the four orders, never the whole year of the group.
    expect(windowed.length).toBeLessThanOrEqual(4 * 2 * 8);
  });

  it('pairs a surname misspelt after its third letter with a second error through its head and the birth year', () => {
    // Two letters of the surname swapped, a typo in the given name, the patronymic dropped.
    const a = rec('Смокролюк', 'Софія', 'Анатоліївна', '1990');
    const b = rec('Смоклорюк', 'Софя', null, '1990');
    expect(rulesShared(a, b)).toContain('family_head3+birth_year');
    expect(rulesShared(a, rec('Смоклорюк', 'Софя', null, '1991'))).not.toContain('family_head3+birth_year');
  });

  it('reads a digit or a Latin look-alike inside a Cyrillic surname as the letter it stands for', () => {
    expect(blockKeys(rec('Г0нчар', 'Олег', null, null))[0]).toEqual(
      blockKeys(rec('Гончар', 'Олег', null, null))[0],
    );
    expect(blockKeys(rec('Зlнчюк', 'Олег', null, null))[0]).toEqual(
      blockKeys(rec('Зінчюк', 'Олег', null, null))[0],
    );
  });

  it('pairs a garbled name with the exact birth date, and a wrong year with the birth day and month', () => {
    const a = rec('Шевченко', 'Олександр', null, '1990-05-17');
    const b = rec('Щевчеико', 'Oleksandr', null, '1990-05-17');
    const c = rec('Shevchenko', 'Oleksandr', null, '1991-05-17');
    const found = [...blockedPairs([a, b, c])].map(([i, j]) => `${i}${j}`);
    expect(found).toEqual(expect.arrayContaining(['01', '02']));
  });

  it('bounds the pairs of a big block by sorted neighbourhood, and keeps a namesake born a year off beside his record', () => {
    // A common surname's block: 400 people with a few dozen given and father's names, born over 40 years.
    const given = ['Олександр', 'Андрій', 'Сергій', 'Іван', 'Петро', 'Микола', 'Василь', 'Олег'];
    const father = ['Іванович', 'Петрович', 'Миколайович', 'Васильович', 'Олегович'];
    const records = Array.from({ length: 400 }, (_, k) =>
      rec(
        'Шевченко',
        given[k % 8] as string,
        father[(k >> 3) % 5] as string,
        `${1950 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}`,
      ),
    );
    // The same man written again: the father's name dropped, the year off by one.
    const man = records[123] as LinkRecord;
    records.push(
      rec('Шевченко', 'Андрій', null, `${(man.birthYear as number) + 1}-0${man.birthMonth}-${man.birthDay}`),
    );
    const all = [...blockedPairs(records)];
    const bounded = [...blockedPairs(records, { bigBlock: 200, window: 8 })];
    const broad = BLOCKING_RULES.indexOf('family_phonetic');
    const ofRule = (pairs: [number, number, number][]): number =>
      pairs.filter(([, , r]) => r === broad).length;
    expect(ofRule(bounded)).toBeLessThanOrEqual(records.length * 8 * 4);
    expect(ofRule(bounded)).toBeLessThan(ofRule(all));
    expect(new Set(bounded.map(([i, j]) => `${i}|${j}`)).size).toBe(bounded.length);
    expect(bounded.some(([i, j]) => i === 123 && j === 400)).toBe(true);
    expect([...blockedPairs(records, { bigBlock: 200, window: 8 })]).toEqual(bounded);
    // Blocks of up to bigBlock records are compared as before.
    const small = records.slice(0, 150);
    expect([...blockedPairs(small, { bigBlock: 200, window: 8 })]).toEqual([...blockedPairs(small)]);
  });
});

describe("the prior's matches per record, counted as the model scores (fs-16)", () => {
  // Men of eight common surnames, each born 1970–1994, some with a second record (a year-only date or no
  // patronymic: another source's): the family key's blocks hold many namesakes within a year of birth.
  const surnames = [
    'Шевченко',
    'Мельник',
    'Бондаренко',
    'Коваленко',
    'Ткаченко',
    'Кравченко',
    'Олійник',
    'Шевчук',
  ];
  const givens = [
    'Олександр',
    'Сергій',
    'Андрій',
    'Володимир',
    'Микола',
    'Іван',
    'Дмитро',
    'Юрій',
    'Василь',
    'Петро',
  ];
  const fathers = [
    'Олександрович',
    'Сергійович',
    'Андрійович',
    'Володимирович',
    'Миколайович',
    'Іванович',
    'Петрович',
    'Васильович',
  ];
  const rand = seededRandom(21);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const recs: LinkRecord[] = [];
  let truePairs = 0;
  for (let p = 0; p < 1500; p++) {
    const family = pick(surnames);
    const given = pick(givens);
    const father = pick(fathers);
    const y = 1970 + Math.floor(rand() * 25);
    const date = `${y}-${1 + Math.floor(rand() * 12)}-${1 + Math.floor(rand() * 28)}`;
    recs.push(rec(family, given, father, date));
    if (rand() < 0.4) {
      recs.push(rec(family, given, rand() < 0.3 ? null : father, rand() < 0.5 ? String(y) : date));
      truePairs++;
    }
  }
  const truth = (2 * truePairs) / recs.length;
  const at = new Date(0);
  const train = (matchesFrom?: 'scored' | 'sessions') =>
    trainModel({
      records: recs,
      pairs: blockedPairs(recs, { eachRule: true }),
      randomPairs: 50_000,
      at,
      ...(matchesFrom === undefined ? {} : { matchesFrom }),
    });

  it('follows the true count where the largest EM session took a block of namesakes for matches', () => {
    const scored = train('scored');
    const sessions = train('sessions');
    // Here: truth 0.572, scored 0.561, the sessions' 0.781.
    expect(Math.abs((scored.matchesPerRecord as number) - truth)).toBeLessThan(0.05 * truth);
    expect(sessions.matchesPerRecord as number).toBeGreaterThan(1.25 * truth);
    // m and u are the sessions': only the prior moves.
    expect(scored.m).toEqual(sessions.m);
    expect(scored.u).toEqual(sessions.u);
    expect(train('scored')).toEqual(scored);
    // The default since fs-16.
    expect(train()).toEqual(scored);
  });

  it('counts each blocked pair once, under the first rule that pairs it', () => {
    const first = firstRuleOf(recs);
    let once = 0;
    for (const [i, j, rule] of blockedPairs(recs, { eachRule: true })) if (first(i, j, rule)) once++;
    expect(once).toBe([...blockedPairs(recs)].length);
  });

  it('finds the matches among scored pairs at the prior they give', () => {
    // 30 pairs of one man (evidence +30 bits) among 10,000 pairs of strangers (−20), of 10⁶ pairs in all.
    const h = new EvidenceHistogram();
    h.add(30, 30);
    h.add(-20, 10_000);
    expect(scoredMatches(h, 1e6)).toBeCloseTo(30, 1);
    // Evidence that says nothing (0 bits) leaves the count at what the prior gives: none.
    const flat = new EvidenceHistogram();
    flat.add(0, 1000);
    expect(scoredMatches(flat, 1e6)).toBeLessThan(1e-3);
    expect(scoredMatches(new EvidenceHistogram(), 1e6)).toBe(0);
  });
});

describe('a trained model that learnt something other than matches is refused', () => {
  // 3,000 men of 160 surnames (20 stems × 8 suffixes), 15 given names, 10 patronymics, born 1960–1999:
  // alone (one record a man, a first load of distinct persons), or with a second record for 30% of them.
  const stems = ['Коваль', 'Мельн', 'Бондар', 'Шевч', 'Ткач', 'Кравч', 'Олійн', 'Лис', 'Гонч', 'Руд'];
  const more = ['Савч', 'Петр', 'Марч', 'Бойч', 'Кузьм', 'Павл', 'Тимч', 'Левч', 'Данил', 'Грищ'];
  const suffixes = ['енко', 'ук', 'ик', 'ець', 'ишин', 'ак', 'ович', 'ський'];
  const givens = ['Олександр', 'Сергій', 'Андрій', 'Володимир', 'Микола', 'Іван', 'Дмитро', 'Юрій'];
  const givens2 = ['Василь', 'Петро', 'Олег', 'Ігор', 'Тарас', 'Богдан', 'Роман'];
  const fathers = ['Олександрович', 'Сергійович', 'Андрійович', 'Володимирович', 'Миколайович'];
  const fathers2 = ['Іванович', 'Петрович', 'Васильович', 'Олегович', 'Ігорович'];
  const registry = (seconds: boolean): LinkRecord[] => {
    const rand = seededRandom(3);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const recs: LinkRecord[] = [];
    for (let p = 0; p < 3000; p++) {
      const y = 1960 + Math.floor(rand() * 40);
      const family = pick([...stems, ...more]) + pick(suffixes);
      const given = pick([...givens, ...givens2]);
      const father = pick([...fathers, ...fathers2]);
      const date = `${y}-${1 + Math.floor(rand() * 12)}-${1 + Math.floor(rand() * 28)}`;
      recs.push(rec(family, given, rand() < 0.8 ? father : null, rand() < 0.8 ? date : String(y)));
      if (seconds && rand() < 0.3)
        recs.push(rec(family, given, rand() < 0.7 ? father : null, rand() < 0.7 ? date : String(y)));
    }
    return recs;
  };
  const train = (recs: LinkRecord[]) =>
    trainModel({
      records: recs,
      pairs: blockedPairs(recs, { eachRule: true }),
      randomPairs: 50_000,
      at: new Date(0),
    });

  it('refuses a model trained on one record a man (EM called a slice of strangers matches)', () => {
    const lonely = train(registry(false));
    // Here: its matches agree exactly on the family name in 2.9% of pairs, strangers in 0.6%.
    expect(lonely.m.family_name[0]).toBeLessThan(0.1);
    expect(implausibleModel(lonely)).toMatch(/too few records of one person/);
  });

  it('accepts one trained where some men have two records, and the default', () => {
    const model = train(registry(true));
    expect(model.m.family_name[0]).toBeGreaterThan(0.9);
    expect(implausibleModel(model)).toBeNull();
    expect(implausibleModel(defaultModel())).toBeNull();
  });
});

describe('a person score bound without the string measures', () => {
  /** A record that gives no sex (the given name's class says it, `sexFromName`), else as `rec`. */
  const sexless = (family: string, given: string, patronymic: string | null, birth: string | null) => {
    const r = rec(family, given, patronymic, birth);
    return toLinkRecord({
      id: r.id,
      key_family: r.family,
      key_family_phonetic: r.familyPhonetic,
      key_given: r.given,
      key_father: r.father,
      given_name: given,
      patronymic,
      sex: null,
      birth_year: r.birthYear,
      birth_month: r.birthMonth,
      birth_day: r.birthDay,
      unit: null,
      service_number: null,
    });
  };
  // Every branch the bound weighs otherwise than exactly: equal keys and codes, close and near surnames, a
  // compound surname, names in each other's columns, a diminutive (a key of no class), a misspelt given name,
  // initials in place of the given name and patronymic, a sex the name says, units and service numbers.
  const records = [
    rec('Шевченко', 'Тарас', 'Григорович', '1980-03-09', { unit: 'А1234', service: 'АБ123' }),
    rec('Шевченко', 'Тарас', 'Григорович', '1980', { service: 'АБ124' }),
    rec('Schewtschenko', 'Taras', 'Hryhorowytsch', '1980-09-03'),
    rec('Шевченко-Коваль', 'Тарас', null, '1981-03-09'),
    rec('Коваль Шевченко', 'Тарас', 'Григорович', '1980-03-09'),
    rec('Шевченко Коваль Мороз', 'Тарас', null, '1980'),
    rec('Шевчекно', 'Тарас', 'Г.', null),
    rec('Шевченко', 'Т.Г.', null, '1979-03-09'),
    rec('Шевченко', 'Т.', null, '1980-03'),
    rec('Тарас', 'Шевченко', null, '1980-03-09'),
    rec('Мороз', 'Тарас', null, null),
    rec('Тарас', 'Мороз', null, '1980'),
    rec('Шевченко', 'Саша', 'Іванович', '1990-01-01', { unit: 'А1234' }),
    rec('Шевченко', 'Саша', 'Іванович', '1990-01-01', { unit: 'п/п В1234' }),
    rec('Шевченко', 'Тарас', 'Григорович', '1980-03-09', { unit: 'польова пошта А1234' }),
    rec('Шевченко', 'Олександр', 'Іванович', '1990-01-01'),
    rec('Шевченко', 'Олксандр', 'Иванович', '1991-01-01'),
    rec('Шевченко', 'Александр', 'Ив.', '1990'),
    sexless('Шевченко', 'Оксана', 'Іванівна', '1990-01-01'),
    sexless('Шевченко', 'Олександр', null, '1990-01-01'),
    rec('Шевченко', 'Оксана', 'Іванівна', '1990-01-01', { sex: 'female' }),
    rec('Шевченко', 'Олена', null, null, { sex: 'female' }),
    rec('Коваль', 'Іван', 'Петрович', '1975-05-05', { service: 'ВВ777' }),
    rec('Kowal', 'Iwan', 'Petrowycz', '1975-05-05'),
    rec('Коваленко', 'Іван', 'Петрович', '1976-05-05'),
    rec('Коваль', 'Ібан', 'Петрович', '1975'),
    rec('Коваль', 'І.П.', null, null),
    rec('Кoвaль', 'Іван', 'Петрович', '1965-05-05', { service: 'ВВ778' }),
    // sn16: the same man's number with its series, as digits alone (leading zero lost), and with a label left in.
    rec('Коваль', 'Іван', 'Петрович', '1965-05-05', { service: 'ВВ077812' }),
    rec('Коваль', 'Іван', null, '1965', { service: '77812' }),
    rec('Коваль', 'Іван', 'Петрович', null, { service: '№ ВВ077812' }),
    // Heard on the phone (fs-21): a surname's vowel, a given name of no class heard as one.
    rec('Шевчинко', 'Оликсандр', 'Іванович', '1990-01-01'),
    rec('Ковалинко', 'Іван', null, '1976'),
  ];
  const tf = termFrequenciesOfRecords(records);
  const random = defaultModel();
  const draw = seededRandom(31);
  for (const f of FIELDS) {
    random.m[f] = random.m[f].map(() => 0.001 + draw());
    random.u[f] = random.u[f].map(() => 0.001 + draw());
  }
  const models = [
    cm,
    compileModel(defaultModel(), tf),
    compileModel(defaultModel(), { ...tf, countsArriving: true }),
    compileModel(random, { ...tf, countsArriving: true }),
    // fs-20: the records thirty times over, so that surnames and given names, given names and fathers go
    // together far beyond independence and the joint shares weigh (`jointShare`).
    compileModel(defaultModel(), {
      ...termFrequenciesOfRecords(records.flatMap((r) => Array(30).fill(r))),
      countsArriving: true,
    }),
  ];

  it('is at least scorePerson for each record against every person of one to three of the others, and personReaches answers as scoring', () => {
    let pairs = 0;
    let settled = 0;
    // Some 134,000 persons, each checked nine ways: compared in the loop and asserted once at the end (every
    // disagreement counted, the first ones named), not by an `expect` each (a microsecond against 15).
    const wrong: string[] = [];
    let disagreements = 0;
    const same = (what: () => string, got: unknown, want: unknown): void => {
      if (Object.is(got, want)) return;
      if (disagreements++ < 10) wrong.push(`${what()}: ${String(got)}, not ${String(want)}`);
    };
    for (const model of models) {
      const codes = new BoundCodes();
      for (const probe of records) {
        const others = records.filter((r) => r !== probe);
        // One bound for the record across its persons (it remembers its keys' adjustments by count), and
        // one reading the records coded as small integers (a table per model: coded as met).
        const kept = new ScoreBound(model, probe);
        const coded = new ScoreBound(model, probe, codes);
        for (let i = 0; i < others.length; i++)
          for (let j = i; j < others.length; j++)
            for (let k = j; k < others.length; k += 11) {
              const held = [...new Set([others[i], others[j], others[k]])] as LinkRecord[];
              const person = { personId: 'p', records: held };
              const score = scorePerson(model, probe, person).score;
              const bound = personScoreBound(model, probe, held);
              const which = () => `${probe.id} against ${held.map((r) => r.id).join('+')}`;
              same(() => `kept bound, ${which()}`, kept.person(held), bound);
              same(() => `coded bound, ${which()}`, coded.person(held), bound);
              // Kept by a number the caller gives (a few numbers for many persons: each new array of
              // records under a number is coded anew).
              same(() => `coded bound by number, ${which()}`, coded.person(held, pairs % 7), bound);
              same(() => `bound ${bound} at least score ${score}, ${which()}`, bound >= score - 1e-9, true);
              for (const t of [model.model.thresholds.auto, model.model.thresholds.review, 0, score])
                same(() => `reaches ${t}, ${which()}`, personReaches(model, probe, person, t), score >= t);
              if (!personMayReach(model, probe, held, model.model.thresholds.auto)) settled++;
              pairs++;
            }
      }
    }
    expect({ disagreements, wrong }).toEqual({ disagreements: 0, wrong: [] });
    expect(pairs).toBeGreaterThan(5_000);
    expect(settled).toBeGreaterThan(0);
  });

  it('weighs exactly a pair whose fields the cheap tests settle: equal keys, dates, identifiers', () => {
    const a = records[0] as LinkRecord;
    const b = rec('Шевченко', 'Тарас', 'Григорович', '1980-03-09', { unit: 'А1234', service: 'АБ123' });
    expect(personScoreBound(cm, a, [b])).toBeCloseTo(
      scorePerson(cm, a, { personId: 'p', records: [b] }).score,
      9,
    );
  });

  it('from the records coded as small integers, is the same number for every pair of birth dates known in part or whole, a year apart or more, day and month swapped', () => {
    const dates: (string | null)[] = [null];
    for (const y of ['1980', '1981', '1982'])
      for (const m of ['', '-03', '-09'])
        for (const d of m === '' ? [''] : ['', '-03', '-09', '-10']) dates.push(`${y}${m}${d}`);
    const held = dates.map((d) => rec('Шевченко', 'Тарас', 'Григорович', d));
    let pairs = 0;
    for (const model of models) {
      const codes = new BoundCodes();
      for (const probe of held) {
        const plain = new ScoreBound(model, probe);
        const coded = new ScoreBound(model, probe, codes);
        for (const r of held) {
          expect(coded.person([r])).toBe(plain.person([r]));
          pairs++;
        }
      }
    }
    expect(pairs).toBe(models.length * dates.length ** 2);
  });

  it('is −Infinity for a person of no records, and such a person reaches nothing', () => {
    const probe = records[0] as LinkRecord;
    expect(personScoreBound(cm, probe, [])).toBe(-Infinity);
    expect(personReaches(cm, probe, { personId: 'p', records: [] }, -1e9)).toBe(false);
  });
});

describe('names that go together weigh as they go together (fs-20)', () => {
  const a = rec('Шевченко', 'Тарас', 'Григорович', '1980-03-09');
  const b = rec('Шевченко', 'Тарас', 'Григорович', '1980-03-09');
  const family = a.family as string;
  const given = a.given as string;
  const father = a.father as string;
  /** A registry of 100,000 records: the surname 200 times, the given name 1 in 50, the father 1 in 20. */
  const counts = (familyGiven: number | null, givenFather: number | null, givenFathers = 1_600) =>
    compileModel(defaultModel(), {
      records: 100_000,
      family: new Map([[family, 200]]),
      given: new Map([[given, 2_000]]),
      father: { counts: new Map([[father, 4_000]]), records: 80_000 },
      ...(familyGiven === null ? {} : { familyGiven: new Map([[jointKey(family, given), familyGiven]]) }),
      ...(givenFather === null
        ? {}
        : {
            givenFather: new Map([
              [jointKey(given, father), givenFather],
              [jointKey(given, ''), givenFathers],
            ]),
          }),
    });
  const weight = (model: ReturnType<typeof compileModel>, field: 'given_name' | 'patronymic', x = a, y = b) =>
    scorePair(model, x, y).contributions.find((c) => c.field === field)?.weight as number;

  it('weighs a given name by its share among the surname’s other holders where that share is far above its own', () => {
    const independent = weight(counts(null, null), 'given_name');
    // 60 of the surname's 199 other holders are Тарас (1 in 3.3), against 1 in 50 in the registry.
    const joint = weight(counts(60, null), 'given_name');
    expect(joint).toBeLessThan(independent - 2);
    const model = counts(60, null);
    const share = jointShare(model.givenFreq(given, 1) as number, 59, 199);
    expect(share).toBeCloseTo(
      (59 + JOINT_PSEUDO * (model.givenFreq(given, 1) as number)) / (199 + JOINT_PSEUDO),
      12,
    );
    expect(joint).toBeCloseTo(
      ((model.weights[1] as Float64Array)[0] as number) + Math.max(-6, Math.log2(model.uGivenSame / share)),
      3,
    );
  });

  it('leaves the given name’s weight as it was where the surname’s holders carry it about as often as everyone (within two deviations), or less', () => {
    const independent = weight(counts(null, null), 'given_name');
    // 199 others × 1 in 50: about 4 expected, σ 2; 7 is within two deviations, 0 below.
    expect(weight(counts(8, null), 'given_name')).toBe(independent);
    expect(weight(counts(1, null), 'given_name')).toBe(independent);
    expect(weight(counts(0, null), 'given_name')).toBe(independent);
  });

  it('reads no custom into one or two namesakes of a small family (a count’s deviation is at least one holder)', () => {
    const small = (familyCount: number, familyGiven: number) =>
      compileModel(defaultModel(), {
        records: 100_000,
        family: new Map([[family, familyCount]]),
        given: new Map([[given, 2_000]]),
        familyGiven: new Map([[jointKey(family, given), familyGiven]]),
      });
    const independent = weight(counts(null, null), 'given_name');
    // The candidate's record and one or two other Шевченко, all Тарас: an expectation of 0.02 to 0.04.
    expect(weight(small(2, 2), 'given_name')).toBe(weight(small(2, 0), 'given_name'));
    expect(weight(small(3, 3), 'given_name')).toBe(weight(small(3, 0), 'given_name'));
    // Three others: beyond two holders of excess, discounted.
    expect(weight(small(4, 4), 'given_name')).toBeLessThan(weight(small(4, 0), 'given_name'));
    expect(weight(small(2, 0), 'given_name')).toBe(independent);
  });

  it('never raises a weight, whatever the counts', () => {
    const draw = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const fg = Math.floor(draw() * 200);
      const gf = Math.floor(draw() * 1_600);
      const model = counts(fg, gf);
      expect(weight(model, 'given_name')).toBeLessThanOrEqual(weight(counts(null, null), 'given_name'));
      expect(weight(model, 'patronymic')).toBeLessThanOrEqual(weight(counts(null, null), 'patronymic'));
    }
  });

  it('reads the joint share only where the surnames agree, and the father’s only where the given names agree', () => {
    const model = counts(60, 1_200);
    const otherFamily = rec('Коваль', 'Тарас', 'Григорович', '1980-03-09');
    expect(weight(model, 'given_name', a, otherFamily)).toBe(
      weight(counts(null, null), 'given_name', a, otherFamily),
    );
    const otherGiven = rec('Шевченко', 'Іван', 'Григорович', '1980-03-09');
    expect(weight(model, 'patronymic', a, otherGiven)).toBe(
      weight(counts(null, null), 'patronymic', a, otherGiven),
    );
  });

  it('weighs a patronymic by its share among the given name’s other holders who give one', () => {
    const independent = weight(counts(null, null), 'patronymic');
    // Of 1,600 Тарас giving a patronymic, 400 are sons of a Григорій (1 in 4), against 1 in 20 of all.
    expect(weight(counts(null, 400), 'patronymic')).toBeLessThan(independent - 1.5);
    // 80 of 1,600 is 1 in 20: as independent.
    expect(weight(counts(null, 80), 'patronymic')).toBe(independent);
  });

  it('leaves the pair’s own records out of the joint counts', () => {
    // All the surname's holders but the candidate's own records hold the given name: 3 records of the
    // candidate, and the arriving one counted, are not evidence that the name runs in the family.
    const mine = [b, rec('Шевченко', 'Тарас', null, '1980'), rec('Шевченко', 'Тарас', null, null)];
    const model = compileModel(defaultModel(), {
      records: 100_000,
      family: new Map([[family, 4]]),
      given: new Map([[given, 2_000]]),
      familyGiven: new Map([[jointKey(family, given), 4]]),
      countsArriving: true,
    });
    const plain = compileModel(defaultModel(), {
      records: 100_000,
      family: new Map([[family, 4]]),
      given: new Map([[given, 2_000]]),
      countsArriving: true,
    });
    expect(scorePair(model, a, b, mine).score).toBe(scorePair(plain, a, b, mine).score);
  });

  it('is weighed the same by ScoreBound, coded or not, as by the score for an exact pair', () => {
    for (const model of [counts(60, 400), counts(60, null), counts(null, 400)]) {
      const score = scorePerson(model, a, { personId: 'p', records: [b] }).score;
      expect(personScoreBound(model, a, [b])).toBeCloseTo(score, 9);
      expect(new ScoreBound(model, a, new BoundCodes()).person([b])).toBeCloseTo(score, 9);
      expect(score).toBeLessThan(scorePerson(counts(null, null), a, { personId: 'p', records: [b] }).score);
    }
  });

  it('counts the joint keys of records held in memory', () => {
    const tf = termFrequenciesOfRecords([
      a,
      b,
      rec('Шевченко', 'Тарас', null, null),
      rec('Шевченко', 'Іван', 'Петрович', null),
    ]);
    expect(tf.familyGiven?.get(jointKey(family, given))).toBe(3);
    expect(tf.givenFather?.get(jointKey(given, father))).toBe(2);
    expect(tf.givenFather?.get(jointKey(given, ''))).toBe(2);
  });
});

describe('a birth year weighed among its given name’s holders (bench knob GIVENYEAR, yr2)', () => {
  const a = rec('Шевченко', 'Дарина', 'Григорівна', '2010-03-09');
  const b = rec('Шевченко', 'Дарина', null, '2010');
  const given = a.given as string;
  /** 100,000 records giving a year, 2010 1 in 50; the given name 1,000 times, `inYear` of them born in 2010. */
  const counts = (inYear: number | null, raw = false) =>
    compileModel(defaultModel(), {
      records: 100_000,
      family: new Map([[a.family as string, 200]]),
      given: new Map([[given, 1_000]]),
      birthYear: { counts: new Map([['2010', 2_000]]), records: 100_000 },
      ...(inYear === null
        ? {}
        : {
            givenYear: new Map([
              [jointKey(given, '2010'), inYear],
              [jointKey(given, ''), 1_000],
            ]),
            givenYearRaw: raw,
          }),
    });
  const year = (model: ReturnType<typeof compileModel>, x = a, y = b) =>
    scorePair(model, x, y).contributions.find((c) => c.field === 'birth_date')?.weight as number;

  it('weighs agreeing years by their share among the given name’s other holders where that share is far above the year’s own', () => {
    const independent = year(counts(null));
    // 200 of 1,000 Дарина born in 2010 (1 in 5), against 1 in 50 of all: about log2(10) bits less.
    expect(year(counts(200))).toBeLessThan(independent - 3);
    expect(year(counts(200))).toBeGreaterThan(independent - 4);
    // 20 of 1,000: as independent (and within two deviations above it, too).
    expect(year(counts(20))).toBe(independent);
    expect(year(counts(25))).toBe(independent);
    // Without the gate (GIVENYEAR=raw), a share a little above the year's own lowers the weight a little.
    expect(year(counts(30, true))).toBeLessThan(independent);
  });

  it('reads the share only where the given names agree, and never raises a weight', () => {
    const other = rec('Шевченко', 'Оксана', null, '2010');
    expect(year(counts(200), a, other)).toBe(year(counts(null), a, other));
    for (const n of [0, 5, 20, 100, 500, 1_000])
      expect(year(counts(n))).toBeLessThanOrEqual(year(counts(null)));
  });

  it('counts given × year in memory only when asked (production counts are unchanged)', () => {
    const records = [a, b, rec('Коваль', 'Дарина', null, null)];
    expect(termFrequenciesOfRecords(records).givenYear).toBeUndefined();
    const tf = termFrequenciesOfRecords(records, { givenYear: true });
    expect(tf.givenYear?.get(jointKey(given, '2010'))).toBe(2);
    expect(tf.givenYear?.get(jointKey(given, ''))).toBe(2);
  });
});

describe('a guessed birth year is kept out of training (age2)', () => {
  // A year worked out from an age ("35 років") or written as a guess ("бл. 1979") is a year off in about four
  // true pairs of ten: trained on, it taught every row that a year off by one is a man's (rc8). Training reads
  // it as no year at all; linking still compares it by its year alone.
  const families = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Мельник', 'Кравченко', 'Олійник'];
  const givens = ['Олександр', 'Андрій', 'Сергій', 'Петро', 'Іван', 'Микола'];
  const patronymics = ['Петрович', 'Іванович', 'Миколайович'];
  function population(second: 'guessed' | 'stated' | 'none'): LinkRecord[] {
    const rand = seededRandom(17);
    const out: LinkRecord[] = [];
    for (let p = 0; p < 400; p++) {
      const f = families[Math.floor(rand() * families.length)] as string;
      const g = givens[Math.floor(rand() * givens.length)] as string;
      const pat = patronymics[Math.floor(rand() * patronymics.length)] as string;
      const y = 1960 + Math.floor(rand() * 40);
      out.push(rec(f, g, pat, `${y}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`));
      if (rand() < 0.6) {
        const year = String(rand() < 0.4 ? y + 1 : y);
        out.push(
          second === 'none' ? rec(f, g, pat, null) : rec(f, g, pat, year, { guessed: second === 'guessed' }),
        );
      }
    }
    return out;
  }
  const guessed = population('guessed');
  const pairs = [...blockedPairs(guessed, { eachRule: true })];
  const at = new Date(0);
  const train = (records: LinkRecord[]) => trainModel({ records, pairs, randomPairs: 20_000, at });

  // The prior counts each pair once under the first rule that blocks it, which reads the year as written: the
  // same pairs, so only m and u are held equal here.
  it('trains on a guessed year as on no year: the same m and u', () => {
    const none = population('none');
    expect(none.length).toBe(guessed.length);
    const a = train(guessed);
    const b = train(none);
    expect(a.m).toEqual(b.m);
    expect(a.u).toEqual(b.u);
  });

  it('still learns from a year written as such (the test bites)', () => {
    const offByOne = LEVELS.birth_date.indexOf('year_off_by_one');
    expect(train(population('stated')).m.birth_date[offByOne]).not.toBe(
      train(guessed).m.birth_date[offByOne],
    );
  });
});
