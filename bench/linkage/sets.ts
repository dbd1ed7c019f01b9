/**
 * Labelled sets for record-linkage evaluation (generated people only). A registry of persons, each
 * described by one record and, for some, by further records from other sources written the way those
 * sources write (Ukrainian or Russian Cyrillic, KMU/ICAO/BGN Latin, German or Polish spellings, typos,
 * a dropped patronymic, a birth date given as a year, off by one, day and month swapped or absent, a
 * service number or unit kept or not). Every record keeps its true person (`truth`). An incoming list
 * mixes such variants of registry persons with people the registry does not hold.
 *
 * Deterministic: a seed gives the same sets. The noise profiles are PROFILES (and bench/linkage/README.md).
 */
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';
import { generatePopulation, mulberry32 } from '../../packages/server/src/seed/population.js';
import { applyTypo, personNames, renderNames, type Rendered, type TypoKind } from '../search/variants.js';

/** A generated record with its true person. */
export interface LabelledRow extends CanonicalCsvRow {
  truth: string;
}

type Style = 'uk' | 'ru' | 'kmu' | 'icao' | 'bgn' | 'de' | 'pl';

/** The noise model of the extra records and list rows. */
export interface NoiseRates {
  /** Registry persons with extra records (1–3 of them, uniformly). */
  duplicated: number;
  style: Record<Style, number>;
  typo: number;
  dropPatronymic: number;
  birth: { full: number; year: number; year_off: number; swap: number; absent: number };
  keepServiceNumber: number;
  keepUnit: number;
  dropSex: number;
  /** Share of an incoming list about people not in the registry. */
  listNew: number;
}

/**
 * Two profiles. `typical`: lists as official sources send them (ICRC notifications, exchange lists):
 * a birth date nearly always, a patronymic usually. `harsh`: hotline and media reports too: patronymic
 * dropped in 40%, birth date only a year, off by one, swapped or absent in 40%.
 */
export const PROFILES: Record<'typical' | 'harsh', NoiseRates> = {
  typical: {
    duplicated: 0.5,
    style: { uk: 0.3, ru: 0.25, kmu: 0.2, icao: 0.1, bgn: 0.05, de: 0.05, pl: 0.05 },
    typo: 0.1,
    dropPatronymic: 0.15,
    birth: { full: 0.85, year: 0.05, year_off: 0.04, swap: 0.03, absent: 0.03 },
    keepServiceNumber: 0.5,
    keepUnit: 0.5,
    dropSex: 0.2,
    listNew: 0.3,
  },
  harsh: {
    duplicated: 0.5,
    style: { uk: 0.3, ru: 0.25, kmu: 0.2, icao: 0.1, bgn: 0.05, de: 0.05, pl: 0.05 },
    typo: 0.15,
    dropPatronymic: 0.4,
    birth: { full: 0.6, year: 0.15, year_off: 0.07, swap: 0.05, absent: 0.13 },
    keepServiceNumber: 0.5,
    keepUnit: 0.5,
    dropSex: 0.2,
    listNew: 0.3,
  },
};
export type Profile = keyof typeof PROFILES;

function pick<K extends string>(shares: Record<K, number>, r: number): K {
  let acc = 0;
  const keys = Object.keys(shares) as K[];
  for (const k of keys) {
    acc += shares[k];
    if (r < acc) return k;
  }
  return keys[keys.length - 1] as K;
}

const TYPOS: TypoKind[] = ['substitution', 'deletion', 'transposition', 'doubling'];

function render(row: CanonicalCsvRow, style: Style): Rendered {
  // The linkage styles never include the English one, the only style that draws on `rand`.
  return renderNames(personNames(row), style, () => 0);
}

function noisyBirth(birth: string, rates: NoiseRates, rand: () => number): string {
  if (birth === '') return '';
  const [y, m, d] = birth.split('-');
  switch (pick(rates.birth, rand())) {
    case 'full':
      return birth;
    case 'year':
      return y as string;
    case 'year_off': {
      const ny = Number(y) + (rand() < 0.5 ? -1 : 1);
      // Keep it a real date: 29 February moves to the 28th.
      const nd = m === '02' && d === '29' ? '28' : d;
      return [String(ny), m, nd].filter((x) => x !== undefined).join('-');
    }
    case 'swap':
      return d !== undefined && Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : birth;
    case 'absent':
      return '';
  }
}

/** One record about `row`'s person as another source would write it. */
export function variantOf(
  row: CanonicalCsvRow,
  id: string,
  source: string,
  rates: NoiseRates,
  rand: () => number,
): CanonicalCsvRow {
  const style = pick(rates.style, rand());
  const names = render(row, style);
  if (rand() < rates.typo) {
    const field = rand() < 0.6 ? 'family' : 'given';
    const t = applyTypo(names[field], TYPOS[Math.floor(rand() * TYPOS.length)] as TypoKind, rand);
    if (t !== null && t.q.trim() !== '') names[field] = t.q;
  }
  return {
    external_id: id,
    source,
    category: row.category,
    family_name: names.family,
    given_name: names.given,
    patronymic: rand() < rates.dropPatronymic ? '' : names.patronymic,
    sex: rand() < rates.dropSex ? '' : row.sex,
    birth_date: noisyBirth(row.birth_date, rates, rand),
    status: row.status,
    unit: rand() < rates.keepUnit ? row.unit : '',
    service_number: rand() < rates.keepServiceNumber ? row.service_number : '',
  };
}

/** A registry of `persons` persons: one base record each, and extra records for a share of them, shuffled. */
export function registrySet(
  persons: number,
  seed: number,
  rates: NoiseRates = PROFILES.typical,
): LabelledRow[] {
  const rand = mulberry32(seed * 7919 + 1);
  const out: LabelledRow[] = [];
  for (const row of generatePopulation({ persons, seed, source: 'registry base' })) {
    const truth = row.external_id;
    out.push({ ...row, truth });
    if (rand() < rates.duplicated) {
      const extra = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < extra; k++) {
        out.push({
          ...variantOf(row, `${truth}-v${k}`, `source ${1 + Math.floor(rand() * 5)}`, rates, rand),
          truth,
        });
      }
    }
  }
  // Fisher–Yates with the seeded generator: records arrive in no particular order.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as LabelledRow, out[i] as LabelledRow];
  }
  return out;
}

/**
 * An incoming list of `rows` rows: variants of registry persons (truth = their external_id), and people
 * the registry does not hold (truth starting with 'new-').
 */
export function incomingList(
  registryPersons: number,
  rows: number,
  seed: number,
  rates: NoiseRates = PROFILES.typical,
): LabelledRow[] {
  const rand = mulberry32(seed * 104729 + 3);
  const known = [...generatePopulation({ persons: registryPersons, seed, source: 'registry base' })];
  const strangers = generatePopulation({ persons: rows, seed: seed + 1000, source: 'x' });
  const out: LabelledRow[] = [];
  for (let i = 0; i < rows; i++) {
    if (rand() < rates.listNew) {
      const s = strangers.next().value as CanonicalCsvRow;
      // The generator numbers service numbers by position: a stranger must not carry a registry person's.
      if (s.service_number !== '') s.service_number = `Ї${s.service_number.slice(1)}`;
      out.push({ ...variantOf(s, `in-${i}`, 'incoming list', rates, rand), truth: `new-${i}` });
    } else {
      const row = known[Math.floor(rand() * known.length)] as CanonicalCsvRow;
      out.push({ ...variantOf(row, `in-${i}`, 'incoming list', rates, rand), truth: row.external_id });
    }
  }
  return out;
}
