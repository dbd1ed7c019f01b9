import { compileModel, defaultModel, type TermFrequencies } from '@homecoming/linkage';
import { describe, expect, it } from 'vitest';
import { probeOf } from '../linkage/candidates.js';
import type { RecordContent } from '../records/validate.js';
import { MemoryBlocks } from './linking.js';
import { powContent } from './service.js';

/** A prisoner of the list as the exchange linking compares him: names only. */
const content = (family: string, given: string, patronymic: string): RecordContent =>
  powContent({
    family_name: family,
    given_name: given,
    patronymic,
    sex: 'male',
    birth_date: null,
    unit: null,
    service_number: null,
  });

/** A registry of 1,000,000 records in which the list's names hold the given shares. */
function registry(items: readonly RecordContent[], share: number): TermFrequencies {
  const family = new Map<string, number>();
  const given = new Map<string, number>();
  for (const [i, c] of items.entries()) {
    const p = probeOf(`r${i}`, c);
    if (p.family !== null) family.set(p.family, Math.round(share * 1_000_000));
    if (p.given !== null) given.set(p.given, Math.round(share * 1_000_000));
  }
  return { records: 1_000_000, family, given };
}

describe('MemoryBlocks: a name is as rare as the registry counts it', () => {
  const listed = [
    content('Коваленко', 'Іван', 'Петрович'),
    content('Шевчук', 'Олег', 'Миколайович'),
    content('Бондар', 'Андрій', 'Васильович'),
  ];
  const items = listed.map((c, i) => ({ id: `e${i}`, content: c }));
  const row = content('Коваленко', 'Іван', 'Петрович');
  const cm = compileModel(defaultModel());

  it('weighs a name the registry holds often as common, though the short list holds it once', () => {
    const common = new MemoryBlocks(items, registry(listed, 0.02)).place(cm, [row])[0];
    const rare = new MemoryBlocks(items, registry(listed, 0.000_002)).place(cm, [row])[0];
    expect(common?.id).toBe('e0');
    expect(rare?.id).toBe('e0');
    // Each of family and given name: log2(0.02 / 0.000002) ≈ 13 bits of the term-frequency adjustment
    // between the two (capped), so the common name scores well below the rare one.
    expect((rare?.score ?? 0) - (common?.score ?? 0)).toBeGreaterThan(4);
    expect(common?.decision).not.toBe('match');
  });

  it("without the registry's counts, a short list's own counts make no name rare", () => {
    const own = new MemoryBlocks(items).place(cm, [row])[0];
    const common = new MemoryBlocks(items, registry(listed, 0.02)).place(cm, [row])[0];
    const rare = new MemoryBlocks(items, registry(listed, 0.000_002)).place(cm, [row])[0];
    // Once in three records, counted against a prior population of 50,000, was a name 1 in 50,000 before.
    expect(own?.score ?? 0).toBeLessThan(rare?.score ?? 0);
    expect(own?.score ?? 0).toBeGreaterThan(common?.score ?? 0);
  });
});
