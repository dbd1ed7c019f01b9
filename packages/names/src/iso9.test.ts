import { describe, expect, it } from 'vitest';
import { iso9ToCyrillic } from './iso9.js';
import { nameKeys, skeleton } from './index.js';
import { parseNameFields } from './parse.js';

// Hold-out 11 (bench/holdout11.ts translit_diacritic): a library's, an archive's or a foreign registry's ISO 9 Latin.
// Generated names only.
describe('iso9ToCyrillic', () => {
  it.each([
    ['Ûrìj', 'юрій'],
    ['Natalìâ', 'наталія'],
    ['Leonìdìvna', 'леонідівна'],
    ['Hvadrìpiko', 'хвадріпико'],
    ['Vâčeslav', 'вячеслав'],
    ['Sergìjovič', 'сергійович'],
    ['Ŝerbak', 'щербак'],
    ['Êvgen', 'євген'],
    ['Âroslav', 'ярослав'],
    ['Dâčskaâ', 'дячская'],
  ])('%s → %s', (word, cyrillic) => {
    expect(iso9ToCyrillic(word)).toBe(cyrillic);
  });

  it.each([
    'Ševčenko',
    'Kovalenko',
    'Grigorovič',
    'Sergueï',
    'Câmpeanu',
    'Ştefănescu',
    'Lâtife',
    'Wâ',
    'Jurij',
  ])('%s is not ISO 9', (word) => {
    expect(iso9ToCyrillic(word)).toBeNull();
  });

  it('keys an ISO 9 name as its Cyrillic', () => {
    expect(skeleton('Hvadrìpiko')).toBe(skeleton('Хвадріпико'));
    expect(skeleton('Natalìâ')).toBe(skeleton('Наталія'));
    expect(nameKeys(parseNameFields('Ŝerbak', 'Ûrìj', 'Vâčeslavovič'))).toEqual(
      nameKeys(parseNameFields('Щербак', 'Юрій', 'Вячеславович')),
    );
  });
});
