import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { EXIT, positiveInt } from '../common.js';

/** `homecoming audit checkpoint|verify|prove`: the tamper-evident audit log. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('checkpoint')
    .description('sign a checkpoint of the audit log now (HOMECOMING_AUDIT_DIR)')
    .action(async () => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { writeCheckpoint } = await import('../../modules/audit/checkpoint.js');
      const config = loadConfig();
      const c = await withDatabase(config, (database) => writeCheckpoint(database, config.auditDir));
      console.log(
        c ? `checkpoint: ${c.size} entries, root ${c.root}` : 'no new entries since the last checkpoint',
      );
    });
  audit
    .command('verify')
    .description('check the whole log against the signed checkpoints; names the first bad entry')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { verifyAudit } = await import('../../modules/audit/checkpoint.js');
      const config = loadConfig();
      const r = await withDatabase(config, (database) => verifyAudit(database, config.auditDir));
      if (o.json) console.log(JSON.stringify(r));
      else if (r.ok)
        console.log(
          `audit log verified: ${r.entries} entries, ${r.checkpointSize} under a signed checkpoint`,
        );
      else console.error(`audit log FAILED verification: ${r.problem}`);
      if (!r.ok) process.exitCode = EXIT.rejected;
    });
  audit
    .command('prove')
    .description('an inclusion proof (RFC 9162) of one entry in the latest signed checkpoint')
    .argument('<seq>', 'the entry number', positiveInt)
    .action(async (seq: number) => {
      const { loadConfig } = await import('../../config.js');
      const { checkInclusionProof, proveInclusion } = await import('../../modules/audit/checkpoint.js');
      const config = loadConfig();
      const proof = proveInclusion(config.auditDir, seq);
      if (!checkInclusionProof(proof)) throw new AppError('internal', 'the proof does not verify');
      console.log(JSON.stringify(proof, null, 2));
    });
}
