import { describe, expect, it } from 'vitest';
import {
  HOLDOUT16_CLASSES,
  generateHoldout16Queries,
  holdout16Names,
  type Holdout16Class,
} from './holdout16.js';
import { holdoutModelTests, holdoutTestPopulation } from './holdoutModelTests.js';
import { mulberry32, personNames, renderNames } from './search/variants.js';

const population = holdoutTestPopulation;

describe('holdout16', () => {
  holdoutModelTests({
    name: 'holdout16',
    classes: HOLDOUT16_CLASSES,
    names: holdout16Names,
    queries: generateHoldout16Queries,
    listClassesAtLeast: 4,
  });

  it('writes Ukrainian letters, marks, places, capture dates, relatives and an initial as the classes say', () => {
    const rand = mulberry32(11);
    const seen = { letters: false, mark: false, place: false, capture: false, kin: false, initial: false };
    const write = (row: (typeof population)[number], cls: Holdout16Class) => {
      const p = personNames(row);
      return holdout16Names(p, row, renderNames(p, 'ru', rand), row.birth_date, cls, rand);
    };
    for (const row of population) {
      if (/^(?:Сєргєй|Дмітрій|Алєксандр|Ніколай)$/u.test(write(row, 'ru_uk_letters').given))
        seen.letters = true;
      if (/(?:ст\.|мол\.|мл\.|старший|молодший|младший)\)?$/u.test(write(row, 'generation_mark').family))
        seen.mark = true;
      if (/(?:м\.|с\.) \p{Lu}/u.test(JSON.stringify(write(row, 'place_in_name')))) seen.place = true;
      const c = write(row, 'capture_in_birth');
      if (
        c.applied === 'capture_in_birth' &&
        /20(?:22|23|24|25)/u.test(c.birth) &&
        !c.birth.includes(row.birth_date)
      )
        seen.capture = true;
      if (/(?:мати|мать|дружина|жена|сестра) /u.test(JSON.stringify(write(row, 'kin_named'))))
        seen.kin = true;
      const i = write(row, 'given_initial_only');
      if (i.applied === 'given_initial_only' && /^\p{Lu}\.?$/u.test(i.given) && i.patronymic.length > 4)
        seen.initial = true;
    }
    expect(seen).toEqual({ letters: true, mark: true, place: true, capture: true, kin: true, initial: true });
  });
});
