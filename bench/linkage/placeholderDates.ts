/**
 * Placeholder birth dates, as registers and offices write them where only the year is known or none is
 * (simulate.ts `PLACEDATES=share`, branch gy): a year alone written as 1 January of it ("01.01.1991",
 * "1991-01-01"), and no date written as a database's empty one ("01.01.1900", "1900-01-01"). None of the
 * hold-out models writes them (their figures stay comparable); this knob adds them to any set, registry and
 * list alike, so that what the linkage makes of them can be measured.
 */
import { mulberry32 } from '../../packages/server/src/seed/population.js';
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';

/**
 * `rows` with `share` of those giving a year alone written as 1 January of it, and `share` / 4 of those giving
 * no date written as 1 January 1900; the rest unchanged. The same rows, share and seed give the same rows.
 */
export function withPlaceholderDates<R extends CanonicalCsvRow>(
  rows: readonly R[],
  share: number,
  seed: number,
): R[] {
  const rand = mulberry32(seed);
  return rows.map((row) => {
    const birth = row.birth_date.trim();
    const r = rand();
    const form = rand();
    if (/^\d{4}$/.test(birth) && r < share)
      return { ...row, birth_date: form < 0.7 ? `01.01.${birth}` : `${birth}-01-01` };
    if (birth === '' && r < share / 4)
      return { ...row, birth_date: form < 0.5 ? '01.01.1900' : '1900-01-01' };
    return row;
  });
}
