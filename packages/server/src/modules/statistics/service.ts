import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import { csvRecord } from '../../csv.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { loadLpSolver } from './lp.js';
import { roundingDrawOf } from './disclosure.js';
import { methodologyNote } from './methodology.js';
import { assertMayStatistics } from './policy.js';
import { presentPublicRelease, presentRelease, type ReleaseDocument } from './presenter.js';
import {
  insertRelease,
  nextReleaseNumber,
  selectLatestNumber,
  selectPublishedSuppressedWithReview,
  selectPublished,
  selectPublishedList,
  selectRelease,
  selectReleases,
  setDiscarded,
  setPublished,
  setReviewed,
  unsafeCountExchangeFiguresForStatistics,
  unsafeCountRegistryForStatistics,
} from './repo.js';
import {
  ZCreateReleaseRequestSchema,
  type TCreateReleaseRequest,
  type TPublicRelease,
  type TPublicReleaseList,
  type TRelease,
} from './schemas.js';
import { buildReleaseTables, previousReleaseOf, type ReviewCell } from './tables.js';

/** The principal `homecoming stats publish` acts as: the registry-wide publisher at the terminal. */
export const CLI_PUBLISHER: Principal = { id: 'cli', role: 'publisher', kind: 'cli' };

/** JSON with object keys sorted at every level and no spaces: what a release's content hash covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of a release document's canonical JSON. */
export function contentHashOf(document: ReleaseDocument): string {
  return crypto.createHash('sha256').update(canonicalJson(document)).digest('hex');
}

function cryptoRandom(): number {
  return crypto.randomInt(0, 2 ** 32) / 2 ** 32;
}

/**
 * Builds a draft release from the registry as of now: counts in one repeatable-read snapshot, the fixed
 * tables under disclosure control, and the review (every hidden cell, its count and why). Suppression is
 * applied beside every published release that was suppressed too, so that all of them read together (or
 * any few of them) disclose no count below k that any hides.
 */
export async function createDraftRelease(
  database: Database,
  principal: Principal,
  input: TCreateReleaseRequest,
  audit: AuditContext = {},
  random: () => number = cryptoRandom,
  /** The server's key: rounding is then consistent across releases (without it, drawn per release). */
  serverKey?: Buffer,
): Promise<TRelease> {
  assertMayStatistics(principal, 'statistics:draft');
  const body = ZCreateReleaseRequestSchema.parse(input);
  const id = newId();
  if (body.method === 'suppression') await loadLpSolver();
  await database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      if (body.corrects !== undefined) {
        const corrected = await selectPublished(trx, body.corrects);
        if (!corrected) {
          throw new AppError('validation_failed', `corrects: no published release ${body.corrects}`, [
            { path: 'corrects', message: `no published release ${body.corrects}` },
          ]);
        }
      }
      const now = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
      const asOf = new Date(now.rows[0]?.now ?? Date.now());
      const counts = await unsafeCountRegistryForStatistics(trx, asOf);
      if (body.exchange_figures) counts.exchangeFigures = await unsafeCountExchangeFiguresForStatistics(trx);
      const latestNumber = body.method === 'suppression' ? await selectLatestNumber(trx) : null;
      const earlier = body.method === 'suppression' ? await selectPublishedSuppressedWithReview(trx) : [];
      const besideNumbers = earlier.map((e) => e.number as number);
      const { tables, review, exposed } = buildReleaseTables(counts, {
        threshold: body.threshold,
        method: body.method,
        random,
        ...(serverKey ? { roundingDraw: roundingDrawOf(serverKey) } : {}),
        previous: earlier.map((e) =>
          previousReleaseOf(
            `release ${e.number}`,
            (e.document as ReleaseDocument).tables,
            e.review as ReviewCell[],
          ),
        ),
      });
      const document: ReleaseDocument = {
        release_id: null,
        as_of: asOf.toISOString(),
        published_at: null,
        threshold: body.threshold,
        method: body.method,
        corrects: body.corrects ?? null,
        correction_note: body.correction_note ?? null,
        methodology: methodologyNote(
          body.threshold,
          body.method,
          body.exchange_figures,
          besideNumbers.length > 0 ? besideNumbers : null,
          serverKey !== undefined,
        ),
        tables,
        ...(body.method === 'suppression' ? { latest_at_draft: latestNumber } : {}),
      };
      await insertRelease(trx, {
        id,
        threshold: body.threshold,
        method: body.method,
        as_of: asOf,
        corrects: body.corrects ?? null,
        correction_note: body.correction_note ?? null,
        created_by: principal.id,
        document,
        review,
      });
      await appendAudit(
        trx,
        principal,
        {
          action: 'statistics.draft',
          objectType: 'statistics_release',
          objectId: id,
          detail: {
            threshold: body.threshold,
            method: body.method,
            exchange_figures: body.exchange_figures,
            hidden_cells: review.length,
            // beside_release: the latest of them (as before releases older than the latest were read too)
            ...(besideNumbers.length > 0
              ? {
                  beside_release: besideNumbers[besideNumbers.length - 1] as number,
                  beside_releases: besideNumbers.join(','),
                  exposed_cells: exposed.length,
                }
              : {}),
          },
        },
        audit,
      );
    });
  return getRelease(database, principal, id);
}

/** A release with its tables and review, for its publisher. */
export async function getRelease(database: Database, principal: Principal, id: string): Promise<TRelease> {
  assertMayStatistics(principal, 'statistics:draft');
  const row = await selectRelease(database.db, id);
  if (!row) throw notFound('statistics release');
  return presentRelease(row, true);
}

/** Every release, newest first, without tables. */
export async function listReleases(database: Database, principal: Principal): Promise<TRelease[]> {
  assertMayStatistics(principal, 'statistics:draft');
  return (await selectReleases(database.db)).map((r) => presentRelease(r, false));
}

type Transition = 'review' | 'publish' | 'discard';
const FROM: Record<Transition, string[]> = {
  review: ['draft'],
  publish: ['reviewed'],
  discard: ['draft', 'reviewed'],
};

/** Moves a release one step: draft → reviewed → published, or a draft or reviewed one to discarded. */
export async function advanceRelease(
  database: Database,
  principal: Principal,
  id: string,
  step: Transition,
  audit: AuditContext = {},
): Promise<TRelease> {
  assertMayStatistics(principal, step === 'discard' ? 'statistics:draft' : 'statistics:publish');
  await database.db.transaction().execute(async (trx) => {
    const row = await selectRelease(trx, id, true);
    if (!row) throw notFound('statistics release');
    if (!FROM[step].includes(row.state)) {
      throw new AppError(
        'conflict',
        `a ${row.state} release cannot be ${step === 'review' ? 'reviewed' : `${step}ed`}`,
      );
    }
    let detail: Record<string, string | number> = {};
    if (step === 'review') await setReviewed(trx, id, principal.id);
    else if (step === 'discard') await setDiscarded(trx, id);
    else {
      const { latest_at_draft: latestAtDraft, ...drafted } = row.document as ReleaseDocument;
      const number = await nextReleaseNumber(trx); // locks the releases against another publication
      if (latestAtDraft !== undefined) {
        // suppressed beside the release that was the latest then: one published since could be compared
        // with this one unchecked
        const latest = await selectLatestNumber(trx);
        if (latest !== latestAtDraft) {
          throw new AppError(
            'conflict',
            `release ${latest} was published after this draft was built beside ${latestAtDraft === null ? 'no release' : `release ${latestAtDraft}`}: build a new draft`,
          );
        }
      }
      const at = new Date();
      const document: ReleaseDocument = {
        ...drafted,
        release_id: number,
        published_at: at.toISOString(),
      };
      const contentHash = contentHashOf(document);
      await setPublished(trx, id, { number, document, contentHash, by: principal.id, at });
      detail = { release_id: number, content_hash: contentHash };
    }
    await appendAudit(
      trx,
      principal,
      { action: `statistics.${step}`, objectType: 'statistics_release', objectId: id, detail },
      audit,
    );
  });
  return getRelease(database, principal, id);
}

/** `homecoming stats publish`: draft, review and publish in one go, as the registry-wide publisher. */
export async function publishReleaseNow(
  database: Database,
  input: TCreateReleaseRequest,
  principal: Principal = CLI_PUBLISHER,
  serverKey?: Buffer,
): Promise<TRelease> {
  const draft = await createDraftRelease(database, principal, input, {}, cryptoRandom, serverKey);
  await advanceRelease(database, principal, draft.id, 'review');
  return advanceRelease(database, principal, draft.id, 'publish');
}

/** One published release, ready to send: its JSON body, ETag, and CSV per table. */
export interface SnapshotEntry {
  release: TPublicRelease;
  body: string;
  etag: string;
  csv: Map<string, string>;
}

/** A table as CSV: its dimensions, then count and suppressed. */
export function tableCsv(table: TPublicRelease['tables'][number]): string {
  // Fields beside the dimensions (the age band of a youngest/oldest row) come before the count.
  const fields = [
    ...new Set(
      table.rows.flatMap((r) =>
        Object.keys(r).filter((k) => !table.dimensions.includes(k) && k !== 'count' && k !== 'suppressed'),
      ),
    ),
  ].sort();
  const header = [...table.dimensions, ...fields, 'count', 'suppressed'];
  const lines = [csvRecord(header)];
  for (const row of table.rows) {
    lines.push(
      csvRecord([
        ...[...table.dimensions, ...fields].map((d) => String(row[d] ?? '')),
        row.count,
        row.suppressed ? 'true' : 'false',
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The public side: published releases held in memory, so a public request never runs a query. A
 * published release never changes, so it is loaded once; which one is the latest is looked up at most
 * every `latestTtlMs` (one indexed query), and at once after a publish in this process.
 */
export class PublicStatistics {
  private readonly entries = new Map<number, Promise<SnapshotEntry | null>>();
  private latest: { number: number | null; at: number } | null = null;
  private latestLoading: Promise<number | null> | null = null;
  private list: { body: string; etag: string; number: number | null } | null = null;

  constructor(
    private readonly database: Database,
    private readonly latestTtlMs = 5_000,
  ) {}

  /** Forget which release is the latest (after a publish). */
  refresh(): void {
    this.latest = null;
  }

  private async latestNumber(): Promise<number | null> {
    if (this.latest && Date.now() - this.latest.at < this.latestTtlMs) return this.latest.number;
    this.latestLoading ??= selectLatestNumber(this.database.db).finally(() => (this.latestLoading = null));
    const number = await this.latestLoading;
    this.latest = { number, at: Date.now() };
    return number;
  }

  /** The latest published release, or null before the first. */
  async latestEntry(): Promise<SnapshotEntry | null> {
    const n = await this.latestNumber();
    return n === null ? null : this.entry(n);
  }

  /** A published release by number, or null (numbers are gapless: past the latest, none). */
  async entry(number: number): Promise<SnapshotEntry | null> {
    const latest = await this.latestNumber();
    if (latest === null || number > latest) return null;
    let e = this.entries.get(number);
    if (!e) {
      e = this.load(number);
      this.entries.set(number, e);
      e.catch(() => this.entries.delete(number));
    }
    return e;
  }

  private async load(number: number): Promise<SnapshotEntry | null> {
    const row = await selectPublished(this.database.db, number);
    if (!row) return null;
    const release = presentPublicRelease(row.document as ReleaseDocument, row.content_hash);
    return {
      release,
      body: JSON.stringify(release),
      etag: `"${row.content_hash}"`,
      csv: new Map(release.tables.map((t) => [t.id, tableCsv(t)])),
    };
  }

  /** The release history (published only), newest first. */
  async history(): Promise<{ body: string; etag: string }> {
    const latest = await this.latestNumber();
    if (this.list && this.list.number === latest) return this.list;
    const rows = await selectPublishedList(this.database.db);
    const list: TPublicReleaseList = {
      releases: rows.map((r) => ({
        release_id: Number(r.number),
        as_of: new Date(r.as_of).toISOString(),
        published_at: new Date(r.published_at).toISOString(),
        corrects: r.corrects === null ? null : Number(r.corrects),
        content_hash: r.content_hash,
      })),
    };
    const body = JSON.stringify(list);
    this.list = {
      body,
      etag: `"${crypto.createHash('sha256').update(body).digest('hex').slice(0, 32)}"`,
      number: latest,
    };
    return this.list;
  }
}
