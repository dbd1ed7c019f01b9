/**
 * Small text helpers the hold-out noise models (bench/holdout12.ts … holdout18.ts) share: how a list writes a date,
 * a word put in another word's case, whether a rendering is Cyrillic. Generated people only.
 */
import type { Rendered } from './search/variants.js';

/** Any Cyrillic letter. */
export const CYRILLIC = /[\u0400-\u04ff]/u;

/** Whether a rendering is Cyrillic (used by the keys tallies). */
export function isCyrillic(r: Rendered): boolean {
  return CYRILLIC.test(`${r.family}${r.given}${r.patronymic}`);
}

/** An ISO date (full, month or year) as a Ukrainian list writes it: "12.03.1991", "03.1991", "1991". */
export function dottedDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d\d))?(?:-(\d\d))?$/u.exec(iso);
  if (m === null) return iso;
  if (m[3] !== undefined) return `${m[3]}.${m[2]}.${m[1]}`;
  if (m[2] !== undefined) return `${m[2]}.${m[1]}`;
  return m[1] as string;
}

/** Keep the case pattern of `like` (all capitals, a first capital, or lower) on `word`. */
export function caseLike(like: string, word: string): string {
  if (like.length > 1 && like === like.toUpperCase() && like !== like.toLowerCase())
    return word.toUpperCase();
  const first = [...like][0] ?? '';
  if (first !== first.toLowerCase()) return `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`;
  return word;
}
