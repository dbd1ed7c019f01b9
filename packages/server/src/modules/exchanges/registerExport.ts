/**
 * The register of enemy prisoners held, exported for the ICRC's Central Tracing Agency (GC III Art. 122
 * and 123): every prisoner with the Art. 122(4) fields — surname, first names, rank, service number, place
 * and full date of birth, the Power on which they depend, father's first name, mother's maiden name, the
 * person to be informed and their address — with capture, internment, health and, once they left our
 * hands, the exchange that took them. Names in Cyrillic as registered and in Latin (ICAO Doc 9303 for
 * Russian names, KMU 2010 where a name is Ukrainian). CSV (UTF-8 with BOM) or .xlsx. Its own permission
 * (`enemy_pow:export`): the whole register leaves the system; every export is audited.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { can, type Principal } from '../../auth/permissions.js';
import { csvRecord } from '../../csv.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { authorize } from '../../gate/policy.js';
import { personScopeOf } from '../../gate/scope.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { latinOf } from './export.js';

/** The columns of the export, in order (names twice: as registered, then in Latin). */
export const REGISTER_EXPORT_COLUMNS = [
  'external_id',
  'family_name',
  'given_name',
  'patronymic',
  'family_name_latin',
  'given_name_latin',
  'patronymic_latin',
  'sex',
  'birth_date',
  'place_of_birth',
  'military_rank',
  'service_number',
  'unit',
  'power_depended_on',
  'father_name',
  'father_name_latin',
  'mother_maiden_name',
  'mother_maiden_name_latin',
  'notify_person',
  'notify_address',
  'captured_on',
  'capture_place',
  'internment_place',
  'health',
  'capture_card_sent_on',
  'state',
  'left_exchange_id',
  'left_on',
] as const;

type Column = (typeof REGISTER_EXPORT_COLUMNS)[number];
type Stored = Exclude<Column, `${string}_latin`>;

async function registerRows(database: Database, organisationId: string | null) {
  const r = await sql<Record<Stored, string | null>>`
    SELECT external_id, family_name, given_name, patronymic, sex, birth_date, place_of_birth, military_rank,
      service_number, unit, power_depended_on, father_name, mother_maiden_name, notify_person, notify_address,
      to_char(captured_on, 'YYYY-MM-DD') AS captured_on, capture_place, internment_place, health,
      to_char(capture_card_sent_on, 'YYYY-MM-DD') AS capture_card_sent_on, state,
      left_exchange_id::text AS left_exchange_id, to_char(left_on, 'YYYY-MM-DD') AS left_on
    FROM enemy_pow
    WHERE ${organisationId === null ? sql`true` : sql`organisation_id = ${organisationId}::uuid`}
    ORDER BY family_name, given_name, external_id`.execute(database.db);
  return r.rows.map((p) =>
    REGISTER_EXPORT_COLUMNS.map((c) =>
      c.endsWith('_latin')
        ? latinOf(p[c.slice(0, -'_latin'.length) as Stored], 'theirs')
        : (p[c as Stored] ?? ''),
    ),
  );
}

/** The register as a CSV or .xlsx file for the ICRC; audited (who, when, how many prisoners). */
export async function exportRegister(
  database: Database,
  principal: Principal,
  format: 'csv' | 'xlsx',
  audit: AuditContext = {},
): Promise<{ body: string | Buffer; file_name: string; rows: number }> {
  authorize(principal, 'enemy_pow', 'list');
  if (!can(principal, 'enemy_pow:export'))
    throw new AppError('forbidden', 'not permitted: exporting the register needs enemy_pow:export');
  const scope = personScopeOf(principal);
  if (scope.kind !== 'registry' && scope.kind !== 'organisation')
    throw new AppError('forbidden', 'not permitted');
  const rows = await registerRows(database, scope.kind === 'registry' ? null : scope.organisationId);
  await appendAudit(
    database.db,
    principal,
    {
      action: 'enemy_pow.export',
      objectType: 'enemy_pow',
      objectId: null,
      detail: { rows: rows.length, format },
    },
    audit,
  );
  const file_name = `register-of-prisoners-held-${new Date().toISOString().slice(0, 10)}.${format}`;
  if (format === 'csv')
    return {
      body:
        '\uFEFF' +
        [csvRecord([...REGISTER_EXPORT_COLUMNS]), ...rows.map((r) => csvRecord(r))].join('\r\n') +
        '\r\n',
      file_name,
      rows: rows.length,
    };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('register');
  ws.addRow([...REGISTER_EXPORT_COLUMNS]);
  for (const row of rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), file_name, rows: rows.length };
}
