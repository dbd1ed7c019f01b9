import type { ReleaseRow } from './repo.js';
import type { TPublicRelease, TPublicTable, TRelease } from './schemas.js';
import type { ReviewCell } from './tables.js';

/** The public part of a release as stored (everything the public sees but its hash). */
export interface ReleaseDocument {
  release_id: number | null;
  as_of: string;
  published_at: string | null;
  threshold: number;
  method: 'suppression' | 'rounding';
  corrects: number | null;
  correction_note: string | null;
  methodology: { uk: string; en: string };
  tables: TPublicTable[];
  /**
   * Drafts with suppression only, removed on publication: the latest published release when the draft
   * was built (it was suppressed beside that one), or null for none.
   */
  latest_at_draft?: number | null;
}

/** A release for its publisher: with the tables and the review when `full`. */
export function presentRelease(row: ReleaseRow, full: boolean): TRelease {
  const doc = row.document as ReleaseDocument | null;
  return {
    id: row.id,
    release_id: row.number,
    state: row.state,
    threshold: row.threshold,
    method: row.method,
    as_of: new Date(row.as_of).toISOString(),
    corrects: row.corrects,
    correction_note: row.correction_note,
    content_hash: row.content_hash,
    created_at: new Date(row.created_at).toISOString(),
    created_by: row.created_by,
    reviewed_at: row.reviewed_at ? new Date(row.reviewed_at).toISOString() : null,
    published_at: row.published_at ? new Date(row.published_at).toISOString() : null,
    ...(full && doc ? { tables: doc.tables, review: row.review as ReviewCell[] } : {}),
  };
}

/** The public document of a published release with its content hash. */
export function presentPublicRelease(document: ReleaseDocument, contentHash: string): TPublicRelease {
  return {
    ...document,
    release_id: document.release_id as number,
    published_at: document.published_at as string,
    content_hash: contentHash,
  };
}
