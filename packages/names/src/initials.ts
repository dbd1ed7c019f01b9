/**
 * Initials written in place of a given name or patronymic ("Т.", "Т.Г." in one field, "T. H.", "Yu."):
 * which part each initial stands for, and whether an initial agrees with a name in any script. An initial
 * is kept as its skeleton (`skeleton()`: Т and T → t, Ю, Yu, Ju, Iu → iu, Ж and Zh → zh, Х and Kh → kh;
 * a Latin Y or J alone as "y", see `initialKey`),
 * and agrees with a name when some spelling of the name (its class's Ukrainian, Russian and Latin forms,
 * and the name as written) starts with it: T. agrees with Тарас, A. and O. with Олександр (Александр),
 * Z. with Жанна (Zhanna), Yu. and Y. with Юрій.
 */
import { GIVEN_NAME_CLASS_BY_ID } from './data/givenNames.js';
import { skeleton } from './fold.js';
import { parseNameFields } from './parse.js';

/** The initials a record gives instead of its given name and patronymic, as skeletons; null where none. */
export interface FieldInitials {
  given: string | null;
  father: string | null;
}

/**
 * The comparable form of one initial: its skeleton ("Т" → t, "Yu" → iu, "Ж" → zh), except a Latin Y or J
 * alone, which romanizes Ю, Я and Є alike (Yurii, Yana, Yevhen: skeletons iuri, iana, evhen) and is kept
 * as "y" (`initialAgrees` reads it as i or e). Null when the token has no letter.
 */
export function initialKey(token: string): string | null {
  const t = token.trim();
  if (t === 'Y' || t === 'y' || t === 'J' || t === 'j') return 'y';
  return skeleton(t) || null;
}

/** The starts of a name's skeleton that an initial key stands for ("y": i or e). */
function startsOf(initial: string): readonly string[] {
  return initial === 'y' ? ['i', 'e'] : [initial];
}

const NONE: FieldInitials = Object.freeze({ given: null, father: null });

/**
 * Whether a family field may hold a whole name (more than one word: "Шевченко Т.Г.", "Шевченко,ТГ"): a
 * cheap test before parsing it for initials.
 */
export function familyMayHoldInitials(family: string | null | undefined): boolean {
  return typeof family === 'string' && /[^\s.,;()][\s.,;()]+[^\s.,;()]/u.test(family);
}

/**
 * The initials written in the given-name and patronymic fields in place of the names: the first initial
 * stands for the given name when no given name is written, the next for the patronymic when none is
 * ("Т.Г." in the given field; "Т." and "Г."; "Тарас" and "Г."; "ТГ" alone). With both fields empty, a
 * whole name typed into the family field ("Шевченко Т.Г.", `family`) gives its initials. Never throws.
 */
export function fieldInitials(
  given: string | null,
  patronymic: string | null,
  family: string | null = null,
): FieldInitials {
  const blank = (s: string | null): boolean => s === null || s.trim() === '';
  const whole = blank(given) && blank(patronymic);
  if (whole && !familyMayHoldInitials(family)) return NONE;
  const p = whole
    ? parseNameFields(family ?? undefined)
    : parseNameFields(undefined, given ?? undefined, patronymic ?? undefined);
  if (p.initials.length === 0) return NONE;
  const skel = (s: string | undefined): string | null => (s === undefined ? null : initialKey(s));
  let i = 0;
  const g = p.given === null ? skel(p.initials[i++]) : null;
  const f = p.patronymic === null ? skel(p.initials[i]) : null;
  return g === null && f === null ? NONE : { given: g, father: f };
}

const formsMemo = new Map<string, readonly string[]>();
const FORMS_MEMO_MAX = 20_000;

/**
 * Skeletons of every spelling a name may be written in: the Ukrainian, Russian and Latin forms of its
 * class (`key`, a class id; an 'x:' key stands for its skeleton alone), and the name as written
 * (`written`, a skeleton). For a patronymic, `key` is the father's class and `written` the patronymic's
 * skeleton (Григорович, Григорьевич, Hryhorovych all start as the father's name does).
 */
export function nameFormSkeletons(key: string | null, written: string | null): readonly string[] {
  const memoKey = `${key ?? ''}\u0000${written ?? ''}`;
  let forms = formsMemo.get(memoKey);
  if (forms !== undefined) return forms;
  const out = new Set<string>();
  if (key !== null) {
    const c = key.startsWith('x:') ? undefined : GIVEN_NAME_CLASS_BY_ID.get(key);
    if (c !== undefined) {
      for (const x of [...c.uk, ...c.ru, ...c.latin]) {
        const s = skeleton(x);
        if (s !== '') out.add(s);
      }
    } else if (key.startsWith('x:') && key.length > 2) out.add(key.slice(2));
  }
  if (written !== null && written !== '') out.add(written);
  forms = [...out];
  if (formsMemo.size >= FORMS_MEMO_MAX) formsMemo.clear();
  formsMemo.set(memoKey, forms);
  return forms;
}

/**
 * Whether an initial (a skeleton: "t", "iu", "zh") agrees with a name given by its spellings' skeletons
 * (`nameFormSkeletons`): some spelling starts with it. German and Polish write х as ch (Chrystyna), which
 * the skeleton reads as ч: a "ch" initial is tried as "kh" too.
 */
export function initialAgrees(initial: string, forms: readonly string[]): boolean {
  if (initial === '') return false;
  for (const start of startsOf(initial)) for (const f of forms) if (f.startsWith(start)) return true;
  if (initial.startsWith('ch')) {
    const kh = `kh${initial.slice(2)}`;
    for (const f of forms) if (f.startsWith(kh)) return true;
  }
  return false;
}

/** Whether two initials (skeletons) may stand for one name: one starts with the other (Ю and Y., Ж and Z.). */
export function initialsAgree(x: string, y: string): boolean {
  if (x === '' || y === '') return false;
  for (const a of startsOf(x))
    for (const b of startsOf(y)) if (a.startsWith(b) || b.startsWith(a)) return true;
  return false;
}
