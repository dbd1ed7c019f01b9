import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { openSearchApp, type SearchApp } from '../../test/searchApp.js';
import { personScopeOf } from '../../gate/scope.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { searchPersons, traceSearch } from './service.js';

// Generated people only. Мельник and Мельничук share a phonetic code (MLNK), not a family key: a search
// for "Мельник Ганна" born 1970 reads Мельничук's records born 1969–1971 or of unknown year in its
// phonetic branch (found in the index first, then read whole), and never one born in 1990.
// (Of another given name, only the one born in 1970 itself scores above noise; the rest are read and scored.)
const HEAD = 'external_id,source,category,family_name,given_name,sex,birth_date,status';
const TARGET = 't1,family desk,civilian_detainee,Мельник,Ганна,female,1970-03-04,missing';
const GIVEN = ['Олена', 'Марія', 'Ірина', 'Тетяна', 'Оксана', 'Людмила', 'Надія', 'Галина'];

const everything = personScopeOf(unsafeRegistryPrincipal());

describe.each(DATABASE_KINDS)('the phonetic block near a birth year on %s', (kind) => {
  let few: SearchApp | undefined;
  let many: SearchApp | undefined;
  beforeAll(async () => {
    few = await openSearchApp(
      kind,
      [
        HEAD,
        TARGET,
        'n1,family desk,civilian_detainee,Мельничук,Олена,female,1969-05-06,missing',
        'n2,family desk,civilian_detainee,Мельничук,Марія,female,1970-07-08,missing',
        'n3,family desk,civilian_detainee,Мельничук,Ірина,female,1971-09-10,missing',
        'n4,family desk,civilian_detainee,Мельничук,Тетяна,female,,missing',
        'far,family desk,civilian_detainee,Мельничук,Оксана,female,1990-01-02,missing',
      ].join('\n'),
    );
    // More neighbours near the year than a branch reads (400): the branch is read as before, in heap order.
    many = await openSearchApp(
      kind,
      [
        HEAD,
        TARGET,
        ...Array.from({ length: 420 }, (_, i) => {
          const month = String(1 + (i % 12)).padStart(2, '0');
          const day = String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0');
          return `m${i},family desk,civilian_detainee,Мельничук,${GIVEN[i % GIVEN.length]},female,${1969 + (i % 3)}-${month}-${day},missing`;
        }),
      ].join('\n'),
    );
  }, 120_000);
  afterAll(async () => {
    await few?.close();
    await many?.close();
  });

  it('finds the neighbours born near or of unknown year, and not one born far', async () => {
    const t = (few as SearchApp).t;
    const { result, trace } = await traceSearch(() =>
      searchPersons(t.database, { q: 'Мельник Ганна', birth: '1970', limit: 10, scope: everything }),
    );
    expect(result.hits[0]?.record_ids).toEqual(['t1']);
    expect(result.total_exact).toBe(true);
    // The phonetic block brought the four neighbours; with the target, five candidates scored, not the far one.
    expect(trace.branchRows[0]).toContain(4);
    expect(trace.scored).toBe(5);
    expect(trace.capped).toBe(false);
    // Of them, the one born in the year asked for scores above noise (another given name: −4).
    expect(result.hits.flatMap((h) => h.record_ids).sort()).toEqual(['n2', 't1']);
  });

  it('reads a block past the limit as a whole branch did, and says the count is not exact', async () => {
    const t = (many as SearchApp).t;
    const { result, trace } = await traceSearch(() =>
      searchPersons(t.database, { q: 'Мельник Ганна', birth: '1970', limit: 10, scope: everything }),
    );
    expect(result.hits[0]?.record_ids).toEqual(['t1']);
    expect(trace.branchRows[0]).toContain(400);
    expect(trace.capped).toBe(true);
    expect(result.total_exact).toBe(false);
  });
});
