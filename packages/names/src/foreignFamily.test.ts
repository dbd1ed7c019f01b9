import { describe, expect, it } from 'vitest';
import { skeleton } from './fold.js';
import { readForeignFamily, readForeignFamilyName } from './foreignFamily.js';
import { nameKeys } from './keys.js';
import { parseNameFields } from './parse.js';

// Generated surnames only. A family name as a Belarusian list, a Czech, Latvian or Lithuanian registry, or a Dutch
// or Swedish office writes it keys as the Ukrainian surname it stands for, where the letters prove the writing.
const family = (name: string): string | null => nameKeys(parseNameFields(name, 'Andrii', '')).family;

describe('readForeignFamily', () => {
  it.each([
    // Belarusian -енка where the word shows Belarusian letters (ў, э after a hard consonant, і beside ы).
    ['Шаўчэнка', 'Шавченко'], // akanye's а stays (the phonetic key meets Шевченко),
    ['Дзямчэнка', 'Дзямченко'],
    ['Кравчэнка', 'Кравченко'],
    // Czech women's -ová.
    ['Kovalenková', 'Kovalenko'],
    ['Melnyková', 'Melnyk'],
    ['Tkachuková', 'Tkachuk'],
    // A Russian -ov/-ev woman's -ova, -eva: Czech adds -ová to the man's form (Kozlov: Kozlovová).
    ['Kozlovová', 'Kozlova'],
    ['Lebedevová', 'Lebedeva'],
    // A Ukrainian -oiko/-eiko (Boiko, Sheiko): no Czech name ends so before -ková.
    ['Boiková', 'Boiko'],
    ['Bojková', 'Boiko'],
    ['Sheiková', 'Sheiko'],
    // Latvian -s and Lithuanian -as after a Ukrainian stem; -skis as -skyi; -enka with Baltic marks.
    ['Kovaļčuks', 'Kovalchuk'],
    ['Kovalčukas', 'Kovalchuk'],
    ['Melniks', 'Melnik'],
    ['Melnykas', 'Melnyk'],
    ['Fedorovs', 'Fedorov'],
    ['Petrovičs', 'Petrovych'],
    ['Tarasjaks', 'Tarasiak'],
    ['Lenskis', 'Lenskyi'],
    ['Ševčenka', 'Shevchenko'],
    ['Fedišins', 'Fedishin'],
    // Dutch (tsj, sj, zj, oe) and Swedish (sj with tj; -tjenko).
    ['Sjevtsjenko', 'Shevchenko'],
    ['Tkatsjoek', 'Tkachuk'],
    ['Zjoelorenko', 'Zhulorenko'],
    ['Petroek', 'Petruk'],
    ['Sjevtjenko', 'Shevchenko'],
    ['Kravtjenko', 'Kravchenko'],
    ['Chmarytsj', 'Khmarych'],
  ])('%s keys as %s', (written, ukrainian) => {
    expect(family(written)).toBe(skeleton(ukrainian));
  });

  it.each([
    'Рибка',
    'Юрченка', // a genitive: not Belarusian by its letters
    'Іваненка',
    'Kowalczyk',
    'Lukas',
    'Karas',
    'Čerkas',
    'Salinas',
    'Collins',
    'Kovács',
    'Petrovics',
    'Harecs',
    'Dubenka',
    'Bondarenka',
    'Kostjuk',
    'Sjöberg',
    'Hoek',
    'Stassjuk', // German сю, дзю, цю
    'Dsjubuk',
    'Luzjuk',
    'Widrossjak',
    'Morosjak',
    'Kusjnir', // a typo's j
    'Savitsjii',
    'Moegenko', // a doubled key's oe
    'Koezmenko', // a lone oe: Dutch or a doubled key
    'Kisovs’ka',
    'Vokyns’kyy',
    'Tkachsjyi',
    'Boika',
    'Taras',
    'Shevchenko',
    'Kovalchuk',
    'Nováková',
    'Hnatková',
    'Pešková',
    'Levová',
  ])('%s stays as written', (written) => {
    // A Czech woman's name is her family's (Novák); a -ková or -ová the stem does not prove Ukrainian or Russian
    // keeps its Czech reading: Hnátek or Hnatko, Pešek, Lev.
    const czech: Record<string, string> = {
      Nováková: 'Novák',
      Hnatková: 'Hnatk',
      Pešková: 'Pešk',
      Levová: 'Lev',
    };
    if (czech[written] !== undefined) {
      expect(family(written)).toBe(skeleton(czech[written]));
      return;
    }
    expect(readForeignFamily(written)).toBeNull();
    expect(family(written)).toBe(skeleton(written));
  });

  it.each(['TrochczukS.I.', "Kalyns\\'kyy", 'Kisovs’ka', 'MelnyksKovalenko', 'Kalyns Kyy'])(
    '%s (joined initials, an apostrophe, a capital inside, words apart) is left whole',
    (written) => {
      expect(readForeignFamilyName(written)).toBe(written);
    },
  );

  // nm14 (3a): a Latvian man's -s read without the record's sex. A woman's surname written with it (a Latvian clerk's
  // man's form, or a typo's s for a, the next key: Nemvatovs for Nemvatova) keys as the man's form: its phonetic code
  // is her -ova's (the final vowel is not coded), so her other records meet her at `phonetic`, never `exact`; as
  // written, -ovs codes an S that neither her name nor her family's has. Read alike whatever the sex says.
  it("reads a woman's surname with a Latvian man's -s as the man's form, phonetically hers", () => {
    const keys = (f: string) => nameKeys(parseNameFields(f, 'Olena', ''));
    const written = keys('Nemvatovs');
    expect(written.family).toBe(skeleton('Nemvatov'));
    expect(written.familyPhonetic).toBe(keys('Nemvatova').familyPhonetic);
    expect(written.family).not.toBe(keys('Nemvatova').family);
    expect(keys('Nemvatov').familyPhonetic).toBe(keys('Nemvatova').familyPhonetic);
  });

  // nm14 (3d): Belarusian Latin -enka, as a Belarusian passport writes it, only where ў after a vowel shows as u before
  // a consonant (Shauchenka), which no Ukrainian or Russian Latin writes (в is v) nor a Latin or Polish genitive
  // (Yurchenka, Jurczenka); read with ў as в, as the Cyrillic Шаўчэнка is, so that it meets Shevchenko by sound.
  it.each([
    ['Shauchenka', 'Shavchenko'],
    ['Leuchenka', 'Levchenko'],
    ['SHAUCHENKA', 'Shavchenko'],
  ])('reads the Belarusian Latin %s as %s', (written, read) => {
    expect(family(written)).toBe(skeleton(read));
    expect(nameKeys(parseNameFields(written, 'Andrii', '')).familyPhonetic).toBe(
      nameKeys(parseNameFields(read.replace('Shav', 'Shev'), 'Andrii', '')).familyPhonetic,
    );
  });

  it.each(['Yurchenka', 'Bandarenka', 'Jurczenka', 'Kovalenka', 'Liashenka', 'Pauk', 'Bauer', 'Shauchuk'])(
    '%s (a genitive, or no ў to prove Belarusian Latin) stays as written',
    (written) => {
      expect(readForeignFamily(written)).toBeNull();
    },
  );

  it('reads each word of a double-barrelled name', () => {
    expect(readForeignFamilyName('Kovalenková-Melnyková')).toBe('kovalenko-melnyk');
  });
});
