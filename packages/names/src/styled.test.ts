import { describe, expect, it } from 'vitest';
import { unstyledLetters } from './styled.js';

// Hold-out 8 (bench/holdout8.ts styled_letters): a name copied from a post in styled letters had no key at all.
describe('unstyledLetters', () => {
  it.each([
    ['𝐊𝐨𝐯𝐚𝐥𝐞𝐧𝐤𝐨', 'Kovalenko'],
    ['𝑲𝒐𝒗𝒂𝒍𝒆𝒏𝒌𝒐', 'Kovalenko'],
    ['𝗞𝗼𝘃𝗮𝗹𝗲𝗻𝗸𝗼', 'Kovalenko'],
    ['𝙺𝚘𝚟𝚊𝚕𝚎𝚗𝚔𝚘', 'Kovalenko'],
    ['Ｋｏｖａｌｅｎｋｏ', 'Kovalenko'],
    ['𝐊𝐨𝐯𝐚𝐥𝐞𝐧𝐤𝐨-𝐁𝐨𝐧𝐝𝐚𝐫', 'Kovalenko-Bondar'],
    ['Андрій\u00a0Петрович', 'Андрій Петрович'],
    ['Коваленко\u202fАндрій', 'Коваленко Андрій'],
    ['𝟏𝟗𝟗𝟏', '1991'],
  ])('reads %s as %s', (styled, plain) => {
    expect(unstyledLetters(styled)).toBe(plain);
  });

  it('leaves other text as written', () => {
    for (const s of ['Коваленко', 'Kovalenko', 'Ševčenko', 'ﬁlip', 'Коваленко²', 'Ї', 'Й'])
      expect(unstyledLetters(s)).toBe(s);
  });
});
