/**
 * Patronymics formed from a father's given name, by the rules of reference/names.md §6.3. A class's own
 * `patronymic` table wins over the rules: it holds the forms the rules get wrong (Ілліч, Ильинична,
 * Миколайович, Яковлевич, Петрович from Пётр …).
 */
import type { GivenNameClass } from './data/givenNames.js';

/** Sex of the person who bears the patronymic (not of the father). */
export type PatronymicSex = 'male' | 'female';

const VOWELS = new Set('аеєиіїоуюяыэё');
const isVowel = (ch: string | undefined): boolean => ch !== undefined && VOWELS.has(ch.toLowerCase());

/**
 * The regular Ukrainian patronymic of a father's name: -ович (Іванович, Сергійович, Васильович) and
 * -івна / -ївна after a vowel or й (Іванівна, Сергіївна, Василівна).
 */
export function ukrainianPatronymic(fatherName: string, sex: PatronymicSex): string {
  const last = fatherName.at(-1);
  if (last === 'й') {
    return sex === 'male' ? `${fatherName}ович` : `${fatherName.slice(0, -1)}ївна`;
  }
  if (last === 'ь') {
    return sex === 'male' ? `${fatherName}ович` : `${fatherName.slice(0, -1)}івна`;
  }
  // Петро, Данило, Микита: the final vowel is an ending, not part of the stem.
  const stem = last === 'о' || last === 'а' || last === 'я' ? fatherName.slice(0, -1) : fatherName;
  return sex === 'male' ? `${stem}ович` : `${stem}івна`;
}

/**
 * The regular Russian patronymic of a father's name: -ович / -овна after a hard consonant (Иванович),
 * -евич / -евна after й, ь and hissing consonants (Сергеевич, Игоревич, Юрьевич, Дмитриевич),
 * -ич / -ична after -а (Никитич).
 */
export function russianPatronymic(fatherName: string, sex: PatronymicSex): string {
  const soft = (stem: string): string => (sex === 'male' ? `${stem}евич` : `${stem}евна`);
  const last = fatherName.at(-1);
  if (last === 'й') {
    if (fatherName.endsWith('ий') && !isVowel(fatherName.at(-3))) {
      // -ий keeps и after a consonant cluster (Дмитрий → Дмитриевич), else becomes ь (Юрий → Юрьевич).
      const cluster = !isVowel(fatherName.at(-4));
      return soft(fatherName.slice(0, -2) + (cluster ? 'и' : 'ь'));
    }
    return soft(fatherName.slice(0, -1));
  }
  if (last === 'ь') return soft(fatherName.slice(0, -1));
  if (last === 'ж' || last === 'ч' || last === 'ш' || last === 'щ' || last === 'ц') return soft(fatherName);
  if (last === 'а' || last === 'я') {
    const stem = fatherName.slice(0, -1);
    return sex === 'male' ? `${stem}ич` : `${stem}ична`;
  }
  return sex === 'male' ? `${fatherName}ович` : `${fatherName}овна`;
}

/**
 * The patronymic of a son or daughter (`sex`) of a father whose given name is `fatherClass`, written in
 * Ukrainian or Russian: Сергій → Сергійович / Сергіївна, Сергей → Сергеевич / Сергеевна.
 */
export function patronymicOf(fatherClass: GivenNameClass, sex: PatronymicSex, lang: 'uk' | 'ru'): string {
  if (fatherClass.sex !== 'male') {
    throw new RangeError(`patronymicOf: '${fatherClass.id}' is not a male name`);
  }
  const irregular = fatherClass.patronymic?.[lang];
  if (irregular) return irregular[sex];
  const name = (lang === 'uk' ? fatherClass.uk : fatherClass.ru)[0];
  if (name === undefined) throw new RangeError(`patronymicOf: '${fatherClass.id}' has no ${lang} form`);
  return lang === 'uk' ? ukrainianPatronymic(name, sex) : russianPatronymic(name, sex);
}
