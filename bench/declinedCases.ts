/**
 * Names written in every oblique case, as the import reads them (issue #11, branch decl2). For generated persons
 * (PROFILE=realistic|mixed, PERSONS, default 3,000), each person's Ukrainian and Russian nominative is declined
 * here, by a grammar of its own (not names/decline.ts's rules read backwards), into the genitive, dative,
 * accusative, instrumental and locative (Russian: prepositional), with and without the patronymic, with and
 * without the record's sex; each written record goes through the import (validateRecordFields, then the stored
 * name keys: bench/keyTally.ts `keysOf`), and the tally says how often the family key, the given-name key and the
 * father key are the nominative record's own. The surnames a generated population rarely draws (men's in -а/-я:
 * Дзюба, Сирота; -ко for a man; Romanian -у) are added as a second set ("extra"), on the same persons' given names.
 *
 * False readings: every nominative record (the persons', and the extra surnames beside them: Кучма Микола,
 * Сава Ілля) must keep its keys; a record whose keys change is counted and shown.
 *
 *   npx tsx --conditions=source bench/declinedCases.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { parseNameFields, nameKeys } from '@homecoming/names';
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { keysPopulation } from './keyTally.js';
import { personNames } from './search/variants.js';

type Sex = 'male' | 'female';
type Lang = 'uk' | 'ru';
type Case = 'gen' | 'dat' | 'acc' | 'ins' | 'loc';
const CASES: readonly Case[] = ['gen', 'dat', 'acc', 'ins', 'loc'];
const SHOW = Number(process.env['SHOW'] ?? 0);

const HUSH = /[жчшщ]$/u;
/** The case endings of one paradigm, in the order of CASES. */
type Endings = readonly [string, string, string, string, string];
const swap = (w: string, cut: number, e: Endings, c: Case): string =>
  w.slice(0, w.length - cut) + e[CASES.indexOf(c)];

/** A noun of the first declension (-а/-я), Ukrainian or Russian: Дзюба, Микола, Марина, Зозуля, Марія. */
function declineA(w: string, c: Case, lang: Lang): string {
  const stem = w.slice(0, -1);
  if (lang === 'uk') {
    if (w.endsWith('ія')) return swap(w, 1, ['ї', 'ї', 'ю', 'єю', 'ї'], c);
    if (w.endsWith('я')) return swap(w, 1, ['і', 'і', 'ю', 'ею', 'і'], c);
    // Сорока → Сороці, Ольга → Ользі, Сваха → Свасі: the velar alternates before -і.
    const soft = stem.replace(/г$/u, 'з').replace(/к$/u, 'ц').replace(/х$/u, 'с');
    const gen = HUSH.test(stem) ? 'і' : 'и';
    const ins = HUSH.test(stem) ? 'ею' : 'ою';
    return c === 'dat' || c === 'loc' ? `${soft}і` : stem + { gen, acc: 'у', ins }[c];
  }
  if (w.endsWith('ия')) return swap(w, 1, ['и', 'и', 'ю', 'ей', 'и'], c);
  if (w.endsWith('я')) return swap(w, 1, ['и', 'е', 'ю', 'ей', 'е'], c);
  const gen = /[гкхжчшщ]$/u.test(stem) ? 'и' : 'ы';
  const ins = /[жчшщц]$/u.test(stem) ? 'ей' : 'ой';
  return swap(w, 1, [gen, 'е', 'у', ins, 'е'], c);
}

/** A man's noun of the second declension (consonant, -о, -ь, -й): Шевчук, Коваленко, Петро, Коваль, Андрій. */
function declineMasc(w: string, c: Case, lang: Lang, given: boolean): string {
  if (lang === 'uk') {
    // Ukrainian men's dative and locative take -ові/-еві/-єві more than -у/-ю in lists; both are written.
    if (/ь$/u.test(w)) {
      const stem = w.replace(/ець$/u, 'ц').replace(/ь$/u, '');
      return stem + { gen: 'я', dat: 'ю', acc: 'я', ins: 'ем', loc: 'еві' }[c];
    }
    if (/[аеиоуіїєюя]й$/u.test(w)) return swap(w, 1, ['я', 'ю', 'я', 'єм', 'єві'], c);
    if (w.endsWith('о')) return swap(w, 1, ['а', 'у', 'а', 'ом', 'ові'], c);
    if (given && w === 'Ігор') return swap(w, 0, ['я', 'ю', 'я', 'ем', 'еві'], c);
    const open: Record<string, string> = { Федір: 'Федор', Яків: 'Яков', Сидір: 'Сидор', Антін: 'Антон' };
    const stem = (given ? open[w] : undefined) ?? w;
    const ins = HUSH.test(stem) ? 'ем' : 'ом';
    return stem + { gen: 'а', dat: 'у', acc: 'а', ins, loc: 'ові' }[c];
  }
  if (w.endsWith('ий')) return swap(w, 1, ['я', 'ю', 'я', 'ем', 'и'], c); // Юрий
  if (/[аеоуя]й$/u.test(w)) return swap(w, 1, ['я', 'ю', 'я', 'ем', 'е'], c);
  if (w.endsWith('ь')) return swap(w, 1, ['я', 'ю', 'я', 'ем', 'е'], c);
  if (given && w === 'Павел') return swap(w, 2, ['ла', 'лу', 'ла', 'лом', 'ле'], c);
  if (given && w === 'Лев') return swap(w, 2, ['ьва', 'ьву', 'ьва', 'ьвом', 'ьве'], c);
  if (w.endsWith('ец')) return swap(w, 2, ['ца', 'цу', 'ца', 'цом', 'це'], c);
  if (w.endsWith('о')) return w; // Коваленко: Russian lists do not decline -ко
  const ins = /[жчшщц]$/u.test(w) ? 'ем' : 'ом';
  return w + { gen: 'а', dat: 'у', acc: 'а', ins, loc: 'е' }[c];
}

/** A surname in a case, by the bearer's sex and the language. */
function declineFamily(f: string, sex: Sex, c: Case, lang: Lang): string {
  if (f.includes('-'))
    return f
      .split('-')
      .map((p) => declineFamily(p, sex, c, lang))
      .join('-');
  if (lang === 'uk') {
    if (/(ий|ій)$/u.test(f) && sex === 'male')
      return f.endsWith('ій')
        ? swap(f, 2, ['ього', 'ьому', 'ього', 'ім', 'ьому'], c)
        : swap(f, 2, ['ого', 'ому', 'ого', 'им', 'ому'], c);
    if (/(ськ|цьк|зьк)а$/u.test(f) || (sex === 'female' && /(ов|ев|єв|ін|ин|їн)а$/u.test(f)))
      return swap(f, 1, ['ої', 'ій', 'у', 'ою', 'ій'], c);
    if (/[ая]$/u.test(f)) return declineA(f, c, lang);
    if (/[ую]$/u.test(f)) return f; // Мунтяну, Чобану
    if (sex === 'female') return f;
    if (/(ов|ев|єв|ін|ин|їн)$/u.test(f))
      return f + { gen: 'а', dat: 'у', acc: 'а', ins: 'им', loc: 'ові' }[c];
    if (/[еиіє]$/u.test(f)) return f;
    return declineMasc(f, c, lang, false);
  }
  if (/(ий|ой|ый)$/u.test(f) && sex === 'male') {
    const soft = /[гкхжчшщ]ий$/u.test(f) ? 'и' : 'ы';
    return swap(f, 2, ['ого', 'ому', 'ого', `${soft}м`, 'ом'], c);
  }
  if (/ая$/u.test(f)) return swap(f, 2, ['ой', 'ой', 'ую', 'ой', 'ой'], c);
  if (sex === 'female' && /(ов|ев|ёв|ин|ын)а$/u.test(f)) return swap(f, 1, ['ой', 'ой', 'у', 'ой', 'ой'], c);
  if (/[ая]$/u.test(f)) return declineA(f, c, lang);
  if (/[уюоеиы]$/u.test(f) || sex === 'female') return f;
  if (/(ов|ев|ёв|ин|ын)$/u.test(f)) return f + { gen: 'а', dat: 'у', acc: 'а', ins: 'ым', loc: 'е' }[c];
  return declineMasc(f, c, lang, false);
}

function declineGiven(g: string, sex: Sex, c: Case, lang: Lang): string {
  if (/[ая]$/u.test(g)) return declineA(g, c, lang);
  if (sex === 'female') {
    // Любов, Любовь: the genitive, dative and locative in -і/-и; the accusative as the nominative.
    if (/в$/u.test(g)) return c === 'acc' ? g : c === 'ins' ? `${g}'ю` : `${g}і`;
    if (/вь$/u.test(g)) return c === 'acc' ? g : c === 'ins' ? `${g}ю` : `${g.slice(0, -1)}и`;
    return g;
  }
  return declineMasc(g, c, lang, true);
}

function declinePatronymic(p: string, sex: Sex, c: Case, lang: Lang): string {
  if (p === '') return p;
  if (sex === 'female')
    return lang === 'uk'
      ? swap(p, 1, ['и', 'і', 'у', 'ою', 'і'], c)
      : swap(p, 1, ['ы', 'е', 'у', 'ой', 'е'], c);
  return lang === 'uk'
    ? p + { gen: 'а', dat: 'у', acc: 'а', ins: 'ем', loc: 'у' }[c]
    : p + { gen: 'а', dat: 'у', acc: 'а', ins: 'ем', loc: 'е' }[c];
}

/** Surnames a generated population rarely holds, [uk, ru, uk feminine, ru feminine] (the same where invariable). */
const EXTRA: readonly (readonly [string, string, string, string])[] = [
  ['Дзюба', 'Дзюба', 'Дзюба', 'Дзюба'],
  ['Сирота', 'Сирота', 'Сирота', 'Сирота'],
  ['Гайда', 'Гайда', 'Гайда', 'Гайда'],
  ['Ничипора', 'Ничипора', 'Ничипора', 'Ничипора'],
  ['Кучма', 'Кучма', 'Кучма', 'Кучма'],
  ['Байда', 'Байда', 'Байда', 'Байда'],
  ['Сорока', 'Сорока', 'Сорока', 'Сорока'],
  ['Зозуля', 'Зозуля', 'Зозуля', 'Зозуля'],
  ['Сава', 'Сава', 'Сава', 'Сава'],
  ['Мазепа', 'Мазепа', 'Мазепа', 'Мазепа'],
  ['Коваленко', 'Коваленко', 'Коваленко', 'Коваленко'],
  ['Грищенко', 'Грищенко', 'Грищенко', 'Грищенко'],
  ['Ковальський', 'Ковальский', 'Ковальська', 'Ковальская'],
  ['Мунтяну', 'Мунтяну', 'Мунтяну', 'Мунтяну'],
  ['Гуменюк', 'Гуменюк', 'Гуменюк', 'Гуменюк'],
  ['Кравець', 'Кравец', 'Кравець', 'Кравец'],
];

type Keys = ReturnType<typeof nameKeys>;
function keysOfWritten(
  row: Record<string, string>,
  family: string,
  given: string,
  patronymic: string,
  sex: string,
) {
  const v = validateRecordFields({ ...row, family_name: family, given_name: given, patronymic, sex });
  if (!v.ok) return null;
  return nameKeys(
    parseNameFields(v.value.family_name ?? '', v.value.given_name ?? '', v.value.patronymic ?? ''),
  );
}

type Tally = { n: number; family: number; given: number; father: number; all: number; shown: number };
const tallies = new Map<string, Tally>();
const falseReadings = { n: 0, changed: 0 };
const falseExamples: string[] = [];

function add(label: string, own: Keys, got: Keys | null, withPatronymic: boolean, shown: string): void {
  const t = tallies.get(label) ?? { n: 0, family: 0, given: 0, father: 0, all: 0, shown: 0 };
  tallies.set(label, t);
  t.n++;
  const fam = got !== null && got.family === own.family;
  const giv = got !== null && got.given === own.given;
  const fat = !withPatronymic || (got !== null && got.father === own.father);
  if (fam) t.family++;
  if (giv) t.given++;
  if (fat) t.father++;
  if (fam && giv && fat) t.all++;
  else if (t.shown++ < SHOW) console.log(label, shown);
}

for (const row of keysPopulation()) {
  const p = personNames(row);
  const sex: Sex = row.sex === 'female' ? 'female' : 'male';
  const extra = EXTRA[Math.abs(hash(row.external_id)) % EXTRA.length] as (typeof EXTRA)[number];
  for (const lang of ['uk', 'ru'] as const) {
    const given = lang === 'uk' ? p.givenUk : p.givenRu;
    const patronymic = lang === 'uk' ? p.patronymicUk : p.patronymicRu;
    if (!/^[\p{Script=Cyrillic}'’-]+$/u.test(given)) continue;
    const families: [string, string][] = [
      ['persons', lang === 'uk' ? p.familyUk : p.familyRu],
      ['extra', extra[(lang === 'uk' ? 0 : 1) + (sex === 'female' ? 2 : 0)] ?? extra[0]],
    ];
    for (const [set, family] of families) {
      if (!/^[\p{Script=Cyrillic}'’-]+$/u.test(family)) continue;
      for (const withPatronymic of [true, false]) {
        if (withPatronymic && patronymic === '') continue;
        const pat = withPatronymic ? patronymic : '';
        for (const withSex of [true, false]) {
          const sexCell = withSex ? sex : '';
          const own = keysOfWritten(row, family, given, pat, sexCell);
          if (own === null) continue;
          // The nominative must keep its keys: read as written by the reader with no declension at all.
          const plain = nameKeys(parseNameFields(family, given, pat));
          falseReadings.n++;
          if (JSON.stringify(own) !== JSON.stringify(plain)) {
            falseReadings.changed++;
            if (falseExamples.length < 20)
              falseExamples.push(`${lang} ${family} ${given} ${pat} (${sexCell || 'no sex'})`);
          }
          for (const c of CASES) {
            const w = [
              declineFamily(family, sex, c, lang),
              declineGiven(given, sex, c, lang),
              declinePatronymic(pat, sex, c, lang),
            ] as const;
            const got = keysOfWritten(row, w[0], w[1], w[2], sexCell);
            const label = `${set} ${lang} ${sex === 'male' ? 'm' : 'f'} ${c} ${withPatronymic ? 'P' : '-'}${withSex ? 'S' : '-'}`;
            add(label, plain, got, withPatronymic, JSON.stringify(w));
          }
        }
      }
    }
  }
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log(
  `profile ${process.env['PROFILE'] ?? 'realistic'}, ${process.env['PERSONS'] ?? 3000} persons; P: with patronymic, S: with sex`,
);
console.log(
  `nominative records whose keys the import changes: ${falseReadings.changed} of ${falseReadings.n}`,
);
for (const e of falseExamples) console.log(`  ${e}`);
console.log('set      lang sex case PS       n  family   given  father  all keys');
// Rolled up by set, language, sex, case and patronymic (sex cell or not, summed), then the overall figure.
const roll = new Map<string, Tally>();
for (const [label, t] of tallies) {
  const k = label.slice(0, -1);
  const r = roll.get(k) ?? { n: 0, family: 0, given: 0, father: 0, all: 0, shown: 0 };
  for (const f of ['n', 'family', 'given', 'father', 'all'] as const) r[f] += t[f];
  roll.set(k, r);
}
const total = { n: 0, all: 0 };
for (const [k, t] of [...roll].sort((a, b) => a[0].localeCompare(b[0]))) {
  total.n += t.n;
  total.all += t.all;
  console.log(
    `${k.padEnd(24)} ${String(t.n).padStart(6)} ${pct(t.family, t.n)} ${pct(t.given, t.n)} ${pct(t.father, t.n)} ${pct(t.all, t.n)}`,
  );
}
console.log(
  `all declined records keyed as the nominative: ${total.all} of ${total.n} (${pct(total.all, total.n).trim()})`,
);
