/**
 * A rank or title written before the surname in a name field, as military lists, letters and
 * notifications write it: "ст. солдат Шевченко", "мл. сержант Коваль", "гр. Мельник", "рядовой Бойко",
 * "Sgt. Shevchenko". Its words are read in Ukrainian, Russian and English, whole or abbreviated as lists
 * abbreviate them ("ст. сол.", "мол. с-т", "ряд.", "л-т", "Pvt."). Pure; safe for the server and the web app.
 */

/** A rank's grade before its noun: старший, молодший, головний… (whole or abbreviated). */
const GRADES = new Set(
  'ст ст. старший старшого мол мол. молодший мл мл. младший гол гол. головний главный гв гв. гвардії гвардии jr jr. sr sr. senior junior'.split(
    ' ',
  ),
);

/**
 * Civil titles and forms of address written whole (Ukrainian, Russian, English, German, Polish, Czech, French):
 * the one list rank.ts reads before a name and parse.ts reads off a name wherever it stands (its `TITLES`).
 */
export const CIVIL_TITLE_WORDS: readonly string[] = [
  'громадянин громадянка гражданин гражданка пан пані господин госпожа',
  'mr mrs ms miss herr frau pani paní mme mlle madame monsieur',
]
  .join(' ')
  .split(' ');

/**
 * Civil titles and honorifics, whole or abbreviated: not a rank to keep. With the forms of address a foreign body's,
 * a consulate's or an office's letter puts before a name (hold-out 13 `honorific`): German, Polish, Czech and French
 * ("Herr", "Frau", "Pani", "paní", "Mme"), Russian ("господин", "г-жа"). Not "M." (Monsieur): it is an initial too.
 */
const TITLES = new Set([
  ...CIVIL_TITLE_WORDS,
  ...'гр. гр-н гр-ка п. mr. mrs. ms. mme. mlle. г-н г-жа господин. госп.'.split(' '),
]);

/** Ranks and civil titles, whole or abbreviated (a dotted abbreviation is read only with its dot). */
const RANKS = new Set([
  ...[
    'солдат сол. солд. рядовий рядовой ряд. матрос матр. єфрейтор ефрейтор єфр. ефр. сержант серж. с-т сер.',
    'старшина ст-на прапорщик прап. мічман мичман лейтенант лейт. л-т капітан капитан кап. к-н майор м-р',
    'підполковник подполковник п/п-к пполк. полковник полк. п-к генерал ген. курсант',
    'pvt. pte. private soldier cpl. corporal sgt. sergeant lt. lieutenant capt. captain maj. major col. colonel',
  ]
    .join(' ')
    .split(' '),
  ...TITLES,
]);

/** Whether a rank `splitLeadingRank` found is a civil title or honorific ("гр.", "пані", "Mr."), not a rank. */
export function isCivilTitle(rank: string): boolean {
  return TITLES.has(rank.trim().toLowerCase());
}

/**
 * The rank or title at the start of `text` and the name after it, or null when the text does not start with
 * one or nothing but it is there (a field that says only "Майор" is a surname: Майор, Капитан and Пан are).
 */
export function splitLeadingRank(text: string): { rank: string; name: string } | null {
  const words = text.trim().split(/\s+/u);
  let i = 0;
  while (i < words.length && GRADES.has((words[i] as string).toLowerCase())) i++;
  if (i < words.length && RANKS.has((words[i] as string).toLowerCase())) i++;
  else return null;
  // A rank must leave a name beginning with a letter.
  const name = words.slice(i).join(' ');
  if (!/^\p{L}/u.test(name)) return null;
  return { rank: words.slice(0, i).join(' '), name };
}

/** Ranks written after a name without a dot only, as English lists do ("Kovalenko, Pvt"). */
const UNDOTTED_AFTER = new Set('pvt pte cpl sgt lt capt maj col'.split(' '));

/**
 * A serviceman's role or position, written where a rank would be ("Коваленко - стрілець"): not a rank to keep,
 * not a name either.
 */
const ROLES = new Set(
  [
    'в/сл в/с в.сл. військовослужбовець військовослужбовиця военнослужащий военнослужащая serviceman servicewoman',
    'marine морпіх стрілець стрелок навідник наводчик водій водитель механік-водій механик-водитель',
    'гранатометник гранатометчик кулеметник пулеметчик снайпер медик санітар санинструктор розвідник разведчик',
    'сапер десантник',
  ]
    .join(' ')
    .split(' '),
);

/** A civilian, as lists mark one beside a serviceman: Ukrainian, Russian, English. */
const CIVILIAN = new Set([
  'цивільний',
  'цивільна',
  'цив.',
  'цивільна особа',
  'мирний житель',
  'мирна жителька',
  'гражданский',
  'гражданская',
  'мирный житель',
  'мирная жительница',
  'civilian',
  'civ.',
]);

/**
 * Whether `words` are a rank (grades and a rank), a role or a civilian's mark, or a form of address ('title': read
 * after a comma only, "KOVALENKO, Mrs"), and which.
 */
function afterKind(words: readonly string[]): 'rank' | 'other' | 'title' | null {
  const lower = words.map((w) => w.toLowerCase());
  if (CIVILIAN.has(lower.join(' '))) return 'other';
  let i = 0;
  while (i < lower.length - 1 && GRADES.has(lower[i] as string)) i++;
  if (i !== lower.length - 1) return null;
  const last = lower[i] as string;
  if (ROLES.has(last)) return i === 0 ? 'other' : null;
  if (TITLES.has(last)) return i === 0 ? 'title' : null;
  return RANKS.has(last) || UNDOTTED_AFTER.has(last) ? 'rank' : null;
}

/** Whether a rank `splitTrailingRank` found is a military rank ("ст. л-т"), not a role or a civilian's mark. */
export function isMilitaryRank(rank: string): boolean {
  return afterKind(rank.trim().split(/\s+/u)) === 'rank';
}

/**
 * A rank, a serviceman's role or a civilian's mark written after a name in its cell, as a unit's or a
 * volunteer's list does ("Коваленко, сол.", "Коваленко ст. л-т", "Коваленко - стрілець", "Петрович, рядовой",
 * "Bondar, civilian"), and the name before it; null when the cell ends in none. After a comma or a spaced dash
 * any of them is read; after a bare space only an abbreviation (a dot, a hyphen or a slash: "сол.", "л-т",
 * "в/сл", or "Pvt", "Sgt"), words no name is ("мирний житель", "ст. лейтенант") or a word in small letters after a
 * capitalised name ("Коваленко солдат"): a surname or given name may be a rank's or a role's word (Стрілець,
 * Майор, Матрос), and two names side by side are names.
 */
export function splitTrailingRank(text: string): { rank: string; name: string } | null {
  const words = text.trim().split(/\s+/u);
  // The longest tail that is one (a grade goes with its rank), of words without a comma.
  for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
    const after = words.slice(words.length - k);
    if (after.some((w) => /[,;]/u.test(w))) continue;
    const kind = afterKind(after);
    if (kind === null) continue;
    let before = words.slice(0, words.length - k);
    // The separator: a comma after the name's last word, a dash between the two, or a bare space.
    let marked = /[,;]$/u.test(before[before.length - 1] as string);
    if (/^[-–—]$/u.test(before[before.length - 1] as string)) {
      before = before.slice(0, -1);
      marked = true;
    }
    const name = before.join(' ').replace(/[\s,;]+$/u, '');
    if (!/\p{L}/u.test(name)) return null;
    // After a bare space: an abbreviation, or words no name is, or a word in small letters after a capitalised name
    // ("Коваленко солдат"): a name is written with a capital.
    const plain =
      after.some((w) => /[./-]/u.test(w)) ||
      after.length > 1 ||
      UNDOTTED_AFTER.has((after[0] as string).toLowerCase()) ||
      (/^\p{Ll}/u.test(after[0] as string) && /^\p{Lu}/u.test(name) && name !== name.toLowerCase());
    if (!marked && !plain) return null;
    // A form of address after a name only after a comma ("KOVALENKO, Mrs"): "Коваленко пан" may be two surnames.
    if (kind === 'title' && !/[,;]$/u.test(words[words.length - k - 1] as string)) return null;
    return { rank: after.join(' '), name };
  }
  return null;
}

/** Most words `dropRankWords` reads (a name and what lists write beside it). */
const RANK_TEXT_WORDS = 12;

/**
 * A search query's text without the ranks, roles and civilians' marks written in it (issue #11, hold-out 8
 * `rank_after`), wherever the fields' order put them: after the name ("Марчович Георгій - цивільний", "Bondar Petro,
 * civilian"), or between a surname and a given name ("Gligyv – Sr. Lt. Vyacheslav", "Микита – л-т Кирилич",
 * "Смосстанская мирна жителька Татьяна"), each read as `splitTrailingRank` reads one after the words before it (after
 * a comma or a spaced dash, or an abbreviation, words no name is, or a word in small letters after a capitalised
 * name: "Іван Майор" keeps its surname). A leading rank is the parse's (`splitLeadingRank`). The text as it was
 * when none is found; its spaces collapsed otherwise.
 */
export function dropRankWords(text: string): string {
  let words = text.trim().split(/\s+/u);
  if (words.length < 2 || words.length > RANK_TEXT_WORDS) return text;
  let found = false;
  for (let end = words.length; end >= 2; end--) {
    const before = words.slice(0, end);
    // A rank between two names may carry the comma that ends it ("Марчович, сол., Георгій").
    before[end - 1] = (before[end - 1] as string).replace(/[,;]+$/u, '');
    const r = splitTrailingRank(before.join(' '));
    if (r === null) continue;
    words = [...r.name.split(/\s+/u), ...words.slice(end)];
    found = true;
    end = words.length + 1;
  }
  return found ? words.join(' ') : text;
}
