import { describe, expect, it } from 'vitest';
import { splitLeadingRank } from './rank.js';

describe('splitLeadingRank', () => {
  it('reads a rank or title before the name, whole or abbreviated, in Ukrainian, Russian and English', () => {
    expect(splitLeadingRank('ст. солдат Шевченко')).toEqual({ rank: 'ст. солдат', name: 'Шевченко' });
    expect(splitLeadingRank('мол. с-т Коваль')).toEqual({ rank: 'мол. с-т', name: 'Коваль' });
    expect(splitLeadingRank('мл. сержант Бойко')).toEqual({ rank: 'мл. сержант', name: 'Бойко' });
    expect(splitLeadingRank('рядовой Мельник')).toEqual({ rank: 'рядовой', name: 'Мельник' });
    expect(splitLeadingRank('гр. Ткаченко')).toEqual({ rank: 'гр.', name: 'Ткаченко' });
    expect(splitLeadingRank('Jr. Sgt. Kovalenko')).toEqual({ rank: 'Jr. Sgt.', name: 'Kovalenko' });
    expect(splitLeadingRank('Майор Петренко-Коваль')).toEqual({ rank: 'Майор', name: 'Петренко-Коваль' });
  });

  it('leaves a name alone: no rank, a rank-like surname alone, an undotted abbreviation, a grade alone', () => {
    for (const s of [
      'Шевченко',
      'Майор',
      'Капитан',
      'Солдатенко Тарас',
      'ст Шевченко',
      'ст. Шевченко',
      'Сержант',
      'Lt.',
      'гр. 5',
    ])
      expect(splitLeadingRank(s)).toBeNull();
  });
});
