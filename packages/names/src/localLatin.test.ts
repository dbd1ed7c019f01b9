import { describe, expect, it } from 'vitest';
import { readLocalLatin } from './localLatin.js';
import { fatherClassOfPatronymic, givenNameClassOf, skeleton } from './index.js';

// Hold-out 11 (bench/holdout11.ts spelling_ro_hu): a Romanian, Moldovan or Hungarian office's spelling of a
// Ukrainian name. Generated names only.
describe('readLocalLatin', () => {
  it.each([
    ['Şevcenco', 'Шевченко'],
    ['Tcaciuc', 'Ткачук'],
    ['Covalciuc', 'Ковальчук'],
    ['Mîcola', 'Микола'],
  ])('%s keys as %s', (word, cyrillic) => {
    expect(skeleton(word)).toBe(skeleton(cyrillic));
  });

  it.each([
    ['Petrovici', 'petro'],
    ['Petrovics', 'petro'],
    ['Hrîhorovîci', 'hryhorii'],
    ['Andrijovics', 'andrii'],
    ['Oleksandrovîci', 'oleksandr'],
  ])('the patronymic %s names the father %s', (word, id) => {
    expect(fatherClassOfPatronymic(word)?.id).toBe(id);
  });

  it('reads a given name written the Romanian way', () => {
    expect(givenNameClassOf('Mîcola')?.id).toBe('mykola');
    expect(givenNameClassOf('Volodîmîr')?.id).toBe('volodymyr');
  });

  it.each([
    'Kovalenko',
    'Szewczenko',
    'Schewtschenko',
    'Ševčenko',
    'Şevket',
    'Nagy',
    'Olekszandr',
    'Kowalczyk',
  ])('%s is read as before', (word) => {
    expect(readLocalLatin(word)).toBeNull();
  });
});
