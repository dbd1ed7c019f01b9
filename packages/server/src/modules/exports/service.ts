import { csvRecord } from '../../csv.js';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { authorize } from '../../gate/policy.js';
import { personScopeOf, personVisible, scopeIsEverything, type PersonScope } from '../../gate/scope.js';
import { selectRecords } from '../records/repo.read.js';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../registry/vocabulary.js';

/** One exported record: its person and the canonical columns (plus, in JSON lines, its attributes). */
export type ExportRow = { person_id: string | null; record_id: string } & Record<
  CanonicalColumn,
  string | null
> & {
    attributes: Record<string, string>;
  };

/**
 * Every record the principal may see, in id order, page by page (keyset), so memory stays flat however
 * large the registry. Records of withheld persons (GC IV Art. 137) are left out unless `includeWithheld`
 * (and the principal may see them). The caller audits the export before the first row leaves.
 */
export async function* exportRecords(
  database: Database,
  principal: Principal,
  opts: { includeWithheld?: boolean; pageSize?: number } = {},
): AsyncGenerator<ExportRow> {
  authorize(principal, 'export', 'create');
  const pageSize = opts.pageSize ?? 5000;
  const scope = personScopeOf(principal);
  // Withheld persons only on request, and only for a principal that may see them anyway.
  const narrowed: PersonScope =
    scope.kind === 'none' || opts.includeWithheld === true ? scope : { ...scope, includeWithheld: false };
  let after: string | null = null;
  for (;;) {
    let q = selectRecords(database.db).orderBy('record.id').limit(pageSize);
    if (!scopeIsEverything(narrowed)) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('person')
            .select('person.id')
            .whereRef('person.id', '=', 'record.person_id')
            .where(personVisible(narrowed, 'person')),
        ),
      );
    }
    if (after !== null) q = q.where('record.id', '>', after);
    const rows = await q.execute();
    for (const r of rows) {
      yield {
        person_id: r.person_id,
        record_id: r.id,
        external_id: r.external_id,
        source: r.source_name,
        category: r.category,
        family_name: r.family_name,
        given_name: r.given_name,
        patronymic: r.patronymic,
        sex: r.sex,
        birth_date: r.birth_date,
        status: r.status,
        unit: r.unit,
        service_number: r.service_number,
        attributes: r.attributes,
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.id ?? null;
  }
}

/** The CSV header of an export: person_id, then the canonical columns. */
export const EXPORT_CSV_COLUMNS = ['person_id', ...CANONICAL_COLUMNS] as const;

/** One CSV line, terminated. */
export function toCsvLine(values: readonly (string | null)[]): string {
  return csvRecord(values) + '\n';
}
