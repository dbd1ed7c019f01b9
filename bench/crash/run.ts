/**
 * Crash proof (issue #16): `npm run bench:crash -- --rounds 50 [--clients 4] [--import-clients 1]
 * [--pglite]`. Runs `homecoming serve` on a scratch PostgreSQL database (or, with `--pglite`, on PGlite in a
 * data folder: `HOMECOMING_DATA`), SIGKILLs it at a random moment while clients write (records, events,
 * imports over HTTP), and after every round checks that each acknowledged write is there, nothing is
 * half-written and the audit log verifies. With `--import-clients 2` or more, files are imported side by
 * side and every third is sent twice at once. Exits 1 on the first round that does not hold.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createScratchDatabase } from '../lib.js';
import { importsLine, runCrashRounds } from '../../packages/server/src/test/crashRounds.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    clients: { type: 'string', default: '4' },
    'import-clients': { type: 'string', default: '1' },
    pglite: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const clients = Number(values.clients);
const importClients = Number(values['import-clients']);
if (![rounds, clients, importClients].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error('--rounds, --clients and --import-clients must be positive whole numbers');
  process.exit(2);
}
const scratch = values.pglite
  ? { url: undefined, drop: async () => undefined }
  : await createScratchDatabase('hc_crash');
try {
  console.log(
    `load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const r = await runCrashRounds({
    url: scratch.url,
    rounds,
    clients,
    importClients,
    built: true,
    log: (l) => console.log(l),
  });
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(JSON.stringify(r, null, 2));
  if (r.problems.length > 0) {
    console.error(`crash proof FAILED: ${r.problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `crash proof held on ${values.pglite ? 'PGlite' : 'PostgreSQL'}: ${rounds} SIGKILLs; ${r.acknowledged.records} records, ${r.acknowledged.events} events, ` +
        `${importsLine(r)}; 0 lost, 0 half-written, audit log of ${r.auditEntries} entries verified; ${r.seconds.toFixed(0)} s`,
    );
  }
} finally {
  await scratch.drop();
}
