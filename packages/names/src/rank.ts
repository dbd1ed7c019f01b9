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

/** Civil titles and honorifics, whole or abbreviated: not a rank to keep. */
const TITLES = new Set(
  'гр. гр-н гр-ка громадянин громадянка гражданин гражданка пан пані п. mr. mrs. ms. miss mr mrs ms'.split(
    ' ',
  ),
);

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
