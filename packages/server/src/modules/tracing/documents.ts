import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../errors.js';
import { relativePrincipal } from '../../gate/principal.js';
import { denyObject, personScopeOf } from '../../gate/scope.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { openCase, requestVisible, type TracingContext } from './service.js';

/**
 * Kinship documents: PDF, JPEG or PNG recognised by their first bytes (never by the name or the declared
 * type), at most 5 per case of 10 MB each, stored encrypted with AES-256-GCM under the documents key
 * (derived from the tracing key outside the database), served to staff only, as attachments.
 */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENTS_PER_CASE = 5;

const EXTENSION: Record<DocumentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** The type of a file by its magic bytes, or null if it is none of the accepted ones. */
export function sniffDocumentType(bytes: Buffer): DocumentType | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(png)) return 'image/png';
  return null;
}

/** Encrypts with AES-256-GCM; the document's id is bound in as associated data. */
export function encryptDocument(key: Buffer, id: string, plain: Buffer) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(id));
  const ciphertext = Buffer.concat([c.update(plain), c.final()]);
  return { iv, tag: c.getAuthTag(), ciphertext };
}

export function decryptDocument(
  key: Buffer,
  id: string,
  d: { iv: Buffer; tag: Buffer; ciphertext: Buffer },
): Buffer {
  const c = crypto.createDecipheriv('aes-256-gcm', key, d.iv);
  c.setAAD(Buffer.from(id));
  c.setAuthTag(d.tag);
  return Buffer.concat([c.update(d.ciphertext), c.final()]);
}

/**
 * A case opened by its number and code (openCase). A document's route opens it from the headers before
 * its body (up to 10 MB) is read, so that a wrong code or a locked case is refused without the server
 * holding the upload.
 */
export type OpenedCase = Awaited<ReturnType<typeof openCase>>;

/** Adds a document to a case opened with its number and code. */
export async function addDocument(
  database: Database,
  ctx: TracingContext,
  row: OpenedCase,
  bytes: Buffer,
  audit: AuditContext = {},
): Promise<{ id: string }> {
  if (bytes.length === 0) throw new AppError('bad_request', 'the file is empty');
  if (bytes.length > DOCUMENT_MAX_BYTES)
    throw new AppError('payload_too_large', 'a document may be at most 10 MB');
  const type = sniffDocumentType(bytes);
  if (type === null) {
    throw new AppError(
      'unsupported_media_type',
      'the file is not a PDF, JPEG or PNG (checked by its content)',
    );
  }
  const id = newId();
  const enc = encryptDocument(ctx.keys.documents, id, bytes);
  await database.db.transaction().execute(async (trx) => {
    await sql`SELECT id FROM tracing_request WHERE id = ${row.id} FOR UPDATE`.execute(trx);
    const n = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM tracing_document WHERE request_id = ${row.id}`.execute(trx);
    if ((n.rows[0]?.n ?? 0) >= DOCUMENTS_PER_CASE) {
      throw new AppError('conflict', `a case may have at most ${DOCUMENTS_PER_CASE} documents`);
    }
    await sql`INSERT INTO tracing_document (id, request_id, media_type, size, iv, tag, ciphertext)
      VALUES (${id}, ${row.id}, ${type}, ${bytes.length}, ${enc.iv}, ${enc.tag}, ${enc.ciphertext})`.execute(
      trx,
    );
    await sql`UPDATE tracing_request SET updated_at = now() WHERE id = ${row.id}`.execute(trx);
    await appendAudit(
      trx,
      relativePrincipal(row.id),
      {
        action: 'tracing.document_add',
        objectType: 'tracing_request',
        objectId: row.id,
        detail: { document_id: id },
      },
      audit,
    );
  });
  return { id };
}

/** A document for a staff download (decrypted), audited. */
export async function documentForDownload(
  database: Database,
  ctx: TracingContext,
  viewer: Principal,
  requestId: string,
  documentId: string,
  audit: AuditContext = {},
): Promise<{ bytes: Buffer; fileName: string }> {
  return database.db.transaction().execute(async (trx) => {
    const r = await sql<{
      organisation_id: string;
      case_number: string;
      media_type: DocumentType;
      iv: Buffer;
      tag: Buffer;
      ciphertext: Buffer;
    }>`SELECT t.organisation_id, t.case_number, d.media_type, d.iv, d.tag, d.ciphertext
      FROM tracing_document d JOIN tracing_request t ON t.id = d.request_id
      WHERE d.id = ${documentId} AND d.request_id = ${requestId}`.execute(trx);
    const d = r.rows[0];
    if (!d) throw denyObject('tracing_document', documentId, 'missing');
    if (!requestVisible(personScopeOf(viewer), d.organisation_id)) {
      throw denyObject('tracing_document', documentId, 'out_of_scope');
    }
    const bytes = decryptDocument(ctx.keys.documents, documentId, {
      iv: Buffer.from(d.iv),
      tag: Buffer.from(d.tag),
      ciphertext: Buffer.from(d.ciphertext),
    });
    await appendAudit(
      trx,
      viewer,
      {
        action: 'tracing.document_read',
        objectType: 'tracing_request',
        objectId: requestId,
        detail: { document_id: documentId },
      },
      audit,
    );
    return { bytes, fileName: `${d.case_number}-${documentId.slice(0, 8)}.${EXTENSION[d.media_type]}` };
  });
}
