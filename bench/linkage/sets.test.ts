import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../packages/server/src/seed/population.js';
import { holdoutModelVariantOf, PROFILES, registrySet } from './sets.js';

describe("a hold-out model's labels (nm15)", () => {
  const [row] = registrySet(1, 3, PROFILES.holdout13, 'realistic');
  if (row === undefined) throw new Error('no person drawn');

  it('labels a row the import would refuse `refused`, not `clean`, and writes it without the class', () => {
    const out = holdoutModelVariantOf(row, 'x-v0', 'source 1', PROFILES.holdout13, mulberry32(1), (base) => ({
      ...base,
      birth: '31.13.1991',
      cleanBirth: row.birth_date,
      applied: 'formula_cell',
    }));
    expect(out.noise).toBe('refused');
    expect(out.birth_date).toBe(row.birth_date);
  });

  it('keeps `clean` for a row the class did not apply to, and the class for a row the import takes', () => {
    const write = (applied: 'clean' | 'markup') => () => ({
      family: row.family_name,
      given: row.given_name,
      patronymic: row.patronymic,
      birth: row.birth_date,
      cleanBirth: row.birth_date,
      applied,
    });
    const rates = PROFILES.holdout13;
    expect(holdoutModelVariantOf(row, 'x-v0', 's', rates, mulberry32(1), write('clean')).noise).toBe('clean');
    expect(holdoutModelVariantOf(row, 'x-v0', 's', rates, mulberry32(1), write('markup')).noise).toBe(
      'markup',
    );
  });
});
