import { describe, expect, it } from 'vitest';
import { localLatinReadings } from './localLatinText.js';

// Hold-out 11 `spelling_ro_hu`: a whole query as a Romanian, Moldovan or Hungarian office spells it. Generated names.
describe('localLatinReadings', () => {
  it.each([
    ['Şcorhvemiuc Olecsandr', 'Shkorhvemiuk Oleksandr'],
    ['Ciumac Olecsandr', 'Chumak Oleksandr'],
    ['Ciumjen Ivan', 'Chumzhen Ivan'],
    ['Porjoruc Vitalii', 'Porzhoruk Vitalii'],
    ['Şevuc Volodîmîr Mîhailovîci', 'Shevuk Volodymyr Mykhailovych'],
    ['Hennadii Şpenţatmac', 'Hennadii Shpentsatmak'],
  ])('reads %s as Romanian Latin: %s', (q, read) => {
    expect(localLatinReadings(q)).toEqual([read]);
  });

  it.each([
    ['Szavcsenko Olekszandr', 'Savchenko Oleksandr'],
    ['Sztepan Szljuszak', 'Stepan Sliusak'],
    ['Mihajlo Solcsik', 'Mikhailo Sholchik'],
    ['Svidkcsuk Tarasz', 'Shvidkchuk Taras'],
    ['Halicsuk Omeljan Kirilovics', 'Halichuk Omelian Kirilovich'],
  ])('reads %s as Hungarian Latin: %s', (q, read) => {
    expect(localLatinReadings(q)).toEqual([read]);
  });

  it.each([
    'Shevchenko Oleksandr',
    'Ivan Kovalenko',
    'Szewczenko Sergiusz',
    'Kovalenko, Petro 1985',
    'Шевченко Олександр',
    'Şevket Yılmaz',
  ])('adds no reading for %s', (q) => {
    expect(localLatinReadings(q)).toEqual([]);
  });
});
