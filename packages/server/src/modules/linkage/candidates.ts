import { appendFileSync } from 'node:fs';
import { familyGlyphKeySql } from '@homecoming/names';
import {
  BLOCKING_RULES,
  blockKeysNear2ByGlyph,
  compileModel,
  decideRecord,
  FAMILY_AFFIX,
  FAMILY_HEAD_SHORT,
  serviceNumberFoldSql,
  toLinkRecord,
  unitFoldSql,
  type CandidatePerson,
  type CompiledModel,
  type LinkageModel,
  type LinkRecord,
  type StoredRecordFields,
} from '@homecoming/linkage';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RecordContent } from '../records/validate.js';
import { isAgeForBirth, isApproximateDate } from '../registry/dates.js';
import { recordKeys } from '../search/keys.js';
import { profiling, tally, timed } from '../../phases.js';
import { FamilyKeyCounts, FamilyKeyReads, type NearNeighbours } from './familyKeys.js';
import type { NameCountReads } from './frequencies.js';

type Tx = Transaction<DB> | Kysely<DB>;

/**
 * Records a block may bring at most: bounds the work for the commonest names. A block over its LIMIT is read
 * in an order of the data alone (migration 0042): `ORDER BY` the index's keys after those the branch fixes
 * (birth year, birth month, unknown last), then the record id, each one index range that stops at the LIMIT
 * (a column the branch fixes to NULL stays in the ORDER BY: IS NULL is no equality to the planner, which
 * otherwise read the whole range and sorted it);
 * so a copy of the registry laid out otherwise on disk, or held in memory (packedRegistry.ts), takes the same
 * records. Records are written in id order (db/ids.ts), so the part read is the block's earliest records.
 */
const BRANCH_LIMIT = 300;
/**
 * Records a broad block (a family key alone or a part of it, without the given name; a garbled name's
 * glyph key) may bring at most. At a million persons a common surname's broad block holds thousands; the
 * first few hundred of them, the earliest written, are a sample of namesakes that floods scoring (the list linking
 * of issue 11 spent most of its time there) and only finds the man by chance. A garbled or rare name's
 * broad block is small and is read whole.
 */
const BROAD_LIMIT = 50;
/** Records the service-number block may bring at most. */
const SERVICE_NUMBER_LIMIT = 20;

/**
 * The smallest LIMIT among the lookup branches of each blocking rule (BLOCKING_RULES order). A block that
 * holds no more records than this is read whole by `candidatePersons`, so an in-memory index of the same
 * records finds exactly what the lookups find (resolve.ts, a first bulk load); above it the lookups read
 * a part of the block and the import asks the database instead. Keep in step with the statement below.
 */
export const RULE_LIMITS: readonly number[] = BLOCKING_RULES.map((rule) =>
  rule === 'service_number'
    ? SERVICE_NUMBER_LIMIT
    : rule === 'given+family_tail' ||
        rule === 'father+family_head' ||
        rule === 'family_phonetic' ||
        rule === 'family_glyph' ||
        rule === 'family_head3+birth_year' ||
        rule === 'family_glyph_near' ||
        rule === 'family_glyph_near2+given|father'
      ? BROAD_LIMIT
      : BRANCH_LIMIT,
);

/**
 * Persons a probe keeps at most, of all its blocks found, for full scoring. At a million persons the blocks
 * of a common name bring hundreds of persons per row (781 per record for the harsh population's import),
 * nearly all namesakes that full scoring only rejects; they are ranked by `PRE_SCORE` and the best kept.
 * The same cap applies wherever candidates are drawn (lists, imports, exchanges, tracing).
 */
export const CANDIDATES_PER_PROBE = 30;

/** The fewest probes worth a statement of their own when `candidatePersons` splits a batch. */
const MIN_PROBES_PER_PART = 100;

/**
 * A cheap pre-score of a found record `f` against the probe `q`, in whole points, to rank a probe's
 * candidates before full scoring: agreement of the family key (or its phonetic key), the given and
 * father classes, a near birth year and the same month and day, the service number and unit; a
 * different sex counts against. Not the model (no weights, no frequencies): it only has to keep the
 * record full scoring would rank first among those kept, which agrees on more of these than a namesake.
 */
const PRE_SCORE = sql`(
  CASE WHEN f.key_family = q.fam THEN 8 WHEN f.key_family_phonetic = q.fpa THEN 5 ELSE 0 END
  + CASE WHEN f.key_given = q.kg THEN 6 ELSE 0 END
  + CASE WHEN f.key_father = q.fa THEN 4 ELSE 0 END
  + CASE WHEN q.by IS NULL OR f.birth_year IS NULL THEN 1 WHEN f.birth_year = q.by THEN 6
      WHEN f.birth_year BETWEEN q.by - 1 AND q.by + 1 THEN 3 ELSE 0 END
  + CASE WHEN f.birth_month = q.bm THEN 2 ELSE 0 END
  + CASE WHEN f.birth_day = q.bd THEN 2 ELSE 0 END
  + CASE WHEN f.sex <> q.sx THEN -6 ELSE 0 END
  + CASE WHEN q.sn IS NOT NULL AND f.service_number IS NOT NULL AND ${sql.raw(serviceNumberFoldSql('f.service_number'))} = q.sn
      THEN 40 ELSE 0 END
  + CASE WHEN q.un IS NOT NULL AND f.unit IS NOT NULL AND ${sql.raw(unitFoldSql('f.unit'))} = q.un THEN 2 ELSE 0 END
)::int4`;

/**
 * What a lookup branch reads of a record: the pre-score's columns, all in the covering indexes of migration
 * 0024, so that a block is an index-only range (no heap fetch for each record found).
 */
const PRE = sql`r.person_id, r.key_family, r.key_family_phonetic, r.key_given, r.key_father, r.birth_year,
  r.birth_month, r.birth_day, r.sex, r.unit, r.service_number`;

/**
 * `PRE_SCORE` in JavaScript, for the in-memory lookups of a first bulk load (resolve.ts): the same points
 * with SQL's NULL rules (a comparison with an unknown value never agrees). `fUnit` is the found record's
 * unit folded as `unitFoldSql` folds it (not lower-cased). Keep in step with `PRE_SCORE`.
 */
export function preScore(q: LinkRecord, f: LinkRecord, fUnit: string | null): number {
  const eq = <T>(a: T | null, b: T | null): boolean => a !== null && b !== null && a === b;
  let s = eq(f.family, q.family) ? 8 : eq(f.familyPhonetic, q.familyPhonetic) ? 5 : 0;
  if (eq(f.given, q.given)) s += 6;
  if (eq(f.father, q.father)) s += 4;
  if (q.birthYear === null || f.birthYear === null) s += 1;
  else if (f.birthYear === q.birthYear) s += 6;
  else if (Math.abs(f.birthYear - q.birthYear) <= 1) s += 3;
  if (eq(f.birthMonth, q.birthMonth)) s += 2;
  if (eq(f.birthDay, q.birthDay)) s += 2;
  if (f.sex !== null && q.sex !== null && f.sex !== q.sex) s -= 6;
  if (eq(f.serviceNumber, q.serviceNumber)) s += 40;
  if (eq(fUnit, probeUnit(q))) s += 2;
  return s;
}

/** The probe's unit as the lookups compare it (`q.un`): upper case, and only with a birth year. */
export function probeUnit(q: LinkRecord): string | null {
  return q.unit === null || q.birthYear === null ? null : q.unit.toUpperCase();
}

/** The blocking rules (by index) the selective statement reads; the broad statement reads the others. */
export const SELECTIVE_RULES: ReadonlySet<number> = new Set(
  (
    [
      'family_phonetic+given',
      'given+father+birth_year',
      'service_number',
      'birth_date',
      'unit+birth_year',
    ] as const
  ).map((r) => BLOCKING_RULES.indexOf(r)),
);

/**
 * The rules whose part for a probe without a birth year is read only when the probe's family key is not
 * in use (`FAMILY_NOT_IN_USE`).
 */
export const UNYEARED_ONLY_UNUSED_FAMILY: ReadonlySet<number> = new Set(
  (['given+family_head', 'given+family_tail', 'family_glyph'] as const).map((r) => BLOCKING_RULES.indexOf(r)),
);

/**
 * A person a lookup kept for probe `i` (`kp`), with the person's pre-score, and one of its records; none
 * (all null) when the probe's earlier lookup already brought that person's records.
 */
type Found = { i: number; pre: number; kp: string } & (
  StoredRecordFields | { [K in keyof StoredRecordFields]-?: null }
);

/** The comparable form of a record about to be written (or only compared). */
export function probeOf(id: string, content: RecordContent): LinkRecord {
  return toLinkRecord(linkRowOf(id, '', content));
}

/**
 * Whether a record's birth date was written as a guess ("бл. 1991"), or worked out from an age ("35 років", rc8);
 * the cell is kept as `written_birth_date`. Migration 0062's `birth_guessed` is the same of the stored record.
 */
export function birthGuessed(content: RecordContent): boolean {
  const written = content.attributes['written_birth_date'];
  return (
    content.birth !== null && written !== undefined && (isApproximateDate(written) || isAgeForBirth(written))
  );
}

/**
 * The link columns of a record as they will be stored (`LINK_COLUMNS`), for the person it is written into:
 * what the packed registry holds of a record an import wrote (`PackedRegistry.follow`).
 */
export function linkRowOf(id: string, personId: string, content: RecordContent): StoredLinkRow {
  const keys = recordKeys(content);
  return {
    id,
    person_id: personId,
    external_id: content.external_id ?? '',
    key_family: keys.key_family,
    key_family_phonetic: keys.key_family_phonetic,
    key_given: keys.key_given,
    key_father: keys.key_father,
    family_name: content.family_name,
    given_name: content.given_name,
    patronymic: content.patronymic,
    sex: content.sex,
    birth_year: content.birth?.year ?? null,
    birth_month: content.birth?.month ?? null,
    birth_day: content.birth?.day ?? null,
    birth_guessed: birthGuessed(content),
    unit: content.unit,
    service_number: content.service_number,
  };
}

export const LINK_COLUMNS = sql`r.id, r.person_id, r.external_id, r.key_family, r.key_family_phonetic, r.key_given,
  r.key_father, r.family_name, r.given_name, r.patronymic, r.sex, r.birth_year, r.birth_month, r.birth_day,
  r.birth_guessed, r.unit, r.service_number`;

/**
 * `LINK_COLUMNS` but the person and external ids: what a record's comparable form is made of
 * (`toLinkRecord`). The lookups return a kept person's records with these, the person once as `kp`: two
 * strings less to ship and parse per record found.
 */
const FORM_COLUMNS = sql`r.id, r.key_family, r.key_family_phonetic, r.key_given, r.key_father, r.family_name,
  r.given_name, r.patronymic, r.sex, r.birth_year, r.birth_month, r.birth_day, r.birth_guessed, r.unit,
  r.service_number`;

/** A stored record with what linkage reads of it. */
export type StoredLinkRow = StoredRecordFields & { person_id: string; external_id: string };

const FOLDED = sql.raw(serviceNumberFoldSql('r.service_number'));
// The expression of migration 0058's unit index: the unit fold itself (`unitFoldSql`), read with the probe's
// folded unit.
const UNIT_FOLDED = sql.raw(unitFoldSql('r.unit'));
// A literal, not a parameter: the expression must read exactly as the indexes of migration 0008.
const AFFIX = sql.raw(String(FAMILY_AFFIX));
// Likewise for migration 0019's indexes.
const HEAD_SHORT = sql.raw(String(FAMILY_HEAD_SHORT));
const GLYPH = sql.raw(familyGlyphKeySql('r.key_family'));
const GLYPH_RULE = BLOCKING_RULES.indexOf('family_glyph');
const HEAD3_RULE = BLOCKING_RULES.indexOf('family_head3+birth_year');
/**
 * The near rule's block (`nearBlock`): the records of the family keys one deletion from the probe's glyph key
 * but of another glyph key (those of the same glyph key are the glyph block's), born within a year of the
 * probe or unknown. Read for every probe (until `blk` only for a probe whose family key was not in use, which
 * lost a clean probe whose man is stored only garbled), bounded by what it costs at a million persons
 * (`RARE_FAMILY_RECORDS`, counted in the records the lookups read: `FamilyKeyCounts`): a probe whose family key
 * is rare (a garbled surname, or one not in use) reads every neighbour — its man spelt right among them —; a
 * probe of a common surname reads only its rare neighbours (its man stored garbled), not the other common
 * surnames within a letter, thousands of records each, which `blk` read for every probe (the 20,000-row import
 * into the harsh 1M took 2.5 times as long). A probe of unknown birth reads every year of the rare
 * neighbours, records of unknown birth of the others.
 */
export const NEAR_RULE = BLOCKING_RULES.indexOf('family_glyph_near');
/**
 * The two-letters rule (`near2Block`), read as the near rule (the same bounds), among the records that agree
 * on the given or the father's class.
 */
export const NEAR2_RULE = BLOCKING_RULES.indexOf('family_glyph_near2+given|father');
/**
 * For a probe without a birth year, the glyph key's block is read only when the probe's family key is not
 * in use (as search does): a family key spelt as the registry spells it has, at a million persons, a glyph
 * block of thousands (8,395 index entries for a common one, read whole by a bitmap before the limit), of
 * which the first 50 are a random sample of namesakes; a garbled family key is not in use and its block
 * is small. Likewise the given class with the family key's first three or last four letters (~3,500
 * entries read whole for a common given name). Probes with a year keep these branches (index ranges by
 * year that stop at the limit).
 */
const FAMILY_NOT_IN_USE = sql`AND NOT q.fiu AND NOT EXISTS (SELECT 1 FROM family_key fk WHERE fk.key = q.fam)`;

/**
 * A block's records born within a year of the probe, or of unknown birth, or all when the probe's year is
 * unknown: at most `limit` in all. Three exclusive index ranges under one LIMIT, not one condition with OR
 * (an OR of the probe's year being unknown cannot bound an index range: the whole block was scanned).
 * Without `near`, only the unknown-birth part and the probe-without-year part; `unyeared` narrows the
 * latter (a condition on the probe alone: a one-time filter, the range is not read when it fails).
 */
function windowed(
  cond: RawBuilder<unknown>,
  limit: number,
  near = true,
  unyeared: RawBuilder<unknown> = sql``,
): RawBuilder<unknown> {
  const nearby = near
    ? sql`(SELECT ${PRE} FROM record r
          WHERE ${cond} AND q.by IS NOT NULL AND r.birth_year BETWEEN q.by - 1 AND q.by + 1
          ORDER BY r.birth_year, r.id LIMIT ${limit})
        UNION ALL`
    : sql``;
  return sql`(SELECT w.* FROM (
        ${nearby}
        (SELECT ${PRE} FROM record r WHERE ${cond} AND q.by IS NOT NULL AND r.birth_year IS NULL
          ORDER BY r.birth_year, r.id LIMIT ${limit})
        UNION ALL
        (SELECT ${PRE} FROM record r WHERE ${cond} AND q.by IS NULL ${unyeared}
          ORDER BY r.birth_year, r.id LIMIT ${limit})
      ) w LIMIT ${limit})`;
}

/** `PRE` of the near block's records, `n`. */
const PRE_N = sql`n.person_id, n.key_family, n.key_family_phonetic, n.key_given, n.key_father, n.birth_year,
  n.birth_month, n.birth_day, n.sex, n.unit, n.service_number`;

/**
 * A near rule's block for the probes `cond` selects: the records of each part's family keys (`keys`, an
 * array of the `q` row) born as its `years` says, that `agree` (the two-letters rule: the given or the
 * father's class, read from the covering columns), by the (key, birth year, month, id) ranges (index-only),
 * the first BROAD_LIMIT by record id over all those keys, as they were in the heap's order before (a
 * neighbour's records would fill a key-by-key read). The records' own GIN index (0031, dropped by 0042) gave
 * no order and read the heap. A record's key is in family_key from the transaction that writes it
 * (repo.ts), so the keys cover every record the lookups may read.
 */
function nearBlock(
  cond: RawBuilder<unknown>,
  parts: readonly { keys: RawBuilder<unknown>; years: RawBuilder<unknown> }[],
  agree: RawBuilder<unknown>,
  inOrg: RawBuilder<unknown>,
) {
  const read = parts.map(
    (part) => sql`SELECT ${PRE}, r.id FROM record r
          WHERE ${cond} AND r.key_family = ANY(${part.keys}) AND ${part.years} ${agree} ${inOrg}`,
  );
  return sql`(SELECT ${PRE_N} FROM (
          ${sql.join(read, sql` UNION ALL `)}
          OFFSET 0
        ) n ORDER BY n.id LIMIT ${BROAD_LIMIT})`;
}

/**
 * A near rule's branches (`NEAR_RULE`, `NEAR2_RULE`): for a probe born in a known year, its neighbours (rare,
 * then the others the probe may read) born within a year, then those of unknown birth under the same LIMIT
 * (as `windowed`: they fill what the near years leave, never push one of those out); for a probe of unknown
 * birth, every year of its rare neighbours and the records of unknown birth of the others, by id.
 */
function nearBranches(
  rare: RawBuilder<unknown>,
  common: RawBuilder<unknown>,
  agree: RawBuilder<unknown>,
  inOrg: RawBuilder<unknown>,
) {
  const both = sql`${rare} || ${common}`;
  return sql`(SELECT w.* FROM (
        ${nearBlock(sql`q.broad AND q.by IS NOT NULL`, [{ keys: both, years: sql`r.birth_year BETWEEN q.by - 1 AND q.by + 1` }], agree, inOrg)}
        UNION ALL
        ${nearBlock(sql`q.broad AND q.by IS NOT NULL`, [{ keys: both, years: sql`r.birth_year IS NULL` }], agree, inOrg)}
      ) w LIMIT ${BROAD_LIMIT})
      UNION ALL
      ${nearBlock(
        sql`q.broad AND q.by IS NULL`,
        [
          { keys: rare, years: sql`true` },
          { keys: common, years: sql`r.birth_year IS NULL` },
        ],
        agree,
        inOrg,
      )}`;
}

/**
 * The persons the blocking rules find for each probe, with all their records: one statement of index
 * lookups per rule that returns the records found, ranked by `PRE_SCORE`, at most CANDIDATES_PER_PROBE
 * persons per probe; the other records of a kept person that holds several are read after. The rules are those of `blockedPairs`, narrowed by
 * the birth date so that the commonest names stay cheap: family phonetic key + given class, born within
 * a year (or unknown); given + father classes, same birth year and month (or unknown month); family key,
 * same birth year and month (or unknown month); the family glyph key, born within a year (or unknown); the
 * family key's first three letters, same birth year; the folded service number.
 *
 * With `settled`, the broad blocks (the family key with the birth year — 270 records for a common surname
 * of the seeded million —, a part of it, its glyph or phonetic key alone, the given name with month and
 * day) are looked up only for the probes whose
 * selective blocks' candidates do not settle them (a confident match), in a second statement.
 *
 * With `organisationId`, only that organisation's persons are candidates: a record is linked within the
 * organisation it is written into, never into a person another organisation holds (see the README's
 * "Access" section).
 */
export async function candidatePersons(
  trx: Tx,
  probes: readonly LinkRecord[],
  organisationId?: string,
  settled?: (i: number, found: readonly CandidatePerson[]) => boolean,
  /**
   * Statements run at once, each over a contiguous part of the probes, on connections of their own (only
   * outside a transaction, which has one). A probe's candidates depend on that probe alone, so the answer
   * is the same; PostgreSQL runs one statement on one core, and an import's batch of lookups is most of
   * its time at a million persons.
   */
  parts = 1,
  /**
   * Family keys to take as in use besides the stored ones (`FAMILY_NOT_IN_USE`): those of a batch being
   * written beside the lookups, so that whether it has committed yet changes nothing.
   */
  familyInUse?: (family: string) => boolean,
  /**
   * Records every read leaves out, committed or not: those of a batch an import is writing beside these
   * lookups (`RecordsBeside`), which the import compares from memory. Whether that batch has committed
   * when a block is read then changes nothing, not even which part of a block above its limit is read.
   */
  leaveOut?: RecordsBeside | null,
  /**
   * The family keys in use with their counts as these lookups would count them (`FamilyKeyCounts`, held by
   * an importing process): each probe's near neighbours are found there and the statement handed the keys
   * to read; without them the keys near these probes are read and counted once for the statement
   * (`FamilyKeyCounts.forProbes`: the same candidates). A `FamilyKeyReads` (a list's, unscoped lookups only:
   * no organisation, nothing left out) remembers those reads for the caller's next statements.
   */
  familyCounts?: FamilyKeyCounts | FamilyKeyReads | null,
  /**
   * Called once with the selective blocks' persons before `settled` is asked of them: a caller whose
   * `settled` scores them reads there what their scores need (a list's name counts of the candidates'
   * spellings, `NameCountReads`).
   */
  beforeSettled?: (found: readonly (readonly CandidatePerson[])[]) => Promise<void>,
): Promise<CandidatePerson[][]> {
  if (parts > 1 && !trx.isTransaction && probes.length >= parts * MIN_PROBES_PER_PART) {
    const size = Math.ceil(probes.length / parts);
    const slices = await Promise.all(
      Array.from({ length: parts }, (_, k) =>
        candidatePersons(
          trx,
          probes.slice(k * size, (k + 1) * size),
          organisationId,
          settled === undefined ? undefined : (i, found) => settled(k * size + i, found),
          1,
          familyInUse,
          leaveOut,
          familyCounts,
          beforeSettled,
        ),
      ),
    );
    return slices.flat();
  }
  const out: CandidatePerson[][] = probes.map(() => []);
  if (probes.length === 0) return out;
  const q = probes.map((p, i) => {
    // The near rules' keys are not built: their neighbours are found by glyph key (`FamilyKeyCounts`).
    const keys = blockKeysNear2ByGlyph(p);
    const k = keys.map((list) => list[0] ?? null);
    return {
      i,
      sx: p.sex,
      fp: k[0] === null ? null : p.familyPhonetic,
      fpa: p.familyPhonetic,
      fa: p.father,
      kg: p.given,
      kf: k[1] === null ? null : p.father,
      fam: p.family,
      by: p.birthYear,
      bm: p.birthMonth,
      bd: p.birthDay,
      sn: p.serviceNumber,
      un: k[5] === null || p.unit === null ? null : p.unit.toUpperCase(),
      head: k[6] === null || p.family === null ? null : p.family.slice(0, FAMILY_HEAD_SHORT),
      tail: k[7] === null || p.family === null ? null : p.family.slice(-FAMILY_AFFIX),
      md: k[8] !== null || k[9] !== null,
      fh: k[10] === null || p.family === null ? null : p.family.slice(0, FAMILY_AFFIX),
      gl: k[GLYPH_RULE] ?? null,
      h3: k[HEAD3_RULE] === null || p.family === null ? null : p.family.slice(0, FAMILY_HEAD_SHORT),
      fiu: p.family !== null && familyInUse !== undefined && familyInUse(p.family),
    };
  });
  // Scoped before each block's LIMIT: another organisation's namesakes never crowd out this one's. When
  // the registry holds no other organisation's person, the check (one person lookup per record found,
  // nearly half the lookups' time) is left out, and asked again once the lookups are done (below), so that
  // a person another organisation wrote meanwhile is never a candidate.
  const alone = organisationId !== undefined && (await aloneInRegistry(trx, organisationId));
  // Checked in the covering indexes (migration 0036 carries the id): each block stays an index-only range.
  const notBeside =
    leaveOut === undefined || leaveOut === null
      ? sql``
      : sql`AND (r.id < ${leaveOut.firstId}::uuid OR r.id > ${leaveOut.lastId}::uuid)`;
  const inOrg =
    organisationId === undefined || alone
      ? notBeside
      : sql`AND EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id AND p.organisation_id = ${organisationId}::uuid) ${notBeside}`;
  type Q = (typeof q)[number] & {
    sel: boolean;
    broad: boolean;
    held?: string[];
    hp?: number[];
  } & Partial<NearNeighbours>;
  // The family keys' counts the near rules read by: the caller's (an import holds them), or read for the
  // broad rows alone (`FamilyKeyCounts.forProbes`), the first time a broad statement is asked.
  let counts = familyCounts instanceof FamilyKeyCounts ? familyCounts : null;
  // Remembered reads hold one scope's counts: the unscoped lookups' (a list's).
  const reads =
    familyCounts instanceof FamilyKeyReads && organisationId === undefined && (leaveOut ?? null) === null
      ? familyCounts
      : undefined;
  const countsFor = async (rows: readonly (typeof q)[number][]): Promise<FamilyKeyCounts> => {
    counts ??= await timed('lookups: family keys near the probes', () =>
      FamilyKeyCounts.forProbes(
        trx,
        rows.map((x) => probes[x.i] as LinkRecord),
        inOrg,
        reads,
      ),
    );
    return counts;
  };
  // A broad row's near neighbours (only the broad statement reads them).
  const nearOf = (held: FamilyKeyCounts, x: (typeof q)[number]): NearNeighbours => {
    const p = probes[x.i] as LinkRecord;
    // The two-letters rule's keys need a given name or a patronymic (`glyphNear2BlockKeys`).
    return held.neighbours(p, p.given !== null || p.father !== null);
  };
  // The lookups rank the records they find by the pre-score from the covering indexes alone (migration
  // 0024); only the kept persons' records are read, all of them, by person, from record_person, which
  // carries LINK_COLUMNS (migration 0038: an index-only scan, no heap fetch).
  const scoped =
    organisationId === undefined || alone
      ? sql``
      : sql`JOIN person p ON p.id = k.person_id AND p.organisation_id = ${organisationId}::uuid`;
  const statement = (rows: readonly Q[]) =>
    sql<Found>`
    WITH q AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS q(i int4, sel bool, broad bool, held uuid[], hp int4[], sx text, fp text, kg text, kf text, fam text, by int4, bm int4, bd int4, sn text, un text,
          head text, tail text, md bool, fh text, fpa text, fa text, gl text, h3 text, fiu bool,
          nr text[], nc text[], n2r text[], n2c text[])
    )
    SELECT q.i, k.pre, k.person_id AS kp, r.* FROM q CROSS JOIN LATERAL (
      SELECT d.person_id, d.pre, d.h FROM (
      SELECT DISTINCT ON (u.person_id) u.person_id, u.pre, u.h FROM (
      SELECT f.person_id, ${PRE_SCORE} AS pre, false AS h FROM (
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.fp IS NOT NULL AND q.by IS NOT NULL AND r.key_family_phonetic = q.fp AND r.key_given = q.kg
          AND r.birth_year BETWEEN q.by - 1 AND q.by + 1
          ${inOrg}
        ORDER BY r.birth_year, r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.fp IS NOT NULL AND q.by IS NOT NULL AND r.key_family_phonetic = q.fp AND r.key_given = q.kg
          AND r.birth_year IS NULL
          ${inOrg}
        ORDER BY r.birth_year, r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.fp IS NOT NULL AND q.by IS NULL AND r.key_family_phonetic = q.fp AND r.key_given = q.kg
          ${inOrg}
        ORDER BY r.birth_year, r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.kf IS NOT NULL AND q.by IS NOT NULL AND q.bm IS NULL AND r.key_given = q.kg AND r.key_father = q.kf
          AND r.birth_year = q.by
          ${inOrg}
        ORDER BY r.birth_month, r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.kf IS NOT NULL AND q.bm IS NOT NULL AND r.key_given = q.kg AND r.key_father = q.kf
          AND r.birth_year = q.by AND r.birth_month = q.bm
          ${inOrg}
        ORDER BY r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.kf IS NOT NULL AND q.bm IS NOT NULL AND r.key_given = q.kg AND r.key_father = q.kf
          AND r.birth_year = q.by AND r.birth_month IS NULL
          ${inOrg}
        ORDER BY r.birth_month, r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.kf IS NOT NULL AND q.by IS NULL AND r.key_given = q.kg AND r.key_father = q.kf
          ${inOrg}
        ORDER BY r.birth_year, r.birth_month, r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT w.* FROM (
        (SELECT ${PRE} FROM record r
          WHERE q.broad AND q.fam IS NOT NULL AND q.by IS NOT NULL AND q.bm IS NOT NULL AND r.key_family = q.fam
            AND r.birth_year = q.by AND r.birth_month = q.bm
            ${inOrg}
          ORDER BY r.id LIMIT ${BROAD_LIMIT})
        UNION ALL
        (SELECT ${PRE} FROM record r
          WHERE q.broad AND q.fam IS NOT NULL AND q.by IS NOT NULL AND r.key_family = q.fam AND r.birth_year = q.by
            AND (q.bm IS NULL OR r.birth_month IS DISTINCT FROM q.bm)
            ${inOrg}
          ORDER BY r.birth_month, r.id LIMIT ${BROAD_LIMIT})
      ) w LIMIT ${BROAD_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.bd IS NOT NULL AND r.birth_year = q.by AND r.birth_month = q.bm AND r.birth_day = q.bd
          ${inOrg}
        ORDER BY r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.un IS NOT NULL AND r.unit IS NOT NULL AND ${UNIT_FOLDED} = q.un AND r.birth_year = q.by
          ${inOrg}
        ORDER BY r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      ${windowed(
        sql`q.broad AND q.head IS NOT NULL AND length(r.key_family) > ${AFFIX} AND r.key_given = q.kg
          AND left(r.key_family, ${HEAD_SHORT}) = q.head ${inOrg}`,
        BRANCH_LIMIT,
        true,
        FAMILY_NOT_IN_USE,
      )}
      UNION ALL
      ${windowed(
        sql`q.broad AND q.tail IS NOT NULL AND length(r.key_family) > ${AFFIX} AND r.key_given = q.kg
          AND right(r.key_family, ${AFFIX}) = q.tail ${inOrg}`,
        BROAD_LIMIT,
        true,
        FAMILY_NOT_IN_USE,
      )}
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.broad AND q.md AND q.kg IS NOT NULL AND r.key_given = q.kg AND r.birth_month = q.bm AND r.birth_day = q.bd
          ${inOrg}
        ORDER BY r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.broad AND q.md AND q.fpa IS NOT NULL AND r.key_family_phonetic = q.fpa AND r.birth_month = q.bm
          AND r.birth_day = q.bd
          ${inOrg}
        ORDER BY r.id LIMIT ${BRANCH_LIMIT})
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.broad AND q.fh IS NOT NULL AND length(r.key_family) > ${AFFIX} AND r.key_father = q.fa
          AND left(r.key_family, ${AFFIX}) = q.fh
          ${inOrg}
        ORDER BY r.id LIMIT ${BROAD_LIMIT})
      UNION ALL
      ${windowed(sql`q.broad AND q.fpa IS NOT NULL AND r.key_family_phonetic = q.fpa ${inOrg}`, BROAD_LIMIT)}
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.broad AND q.gl IS NOT NULL AND q.by IS NOT NULL AND ${GLYPH} = q.gl
          AND r.birth_year BETWEEN q.by - 1 AND q.by + 1
          ${inOrg}
        ORDER BY r.birth_year, r.id LIMIT ${BROAD_LIMIT})
      UNION ALL
      ${windowed(sql`q.broad AND q.gl IS NOT NULL AND ${GLYPH} = q.gl ${inOrg}`, BROAD_LIMIT, false, FAMILY_NOT_IN_USE)}
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.broad AND q.h3 IS NOT NULL AND left(r.key_family, ${HEAD_SHORT}) = q.h3 AND r.birth_year = q.by
          ${inOrg}
        ORDER BY r.id LIMIT ${BROAD_LIMIT})
      UNION ALL
      ${nearBranches(sql`q.nr`, sql`q.nc`, sql``, inOrg)}
      UNION ALL
      ${nearBranches(sql`q.n2r`, sql`q.n2c`, sql`AND (r.key_given = q.kg OR r.key_father = q.fa)`, inOrg)}
      UNION ALL
      (SELECT ${PRE} FROM record r
        WHERE q.sel AND q.sn IS NOT NULL AND r.service_number IS NOT NULL AND ${FOLDED} = q.sn
          ${inOrg}
        ORDER BY r.id LIMIT ${SERVICE_NUMBER_LIMIT})
      ) f
      UNION ALL
      -- The persons the selective blocks kept (held), at their pre-score there: ranked with those found here,
      -- so that a person found here is read only if it is among the probe's best of both statements.
      -- A held person none of these blocks finds at a higher pre-score is not returned (\`NOT k.h\`): the
      -- caller holds it at that score already, and keeps the best of both statements.
      SELECT h.person_id, h.pre, true FROM unnest(q.held, q.hp) AS h(person_id, pre)
      ) u ORDER BY u.person_id, u.pre DESC, u.h DESC
      ) d ORDER BY d.pre DESC, d.person_id LIMIT ${CANDIDATES_PER_PROBE}
    ) k ${scoped}
    LEFT JOIN LATERAL (
      SELECT ${FORM_COLUMNS} FROM record r
      WHERE r.person_id = k.person_id AND NOT (k.person_id = ANY(coalesce(q.held, '{}'))) ${notBeside}
      OFFSET 0
    ) r ON true
    WHERE NOT k.h`;
  // JIT is off on every connection (db/driver.ts): this statement's estimated cost passes jit_above_cost
  // at a million records, and compiling it took most of a lookup that runs in milliseconds.
  const run = (rows: readonly Q[]) =>
    timed('resolve: blocking lookups', async () => {
      if (rows.length === 0) return;
      // HOMECOMING_EXPLAIN_LOOKUPS=1 prints each lookup statement's plan with its times (it runs twice).
      // HOMECOMING_DUMP_LOOKUPS=FILE appends each lookup statement, compiled, with its parameters (a JSON line),
      // to replay it apart (EXPLAIN on a copy of the registry: bench/linkage/explainLookups.ts). The parameters are
      // the probes' names and dates: for generated registries only, never on real data.
      const dump = process.env['HOMECOMING_DUMP_LOOKUPS'];
      if (dump !== undefined && dump !== '') {
        const compiled = statement(rows).compile(trx);
        appendFileSync(dump, JSON.stringify({ sql: compiled.sql, parameters: compiled.parameters }) + '\n');
      }
      if (process.env['HOMECOMING_EXPLAIN_LOOKUPS'] === '1') {
        const plan = await sql<{
          'QUERY PLAN': string;
        }>`EXPLAIN (ANALYZE, BUFFERS) ${statement(rows)}`.execute(trx);
        console.error(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      await eachRowOf(trx, statement(rows), take);
    });
  // Per probe, each person kept with its pre-score; the cap is applied again over both phases. Each kept
  // person's records (all of them, by id), as the statement returned them, and once sorted by id, the list
  // every probe that keeps the person shares (a list per probe and person was most of this step's garbage).
  const best = probes.map(() => new Map<string, number>());
  // Each kept person's records (all of them), as the statements returned them: a list per person, not a
  // map (most persons hold one record), sorted by id once handed out, the list every probe that keeps the
  // person shares. A record arriving for a person whose list was handed out (the registry changed between
  // two statements) makes a new list: a list handed out never changes.
  // One entry per person, its list and whether the list was handed out (a set beside the map cost a
  // probe of each per person kept).
  const whole = new Map<string, { list: LinkRecord[]; handed: boolean }>();
  const recordsOf = (personId: string): readonly LinkRecord[] => {
    const held = whole.get(personId) as { list: LinkRecord[]; handed: boolean };
    if (!held.handed) {
      if (held.list.length > 1) held.list.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      held.handed = true;
    }
    return held.list;
  };
  // Rows are taken one by one as the statement sends them (`eachRowOf`): a statement's 20,000-60,000 rows
  // no longer live until its last one is read, surviving the young generation's collections (a quarter of
  // an import's CPU at 1M was the garbage collector's, bench/RESULTS.md `imp`). Counted only for the
  // profile: a string per row found (785,000 for 20,000 rows into a million).
  let pairs: Set<string> | null = null;
  const touched = new Set<number>();
  const take = (row: Found): void => {
    pairs?.add(`${row.i}|${row.kp}`);
    touched.add(row.i);
    if (row.id !== null) {
      const held = whole.get(row.kp);
      if (held === undefined) whole.set(row.kp, { list: [toLinkRecord(row)], handed: false });
      else if (!hasRecord(held.list, row.id)) {
        if (held.handed) {
          held.list = [...held.list];
          held.handed = false;
        }
        held.list.push(toLinkRecord(row));
      }
    }
    const mine = best[row.i];
    const had = mine?.get(row.kp);
    if (mine !== undefined && (had === undefined || row.pre > had)) mine.set(row.kp, row.pre);
  };
  // One statement's rows taken: each probe it touched keeps its best persons, in order.
  const gather = async (rows: readonly Q[]): Promise<void> => {
    pairs = profiling() ? new Set<string>() : null;
    touched.clear();
    await run(rows);
    if (pairs !== null) tally('lookups: (probe, person) pairs found', pairs.size);
    for (const i of touched) {
      const kept = capped(best[i] as Map<string, number>);
      best[i] = kept;
      out[i] = ranked(kept).map(([personId]) => ({ personId, records: recordsOf(personId) }));
    }
  };
  tally('lookups: probes', probes.length);
  if (settled === undefined) {
    const held = await countsFor(q);
    await gather(q.map((x) => ({ ...x, sel: true, broad: true, ...nearOf(held, x) })));
  } else {
    // The selective blocks first; the broad ones only for the probes they leave unsettled.
    await gather(q.map((x) => ({ ...x, sel: true, broad: false })));
    if (beforeSettled !== undefined) await beforeSettled(out);
    const open = q.filter((x) => !settled(x.i, out[x.i] ?? []));
    tally('lookups: probes settled by the selective blocks', probes.length - open.length);
    const held = open.length === 0 ? null : await countsFor(open);
    // A person the selective blocks kept for the probe is ranked again, its records not read again.
    if (held !== null)
      await gather(
        open.map((x) => ({
          ...x,
          sel: false,
          broad: true,
          ...nearOf(held, x),
          held: [...(best[x.i] as Map<string, number>).keys()],
          hp: [...(best[x.i] as Map<string, number>).values()],
        })),
      );
  }
  if (alone && organisationId !== undefined && !(await aloneInRegistry(trx, organisationId))) {
    // Another organisation wrote a person while the lookups ran unscoped: keep this one's persons only.
    const ids = [...new Set(out.flatMap((l) => l.map((c) => c.personId)))];
    const mine = await sql<{ id: string }>`SELECT id FROM person
      WHERE id = ANY(${ids}::uuid[]) AND organisation_id = ${organisationId}::uuid`.execute(trx);
    const ours = new Set(mine.rows.map((r) => r.id));
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? []).filter((c) => ours.has(c.personId));
  }
  tally(
    'lookups: candidate persons kept',
    out.reduce((n, l) => n + l.length, 0),
  );
  return out;
}

/** Whether a person's records hold the record `id`. */
function hasRecord(records: readonly LinkRecord[], id: string): boolean {
  for (const r of records) if (r.id === id) return true;
  return false;
}

/** Rows a streamed statement hands over at a time (`eachRowOf`). */
const STREAM_CHUNK = 512;

/**
 * Runs a statement, handing each row to `onRow` as it arrives (Kysely's `stream`, which the registry's
 * database reads through the client's row callback: database.ts `RowStream`), so that none outlives its
 * turn; a query builder without streaming (a bench's own) reads the whole answer first.
 */
export async function eachRowOf<R>(trx: Tx, query: RawBuilder<R>, onRow: (row: R) => void): Promise<void> {
  const compiled = query.compile(trx);
  try {
    for await (const chunk of trx.getExecutor().stream<R>(compiled, STREAM_CHUNK))
      for (const row of chunk.rows) onRow(row);
  } catch (error) {
    // Thrown before any row is read: this builder's dialect has no cursor.
    if (!(error instanceof Error) || !error.message.includes("'cursor' is not present")) throw error;
    for (const row of (await query.execute(trx)).rows) onRow(row);
  }
}

/**
 * The records of the batch an import writes beside a batch's reads, which those reads leave out of every
 * answer of the database and take from memory instead: the smallest and largest of their ids (ids this
 * process makes sort in the order it makes them, and a batch's are made in one go: no other record's id
 * falls between them, db/ids.ts) and their comparable forms (counted into the name counts when the batch
 * has not committed yet: `termFrequenciesOf`).
 */
export interface RecordsBeside {
  firstId: string;
  lastId: string;
  probes: readonly LinkRecord[];
}

/** The records a batch's ids and comparable forms describe, as `RecordsBeside`; null when it has none. */
export function recordsBeside(probes: readonly LinkRecord[]): RecordsBeside | null {
  let firstId: string | null = null;
  let lastId: string | null = null;
  for (const p of probes) {
    if (firstId === null || p.id < firstId) firstId = p.id;
    if (lastId === null || p.id > lastId) lastId = p.id;
  }
  return firstId === null || lastId === null ? null : { firstId, lastId, probes };
}

/** Found persons (id, pre-score) by pre-score, highest first (ties by id, as the SQL orders them). */
function ranked(found: Map<string, number>): [string, number][] {
  return [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The CANDIDATES_PER_PROBE persons of highest pre-score. */
function capped(found: Map<string, number>): Map<string, number> {
  if (found.size <= CANDIDATES_PER_PROBE) return found;
  return new Map(ranked(found).slice(0, CANDIDATES_PER_PROBE));
}

/**
 * Whether the persons found so far settle a probe (`candidatePersons`' `settled`): one of them is a match
 * with no other as sure. A person the broad blocks could add (a garbled surname's namesake, a family key
 * alone) shares less of the probe than the match does, so it would rank below it.
 */
export function confidentMatch(
  cm: CompiledModel,
  probe: LinkRecord,
  persons: readonly CandidatePerson[],
): boolean {
  if (persons.length === 0) return false;
  const d = decideRecord(cm, probe, persons, { remember: true });
  return d.decision === 'match' && d.alsoMatches === undefined;
}

/**
 * The candidates of rows not in the registry (a list's, an exchange's) and the model that weighs them: the
 * registry's counts of the rows' keys and of their candidates' family and given-name keys (a close surname
 * weighs by the commoner spelling, a given name of one class by the commoner key: `NameCountReads`), covered
 * after the selective blocks for the settled test and after the broad ones for the decisions. A row's
 * candidates depend on that row alone, and so do the counts its scores read: its decision is the same
 * whichever rows share its batch (tfb; before, a candidate's other spelling was read only when some row of
 * the batch carried it). The counts grow in place under one compiled model (`NameCountReads.cover`), so the
 * settled test's scores, remembered by model, are taken by the decisions.
 */
export async function rowCandidates(
  trx: Tx,
  model: LinkageModel,
  probes: readonly LinkRecord[],
  names: NameCountReads,
  organisationId?: string,
  families?: FamilyKeyReads | null,
): Promise<{ bm: CompiledModel; found: CandidatePerson[][] }> {
  const tf = await names.of(trx, probes);
  const bm = compileModel(model, tf);
  // Only a spelling other than the row's own is read of the candidate's side (`spellingTf`, `givenTf`).
  const recordsOf = (found: readonly (readonly CandidatePerson[])[]): LinkRecord[] => {
    const out: LinkRecord[] = [];
    found.forEach((persons, i) => {
      const q = probes[i] as LinkRecord;
      for (const p of persons)
        for (const r of p.records) if (r.family !== q.family || r.given !== q.given) out.push(r);
    });
    return out;
  };
  // A row its selective blocks match confidently needs no broad block (most rows of a list at 1M).
  const found = await candidatePersons(
    trx,
    probes,
    organisationId,
    (i, persons) => confidentMatch(bm, probes[i] as LinkRecord, persons),
    1,
    undefined,
    null,
    families,
    (selective) => names.cover(trx, tf, recordsOf(selective)),
  );
  await names.cover(trx, tf, recordsOf(found));
  return { bm, found };
}

/** Whether every person of the registry belongs to this organisation (two probes of `person_organisation`). */
/**
 * The family keys' counts `candidatePersons` reads for these probes when not handed any (the keys near
 * them and their own, counted as its lookups count them in the organisation): for an index answering as
 * the lookups do, which must count a key rare as they do.
 */
export async function familyCountsFor(
  trx: Tx,
  probes: readonly LinkRecord[],
  organisationId?: string,
): Promise<FamilyKeyCounts> {
  const alone = organisationId !== undefined && (await aloneInRegistry(trx, organisationId));
  const inOrg =
    organisationId === undefined || alone
      ? sql``
      : sql`AND EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id AND p.organisation_id = ${organisationId}::uuid)`;
  return FamilyKeyCounts.forProbes(trx, probes, inOrg);
}

export async function aloneInRegistry(trx: Tx, organisationId: string): Promise<boolean> {
  const r = await sql<{ alone: boolean }>`SELECT
    NOT EXISTS (SELECT 1 FROM person WHERE organisation_id < ${organisationId}::uuid)
    AND NOT EXISTS (SELECT 1 FROM person WHERE organisation_id > ${organisationId}::uuid) AS alone`.execute(
    trx,
  );
  return r.rows[0]?.alone === true;
}

/** All records of the given persons (of one organisation, when given), in comparable form, by person. */
export async function personRecords(
  trx: Tx,
  personIds: readonly string[],
  organisationId?: string,
): Promise<Map<string, LinkRecord[]>> {
  const byPerson = new Map<string, LinkRecord[]>();
  if (personIds.length === 0) return byPerson;
  const rows =
    organisationId === undefined
      ? await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
          WHERE r.person_id = ANY(${personIds}::uuid[])`.execute(trx)
      : await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
          JOIN person p ON p.id = r.person_id AND p.organisation_id = ${organisationId}::uuid
          WHERE r.person_id = ANY(${personIds}::uuid[])`.execute(trx);
  for (const r of rows.rows) {
    const list = byPerson.get(r.person_id);
    const rec = toLinkRecord(r);
    if (list) list.push(rec);
    else byPerson.set(r.person_id, [rec]);
  }
  return byPerson;
}
