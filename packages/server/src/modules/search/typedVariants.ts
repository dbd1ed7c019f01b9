import { skeleton } from '@homecoming/names';

/**
 * Spellings one slip away from a typed family name, as typed (before the fold): a letter swapped for its
 * neighbour on a keyboard (QWERTY, the Ukrainian and Russian ЙЦУКЕН), for a letter a scanner confuses it
 * with (Cyrillic и н п, е с, ш щ, т г; Latin rn m, cl d, h b, l i, c e), a letter dropped, two swapped.
 * The fold reads some slips into something far from the name: an OCR н→и that the fold merges with the
 * vowel before it (Гордієнко as Гордійеико: hordenko, hordiko), x typed for c and read as ks (Shevxhiak),
 * cl for d in a short name (Rucl) — so no skeleton-level measure meets them, and with a second slip beside
 * it, no trigram either. Undoing one slip here, then folding, gives the registry's key itself.
 */
const KEYBOARD_ROWS = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'йцукенгшщзхїъ',
  'фівапролджєэ',
  'ячсмитьбю',
  'фывапролджэ',
];

/** Single letters a scanner or a tired eye reads for one another (both ways). */
const LOOK_ALIKE: readonly (readonly [string, string])[] = [
  ['и', 'н'],
  ['н', 'п'],
  ['и', 'п'],
  ['е', 'с'],
  ['ш', 'щ'],
  ['т', 'г'],
  ['і', 'л'],
  ['ц', 'щ'],
  ['ь', 'ъ'],
  ['о', 'с'],
  ['h', 'b'],
  ['l', 'i'],
  ['c', 'e'],
  ['n', 'h'],
  ['u', 'v'],
  ['o', 'c'],
];

/** Letter groups a scanner reads for one another (both ways). */
const LOOK_ALIKE_GROUPS: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['cl', 'd'],
  ['ri', 'n'],
  ['vv', 'w'],
  ['li', 'h'],
  ['ии', 'ш'],
];

const SUBSTITUTES: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, Set<string>>();
  const add = (a: string, b: string): void => {
    if (a === b) return;
    let s = m.get(a);
    if (!s) m.set(a, (s = new Set()));
    s.add(b);
  };
  for (const row of KEYBOARD_ROWS) {
    for (let i = 0; i < row.length; i++) {
      const ch = row[i] as string;
      if (i > 0) add(ch, row[i - 1] as string);
      if (i + 1 < row.length) add(ch, row[i + 1] as string);
    }
  }
  for (const [a, b] of LOOK_ALIKE) {
    add(a, b);
    add(b, a);
  }
  return new Map([...m].map(([k, v]) => [k, [...v]]));
})();

/** Shortest typed family name whose slips are undone (shorter ones meet too many other names). */
export const VARIANT_MIN_LETTERS = 4;

/**
 * The skeletons of the typed family name's one-slip variants (see above), without the name's own; empty
 * for a name shorter than VARIANT_MIN_LETTERS letters.
 */
export function typedFamilyVariants(typed: string): Set<string> {
  const word = typed.toLowerCase().normalize('NFC');
  const letters = [...word];
  const out = new Set<string>();
  if (letters.filter((c) => /\p{L}/u.test(c)).length < VARIANT_MIN_LETTERS) return out;
  const own = skeleton(word);
  const add = (v: string): void => {
    const s = skeleton(v);
    if (s !== '' && s !== own) out.add(s);
  };
  for (let i = 0; i < letters.length; i++) {
    const before = letters.slice(0, i).join('');
    const after = letters.slice(i + 1).join('');
    const ch = letters[i] as string;
    for (const sub of SUBSTITUTES.get(ch) ?? []) add(before + sub + after);
    add(before + after);
    if (i + 1 < letters.length) add(before + (letters[i + 1] as string) + ch + letters.slice(i + 2).join(''));
  }
  for (const [a, b] of LOOK_ALIKE_GROUPS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      for (let at = word.indexOf(from); at !== -1; at = word.indexOf(from, at + 1)) {
        add(word.slice(0, at) + to + word.slice(at + from.length));
      }
    }
  }
  return out;
}
