import { describe, expect, it } from 'vitest';
import { withoutEditorialMarks } from './editorial.js';

// Hold-out 14 (bench/holdout14.ts editorial): an archival publication or a memorial book marks the letters its editor
// restored in square brackets and a reading it doubts or keeps as the document has it; the marks were keyed as
// words ("Ков[а]ленко" as "kov a lenko", "Андр[ій]" as "andr i", "Коваленко [sic]" as "kovalenko siz").
describe('withoutEditorialMarks', () => {
  it.each([
    ['Ков[а]ленко', 'Коваленко'],
    ['Петр[ович]', 'Петрович'],
    ['Андр[ій]', 'Андрій'],
    ['[Ко]валенко', 'Коваленко'],
    ['Ро[ма]н[ович]', 'Романович'],
    ['Коваленко [sic]', 'Коваленко'],
    ['Коваленко (sic!)', 'Коваленко'],
    ['Коваленко (так у документі)', 'Коваленко'],
    ['Коваленко [так в тексте]', 'Коваленко'],
    ['Kovalenko [sic] Andrii', 'Kovalenko Andrii'],
  ])('reads %j as %j', (text, out) => {
    expect(withoutEditorialMarks(text)).toBe(out);
  });

  it.each([
    ['Коваленко'],
    ['Коваленко (Мельник)'],
    ['[Коваленко]'],
    ['Коваленко [1]'],
    ['Sicard'],
    ['Коваленко (так)'],
  ])('leaves %j to what reads it', (text) => {
    expect(withoutEditorialMarks(text)).toBeNull();
  });
});
