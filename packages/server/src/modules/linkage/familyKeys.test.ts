import {
  glyphNear2Keys,
  glyphNearKeys,
  RARE_FAMILY_RECORDS,
  shareKey,
  type LinkRecord,
} from '@homecoming/linkage';
import { familyGlyphKey } from '@homecoming/names';
import { describe, expect, it } from 'vitest';
import { eachNear2Hash, FamilyKeyCounts, nearness, type HeldRecord } from './familyKeys.js';

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings over a small alphabet (so that many share deletions), and their garbles. */
function strings(rnd: () => number, n: number): string[] {
  const letters = 'aeknortv';
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = out.length > 0 && rnd() < 0.6 ? (out[Math.floor(rnd() * out.length)] as string) : '';
    let s = base;
    if (s === '') {
      const len = 3 + Math.floor(rnd() * 7);
      for (let k = 0; k < len; k++) s += letters[Math.floor(rnd() * letters.length)];
    } else {
      // One or two edits of an earlier string: a letter dropped, added or changed.
      for (let e = 0; e < 1 + Math.floor(rnd() * 2); e++) {
        const at = Math.floor(rnd() * (s.length + 1));
        const c = letters[Math.floor(rnd() * letters.length)] as string;
        const what = rnd();
        s =
          what < 0.33
            ? s.slice(0, at) + s.slice(at + 1)
            : what < 0.66
              ? s.slice(0, at) + c + s.slice(at)
              : s.slice(0, at) + c + s.slice(at + 1);
      }
    }
    if (s.length > 0) out.push(s);
  }
  return out;
}

/**
 * The oracle's keys of a glyph key under the near rules (`glyphNearKeys`, `glyphNear2Keys`), made once per
 * key and held as sets: two keys share one of a rule exactly when `shareKey` says so, without its search of
 * one list for each key of the other (some 2,000 string comparisons a pair of long keys, 400,000 pairs).
 */
const ruleKeys = new Map<string, { near: Set<string>; near2: Set<string> }>();
function keysOf(glyph: string | null): { near: Set<string>; near2: Set<string> } {
  const key = glyph ?? '\u0000';
  let keys = ruleKeys.get(key);
  if (keys === undefined)
    ruleKeys.set(
      key,
      (keys = { near: new Set(glyphNearKeys(glyph)), near2: new Set(glyphNear2Keys(glyph)) }),
    );
  return keys;
}
function meet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

function probe(family: string, birthYear: number | null): LinkRecord {
  return { id: family, family, given: 'ivan', father: null, birthYear } as unknown as LinkRecord;
}

describe('the near neighbours of a family key held in memory', () => {
  it("hashes exactly the two-letters keys' strings, each as the string itself hashes (made from its parts)", () => {
    const horner = (t: string): number => {
      let h = 0;
      for (let k = 0; k < t.length; k++) h = (Math.imul(h, 0x01000193) + t.charCodeAt(k)) | 0;
      return h >>> 0;
    };
    const rnd = random(3);
    const glyphs = [...strings(rnd, 300), 'шевченко', 'abcd', 'abcde', 'x'.repeat(70) + 'yz'];
    let checked = 0;
    for (const g of glyphs) {
      const got = new Set<number>();
      eachNear2Hash(g, (h) => got.add(h));
      expect({ g, hashes: [...got].sort() }).toEqual({
        g,
        hashes: [...new Set(glyphNear2Keys(g).map(horner))].sort(),
      });
      checked += got.size;
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it("tells two glyph keys near exactly as their rules' keys do (one deletion, two letters, neither)", () => {
    const rnd = random(7);
    const all = [
      ...new Set(
        strings(rnd, 400)
          .map((s) => familyGlyphKey(s))
          .filter((g) => g !== null),
      ),
    ];
    let near1 = 0;
    let near2 = 0;
    const wrong: string[] = [];
    let pairs = 0;
    for (const a of all)
      for (const b of all) {
        const shared = [meet(keysOf(a).near, keysOf(b).near), meet(keysOf(a).near2, keysOf(b).near2)];
        // The sets meet exactly when the rules' key lists do (`shareKey`): checked on every 29th pair.
        if (pairs++ % 29 === 0) {
          const lists = [
            shareKey(glyphNearKeys(a), glyphNearKeys(b)),
            shareKey(glyphNear2Keys(a), glyphNear2Keys(b)),
          ];
          if (`${lists}` !== `${shared}`) wrong.push(`${a} ${b}: sets ${shared}, lists ${lists}`);
        }
        const expected = shared[0] ? 1 : shared[1] ? 2 : 0;
        if (nearness(a, b) !== expected) wrong.push(`${a} ${b}: ${nearness(a, b)}, not ${expected}`);
        if (expected === 1) near1++;
        if (expected === 2) near2++;
      }
    expect(wrong).toEqual([]);
    // The draw holds both kinds of neighbours, many of them.
    expect(near1).toBeGreaterThan(500);
    expect(near2).toBeGreaterThan(500);
  });

  it("finds a probe's neighbours as the lookups' SQL does: rare ones, and common ones for a rare probe", () => {
    const rnd = random(11);
    const families = strings(rnd, 300);
    // Each key's records: a birth year (or none) and a given name.
    const records = new Map<string, HeldRecord[]>();
    for (const f of families) {
      const list = records.get(f) ?? [];
      for (let k = rnd() < 0.3 ? 1 + Math.floor(rnd() * 9) : 1; k > 0; k--)
        list.push({
          year: rnd() < 0.2 ? null : 1966 + Math.floor(rnd() * 9),
          given: rnd() < 0.5 ? 'ivan' : 'petro',
          father: null,
        });
      records.set(f, list);
    }
    const counts = new Map([...records].map(([f, list]) => [f, list.length]));
    // Half loaded (a rare key with its records), half added after (as an import's batches): alike.
    const entries = [...records];
    const held = FamilyKeyCounts.of(
      entries
        .slice(0, entries.length / 2)
        .map(([f, list]) => [f, list.length, list.length <= RARE_FAMILY_RECORDS ? list : null] as const),
    );
    for (const [f, list] of entries.slice(entries.length / 2))
      held.add(
        list.map((r) => ({ family: f, birthYear: r.year, given: r.given, father: r.father }) as LinkRecord),
      );
    let read = 0;
    for (const f of [...counts.keys(), ...strings(rnd, 100)])
      for (const year of [1970, null]) {
        const q = probe(f, year);
        const own = familyGlyphKey(f);
        const probeRare = (counts.get(f) ?? 0) <= RARE_FAMILY_RECORDS;
        // The SQL's `neighbours`, key by key.
        const want = { nr: [] as string[], nc: [] as string[], n2r: [] as string[], n2c: [] as string[] };
        for (const [key, n] of counts) {
          const glyph = familyGlyphKey(key);
          if (glyph === own) continue;
          // A rare key is handed over only when the lookup would take one of its records (a common key's
          // are not held): born within a year or unknown, or every year of a rare key for a probe of
          // unknown birth; under the two-letters rule, of the probe's given name.
          const list = records.get(key) ?? [];
          const rareKey = n <= RARE_FAMILY_RECORDS;
          const rare = probeRare && year !== null ? false : rareKey;
          const taken = (r: HeldRecord): boolean =>
            year === null ? rare || r.year === null : r.year === null || Math.abs(r.year - year) <= 1;
          const near = meet(keysOf(own).near, keysOf(glyph).near) && (!rareKey || list.some(taken));
          const near2 =
            meet(keysOf(own).near2, keysOf(glyph).near2) &&
            (!rareKey || list.some((r) => taken(r) && r.given === 'ivan'));
          if (near && rare) want.nr.push(key);
          if (near && !rare && probeRare) want.nc.push(key);
          if (near2 && rare) want.n2r.push(key);
          if (near2 && !rare && probeRare) want.n2c.push(key);
        }
        const got = held.neighbours(q, true);
        const shaped = (a: string[]) => (a.length === 0 ? null : a.sort());
        expect({ f, year, ...got }).toEqual({
          f,
          year,
          nr: shaped(want.nr),
          nc: shaped(want.nc),
          n2r: shaped(want.n2r),
          n2c: shaped(want.n2c),
        });
        read += want.nr.length + want.nc.length + want.n2r.length + want.n2c.length;
        // Without a given name or patronymic, no two-letters neighbour.
        const without = held.neighbours(q, false);
        expect(without.n2r).toBeNull();
        expect(without.n2c).toBeNull();
      }
    expect(read).toBeGreaterThan(1000);
  });
});
