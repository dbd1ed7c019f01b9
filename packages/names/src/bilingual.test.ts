import { describe, expect, it } from 'vitest';
import { bilingualWordsOnce, oneScriptOfBilingual } from './bilingual.js';

// Hold-out 11 (bench/holdout11.ts bilingual_cell): a bilingual form's name cell (an ICRC, a UN or a consulate's form
// in Ukrainian and English), or a list merged from a passport and a register. Generated names only.
describe('oneScriptOfBilingual', () => {
  it.each([
    ['Коваленко (Kovalenko)', 'Коваленко'],
    ['Коваленко (KOVALENKO)', 'Коваленко'],
    ['Kovalenko (Коваленко)', 'Коваленко'],
    ['Коваленко / Kovalenko', 'Коваленко'],
    ['Коваленко/KOVALENKO', 'Коваленко'],
    ['KOVALENKO / Коваленко', 'Коваленко'],
    ['Коваленко Kovalenko', 'Коваленко'],
    ['Kovalenko Коваленко', 'Коваленко'],
    ['Андрій (Andrii)', 'Андрій'],
    ['Григорович Hryhorovych', 'Григорович'],
    ['Юрьевич (Yurevich)', 'Юрьевич'],
    ['Ковальчук (Kovalchuk)', 'Ковальчук'],
    ['Андрій Петрович (Andrii Petrovych)', 'Андрій Петрович'],
    ['Бондар-Коваленко (Bondar-Kovalenko)', 'Бондар-Коваленко'],
  ])('%s → %s', (cell, name) => {
    expect(oneScriptOfBilingual(cell)).toBe(name);
  });

  it.each([
    'Коваленко',
    'Kovalenko',
    // Two names: a maiden name, two surnames, the Ukrainian and the Russian forms, in one script or two.
    'Мельник (Шевчук)',
    'Мельник (Shevchuk)',
    'Мельник Shevchuk',
    'Олександр (Александр)',
    'Oleksandr (Aleksandr)',
    'Андрій (Petro)',
    'Коваленко Андрій',
    'Kovalenko Andrii',
    'Коваленко (Kovalenko Andrii)',
    '(Kovalenko)',
    'Коваленко ()',
  ])('%s: not one name in two scripts', (cell) => {
    expect(oneScriptOfBilingual(cell)).toBeNull();
  });
});

describe('bilingualWordsOnce', () => {
  it.each([
    ['Хомар (Khomar) Bohdan', 'Хомар Bohdan'],
    ['Орест Остапович Мірошенко / Miroshenko', 'Орест Остапович Мірошенко'],
    ['Сидорівський Sydorivs’kyy Lev', 'Сидорівський Lev'],
    ['Dziubak (Дзюбак) Zynovii', 'Дзюбак Zynovii'],
    ['Горпинич / Gorpynych Данило / DANIIL', 'Горпинич Данило'],
    ['Коваль (Koval), Петро', 'Коваль, Петро'],
  ])('keeps each name of %s once, in Cyrillic', (q, once) => {
    expect(bilingualWordsOnce(q)).toBe(once);
  });

  it.each(['Іван Ivanov', 'Мельник (Shevchuk) Olena', 'Шевченко Тарас', 'Kovalenko Petro'])(
    'leaves %s',
    (q) => {
      expect(bilingualWordsOnce(q)).toBeNull();
    },
  );
});
