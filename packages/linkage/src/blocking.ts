/**
 * Blocking: a union of key blocks, so that only records sharing a key are compared. Each rule catches
 * what the others miss: a misspelt given name (family + birth year and month), a misspelt family name (given +
 * father + birth year), a name written anyhow (service number). Birth years keep the blocks of common
 * names small (Олександр Олександрович is one man in twenty; born in 1985, one in a thousand). The server runs the same rules as indexed lookups.
 */
import { familyGlyphKey } from '@homecoming/names';
import type { Field, LinkRecord } from './compare.js';

/**
 * The blocking rules, in order; a pair is produced by the first rule whose key both records share. Each
 * catches what the others miss: a misspelt given name (family key + birth year), a misspelt or garbled
 * family name (given + father + birth year; given + the family key's first three or last four letters, which a
 * single error leaves one of intact; the exact birth date; unit + birth year), a wrong birth year with
 * a name error (given class or family phonetic key + birth month and day), a garbled given name (father
 * + family head), a name written anyhow (service number); a family name garbled by a scanner or a tired
 * eye with another error beside it (the family glyph key: letters that look alike made one, within a year;
 * the family key's first three letters with the birth year); a family name with one letter dropped, added or
 * changed beyond what the glyph key merges, with another error beside it (the glyph key's single-letter
 * deletions, born within a year or either of unknown birth: `glyphNearKeys`); a family name two letters off
 * (or one letter off as the skeleton spells it, which makes two of a Cyrillic Щ or a Latin "lc"), beside
 * the same given name or patronymic (`glyphNear2Keys`, born within a year or either unknown). The lookups
 * read the two near rules narrower than these pairs (`RARE_FAMILY_RECORDS`).
 */
export const BLOCKING_RULES = [
  'family_phonetic+given',
  'given+father+birth_year',
  'family+birth_year',
  'service_number',
  'birth_date',
  'unit+birth_year',
  'given+family_head',
  'given+family_tail',
  'given+birth_month_day',
  'family_phonetic+birth_month_day',
  'father+family_head',
  'family_phonetic',
  'family_glyph',
  'family_head3+birth_year',
  'family_glyph_near',
  'family_glyph_near2+given|father',
] as const;
export type BlockingRule = (typeof BLOCKING_RULES)[number];

/** Letters of the family key that the tail and father + family head rules compare. */
export const FAMILY_AFFIX = 4;
/**
 * Letters of the family key that the given + family head and the family head + birth year rules compare:
 * three, so that a surname misspelt from its fourth letter on stays in the block (Смоклорюк, Смокролюк).
 */
export const FAMILY_HEAD_SHORT = 3;

/**
 * Rules whose blocks always compare only records born within a year of each other (or either of unknown
 * birth).
 */
export const ALWAYS_WINDOWED: ReadonlySet<BlockingRule> = new Set([
  'family_phonetic',
  'family_glyph',
  'family_glyph_near',
  'family_glyph_near2+given|father',
]);

/**
 * A family key holding at most this many records is rare. The lookups (and every index answering as they do)
 * read the near rules' neighbours of a probe whose own family key holds more (a surname in use: its man is
 * found spelt as the probe spells it) only among rare family keys — a garbled surname is rare, a common
 * surname's neighbours are other common surnames (Крилова, Бєлова, Попова), thousands of records each at a
 * million persons —, and for a probe of unknown birth they read every year only of rare keys, records of
 * unknown birth of the others. `blockedPairs` pairs every neighbour (dedupe, training). Five, not one: the
 * harsh population's garbles repeat (a scanner misreads one surname alike on several lists): 33 of 33,690 true
 * pairs missed as the lookups read them at 20,000 persons against 74 with one (bench/RESULTS.md, `near`).
 */
export const RARE_FAMILY_RECORDS = 5;

/**
 * The shortest glyph key that has near keys: its deletions keep three letters (a short surname's near
 * block is still one of few names once the birth year is in the key).
 */
export const GLYPH_NEAR_MIN = 4;

/**
 * A glyph key and each of its single-letter deletions (`family_glyph_near`): two family names share one when
 * a letter was dropped from one (Смокролюк, mokroluk), added, changed or two swapped (Рэпчук, Рпечук) —
 * beside what the glyph key merges. None for a glyph key shorter than GLYPH_NEAR_MIN. The same in SQL
 * (migration 0031's `family_glyph_near_keys`, which appends the birth year to each).
 */
export function glyphNearKeys(glyph: string | null): string[] {
  if (glyph === null || glyph.length < GLYPH_NEAR_MIN) return [];
  const out = new Set<string>([glyph]);
  for (let i = 0; i < glyph.length; i++) out.add(glyph.slice(0, i) + glyph.slice(i + 1));
  return [...out];
}

/**
 * The shortest glyph key that has two-letters keys. Two deletions from a short name leave a common ending
 * (Крилова, Бєлова: "lova"), a block of every namesake of the given name with that ending.
 */
export const GLYPH_NEAR2_MIN = 4;

/**
 * A glyph key, its single-letter deletions and theirs (`family_glyph_near2+given|father`): two family names
 * share one when each is at most two deletions from a common string — two letters dropped, added or changed
 * (Kulylcow | Куликов, Щсрбина | Щербина: a letter changed in a Cyrillic Щ is two in the skeleton's "shch").
 * A deletion is taken only from a string of GLYPH_NEAR_MIN letters or more, as `glyphNearKeys`. The lookups
 * find a key's neighbours under it in memory (server `FamilyKeyCounts`, by hash, then `nearness`).
 */
export function glyphNear2Keys(glyph: string | null): string[] {
  if (glyph === null || glyph.length < GLYPH_NEAR2_MIN) return [];
  const out = new Set<string>();
  for (const k of glyphNearKeys(glyph)) for (const d of glyphNearKeys(k)) out.add(d);
  for (const k of glyphNearKeys(glyph)) out.add(k);
  return [...out].sort();
}

/**
 * The keys of the two-letters-off rule: each of `glyphNear2Keys` with the given class, and with the father's
 * class, so that two records share one only when their family names are two letters apart **and** they
 * agree on the given name or the patronymic (a family name garbled twice keeps one of them: 26 of the 56
 * realistic pairs no other rule blocked). Born within a year or either unknown (ALWAYS_WINDOWED); records of
 * one glyph key are the glyph rule's, never paired here.
 */
export function glyphNear2BlockKeys(r: LinkRecord): string[] {
  if (r.given === null && r.father === null) return [];
  const near = glyphNear2Keys(familyGlyphKey(r.family));
  const out: string[] = [];
  if (r.given !== null) for (const k of near) out.push(`${k}|g${r.given}`);
  if (r.father !== null) for (const k of near) out.push(`${k}|f${r.father}`);
  return out;
}

/** A record's keys under each rule, in BLOCKING_RULES order: none, one, or several (the near rules). */
export type BlockKeys = (readonly string[])[];

/** Whether two key lists of one rule share a key. */
export function shareKey(a: readonly string[], b: readonly string[]): boolean {
  for (const k of a) if (b.includes(k)) return true;
  return false;
}

/**
 * A record's keys under each rule, in BLOCKING_RULES order (an empty list where it has none); two records
 * share a rule's block when their lists under it share a key. Every rule has at most one key but the near
 * rule (`glyphNearKeys`).
 */
export function blockKeys(r: LinkRecord): BlockKeys {
  const glyph = familyGlyphKey(r.family);
  return [
    ...singleKeys(r, glyph).map((k) => (k === null ? [] : [k])),
    glyphNearKeys(glyph),
    glyphNear2BlockKeys(r),
  ];
}

/**
 * `blockKeys` with the two-letters rule's list holding only NEAR2_BY_GLYPH where the record has keys under it
 * (none where it has none): for an index that reads that rule by glyph key (an import's, resolve.ts), which
 * needs not the rule's ninety keys a record (building them was most of `blockKeys`' time).
 */
export function blockKeysNear2ByGlyph(r: LinkRecord): BlockKeys {
  const glyph = familyGlyphKey(r.family);
  const near2 = (r.given !== null || r.father !== null) && glyph !== null && glyph.length >= GLYPH_NEAR2_MIN;
  return [
    ...singleKeys(r, glyph).map((k) => (k === null ? [] : [k])),
    glyphNearKeys(glyph),
    near2 ? [NEAR2_BY_GLYPH] : [],
  ];
}

/** The two-letters rule's one key in `blockKeysNear2ByGlyph`: no record's key under any rule. */
export const NEAR2_BY_GLYPH = '\u0000near2';

/** The keys of the rules with one key each (all but the last two), null where the record has none. */
function singleKeys(r: LinkRecord, glyph: string | null): (string | null)[] {
  return SINGLE_KEYS.map((key) => key(r, glyph));
}

/** A record's family key where the head and tail rules read it (longer than FAMILY_AFFIX), else null. */
const famOf = (r: LinkRecord): string | null =>
  r.family !== null && r.family.length > FAMILY_AFFIX ? r.family : null;
const monthDayOf = (r: LinkRecord): string | null =>
  r.birthMonth !== null && r.birthDay !== null ? `${r.birthMonth}-${r.birthDay}` : null;

/**
 * The key of each rule with one key each (all but the last two), in BLOCKING_RULES order, from the record
 * and its glyph key (`familyGlyphKey` of its family key); null where the record has none.
 */
const SINGLE_KEYS: readonly ((r: LinkRecord, glyph: string | null) => string | null)[] = [
  (r) => (r.familyPhonetic !== null && r.given !== null ? `${r.familyPhonetic}|${r.given}` : null),
  (r) =>
    r.given !== null && r.father !== null && r.birthYear !== null
      ? `${r.given}|${r.father}|${r.birthYear}`
      : null,
  (r) => (r.family !== null && r.birthYear !== null ? `${r.family}|${r.birthYear}` : null),
  (r) => r.serviceNumber,
  (r) =>
    r.birthYear !== null && r.birthMonth !== null && r.birthDay !== null
      ? `${r.birthYear}-${r.birthMonth}-${r.birthDay}`
      : null,
  (r) => (r.unit !== null && r.birthYear !== null ? `${r.unit}|${r.birthYear}` : null),
  (r) => {
    const fam = famOf(r);
    return fam !== null && r.given !== null ? `${r.given}|${fam.slice(0, FAMILY_HEAD_SHORT)}` : null;
  },
  (r) => {
    const fam = famOf(r);
    return fam !== null && r.given !== null ? `${r.given}|${fam.slice(-FAMILY_AFFIX)}` : null;
  },
  (r) => {
    const monthDay = monthDayOf(r);
    return r.given !== null && monthDay !== null ? `${r.given}|${monthDay}` : null;
  },
  (r) => {
    const monthDay = monthDayOf(r);
    return r.familyPhonetic !== null && monthDay !== null ? `${r.familyPhonetic}|${monthDay}` : null;
  },
  (r) => {
    const fam = famOf(r);
    return fam !== null && r.father !== null ? `${r.father}|${fam.slice(0, FAMILY_AFFIX)}` : null;
  },
  // Alone, for a given name garbled or missing with the year off or unknown: a common family name's
  // block is big, so only records born within a year of each other (or of unknown birth) are compared.
  (r) => r.familyPhonetic,
  // Alone too, and windowed: the glyph key merges letters, so its blocks are those of a phonetic key.
  (_, glyph) => glyph,
  (r) =>
    r.family !== null && r.family.length >= FAMILY_HEAD_SHORT && r.birthYear !== null
      ? `${r.family.slice(0, FAMILY_HEAD_SHORT)}|${r.birthYear}`
      : null,
];

/** Whether two records share a block under some rule. */
export function sharesBlock(a: LinkRecord, b: LinkRecord): boolean {
  const x = blockKeys(a);
  const y = blockKeys(b);
  return x.some((k, i) => shareKey(k, y[i] ?? []));
}

/** Options for in-memory blocking. */
export interface BlockingOptions {
  /**
   * Blocks larger than this (a common name) compare only records born within a year of each other, or
   * of unknown birth; the quadratic cost of a block of thousands of Олександр Шевченко is avoided.
   */
  bigBlock?: number;
  /**
   * Yield a pair under every rule that pairs it, not just the first (training: each rule's EM session
   * needs all of its own pairs).
   */
  eachRule?: boolean;
  /**
   * Bound the pairs of a big block (larger than `bigBlock`) to about this
   * many per record and pass: the block is sorted in a few orders (given + father + birth, birth date +
   * given, father + given + birth, family + birth) and each record is paired with the next `window` records
   * of each order born within a year of it (or of unknown birth). A common family name's block holds
   * thousands of records at a million persons; all pairs of it within a year are hundreds per record
   * (dedupe at 1M never finished), and the records that agree on more than the block's key sit beside each
   * other in one of these orders. Without it (training, the benches) a big block is compared whole within a year.
   */
  window?: number;
}

/** Sort keys of the sorted-neighbourhood passes over a big block (see `BlockingOptions.window`). */
const NEIGHBOURHOOD_ORDERS: readonly ((r: LinkRecord) => string)[] = [
  (r) => `${r.given ?? ''}|${r.father ?? ''}|${year4(r.birthYear)}|${r.family ?? ''}`,
  (r) => `${year4(r.birthYear)}|${two(r.birthMonth)}|${two(r.birthDay)}|${r.given ?? ''}|${r.family ?? ''}`,
  (r) => `${r.father ?? ''}|${r.given ?? ''}|${year4(r.birthYear)}|${r.family ?? ''}`,
  (r) => `${r.family ?? ''}|${year4(r.birthYear)}|${r.given ?? ''}|${r.father ?? ''}`,
];
const year4 = (y: number | null): string => (y === null ? '----' : String(y).padStart(4, '0'));
const two = (n: number | null): string => (n === null ? '--' : String(n).padStart(2, '0'));

/** The fields each rule makes agree by construction: EM must not learn their m from its pairs. */
export const RULE_FIELDS: Readonly<Record<BlockingRule, readonly Field[]>> = {
  'family_phonetic+given': ['family_name', 'given_name'],
  'given+father+birth_year': ['given_name', 'patronymic', 'birth_date'],
  'family+birth_year': ['family_name', 'birth_date'],
  service_number: ['service_number'],
  birth_date: ['birth_date'],
  'unit+birth_year': ['unit', 'birth_date'],
  'given+family_head': ['given_name', 'family_name'],
  'given+family_tail': ['given_name', 'family_name'],
  'given+birth_month_day': ['given_name', 'birth_date'],
  'family_phonetic+birth_month_day': ['family_name', 'birth_date'],
  'father+family_head': ['patronymic', 'family_name'],
  family_phonetic: ['family_name'],
  family_glyph: ['family_name'],
  'family_head3+birth_year': ['family_name', 'birth_date'],
  family_glyph_near: ['family_name'],
  'family_glyph_near2+given|father': ['family_name'],
};

/**
 * Every blocked pair of `records`, each once, as [i, j, rule] with i < j and the index of the first rule
 * that paired them. Streams: memory is the blocks
 * themselves, never the pairs.
 */
export function* blockedPairs(
  records: readonly LinkRecord[],
  opts: BlockingOptions = {},
): Generator<[number, number, number]> {
  const bigBlock = opts.bigBlock ?? 200;
  const alwaysWindowed = new Set(
    BLOCKING_RULES.filter((r) => ALWAYS_WINDOWED.has(r)).map((r) => BLOCKING_RULES.indexOf(r)),
  );
  const n = records.length;
  // Each record's glyph key, read once (the near rules' groups, the two-letters rule's test).
  const glyphs = records.map((r) => familyGlyphKey(r.family));
  // The rules with one key each (all but the near rules, paired by glyph key below), their keys held as
  // integers, `codes[rule * n + i]`: equal exactly when the strings are, -1 where the record has none. A
  // rule is coded when it is reached, its strings kept only while it is coded: at a million records the
  // strings of every rule, held for the whole run, were most of dedupe's memory.
  const single = Math.min(NEAR_RULE, NEAR2_RULE);
  const codes = new Int32Array(single * n).fill(-1);
  const seenBefore = (i: number, j: number, rule: number): boolean => {
    if (opts.eachRule === true) return false;
    for (let r = 0, end = Math.min(rule, single); r < end; r++) {
      const a = codes[r * n + i] as number;
      if (a !== -1 && a === codes[r * n + j]) return true;
    }
    // The near rule before the two-letters one: glyph keys one deletion apart (both rules are windowed).
    if (rule === NEAR2_RULE) {
      const x = glyphs[i] ?? null;
      const y = glyphs[j] ?? null;
      if (x !== y && shareKey(glyphNearKeys(x), glyphNearKeys(y))) return true;
    }
    return false;
  };
  for (let rule = 0; rule < BLOCKING_RULES.length; rule++) {
    if (rule === NEAR_RULE || rule === NEAR2_RULE) {
      // The two-letters rule also asks for the given name or the father's name to agree.
      const eq = (x: string | null | undefined, y: string | null | undefined): boolean =>
        x !== null && x !== undefined && x === y;
      yield* nearPairs(
        records,
        glyphs,
        bigBlock,
        opts.window,
        (i, j) => seenBefore(i, j, rule),
        rule === NEAR_RULE ? glyphNearKeys : glyphNear2Keys,
        rule,
        rule === NEAR_RULE
          ? undefined
          : (i, j) => eq(records[i]?.given, records[j]?.given) || eq(records[i]?.father, records[j]?.father),
      );
      continue;
    }
    // The rule's codes, numbered as each key first occurs (record order); its blocks, by code, each one's
    // records in order: the blocks and their members in the order a map by key gave them.
    const key = SINGLE_KEYS[rule] as (r: LinkRecord, glyph: string | null) => string | null;
    const codeOf = new Map<string, number>();
    const at = rule * n;
    for (let i = 0; i < n; i++) {
      const k = key(records[i] as LinkRecord, glyphs[i] ?? null);
      if (k === null) continue;
      let c = codeOf.get(k);
      if (c === undefined) codeOf.set(k, (c = codeOf.size));
      codes[at + i] = c;
    }
    const blockCount = codeOf.size;
    codeOf.clear();
    const start = new Int32Array(blockCount + 1);
    for (let i = 0; i < n; i++) {
      const c = codes[at + i] as number;
      if (c !== -1) start[c + 1] = (start[c + 1] as number) + 1;
    }
    for (let c = 0; c < blockCount; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const next = start.slice(0, blockCount);
    const held = new Int32Array(start[blockCount] as number);
    for (let i = 0; i < n; i++) {
      const c = codes[at + i] as number;
      if (c === -1) continue;
      held[next[c] as number] = i;
      next[c] = (next[c] as number) + 1;
    }
    const seenEarlier = (i: number, j: number): boolean => seenBefore(i, j, rule);
    for (let c = 0; c < blockCount; c++) {
      const members = held.subarray(start[c], start[c + 1]);
      if (members.length < 2) continue;
      if (members.length <= bigBlock && !alwaysWindowed.has(rule)) {
        for (let x = 0; x < members.length; x++) {
          for (let y = x + 1; y < members.length; y++) {
            const i = members[x] as number;
            const j = members[y] as number;
            if (!seenEarlier(i, j)) yield i < j ? [i, j, rule] : [j, i, rule];
          }
        }
        continue;
      }
      const year = (i: number): number => records[i]?.birthYear ?? -1;
      if (opts.window !== undefined && members.length > bigBlock) {
        yield* neighbourhoodPairs(records, Array.from(members), opts.window, rule, seenEarlier);
        continue;
      }
      const sorted = Array.from(members).sort((p, q) => year(p) - year(q));
      for (let x = 0; x < sorted.length; x++) {
        const i = sorted[x] as number;
        const yi = year(i);
        for (let y = x + 1; y < sorted.length; y++) {
          const j = sorted[y] as number;
          const yj = year(j);
          if (yi !== -1 && yj - yi > 1) break;
          if (!seenEarlier(i, j)) yield i < j ? [i, j, rule] : [j, i, rule];
        }
      }
    }
  }
}

const NEAR_RULE = BLOCKING_RULES.indexOf('family_glyph_near');
const NEAR2_RULE = BLOCKING_RULES.indexOf('family_glyph_near2+given|father');

/**
 * The near rule's pairs, each once: records whose glyph keys differ but share a near key, born within a
 * year or either of unknown birth (a pair of one known year and one unknown: 21 of the 78 true pairs the
 * realistic bench missed with "both unknown"). Blocked by glyph key, not by near key: a near key's block is nearly all
 * one surname's records (every Шевченко under each of its ten deletions), whose pairs are the glyph rule's;
 * so the records are grouped by glyph key, the glyph keys by near key, and each pair of glyph keys sharing
 * one is compared once, across the two groups (with `window`, when the two hold more than `bigBlock`
 * records: each record of the smaller group with its neighbours in the larger one's sorted orders). Records of one glyph key are never paired here: the glyph rule pairs them
 * within a wider window.
 */
function* nearPairs(
  records: readonly LinkRecord[],
  /** Each record's glyph key (`familyGlyphKey` of its family key). */
  glyphs: readonly (string | null)[],
  bigBlock: number,
  window: number | undefined,
  seenEarlier: (i: number, j: number) => boolean,
  /** A glyph key's keys under the rule (`glyphNearKeys`, `glyphNear2Keys`). */
  keysOfGlyph: (glyph: string) => string[],
  rule: number,
  /** What else a pair must agree on (the two-letters rule: the given or the father's class). */
  agree: (i: number, j: number) => boolean = () => true,
): Generator<[number, number, number]> {
  // The glyph keys (numbered in the order of their first record), each with its records.
  const numberOf = new Map<string, number>();
  const names: string[] = [];
  const groups: number[][] = [];
  glyphs.forEach((g, i) => {
    if (g === null || g.length < GLYPH_NEAR_MIN) return;
    const x = numberOf.get(g);
    if (x === undefined) {
      numberOf.set(g, names.length);
      names.push(g);
      groups.push([i]);
    } else (groups[x] as number[]).push(i);
  });
  numberOf.clear();
  const shared = sharedKeys(names, keysOfGlyph);
  const sortedOrders = new Map<number, Int32Array[]>();
  const year = (i: number): number | null => records[i]?.birthYear ?? null;
  const near = (i: number, j: number): boolean => {
    const a = year(i);
    const b = year(j);
    return (a === null || b === null || Math.abs(a - b) <= 1) && agree(i, j);
  };
  for (let c = 0; c < shared.keys; c++) {
    const list = shared.glyphsOf(c);
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const gx = list[x] as number;
        const gy = list[y] as number;
        // Each pair of glyph keys once: under the first key (in this order) the two share.
        if (shared.firstShared(gx, gy) !== c) continue;
        const [g1, g2] = (names[gx] as string) < (names[gy] as string) ? [gx, gy] : [gy, gx];
        const a = groups[g1] as number[];
        const b = groups[g2] as number[];
        if (window !== undefined && a.length + b.length > bigBlock) {
          // Each record of the smaller group with the `window` records either side of where it sorts among
          // the larger group's, in each order (the larger group's orders sorted once, kept for its other
          // neighbours): a common surname's group is thousands at a million persons, its neighbours' few.
          // The orders are kept as the records' indexes; a record's place is found by its key in each.
          const [small, large, gl] = a.length <= b.length ? [a, b, g2] : [b, a, g1];
          let orders = sortedOrders.get(gl);
          if (orders === undefined) {
            orders = NEIGHBOURHOOD_ORDERS.map((order) => {
              const keyed = large.map((i) => ({ i, k: order(records[i] as LinkRecord) }));
              keyed.sort((p, q) => (p.k < q.k ? -1 : p.k > q.k ? 1 : p.i - q.i));
              return Int32Array.from(keyed, (e) => e.i);
            });
            sortedOrders.set(gl, orders);
          }
          for (const i of small) {
            const taken = new Set<number>();
            for (let o = 0; o < NEIGHBOURHOOD_ORDERS.length; o++) {
              const order = NEIGHBOURHOOD_ORDERS[o] as (r: LinkRecord) => string;
              const ids = orders[o] as Int32Array;
              const k = order(records[i] as LinkRecord);
              let lo = 0;
              let hi = ids.length;
              while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (order(records[ids[mid] as number] as LinkRecord) < k) lo = mid + 1;
                else hi = mid;
              }
              for (const from of [lo, lo - 1]) {
                const step = from === lo ? 1 : -1;
                let got = 0;
                for (
                  let x = from, seen = 0;
                  x >= 0 && x < ids.length && got < window && seen < 4 * window;
                  x += step, seen++
                ) {
                  const j = ids[x] as number;
                  if (!near(i, j)) continue;
                  got++;
                  if (taken.has(j)) continue;
                  taken.add(j);
                  if (!seenEarlier(i, j)) yield i < j ? [i, j, rule] : [j, i, rule];
                }
              }
            }
          }
          continue;
        }
        for (const i of a)
          for (const j of b) if (near(i, j) && !seenEarlier(i, j)) yield i < j ? [i, j, rule] : [j, i, rule];
      }
  }
}

/** FNV-1a of a string's UTF-16 code units, as a 32-bit integer. */
function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** The hashes (`hashOf`) that come more than once among the keys of every glyph key. */
function hashesTwice(names: readonly string[], keysOfGlyph: (glyph: string) => string[]): Set<number> {
  let hashes = new Int32Array(1 << 16);
  let m = 0;
  for (const g of names)
    for (const k of keysOfGlyph(g)) {
      if (m === hashes.length) {
        const grown = new Int32Array(2 * m);
        grown.set(hashes);
        hashes = grown;
      }
      hashes[m++] = hashOf(k);
    }
  const sorted = hashes.subarray(0, m).sort();
  const twice = new Set<number>();
  for (let x = 1; x < m; x++) if (sorted[x] === sorted[x - 1]) twice.add(sorted[x] as number);
  return twice;
}

/**
 * The keys (under `keysOfGlyph`) that two glyph keys or more share, numbered in the order a map of every
 * key, filled glyph key by glyph key, would hold them: the glyph keys of each (in their order), and the
 * first key two glyph keys share. At a million records the map of every key (ninety a glyph key under
 * the two-letters rule) and a set of the glyph key pairs done were most of dedupe's memory; a key held
 * by one glyph key is never paired, so only keys whose hash comes twice are held as strings, and the map
 * is dropped once they are numbered. Exact: a key held twice has a hash that comes twice.
 */
function sharedKeys(
  names: readonly string[],
  keysOfGlyph: (glyph: string) => string[],
): {
  keys: number;
  glyphsOf: (key: number) => Int32Array;
  firstShared: (x: number, y: number) => number;
} {
  const twice = hashesTwice(names, keysOfGlyph);
  const codeOf = new Map<string, number>();
  const lists: number[][] = [];
  names.forEach((g, x) => {
    for (const k of keysOfGlyph(g)) {
      if (!twice.has(hashOf(k))) continue;
      const c = codeOf.get(k);
      if (c === undefined) {
        codeOf.set(k, lists.length);
        lists.push([x]);
      } else (lists[c] as number[]).push(x);
    }
  });
  codeOf.clear();
  twice.clear();
  // By key, its glyph keys; by glyph key, the keys it shares with another, in order.
  const start = new Int32Array(lists.length + 1);
  const perGlyph = new Int32Array(names.length + 1);
  lists.forEach((l, c) => {
    start[c + 1] = (start[c] as number) + (l.length >= 2 ? l.length : 0);
    if (l.length >= 2) for (const x of l) perGlyph[x + 1] = (perGlyph[x + 1] as number) + 1;
  });
  for (let x = 0; x < names.length; x++)
    perGlyph[x + 1] = (perGlyph[x + 1] as number) + (perGlyph[x] as number);
  const glyphsOfKey = new Int32Array(start[lists.length] as number);
  const keysOfGlyphNo = new Int32Array(perGlyph[names.length] as number);
  const fill = perGlyph.slice(0, names.length);
  lists.forEach((l, c) => {
    if (l.length < 2) return;
    glyphsOfKey.set(l, start[c] as number);
    for (const x of l) {
      keysOfGlyphNo[fill[x] as number] = c;
      fill[x] = (fill[x] as number) + 1;
    }
  });
  const keys = lists.length;
  lists.length = 0;
  return {
    keys,
    glyphsOf: (c) => glyphsOfKey.subarray(start[c], start[c + 1]),
    firstShared: (x, y) => {
      let p = perGlyph[x] as number;
      const pe = perGlyph[x + 1] as number;
      let q = perGlyph[y] as number;
      const qe = perGlyph[y + 1] as number;
      while (p < pe && q < qe) {
        const a = keysOfGlyphNo[p] as number;
        const b = keysOfGlyphNo[q] as number;
        if (a === b) return a;
        if (a < b) p++;
        else q++;
      }
      return -1;
    },
  };
}

/**
 * The pairs of one big block by sorted neighbourhood: in each of NEIGHBOURHOOD_ORDERS, each record with
 * the next `window` records born within a year of it (or of unknown birth), each pair once. Ties in an
 * order fall to the records' index, so the pairs depend on the records and their order alone.
 */
function* neighbourhoodPairs(
  records: readonly LinkRecord[],
  members: readonly number[],
  window: number,
  rule: number,
  seenEarlier: (i: number, j: number) => boolean,
): Generator<[number, number, number]> {
  const seen = new Set<number>();
  const n = records.length;
  for (const order of NEIGHBOURHOOD_ORDERS) {
    const keyed = members.map((i) => ({ i, k: order(records[i] as LinkRecord) }));
    keyed.sort((p, q) => (p.k < q.k ? -1 : p.k > q.k ? 1 : p.i - q.i));
    for (let x = 0; x < keyed.length; x++) {
      const i = (keyed[x] as { i: number }).i;
      const yi = records[i]?.birthYear ?? null;
      let taken = 0;
      // The scan stops after a few windows' worth of records too: a run of namesakes born years apart.
      const end = Math.min(keyed.length, x + 1 + 4 * window);
      for (let y = x + 1; y < end && taken < window; y++) {
        const j = (keyed[y] as { i: number }).i;
        const yj = records[j]?.birthYear ?? null;
        if (yi !== null && yj !== null && Math.abs(yi - yj) > 1) continue;
        taken++;
        const [a, b] = i < j ? [i, j] : [j, i];
        const id = a * n + b;
        if (seen.has(id)) continue;
        seen.add(id);
        if (!seenEarlier(a, b)) yield [a, b, rule];
      }
    }
  }
}
