import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes valid, distinct version-7 UUIDs', () => {
    const ids = Array.from({ length: 20_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 500)) {
      expect(z.uuid({ version: 'v7' }).safeParse(id).success).toBe(true);
    }
  });

  it('sorts every id after the one made before it, within a millisecond too', () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
  });

  it('sorts ids made in a later millisecond after earlier ones', async () => {
    const a = newId();
    await new Promise((r) => setTimeout(r, 3));
    expect(newId() > a).toBe(true);
  });
});
