import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { auditLeafHash, type StoredAuditEntry } from './log.js';
import { inclusionPath, MerkleFrontier, treeRoot, verifyInclusion } from './merkle.js';

/**
 * Signed checkpoints of the audit log, kept outside the database (in the audit folder, by default
 * `<data>/audit`):
 *
 * - `signing-key.pem`: the Ed25519 private key, made on first use, mode 0600;
 * - `leaves.bin`: the leaf hashes of every checkpointed entry, 32 bytes each, in order;
 * - `checkpoints.jsonl`: one signed tree head per line: `{size, root, at, key_id, signature}`.
 *
 * Someone who can write the database but not this folder cannot change, remove, reorder or truncate a
 * checkpointed entry without `verifyAudit` naming it; and cannot forge a checkpoint without the key.
 */

const KEY_FILE = 'signing-key.pem';
const LEAVES_FILE = 'leaves.bin';
const CHECKPOINTS_FILE = 'checkpoints.jsonl';
const PAGE = 5000;

/** A signed tree head. */
export interface Checkpoint {
  size: number;
  root: string;
  at: string;
  key_id: string;
  signature: string;
}

function signedText(c: Pick<Checkpoint, 'size' | 'root' | 'at'>): string {
  return `homecoming-audit-checkpoint\n${c.size}\n${c.root}\n${c.at}\n`;
}

/** Loads the signing key, making one (mode 0600) if the folder has none. */
export function loadSigningKey(dir: string): crypto.KeyObject {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, KEY_FILE);
  if (!fs.existsSync(file)) {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  }
  return crypto.createPrivateKey(fs.readFileSync(file));
}

function keyId(key: crypto.KeyObject): string {
  const pub = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(pub).digest('hex').slice(0, 16);
}

/** The checkpoints written so far, oldest first (an unreadable line is reported by verifyAudit). */
export function readCheckpoints(dir: string): { checkpoints: Checkpoint[]; unreadable: number | null } {
  const file = path.join(dir, CHECKPOINTS_FILE);
  if (!fs.existsSync(file)) return { checkpoints: [], unreadable: null };
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const checkpoints: Checkpoint[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      const c = JSON.parse(line) as Checkpoint;
      if (!Number.isSafeInteger(c.size) || typeof c.root !== 'string' || typeof c.signature !== 'string')
        return { checkpoints, unreadable: i + 1 };
      checkpoints.push(c);
    } catch {
      return { checkpoints, unreadable: i + 1 };
    }
  }
  return { checkpoints, unreadable: null };
}

function readLeaves(dir: string): Buffer[] {
  const file = path.join(dir, LEAVES_FILE);
  if (!fs.existsSync(file)) return [];
  const buf = fs.readFileSync(file);
  const out: Buffer[] = [];
  for (let i = 0; i + 32 <= buf.length; i += 32) out.push(buf.subarray(i, i + 32));
  return out;
}

function appendDurably(file: string, data: Buffer | string): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads entries seq > after, in order, page by page, from one consistent snapshot's head. */
async function* entriesAfter(
  database: Database,
  after: number,
  upTo: number,
): AsyncGenerator<StoredAuditEntry & { leaf_hash: string }> {
  let last = after;
  while (last < upTo) {
    const rows = await database.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('seq', '>', last)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) yield { ...r, seq: Number(r.seq) };
    last = Number(rows[rows.length - 1]?.seq);
  }
}

async function headSize(database: Database): Promise<number> {
  const r = await sql<{ size: number }>`SELECT size FROM audit_head WHERE id = 1`.execute(database.db);
  return Number(r.rows[0]?.size ?? 0);
}

/**
 * Writes a checkpoint covering every committed entry: mirrors the new leaf hashes (after checking each
 * entry still matches its hash) and signs the new tree head. Returns null when nothing is new.
 */
export async function writeCheckpoint(database: Database, dir: string): Promise<Checkpoint | null> {
  const key = loadSigningKey(dir);
  const { checkpoints } = readCheckpoints(dir);
  const leaves = readLeaves(dir);
  const last = checkpoints.at(-1);
  if ((last?.size ?? 0) !== leaves.length) {
    throw new Error(
      `the audit folder is inconsistent: ${leaves.length} mirrored leaves but the last checkpoint covers ${last?.size ?? 0}; run audit verify`,
    );
  }
  const size = await headSize(database);
  if (size <= leaves.length) return null;
  const fresh: Buffer[] = [];
  let expected = leaves.length + 1;
  for await (const e of entriesAfter(database, leaves.length, size)) {
    if (e.seq !== expected) throw new Error(`audit entry #${expected} is missing; refusing to checkpoint`);
    const h = auditLeafHash(e);
    if (h !== e.leaf_hash)
      throw new Error(`audit entry #${e.seq} does not match its hash; refusing to checkpoint`);
    fresh.push(Buffer.from(h, 'hex'));
    expected++;
  }
  if (expected - 1 !== size) throw new Error(`audit entry #${expected} is missing; refusing to checkpoint`);
  const root = treeRoot([...leaves, ...fresh]).toString('hex');
  const at = new Date().toISOString();
  const signature = crypto.sign(null, Buffer.from(signedText({ size, root, at })), key).toString('base64');
  const checkpoint: Checkpoint = { size, root, at, key_id: keyId(key), signature };
  appendDurably(path.join(dir, LEAVES_FILE), Buffer.concat(fresh));
  appendDurably(path.join(dir, CHECKPOINTS_FILE), JSON.stringify(checkpoint) + '\n');
  return checkpoint;
}

/** The outcome of verifying the log: the first problem found, if any. */
export interface VerifyResult {
  ok: boolean;
  entries: number;
  checkpointSize: number;
  /** The first bad entry (its seq), when the problem is in the database. */
  firstBadSeq: number | null;
  problem: string | null;
}

/**
 * Checks the whole log against the signed checkpoints: every checkpoint's signature, the mirrored leaves
 * against each signed root, then each entry in order — present, matching its own hash, and matching
 * the mirrored leaf. Names the first bad entry.
 */
export async function verifyAudit(database: Database, dir: string): Promise<VerifyResult> {
  // Verifying never makes a key: a deleted folder must not pass under a fresh one.
  const headCount = await headSize(database);
  const keyFile = path.join(dir, KEY_FILE);
  const missing = !fs.existsSync(keyFile)
    ? 'holds no signing key'
    : !fs.existsSync(path.join(dir, CHECKPOINTS_FILE))
      ? 'holds no checkpoints'
      : null;
  if (missing !== null) {
    if (headCount === 0) return { ok: true, entries: 0, checkpointSize: 0, firstBadSeq: null, problem: null };
    return {
      ok: false,
      entries: headCount,
      checkpointSize: 0,
      firstBadSeq: null,
      problem: `${headCount} audit entries exist but the audit folder ${dir} ${missing}: it was deleted or replaced, or HOMECOMING_AUDIT_DIR names another folder (a log never checkpointed needs \`homecoming audit checkpoint\` first)`,
    };
  }
  const key = crypto.createPublicKey(crypto.createPrivateKey(fs.readFileSync(keyFile)));
  const { checkpoints, unreadable } = readCheckpoints(dir);
  const leaves = readLeaves(dir);
  const fail = (problem: string, firstBadSeq: number | null, entries = 0): VerifyResult => ({
    ok: false,
    entries,
    checkpointSize: checkpoints.at(-1)?.size ?? 0,
    firstBadSeq,
    problem,
  });
  if (unreadable !== null) return fail(`checkpoint line ${unreadable} is unreadable`, null);
  let previous = 0;
  for (const [i, c] of checkpoints.entries()) {
    const valid = crypto.verify(null, Buffer.from(signedText(c)), key, Buffer.from(c.signature, 'base64'));
    if (!valid)
      return fail(`checkpoint ${i + 1} (size ${c.size}) has an invalid signature: forged or altered`, null);
    if (c.size < previous)
      return fail(`checkpoint ${i + 1} shrinks the log from ${previous} to ${c.size}`, null);
    previous = c.size;
  }
  const latest = checkpoints.at(-1);
  if (leaves.length !== (latest?.size ?? 0)) {
    return fail(
      `the mirrored leaves (${leaves.length}) do not match the latest checkpoint (${latest?.size ?? 0})`,
      null,
    );
  }
  const frontier = new MerkleFrontier();
  for (const [i, c] of checkpoints.entries()) {
    while (frontier.size < c.size) frontier.append(leaves[frontier.size] as Buffer);
    if (frontier.root().toString('hex') !== c.root) {
      return fail(`the mirrored leaves do not match checkpoint ${i + 1}: the audit folder was altered`, null);
    }
  }

  const size = await headSize(database);
  let expected = 1;
  for await (const e of entriesAfter(database, 0, Number.MAX_SAFE_INTEGER)) {
    if (e.seq !== expected) {
      return fail(`audit entry #${expected} is missing (deleted or renumbered)`, expected, expected - 1);
    }
    if (auditLeafHash(e) !== e.leaf_hash) {
      return fail(
        `audit entry #${e.seq} was altered: its content does not match its hash`,
        e.seq,
        expected - 1,
      );
    }
    const mirrored = leaves[e.seq - 1];
    if (mirrored && mirrored.toString('hex') !== e.leaf_hash) {
      return fail(
        `audit entry #${e.seq} differs from the checkpointed log (altered, replaced or reordered)`,
        e.seq,
        expected - 1,
      );
    }
    expected++;
  }
  const entries = expected - 1;
  if (entries < (latest?.size ?? 0)) {
    return fail(
      `audit entry #${entries + 1} is missing: the log was truncated below its checkpoint of ${latest?.size}`,
      entries + 1,
      entries,
    );
  }
  if (entries < size) {
    return fail(
      `audit entry #${entries + 1} is missing: the head counts ${size} entries`,
      entries + 1,
      entries,
    );
  }
  // A row of audit_pending outlives its transaction only if the trigger that numbers it did not run (turned
  // off): an entry committed without a number, absent from the log and emptied by a crash recovery.
  const unnumbered = await pendingCount(database);
  if (unnumbered > 0) {
    return fail(
      unnumbered === 1
        ? `1 audit entry was committed without a number (left in audit_pending: its trigger did not run)`
        : `${unnumbered} audit entries were committed without a number (left in audit_pending: its trigger did not run)`,
      entries + 1,
      entries,
    );
  }
  return { ok: true, entries, checkpointSize: latest?.size ?? 0, firstBadSeq: null, problem: null };
}

/** Committed rows of audit_pending (migration 0052): entries never numbered (0 on a schema before it). */
async function pendingCount(database: Database): Promise<number> {
  const table = await sql<{ t: string | null }>`SELECT to_regclass('audit_pending')::text AS t`.execute(
    database.db,
  );
  if (table.rows[0]?.t == null) return 0;
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_pending`.execute(database.db);
  return Number(r.rows[0]?.n ?? 0);
}

/** An inclusion proof of one entry in the latest checkpoint's tree. */
export interface InclusionProof {
  seq: number;
  leaf_hash: string;
  tree_size: number;
  root: string;
  audit_path: string[];
  checkpoint: Checkpoint;
}

/** Proves that entry `seq` is in the latest checkpoint's tree (RFC 9162 inclusion proof). */
export function proveInclusion(dir: string, seq: number): InclusionProof {
  const { checkpoints } = readCheckpoints(dir);
  const latest = checkpoints.at(-1);
  if (!latest || seq < 1 || seq > latest.size) {
    throw new Error(
      `entry #${seq} is not covered by a checkpoint yet (latest covers ${latest?.size ?? 0}); run audit checkpoint`,
    );
  }
  const leaves = readLeaves(dir).slice(0, latest.size);
  const leaf = leaves[seq - 1] as Buffer;
  const auditPath = inclusionPath(leaves, seq - 1);
  return {
    seq,
    leaf_hash: leaf.toString('hex'),
    tree_size: latest.size,
    root: latest.root,
    audit_path: auditPath.map((b) => b.toString('hex')),
    checkpoint: latest,
  };
}

/** Checks an inclusion proof against its root (and, separately, the checkpoint's signature). */
export function checkInclusionProof(p: InclusionProof): boolean {
  return verifyInclusion(
    Buffer.from(p.leaf_hash, 'hex'),
    p.seq - 1,
    p.tree_size,
    p.audit_path.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(p.root, 'hex'),
  );
}
