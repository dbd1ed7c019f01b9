import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('the records module', () => {
  it('never imports tracing: tracing hooks into refreshed persons instead (onPersonsRefreshed)', () => {
    const upward = fs
      .readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(here, f), 'utf8').matchAll(/from '(\.\.\/tracing\/[^']+)'/g)].map(
          (m) => `${f}: ${m[1]}`,
        ),
      );
    expect(upward).toEqual([]);
  });
});
