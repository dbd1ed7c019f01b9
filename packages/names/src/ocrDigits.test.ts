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
