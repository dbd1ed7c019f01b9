/**
 * Whether this tree's search gives the same answers as another tree's (issue #11): the whole answer
 * (total, total_exact, hits with scores, why and confident) for the eval's queries and outsiders, registry-wide
 * and scoped as staff, on one existing registry (an eval registry kept with KEEP=1, or a copy of a seeded one).
 *
 *   URL=postgres://… BASE=/tmp/base-x/packages/server/src/modules/search/service.ts \
 *     [PERSONS=20000 SEED=11 PROFILE=realistic|harsh NOISE=holdout QUERIES=2000 OUTSIDERS=500 SHOW=5] \
 *     npx tsx --conditions=source bench/search/sameAnswers.ts
 *
 * BASE_URL=postgres://…: the base runs on another database (a copy of the same registry laid out otherwise:
 * VACUUM FULL, a restore, rows re-inserted in another order), to show that an answer does not depend on where
 * the rows lie on disk; BASE may then be this tree's own service.ts.
 *
 * PERSONS, SEED, PROFILE and NOISE must be the registry's (as eval.ts made it) for the queries to be about its
 * people; any queries will do for the comparison itself. Prints how many answers differ, and the first SHOW.
 */
import '../../packages/server/src/wiring.js';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { searchPersons } from '../../packages/server/src/modules/search/service.js';
import { AppError } from '../../packages/server/src/errors.js';
import { personScopeOf, type PersonScope } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';
import { REGISTRY_ORGANISATION_ID, type Principal } from '../../packages/server/src/auth/permissions.js';
import { evalSet } from './evalSet.js';

const URL = process.env['URL'];
const BASE = process.env['BASE'];
const BASE_URL = process.env['BASE_URL'];
if (!URL || !BASE) throw new Error('URL and BASE are required');
const PERSONS = Number(process.env['PERSONS'] ?? 20_000);
const SEED = Number(process.env['SEED'] ?? 11);
const PROFILE = process.env['PROFILE'] === 'harsh' ? 'harsh' : 'realistic';
const QUERIES = Number(process.env['QUERIES'] ?? 2_000);
const OUTSIDERS = Number(process.env['OUTSIDERS'] ?? 500);
const HOLDOUT = process.env['NOISE'] === 'holdout';
const SHOW = Number(process.env['SHOW'] ?? 5);

const base = (await import(BASE)) as { searchPersons: typeof searchPersons };

const { queries, outsiders } = evalSet({
  persons: PERSONS,
  seed: SEED,
  profile: PROFILE,
  queries: QUERIES,
  outsiders: OUTSIDERS,
  holdout: HOLDOUT,
});

const STAFF: Principal = {
  id: '01900000-0000-7000-8000-000000000042',
  role: 'analyst',
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user',
};
const scopes: [string, PersonScope][] = [
  ['registry-wide', personScopeOf(unsafeRegistryPrincipal())],
  ['staff', personScopeOf(STAFF)],
  // A registrar's scope also holds withheld persons (the server's load bench signs registrars in).
  ['registrar', personScopeOf({ ...STAFF, role: 'registrar' })],
];

interface Answer {
  total: number;
  hits: { person_id: string; score: number; confident: boolean }[];
}

/** What differs between two answers: only `confident`, only the order of equal scores, or more. */
function howTheyDiffer(a: string, b: string): string {
  if (a.startsWith('refused') || b.startsWith('refused')) return 'refused in one';
  const x = JSON.parse(a) as Answer;
  const y = JSON.parse(b) as Answer;
  const strip = (r: Answer) => JSON.stringify(r.hits.map((h) => ({ ...h, confident: false })));
  if (x.total === y.total && strip(x) === strip(y)) {
    const gained = y.hits.filter((h, i) => h.confident && !x.hits[i]?.confident).length;
    return gained > 0 ? 'confident only (some gained)' : 'confident only (lost)';
  }
  const set = (r: Answer) =>
    r.hits
      .map((h) => `${h.person_id}:${h.score}`)
      .sort()
      .join();
  if (x.total === y.total && set(x) === set(y)) return 'order of equal scores only';
  const scores = (r: Answer) => r.hits.map((h) => h.score).join();
  if (x.total === y.total && scores(x) === scores(y))
    return 'the same scores, other persons of an equal score on the page';
  if (x.total !== y.total) return 'total (and hits)';
  return 'scores';
}

const database = await openDatabase({ url: URL });
const baseDatabase = BASE_URL ? await openDatabase({ url: BASE_URL }) : database;
try {
  const kinds = new Map<string, number>();
  let compared = 0;
  let differ = 0;
  for (const query of [...queries, ...outsiders]) {
    for (const [name, scope] of scopes) {
      const input = { q: query.q, birth: query.birth || undefined, limit: 10, scope };
      const answer = (f: typeof searchPersons, db = database) =>
        f(db, input).then(
          (r) => JSON.stringify(r),
          (err: unknown) => {
            if (err instanceof AppError) return `refused: ${err.message}`;
            throw err;
          },
        );
      const [mine, theirs] = [await answer(searchPersons), await answer(base.searchPersons, baseDatabase)];
      compared++;
      if (mine !== theirs) {
        differ++;
        const kind = howTheyDiffer(theirs, mine);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        // SHOW_KIND=…: show only answers that differ so (its label's first word: scores, total, confident…).
        const shown = process.env['SHOW_KIND'];
        if ((shown === undefined || kind.startsWith(shown)) && (kinds.get(kind) ?? 0) <= SHOW) {
          console.log(`${name} ${JSON.stringify(query.q)} birth=${query.birth}`);
          console.log(`  base: ${theirs.slice(0, 600)}`);
          console.log(`  this: ${mine.slice(0, 600)}`);
        }
      }
    }
  }
  console.log(`${differ} of ${compared} answers differ`);
  for (const [kind, n] of kinds) console.log(`  ${kind}: ${n}`);
} finally {
  await database.close();
  if (baseDatabase !== database) await baseDatabase.close();
}
