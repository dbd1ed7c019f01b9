import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../errors.js';

/**
 * The backup file: one file an office can copy, checksummed part by part so that a damaged or
 * truncated copy is refused before anything is restored.
 *
 *   HOMECOMING-BACKUP 1\n
 *   <manifest JSON>\n
 *   <part 1 bytes><part 2 bytes>…
 *
 * Parts: `database` (pg_dump's custom format, or the embedded database's data folder as a gzipped
 * tarball), `audit/<file>` (the signed audit checkpoints and their key), `tracing.key`.
 */
export const BACKUP_MAGIC = 'HOMECOMING-BACKUP 1\n';

export type BackupKind = 'postgres' | 'pglite';

export interface BackupPart {
  name: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  kind: BackupKind;
  created_at: string;
  /** The newest migration applied in the saved database. */
  schema_version: string;
  /** Audit entries in the saved database (its audit head). */
  audit_entries: number;
  parts: BackupPart[];
}

/** A part to write: bytes in memory, or a file streamed from disk. */
export type PartSource = { name: string; data: Buffer } | { name: string; file: string };

async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const h = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: h.digest('hex') };
}

/** Writes the archive to `file` atomically (a temporary file renamed into place, fsynced). */
export async function writeArchive(
  file: string,
  meta: Omit<BackupManifest, 'parts'>,
  sources: PartSource[],
): Promise<BackupManifest> {
  const parts: BackupPart[] = [];
  for (const s of sources) {
    if ('data' in s) {
      parts.push({
        name: s.name,
        bytes: s.data.length,
        sha256: crypto.createHash('sha256').update(s.data).digest('hex'),
      });
    } else {
      parts.push({ name: s.name, ...(await hashFile(s.file)) });
    }
  }
  const manifest: BackupManifest = { ...meta, parts };
  const tmp = `${file}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, BACKUP_MAGIC + JSON.stringify(manifest) + '\n');
    for (const s of sources) {
      if ('data' in s) {
        fs.writeSync(fd, s.data);
        continue;
      }
      const src = fs.openSync(s.file, 'r');
      try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (let n; (n = fs.readSync(src, buf, 0, buf.length, null)) > 0;) fs.writeSync(fd, buf, 0, n);
      } finally {
        fs.closeSync(src);
      }
    }
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return manifest;
}

/** An opened, checked archive: its manifest and where each part starts in the file. */
export interface Archive {
  file: string;
  manifest: BackupManifest;
  offsets: Map<string, { start: number; bytes: number }>;
}

/** Reads the manifest and checks every part's length and checksum; refuses a damaged file. */
export async function openArchive(file: string): Promise<Archive> {
  if (!fs.existsSync(file)) throw new AppError('bad_request', `backup file ${file} does not exist`);
  const fd = fs.openSync(file, 'r');
  let header: string;
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    header = buf.subarray(0, n).toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
  if (!header.startsWith(BACKUP_MAGIC)) {
    throw new AppError(
      'bad_request',
      `${file} is not a Homecoming backup (it does not start with "HOMECOMING-BACKUP 1")`,
    );
  }
  const end = header.indexOf('\n', BACKUP_MAGIC.length);
  if (end < 0) throw new AppError('bad_request', `${file}: the backup's manifest is cut off`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(Buffer.from(header.slice(BACKUP_MAGIC.length, end), 'latin1').toString('utf8'));
  } catch {
    throw new AppError('bad_request', `${file}: the backup's manifest is not valid JSON`);
  }
  if (
    (manifest.kind !== 'postgres' && manifest.kind !== 'pglite') ||
    !Array.isArray(manifest.parts) ||
    !manifest.parts.some((p) => p.name === 'database')
  ) {
    throw new AppError('bad_request', `${file}: the backup's manifest names no database part`);
  }
  const offsets = new Map<string, { start: number; bytes: number }>();
  let at = end + 1;
  for (const p of manifest.parts) {
    offsets.set(p.name, { start: at, bytes: p.bytes });
    at += p.bytes;
  }
  const size = fs.statSync(file).size;
  if (size !== at) {
    throw new AppError(
      'bad_request',
      `${file} is ${size} bytes but its manifest describes ${at}: the copy is truncated or damaged`,
    );
  }
  for (const p of manifest.parts) {
    const o = offsets.get(p.name) ?? { start: 0, bytes: 0 };
    const h = crypto.createHash('sha256');
    if (o.bytes > 0) {
      for await (const chunk of fs.createReadStream(file, { start: o.start, end: o.start + o.bytes - 1 })) {
        h.update(chunk as Buffer);
      }
    }
    if (h.digest('hex') !== p.sha256) {
      throw new AppError(
        'bad_request',
        `${file}: part "${p.name}" does not match its checksum: the copy is damaged`,
      );
    }
  }
  return { file, manifest, offsets };
}

/** One part's bytes (small parts: keys, checkpoints). */
export function readPart(archive: Archive, name: string): Buffer | undefined {
  const o = archive.offsets.get(name);
  if (!o) return undefined;
  const buf = Buffer.alloc(o.bytes);
  const fd = fs.openSync(archive.file, 'r');
  try {
    if (o.bytes > 0) fs.readSync(fd, buf, 0, o.bytes, o.start);
  } finally {
    fs.closeSync(fd);
  }
  return buf;
}

/** Copies one part to a file of its own (the database dump, for pg_restore). */
export async function extractPart(archive: Archive, name: string, to: string): Promise<void> {
  const o = archive.offsets.get(name);
  if (!o) throw new AppError('bad_request', `${archive.file}: the backup has no part "${name}"`);
  const out = fs.createWriteStream(to, { mode: 0o600 });
  if (o.bytes > 0) {
    const input = fs.createReadStream(archive.file, { start: o.start, end: o.start + o.bytes - 1 });
    for await (const chunk of input) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}
