import { describe, expect, it } from 'vitest';
import { italianLatinReadings } from './italianLatinText.js';

describe('italianLatinReadings', () => {
  it('reads a name as an Italian paper spells it whole, where one word shows the spelling (hold-out 18)', () => {
    expect(italianLatinReadings('Kovalciuk Denys Petrovic')).toEqual(['Kovalchuk Denys Petrovych']);
    expect(italianLatinReadings('Scevcenko Taras')).toEqual(['Shevchenko Taras']);
    expect(italianLatinReadings('Zacharcenko Dmytro')).toEqual(['Zakharchenko Dmytro']);
    expect(italianLatinReadings('Tkaciovic Chrystyna')).toEqual(['Tkachovych Khrystyna']);
    expect(italianLatinReadings('Mykola Savciuk')).toEqual(['Mykola Savchuk']);
    // Italian writes щ as ш (sc): the reading is ш, and the comparison finds щ close.
    expect(italianLatinReadings('Cateryna Scerbacenko')).toEqual(['Kateryna Sherbachenko']);
  });

  it('leaves a text that shows no Italian spelling, or another language’s', () => {
    expect(italianLatinReadings('Kovalchuk Denys Petrovych')).toEqual([]);
    expect(italianLatinReadings('Kravcov Ivan')).toEqual([]);
    expect(italianLatinReadings('Kowalczuk Wacław')).toEqual([]);
    expect(italianLatinReadings('Szavcsenko Olekszandr')).toEqual([]);
    expect(italianLatinReadings('Wysocki Ivan')).toEqual([]);
    expect(italianLatinReadings('Шевченко Тарас')).toEqual([]);
  });

  it('reads a 50,000-character hostile text in linear time', () => {
    const started = Date.now();
    italianLatinReadings('ci'.repeat(25_000));
    italianLatinReadings(`${'c'.repeat(50_000)}!`);
    italianLatinReadings(`Scevcenko ${'sc'.repeat(25_000)}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
