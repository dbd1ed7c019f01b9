import { describe, expect, it } from 'vitest';
import { HOLDOUT14_CLASSES, generateHoldout14Queries, holdout14Names } from './holdout14.js';
import { holdoutModelTests, holdoutTestPopulation } from './holdoutModelTests.js';
import { mulberry32, personNames, renderNames } from './search/variants.js';

const population = holdoutTestPopulation;

describe('holdout14', () => {
  holdoutModelTests({
    name: 'holdout14',
    classes: HOLDOUT14_CLASSES,
    names: holdout14Names,
    queries: generateHoldout14Queries,
    listClassesAtLeast: 4,
  });

  it('writes a ditto mark, a shifted row and a service number as the classes say', () => {
    const rand = mulberry32(11);
    const seen = { dittoFamily: false, dateUnderPatronymic: false, serviceLabel: false };
    for (const row of population) {
      const p = personNames(row);
      const d = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'ditto', rand);
      if (/\/\/|"|〃|те|то|do|same/u.test(d.family)) seen.dittoFamily = true;
      const s = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'column_shift', rand);
      if (/^\d\d\.\d\d\.\d{4}$/u.test(s.patronymic)) seen.dateUnderPatronymic = true;
      const n = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'service_written', rand);
      if (n.serviceNumber !== undefined && n.serviceNumber !== row.service_number) seen.serviceLabel = true;
    }
    expect(seen).toEqual({ dittoFamily: true, dateUnderPatronymic: true, serviceLabel: true });
  });
});
