/**
 * Folding of Latin renderings into a comparable skeleton, so that one name written in different Latin
 * traditions (KMU 2010, ICAO, BGN/PCGN, German Duden, Polish PWN, French, older passports; reference/names.md
 * §5) gives one key. The skeleton is a blocking and comparison key, not a spelling: it is lowercase ASCII
 * [a-z] words separated by single spaces.
 *
 * It works in three steps on each word:
 * 1. read: letters → sounds, by the conventions of the word's tradition (German/Polish or French when the
 *    word shows their marks, English/KMU/ICAO otherwise);
 * 2. merge: rewrite the sounds to one normal form (the rules R1–R9 below, each with the renderings it exists
 *    for);
 * 3. write: sounds → letters, KMU-like (sh, ch, zh, kh), written so that reading them back gives the same
 *    sounds — which makes `foldLatin` idempotent.
 *
 * What is deliberately NOT merged: g and h (Russian Сергей Sergei vs Ukrainian Сергій Serhii — the given-name
 * equivalence classes relate them), kh and h, s and z (German Selenskyj keeps its s).
 */
import { romanizeRussian, romanizeUkrainian } from './romanize.js';
import { detectScript, repairMixedScript, repairOcrDigits, tokenize, type Script } from './script.js';
import { memoize } from './memo.js';
import { readCapsLookalikes } from './capsLookalike.js';
import { iso9ToCyrillic } from './iso9.js';
import { readLocalLatin } from './localLatin.js';

/**
 * Sounds are single characters: the plain letters a b d e f g h i k l m n o p r s t u v z stand for
 * themselves (i covers и і ы й and the y/j glide; z covers both з and ц, see `readSounds`), and four
 * capitals stand for the digraph sounds.
 */
const SH = 'S'; // ш: sh, sch (de), sz (pl), ch (fr), š
const CH = 'C'; // ч: ch, tsch (de), cz (pl), tch (fr), č
const ZH = 'J'; // ж: zh, ż / rz (pl), j (fr), ž
const KH = 'X'; // х: kh, ch (de, pl, cs)
type Sound = string;

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const isConsonant = (s: Sound | undefined): boolean => s !== undefined && !VOWELS.has(s);

type Mode = 'default' | 'central' | 'french';

/**
 * The tradition a word is written in, from marks that only it uses.
 * - french: "ou" (Iouri, Hnatiouk), "tch" not after s (Chevtchenko, Tkatchenko), ï (Sergueï);
 * - central (German, Polish, Czech): w or j (Schewtschenko, Kowalczuk, Jurij), sch, cz, sz, and the letters
 *   ł ż ź ś ć ń ą ę ß ä ö ü š ž č ř ě;
 * - default: English, KMU 2010, ICAO, BGN/PCGN.
 * The written skeleton never contains any of these marks, so it is always read back in the default mode.
 */
function modeOf(word: string): Mode {
  if (/ou|ï|(?:^|[^s])tch/u.test(word)) return 'french';
  if (/[wjłżźśćńąęßäöüšžčřě]|sch|cz|sz(?!h)/u.test(word)) return 'central';
  return 'default';
}

/** Letters that NFD does not take apart, or whose diacritic carries the sound (ż = ж, č = ч, ŝ = щ). */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ŀ: 'l',
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ĸ: 'k',
  ſ: 's',
  ż: 'zh',
  ž: 'zh',
  ź: 'z',
  ś: 's',
  ć: 'ts',
  ń: 'n',
  š: 'sh',
  č: 'cz',
  // Turkish, Azerbaijani, Crimean Tatar and Romanian Latin: ç is ч (Şevçenko, Kovalçuk, Petroviç; Çelebi) and ş
  // (ș) is ш; NFD would leave a bare c (ц) and s. French ç (s) stands in no Ukrainian or Russian name's Latin.
  ç: 'cz',
  ş: 'sh',
  ș: 'sh',
  ř: 'rzh',
  ŝ: 'shch',
};

/** Apostrophes, soft/hard-sign marks (’ ʹ ʺ ” “ ` ´ ′) and the BGN/PCGN middle dot: dropped inside a word. */
const DROPPED = /['\u2019\u02BC`\u2018\u00B4\u2032\uFF07\u02B9\u02BA\u02BB\u201C\u201D\u00B7]/u;
const LATIN = /^\p{Script=Latin}$/u;
const MARK = /^\p{M}$/u;

/** Split text into lowercase Latin words (with their diacritics still on); everything else separates. */
function latinWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const raw of text.normalize('NFC').toLowerCase()) {
    const code = raw.codePointAt(0) ?? 0;
    // Fullwidth Latin (ｓｈｅｖ) is plain Latin.
    const ch = code >= 0xff41 && code <= 0xff5a ? String.fromCodePoint(code - 0xff41 + 0x61) : raw;
    if (DROPPED.test(ch)) continue;
    if (LATIN.test(ch) || (MARK.test(ch) && current !== '')) {
      current += ch;
    } else if (current !== '') {
      words.push(current);
      current = '';
    }
  }
  if (current !== '') words.push(current);
  return words;
}

/** Replace the special letters, strip every other diacritic (NFD), keep a–z only. */
function plainLetters(word: string): string {
  let out = '';
  for (const ch of word) out += SPECIAL_LETTERS[ch] ?? ch;
  return out
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/gu, '');
}

/**
 * Read a plain a–z word into sounds. Longest match first:
 * - shch, schtsch (de), szcz (pl), chtch (fr) → щ (Shcherbak, Schtscherbak, Szczerbak, Chtcherbak);
 * - tsch (de), tch (fr), cz (pl) → ч (Tkatschenko, Tkatchenko, Tkaczenko);
 * - sch (de), sz (pl), sh → ш (Schewtschenko, Szewczenko, Shevchenko);
 * - ch → ч by default (Shevchenko), х in German/Polish words (Chmelnyzkyj, Chruszczow), ш in French words
 *   (Chevtchenko);
 * - zh, and rz in Polish words unless followed by h (Rzepecki; but Rzhevskyi) → ж;
 * - kh → х;
 * - ts, tz (de), c (pl) → ц, which shares one sound with з: German writes ц as z (Zybulski, Chmelnyzkyj,
 *   Jelzin), so z cannot be told from ц (Tsybulskyi = Zybulski = Cybulski); the cost is that з and ц meet;
 * - c → k before a o u l r t in English/KMU-looking words (Victor, Nicolai), ц otherwise and always in
 *   German/Polish words (Cybulski, Chmielnicki, Jelcyn);
 * - tsh → т + ш (KMU тш; keeps "tsh" readable back);
 * - gh → г (KMU зг → zgh: Zghorany); ph → f (Philip); ou → u (Iouri, Hnatiouk);
 * - gu before e i y → g in French words (Sergueï, Ievguenia); where the word shows no other French mark,
 *   R10 merges it (Guennadi);
 * - w → v (Wolodymyr); x → ks (Olexandr = Oleksandr); q → k;
 * - j → ж in French words (Joukov), else the glide i (Jurij, Andrij, Jaroslaw); y → i (Yurii, Lysenko).
 */
function readSounds(word: string, mode: Mode): Sound[] {
  const out: Sound[] = [];
  let i = 0;
  const at = (s: string): boolean => word.startsWith(s, i);
  while (i < word.length) {
    const ch = word[i] as string;
    const next = word[i + 1];
    if (at('tshch')) {
      out.push('t', SH, CH);
      i += 5;
    } else if (at('shch')) {
      out.push(SH, CH);
      i += 4;
    } else if (at('tsch')) {
      out.push(CH);
      i += 4;
    } else if (at('tsh')) {
      out.push('t', SH);
      i += 3;
    } else if (at('sch')) {
      out.push(SH);
      i += 3;
    } else if (at('tch')) {
      out.push(CH);
      i += 3;
    } else if (at('sh') || (at('sz') && word[i + 2] !== 'h')) {
      out.push(SH);
      i += 2;
    } else if (at('zh')) {
      out.push(ZH);
      i += 2;
    } else if (at('kh')) {
      out.push(KH);
      i += 2;
    } else if (at('ch')) {
      // A patronymic's ending, -ovych / -evich / -owych at the word's end, is ч in every tradition: a word that shows
      // a central mark and ends so ("Andrijovych", "Mykhajlovych", "Anatol'ewych", й written j or в written w, as
      // the 1996 Ukrainian table and hand-typed Latin write them) writes its ending the English way (German writes
      // -owitsch, Polish -owicz, Czech -ovyč). No surname ends in -ових.
      const ending = i === word.length - 2 && /[oe][vw][yi]$/u.test(word.slice(0, i));
      out.push(mode === 'central' && !ending ? KH : mode === 'french' ? SH : CH);
      i += 2;
    } else if (at('cz')) {
      out.push(CH);
      i += 2;
    } else if (at('ts') || (at('tz') && word[i + 2] !== 'h')) {
      out.push('z');
      i += 2;
    } else if (at('gh')) {
      out.push('h');
      i += 2;
    } else if (at('ph')) {
      out.push('f');
      i += 2;
    } else if (at('ou')) {
      out.push('u');
      i += 2;
    } else if (mode === 'central' && at('rz') && word[i + 2] !== 'h') {
      out.push('r', ZH);
      i += 2;
    } else if (
      mode === 'french' &&
      at('gu') &&
      (word[i + 2] === 'e' || word[i + 2] === 'i' || word[i + 2] === 'y')
    ) {
      out.push('g');
      i += 2;
    } else {
      i += 1;
      switch (ch) {
        case 'c':
          out.push(mode !== 'central' && next !== undefined && 'aoulrt'.includes(next) ? 'k' : 'z');
          break;
        case 'x':
          out.push('k', 's');
          break;
        case 'w':
          out.push('v');
          break;
        case 'q':
          out.push('k');
          break;
        case 'j':
          out.push(mode === 'french' ? ZH : 'i');
          break;
        case 'y':
          out.push('i');
          break;
        default:
          out.push(ch);
      }
    }
  }
  return out;
}

/**
 * Rewrite a word's sounds to normal form. Each rule is applied wherever it matches until none does (a stack
 * pass: every rule shortens the word and ends at the newest sound, so one pass reaches the fixed point).
 * - R1 a doubled sound is one: Lyssenko = Lysenko, Savva = Sava, Yurii = Yuri (with i for y and j: Yuriy,
 *   Jurij, Zelenskyi = Zelensky = Selenskyj's ending);
 * - R2 a glide before e goes: Yevhen = Ievgen = Evgen, Andriienko = Andrienko, Vasilyevich = Vasilevich;
 * - R3 e before the glide goes (ей ↔ ій): Oleinik = Oliinyk = Olejnik, Andrei = Andrii, Sergei ~ Serhii;
 * - R4 a glide + o after a consonant is ё, which ICAO writes e: Kovalyov = Kowaljow = Kovaliov = Kovalev,
 *   Artyom = Artem, Pyotr = Petr, Fyodor = Fedor;
 * - R5 after l a glide before a or u goes, as Polish writes it: Laszczenko = Liashchenko, Ludmila = Liudmyla,
 *   Natalja = Nataliia;
 * - R6 ou is u (the reading of "ou", kept for sounds that meet only after other rules);
 * - R7 t + s, t + ц is ц and t + ч is ч (the readings of ts, tz, tch);
 * - R8 s + ч and s + ц/з are ш (the readings of sch and sz);
 * - R10 g + u before e or i is g: French writes г before e and i as gu also in words with no other French
 *   mark (Guennadi = Gennadii, Gueorgui = Georgii, Ievguen = Yevhen, Guerman); гу + е/и/і is rare in
 *   Ukrainian and Russian names (Гуев would meet Гев).
 */
function mergeSounds(sounds: readonly Sound[]): Sound[] {
  const st: Sound[] = [];
  const top = (k: number): Sound | undefined => st[st.length - 1 - k];
  for (const sound of sounds) {
    st.push(sound);
    for (;;) {
      const a = top(2);
      const b = top(1);
      const c = top(0);
      if (b !== undefined && b === c) {
        st.pop(); // R1
      } else if (b === 'i' && c === 'e') {
        st.splice(-2, 2, 'e'); // R2
      } else if (b === 'e' && c === 'i') {
        st.splice(-2, 2, 'i'); // R3
      } else if (isConsonant(a) && b === 'i' && c === 'o') {
        st.splice(-2, 2, 'e'); // R4
      } else if (a === 'l' && b === 'i' && (c === 'a' || c === 'u')) {
        st.splice(-2, 2, c); // R5
      } else if (b === 'o' && c === 'u') {
        st.splice(-2, 2, 'u'); // R6
      } else if (b === 't' && (c === 's' || c === 'z')) {
        st.splice(-2, 2, 'z'); // R7
      } else if (b === 't' && c === CH) {
        st.splice(-2, 2, CH); // R7
      } else if (b === 's' && c === CH) {
        st.splice(-2, 2, SH); // R8
      } else if (b === 's' && c === 'z') {
        st.splice(-2, 2, SH); // R8
      } else if (a === 'g' && b === 'u' && (c === 'e' || c === 'i')) {
        st.splice(-2, 2, c); // R10
      } else {
        break;
      }
    }
  }
  // R9 ч before a consonant other than h is х: German and Polish ch before a consonant is х (Christina =
  // Khrystyna, Chmielnicki = Khmelnytskyi, Chrystyna), and ч before a consonant is rare (Кличко, Качмар:
  // they still meet their own renderings, Klitschko = Klychko, Kaczmar = Kachmar).
  const out: Sound[] = [];
  for (let i = 0; i < st.length; i++) {
    let sound = st[i] as Sound;
    const next = st[i + 1];
    if (sound === CH && isConsonant(next) && next !== 'h') sound = KH;
    if (sound !== out[out.length - 1]) out.push(sound);
  }
  return out;
}

/** Write sounds as letters; h after s z k p g is written gh so that it is not read as sh zh kh ph or lost. */
function writeSounds(sounds: readonly Sound[]): string {
  let out = '';
  for (let i = 0; i < sounds.length; i++) {
    const sound = sounds[i] as Sound;
    const prev = sounds[i - 1];
    if (sound === SH) out += 'sh';
    else if (sound === CH) out += 'ch';
    else if (sound === ZH) out += 'zh';
    else if (sound === KH) out += 'kh';
    else if (sound === 'h' && prev !== undefined && 'szkpg'.includes(prev)) out += 'gh';
    else out += sound;
  }
  return out;
}

/** Fold one plain a–z word. */
function foldWord(word: string, mode: Mode): string {
  return writeSounds(mergeSounds(readSounds(word, mode)));
}

/**
 * Fold Latin text into a lowercase ASCII skeleton ([a-z] words, single spaces) in which the renderings of one
 * name in different Latin traditions meet: Shevchenko, Schewtschenko, Szewczenko, Chevtchenko → shevchenko;
 * Yurii, Yuriy, Yuri, Jurij, Iouri → iuri; Oliinyk, Oleinik, Olejnik → olinik. Letters of other scripts,
 * digits and punctuation separate words; apostrophes and soft-sign marks are dropped. Deterministic,
 * idempotent, never longer than 4× the input; never throws.
 */
export function foldLatin(text: string): string {
  const folded: string[] = [];
  for (const word of latinWords(text)) {
    const f = foldWord(plainLetters(word), modeOf(word));
    if (f !== '') folded.push(f);
  }
  return folded.join(' ');
}

/**
 * Cues that decide a Cyrillic token with no Ukrainian- or Russian-only letter. Ukrainian: -ськ-/-цьк-/-зьк-
 * (Зеленський vs Russian Зеленский), ьо (Ковальов vs Ковалёв). Russian: и or ь before е ю я (Мария, Васильев,
 * Андриенко vs Ukrainian Марія, Васильєв, Андрієнко), final -ей (Сергей, Андрей vs Сергій, Андрій). The cues
 * only matter for г (h in KMU, g in ICAO): every other letter of such a token folds the same either way, so a
 * wrong guess (Соловей is Ukrainian too) costs nothing where there is no г.
 */
function guessCyrillic(token: string): 'uk' | 'ru' | undefined {
  const lower = token.toLowerCase();
  const uk = /[сзц]ьк|ьо/u.test(lower);
  const ru = /[иь][еюя]|ей$/u.test(lower);
  if (uk && !ru) return 'uk';
  if (ru && !uk) return 'ru';
  return undefined;
}

/**
 * Cross-script comparison key. Each token is repaired (`repairMixedScript`; an ISO 9 word read back to
 * Cyrillic, a Romanian or Hungarian spelling read as KMU-like Latin); Ukrainian Cyrillic is romanized by KMU
 * 2010, Russian by ICAO Doc 9303, and Cyrillic that shows neither by its own cues (-ськ, ьо → uk; ия, ье, final
 * -ей → ru), else like the other tokens of the text, else as Ukrainian; then everything is folded by
 * `foldLatin`. So Шевченко, Schewtschenko and SHEVCHENKO give shevchenko, and the Ukrainian/Russian letter
 * differences fold away: і и ы → i (Лисенко = Лысенко = lisenko, Діденко = Диденко), є е э → e, ї and йи →
 * i, ій = ей (Олійник = Олейник = olinik). Г stays h (uk) or g (ru) as the two languages write it.
 */
/** Belarusian short u (ў), after a vowel, as Belarusian writes it. */
const BELARUSIAN_U = /(?<=[аеёиіоуыэюяАЕЁИІОУЫЭЮЯ])[ўЎ]/gu;

export const skeleton: (text: string) => string = memoize(skeletonUncached);

function skeletonUncached(text: string): string {
  // A word in ISO 9 Latin ("Ûrìj", "Natalìâ") is read back to the Cyrillic it spells (iso9.ts); one in a Romanian
  // or Hungarian office's spelling ("Şevcenco", "Sevcsenko") as the KMU-like Latin it stands for (localLatin.ts).
  // Belarusian ў (Паўлоў, Шаўчэнка) is the в of the Ukrainian and Russian forms (Павлов, Шевченко), not a break.
  // Belarusian writes it only after a vowel; after Р or С it is UTF-8 read as cp1251 ("РЎ"), left to mojibake.ts.
  const tokens = readCapsLookalikes(
    tokenize(text).map(
      (token) =>
        iso9ToCyrillic(token) ??
        readLocalLatin(token) ??
        repairMixedScript(repairOcrDigits(token.replace(BELARUSIAN_U, (u) => (u === 'ў' ? 'в' : 'В')))),
    ),
  );
  const scripts: Script[] = tokens.map((token) => detectScript(token));
  const uk = scripts.filter((s) => s === 'uk').length;
  const ru = scripts.filter((s) => s === 'ru').length;
  const textLanguage: 'uk' | 'ru' = ru > uk ? 'ru' : 'uk';
  const romanized = tokens.map((token, i) => {
    const script = scripts[i];
    if (script === 'latin' || script === 'other') return token;
    const language = script === 'uk' || script === 'ru' ? script : (guessCyrillic(token) ?? textLanguage);
    return language === 'uk' ? romanizeUkrainian(token) : romanizeRussian(token, 'icao');
  });
  return foldLatin(romanized.join(' '));
}

const HEARD_VOWELS = new Set(['a', 'i', 'u']);

/** One skeleton word with its inner vowels folded as an ear writes them (see `heardSkeleton`). */
function heardWord(w: string): string {
  if (w.length < 3) return w;
  let out = w[0] as string;
  const last = w.length - 1;
  for (let i = 1; i <= last; i++) {
    let c = w[i] as string;
    // ю after ч, ш, ж (щ ends in ch): chiu, shiu, zhiu read as chu, shu, zhu (Ковальчюк, Ковальчук).
    if (c === 'i' && w[i + 1] === 'u' && w[i - 1] === 'h' && i >= 2 && 'csz'.includes(w[i - 2] as string))
      continue;
    if (i < last) {
      if (c === 'o') c = 'a';
      else if (c === 'e') c = 'i';
    }
    // A vowel the fold doubled is one (Андріинко, andrinko; Андрієнко folds its glide away, andrenko).
    if (HEARD_VOWELS.has(c) && out[out.length - 1] === c) continue;
    out += c;
  }
  return out;
}

/**
 * A skeleton as heard on the phone: in each word, after its first letter and before its last, о and а are
 * one (Russian akanye: Микала, Микола), е and и are one (Шевчинко, Шевченко; Дметро, Дмитро), and ю after
 * ч, ш, ж is у (Ковальчюк, Ковальчук). An unstressed vowel is what a clerk taking a name down by ear gets
 * wrong; the consonants stay, so two skeletons of one heard form share their `phoneticKey` too. For
 * comparison only (linkage's `heard` level, `givenClassHeardAs`), never a blocking key.
 */
export const heardSkeleton: (skel: string) => string = memoize((skel) =>
  skel.split(' ').map(heardWord).join(' '),
);
