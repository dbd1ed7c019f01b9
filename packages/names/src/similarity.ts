/**
 * String similarity measures for name comparison, written by hand (no dependency): Jaro–Winkler, a bounded
 * Damerau–Levenshtein (optimal string alignment) distance, and a family-name similarity on skeletons. They
 * compare Unicode code points, never throw, and read at most `MAX_LENGTH` code points of each input.
 */
import { skeleton } from './fold.js';

/** Code points read from each input: names are short, and this bounds the work on hostile input. */
const MAX_LENGTH = 256;

function codePoints(s: string): string[] {
  const out: string[] = [];
  for (const ch of s) {
    if (out.length >= MAX_LENGTH) break;
    out.push(ch);
  }
  return out;
}

/** The Jaro similarity of two code-point arrays (0 when either is empty and they differ). */
function jaro(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}

/**
 * Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4): MARTHA/MARHTA 0.961, DWAYNE/DUANE
 * 0.84, DIXON/DICKSONX 0.813. Case-sensitive; 1 for two equal strings (two empty strings included).
 */
export function jaroWinkler(a: string, b: string): number {
  // Names are nearly always in the Basic Multilingual Plane (a skeleton is a-z): there each UTF-16 unit is
  // a code point, and the same comparisons run on the units without an array per string and per call
  // (search scores hundreds of candidates a query; the arrays were most of what it allocated).
  if (basicPlane(a) && basicPlane(b)) return jaroWinklerUnits(a, b);
  return jaroWinklerCodePoints(a, b);
}

/** `jaroWinkler` on arrays of code points: any string (the reference the faster path is tested against). */
export function jaroWinklerCodePoints(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  const j = jaro(x, y);
  let prefix = 0;
  while (prefix < 4 && prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
  return Math.min(1, j + prefix * 0.1 * (1 - j));
}

/** Whether every UTF-16 unit of `s` is a code point of its own (no surrogate pair). */
function basicPlane(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** Which units of each string `jaroWinklerUnits` has matched; reused, cleared on each call. */
const aMatchedUnits = new Uint8Array(MAX_LENGTH);
const bMatchedUnits = new Uint8Array(MAX_LENGTH);

/**
 * `jaroWinkler` of two strings without surrogate pairs, on their UTF-16 units (each a code point): the
 * same steps and arithmetic as `jaro` over code-point arrays, so the same result to the last bit.
 */
function jaroWinklerUnits(a: string, b: string): number {
  const al = Math.min(a.length, MAX_LENGTH);
  const bl = Math.min(b.length, MAX_LENGTH);
  let j: number;
  if (al === 0 && bl === 0) j = 1;
  else if (al === 0 || bl === 0) j = 0;
  else {
    const window = Math.max(0, Math.floor(Math.max(al, bl) / 2) - 1);
    aMatchedUnits.fill(0, 0, al);
    bMatchedUnits.fill(0, 0, bl);
    let matches = 0;
    for (let i = 0; i < al; i++) {
      const lo = Math.max(0, i - window);
      const hi = Math.min(bl - 1, i + window);
      const ai = a.charCodeAt(i);
      for (let k = lo; k <= hi; k++) {
        if (bMatchedUnits[k] === 1 || ai !== b.charCodeAt(k)) continue;
        aMatchedUnits[i] = 1;
        bMatchedUnits[k] = 1;
        matches++;
        break;
      }
    }
    if (matches === 0) j = 0;
    else {
      let transpositions = 0;
      let k = 0;
      for (let i = 0; i < al; i++) {
        if (aMatchedUnits[i] !== 1) continue;
        while (bMatchedUnits[k] !== 1) k++;
        if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
        k++;
      }
      const m = matches;
      j = (m / al + m / bl + (m - transpositions / 2) / m) / 3;
    }
  }
  let prefix = 0;
  while (prefix < 4 && prefix < al && prefix < bl && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return Math.min(1, j + prefix * 0.1 * (1 - j));
}

/**
 * Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two adjacent
 * code points). With `max`, the work stops as soon as the distance must exceed it and `max + 1` is
 * returned, so callers can test "within k edits" cheaply.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const x = codePoints(a);
  const y = codePoints(b);
  const limit = Number.isNaN(max) ? 0 : Math.max(0, Math.floor(max));
  const cap = (d: number): number => (d > limit ? limit + 1 : d);
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  if (x.length === 0 || y.length === 0) return cap(Math.max(x.length, y.length));
  const n = y.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return cap(prev[n] as number);
}

/**
 * Similarity of two family names in [0, 1], compared as skeletons (so Шевченко, Shevchenko and Schewtschenko
 * are 1): 1 for equal non-empty skeletons, else the Jaro–Winkler similarity of the skeletons; 0 when either
 * has no letters.
 */
export function familySimilarity(a: string, b: string): number {
  const x = skeleton(a.slice(0, MAX_LENGTH * 4));
  const y = skeleton(b.slice(0, MAX_LENGTH * 4));
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  return jaroWinkler(x, y);
}
