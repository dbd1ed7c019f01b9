import type { Command } from 'commander';
import { EXIT } from '../common.js';
import { checkWritable } from '../files.js';

/** `homecoming backup FILE` and `homecoming restore FILE` (DATABASE_URL, else HOMECOMING_DATA). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'write a consistent backup of the registry (database, audit checkpoints, tracing key) to FILE, also while the server runs',
    )
    .argument('<file>', 'the backup file to write')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      checkWritable(file);
      const fs = await import('node:fs');
      const { loadConfig } = await import('../../config.js');
      const { backupPglite, backupPostgres, hasAuditCheckpoint } =
        await import('../../modules/ops/backup.js');
      const { dataDirHolder, livePglite, requestLiveBackup } =
        await import('../../modules/ops/liveBackup.js');
      const { openArchive } = await import('../../modules/ops/archive.js');
      const { AppError } = await import('../../errors.js');
      const config = loadConfig();
      const folders = { auditDir: config.auditDir, tracingKeyFile: config.tracing.keyFile };
      if (config.databaseUrl) {
        if (!hasAuditCheckpoint(config.auditDir)) {
          // A log never checkpointed could not verify after a restore: sign its first checkpoint now.
          const { openDatabase } = await import('../../db/database.js');
          const { writeCheckpoint } = await import('../../modules/audit/checkpoint.js');
          const database = await openDatabase({ url: config.databaseUrl });
          try {
            await writeCheckpoint(database, config.auditDir);
          } finally {
            await database.close();
          }
        }
        await backupPostgres(config.databaseUrl, file, folders);
      } else {
        const pid = fs.existsSync(config.dataDir) ? dataDirHolder(config.dataDir) : null;
        if (pid !== null) {
          await requestLiveBackup(config.dataDir, pid, file);
        } else {
          const path = await import('node:path');
          if (!fs.existsSync(path.join(config.dataDir, 'pgdata'))) {
            throw new AppError(
              'bad_request',
              `no embedded database in ${config.dataDir} (HOMECOMING_DATA) to back up`,
            );
          }
          const { openDatabase } = await import('../../db/database.js');
          const { writeCheckpoint } = await import('../../modules/audit/checkpoint.js');
          const database = await openDatabase({ dataDir: config.dataDir });
          try {
            if (!hasAuditCheckpoint(config.auditDir)) await writeCheckpoint(database, config.auditDir);
            await backupPglite(livePglite(database.pool), file, folders);
          } finally {
            await database.close();
          }
        }
      }
      const { manifest } = await openArchive(file);
      const bytes = fs.statSync(file).size;
      if (o.json) console.log(JSON.stringify({ file, bytes, ...manifest }));
      else
        console.log(
          `backup written to ${file}: ${manifest.kind} database at migration ${manifest.schema_version}, ${manifest.audit_entries} audit entries, ${bytes} bytes`,
        );
    });

  program
    .command('restore')
    .description(
      'restore a backup into an empty database (DATABASE_URL) or a new data folder (HOMECOMING_DATA); then verifies the audit log',
    )
    .argument('<file>', 'the backup file to read')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { restorePglite, restorePostgres } = await import('../../modules/ops/backup.js');
      const { withDatabase } = await import('../database.js');
      const { verifyAudit } = await import('../../modules/audit/checkpoint.js');
      const config = loadConfig();
      const folders = { auditDir: config.auditDir, tracingKeyFile: config.tracing.keyFile };
      const r = config.databaseUrl
        ? await restorePostgres(file, config.databaseUrl, folders)
        : await restorePglite(file, config.dataDir, folders);
      const verified = await withDatabase(config, (database) => verifyAudit(database, config.auditDir));
      if (o.json) {
        console.log(JSON.stringify({ ...r, audit: verified }));
      } else {
        console.log(
          `restored a ${r.manifest.kind} backup of ${r.manifest.created_at} (migration ${r.manifest.schema_version}, ${r.manifest.audit_entries} audit entries)`,
        );
        if (r.auditKept.length > 0)
          console.log(
            `audit folder ${config.auditDir}: kept its own ${r.auditKept.join(', ')} (not overwritten)`,
          );
        if (r.tracingKey === 'kept')
          console.log(`tracing key ${config.tracing.keyFile}: kept the one already there`);
        if (verified.ok) console.log(`audit log verified: ${verified.entries} entries`);
        else console.error(`audit log FAILED verification: ${verified.problem}`);
      }
      if (!verified.ok) process.exitCode = EXIT.rejected;
    });
}
