/**
 * A name written with its letters spaced out (issue #11, hold-out 13 `letter_spaced`): a typewritten or printed
 * list emphasises a surname so (разрядка), and a PDF's text layer gives a word set with letter spacing the same way:
 * "К о в а л е н к о", "К О В А Л Е Н К О", "K o v a l e n k o", the words of a whole name apart by two or three
 * spaces ("К о в а л е н к о  А н д р і й"). Each run of single letters, one space apart, is one word again; an
 * apostrophe or a hyphen standing between them is part of it ("Б о н д а р - К о в а л е н к о"). A run must have four
 * letters or more, or three where it is the whole of its group (between the cell's edges or gaps of two spaces):
 * no name is written as four single letters, while initials are written with dots or two at most ("А П").
 * Pure; never throws.
 */

const LETTER = /^\p{L}\p{M}*$/u;
const JOINER = /^['’ʼ-]$/u;

/**
 * A run's letters as words: one word, but a capital after a small letter begins another, as a whole name spaced out
 * with one space between its words too writes it ("S t e p a n s k y i D m y t r o" → Stepanskyi Dmytro).
 */
function words(run: readonly string[]): string[] {
  const out: string[] = [];
  let word = '';
  let prev = '';
  for (const t of run) {
    if (word !== '' && /\p{Ll}/u.test(prev) && /^\p{Lu}/u.test(t)) {
      out.push(word);
      word = '';
    }
    word += t;
    prev = t;
  }
  out.push(word);
  return out;
}

/** One group (text between gaps of two spaces or more) with its runs of spaced letters joined. */
function joinGroup(group: string): string {
  const tokens = group.split(' ');
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    let letters = 0;
    while (j < tokens.length && (LETTER.test(tokens[j] as string) || JOINER.test(tokens[j] as string))) {
      if (LETTER.test(tokens[j] as string)) letters++;
      j++;
    }
    // A joiner does not begin or end a run.
    let end = j;
    while (end > i && JOINER.test(tokens[end - 1] as string)) end--;
    let start = i;
    while (start < end && JOINER.test(tokens[start] as string)) start++;
    const whole = start === 0 && end === tokens.length;
    if (end > start && (letters >= 4 || (letters === 3 && whole))) {
      out.push(...tokens.slice(i, start), ...words(tokens.slice(start, end)), ...tokens.slice(end, j));
      i = j;
    } else if (j > i) {
      out.push(...tokens.slice(i, j));
      i = j;
    } else {
      out.push(tokens[i] as string);
      i++;
    }
  }
  return out.join(' ');
}

/** `text` with its spaced-out letters joined into words; null when it has none. Whitespace is kept otherwise. */
export function joinSpacedLetters(text: string): string | null {
  const nfc = text.normalize('NFC');
  if (!/(?:^|\s)\p{L}\p{M}*[ \u00a0]\p{L}\p{M}*[ \u00a0]\p{L}\p{M}*(?:\s|$)/u.test(nfc)) return null;
  // Gaps of two spaces or more (or any other whitespace) part words; one space parts letters.
  const parts = nfc.replace(/\u00a0/gu, ' ').split(/((?:\s{2,})|[^\S ])/u);
  const out = parts.map((p, k) => (k % 2 === 0 ? joinGroup(p) : p)).join('');
  return out === nfc.replace(/\u00a0/gu, ' ') ? null : out;
}
