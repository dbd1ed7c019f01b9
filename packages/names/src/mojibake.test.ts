import { describe, expect, it } from 'vitest';
import { repairMojibake } from './mojibake.js';

/** The three misreadings, made here from generated names the way a broken system makes them. */
const cp1251 = (s: string): Buffer => {
  const high = new TextDecoder('windows-1251');
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) map.set(high.decode(Uint8Array.of(b)), b);
  return Buffer.from([...s].map((c) => map.get(c) as number));
};
const asCp1252 = (b: Buffer): string => new TextDecoder('windows-1252').decode(b);
const asCp1251 = (b: Buffer): string => new TextDecoder('windows-1251').decode(b);

describe('repairMojibake', () => {
  const names = [
    'Шевченко',
    'Григорович',
    'Олексій',
    'Ярошенко-Коваль',
    "Мар'яна",
    'Їжакевич',
    'Ґудзь',
    'Єрмоленко',
  ];

  it('undoes Windows-1251 bytes shown as Windows-1252 (Øåâ÷åíêî)', () => {
    expect(asCp1252(cp1251('Шевченко'))).toBe('Øåâ÷åíêî');
    for (const n of names) expect(repairMojibake(asCp1252(cp1251(n)))).toBe(n);
  });

  it('undoes UTF-8 bytes shown as Windows-1251 (РЁРµРІ…) and as Windows-1252 (Ð¨ÐµÐ²…)', () => {
    for (const n of names) {
      const u = Buffer.from(n, 'utf8');
      const as1251 = asCp1251(u);
      if (!as1251.includes('\u0098')) expect(repairMojibake(as1251)).toBe(n);
      expect(repairMojibake(asCp1252(u))).toBe(n);
      expect(repairMojibake(u.toString('latin1'))).toBe(n);
    }
  });

  it('leaves clean names alone, Cyrillic, Latin with accents, or any', () => {
    for (const s of [
      'Шевченко',
      'Shevchenko',
      'Müller',
      'Ševčenko',
      'Szewczenko',
      'Chevtchenko',
      'Éléonore',
      'Zoë',
      'Øster',
      'Åse',
      'Ó',
      'Петренко–Коваль',
      'Ñ',
      'Çağlar',
      "Ol'ha",
      '',
    ])
      expect(repairMojibake(s)).toBeNull();
  });

  it('leaves UTF-8 of a Latin name shown as Latin-1 alone (not a Cyrillic name)', () => {
    expect(repairMojibake(Buffer.from('Müller', 'utf8').toString('latin1'))).toBeNull();
  });
});
