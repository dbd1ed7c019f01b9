/**
 * Checks a zip container (an .xlsx) before any library unpacks it: the directory at its end is whole, every
 * entry's declared size is within bounds, and inflating each entry really gives that many bytes, counted
 * as it streams and stopped at the bound. A truncated file, a zip bomb or a lying directory is refused with
 * a clear message before a single row is read; memory stays flat.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../errors.js';

export interface ZipLimits {
  /** Largest total of the entries' unpacked sizes. */
  maxTotalBytes: number;
  /** Largest unpacked/packed ratio of an entry bigger than 1 MiB. */
  maxRatio: number;
  /**
   * Largest unpacked size of a part the reader holds whole in memory (`HELD_PARTS`): the shared strings
   * are cached as JavaScript strings, about 2.5 times their XML (a 13 MB file whose 313 MiB of shared
   * strings passed the other limits took a command-line import from 300 MB to 1.1 GB; 1 GiB of them, still
   * inside the total, would take a server's process past 3 GB). Worksheets stream and are not bounded here.
   */
  maxHeldBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxHeldBytes: 128 * 1024 * 1024,
};

/** The parts exceljs's streaming reader keeps whole in memory (the rest stream, or are skipped). */
const HELD_PARTS: ReadonlySet<string> = new Set([
  'xl/sharedStrings.xml',
  'xl/styles.xml',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  '_rels/.rels',
]);

interface Entry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  localOffset: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** The entries of a zip file's central directory, or an error saying why the file is not a whole zip. */
function centralDirectory(fd: number, size: number, shown: string): Entry[] {
  const damaged = (why: string) =>
    new AppError(
      'bad_request',
      `${shown} is not a readable .xlsx file (${why}); save it again from the spreadsheet program`,
    );
  const tailLength = Math.min(size, 65_557);
  const tail = readAt(fd, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('truncated or damaged: the zip directory at its end is missing');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw damaged('a ZIP64 container, larger than any list of names needs');
  if (cdOffset + cdSize > size - tailLength + eocd)
    throw damaged('truncated: its zip directory points past its end');
  if (cdSize > 16 * 1024 * 1024) throw damaged('its zip directory is implausibly large');
  const cd = readAt(fd, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50)
      throw damaged('its zip directory is damaged');
    const nameLength = cd.readUInt16LE(p + 28);
    const entry: Entry = {
      method: cd.readUInt16LE(p + 10),
      packed: cd.readUInt32LE(p + 20),
      unpacked: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    };
    entries.push(entry);
    p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return entries;
}

/** Inflates one entry, counting bytes; rejects as soon as it yields more than it declared. */
async function verifyEntry(file: string, fd: number, e: Entry, shown: string): Promise<void> {
  const local = readAt(fd, e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
    throw new AppError('bad_request', `${shown} is not a readable .xlsx file (entry ${e.name} is damaged)`);
  const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (e.method === 0) return;
  if (e.method !== 8)
    throw new AppError(
      'bad_request',
      `${shown}: entry ${e.name} uses zip method ${e.method}, which .xlsx never uses`,
    );
  if (e.packed === 0) return;
  const source = fs.createReadStream(file, { start, end: start + e.packed - 1 });
  const inflate = zlib.createInflateRaw();
  let produced = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      source.destroy();
      inflate.destroy();
      reject(err);
    };
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > e.unpacked)
        fail(
          new AppError(
            'bad_request',
            `${shown} is refused: entry ${e.name} unpacks to more than the ${e.unpacked} bytes it declares (a zip bomb?)`,
          ),
        );
    });
    inflate.on('end', () => resolve());
    inflate.on('error', () =>
      fail(
        new AppError(
          'bad_request',
          `${shown} is not a readable .xlsx file (entry ${e.name} is truncated or damaged)`,
        ),
      ),
    );
    source.on('error', fail);
    source.pipe(inflate);
  });
}

/** Refuses a zip container that is truncated, damaged, not a workbook, or that unpacks beyond the limits. */
export async function checkZip(
  file: string,
  shown: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<WorkbookLayout> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const entries = centralDirectory(fd, size, shown);
    if (!entries.some((e) => e.name === 'xl/workbook.xml'))
      throw new AppError(
        'bad_request',
        `${shown} is a zip file but not an .xlsx workbook (no xl/workbook.xml)`,
      );
    let total = 0;
    for (const e of entries) {
      total += e.unpacked;
      if (total > limits.maxTotalBytes)
        throw new AppError(
          'bad_request',
          `${shown} is refused: it unpacks to more than ${Math.round(limits.maxTotalBytes / 1048576)} MiB`,
        );
      if (HELD_PARTS.has(e.name) && e.unpacked > limits.maxHeldBytes)
        throw new AppError(
          'bad_request',
          `${shown} is refused: its part ${e.name} unpacks to ${Math.round(e.unpacked / 1048576)} MiB, more than the ${Math.round(limits.maxHeldBytes / 1048576)} MiB a workbook's reading holds in memory; save the sheet as CSV (read as it streams)`,
        );
      if (e.unpacked > 1048576 && e.unpacked > e.packed * limits.maxRatio)
        throw new AppError(
          'bad_request',
          `${shown} is refused: entry ${e.name} unpacks ${Math.round(e.unpacked / Math.max(e.packed, 1))} times its size (a zip bomb?)`,
        );
    }
    for (const e of entries) await verifyEntry(file, fd, e, shown);
    try {
      return layoutOf(fd, entries);
    } catch {
      // An unreadable name (a character reference past Unicode): the reader's own names stand.
      return { names: new Map(), sharedStrings: entries.some((x) => x.name === 'xl/sharedStrings.xml') };
    }
  } finally {
    fs.closeSync(fd);
  }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(parseInt(e.slice(1), 10))
        : (XML_ENTITIES[e] ?? ''),
  );
}

/** One small entry's bytes, inflated (the workbook's own parts, which `checkZip` has verified). */
function entryText(fd: number, e: Entry): string | null {
  if (e.unpacked > 16 * 1024 * 1024) return null;
  const local = readAt(fd, e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) return null;
  const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const packed = readAt(fd, start, e.packed);
  try {
    if (e.method === 0) return packed.toString('utf8');
    if (e.method === 8)
      return zlib.inflateRawSync(packed, { maxOutputLength: Math.max(e.unpacked, 1) }).toString('utf8');
  } catch {
    return null;
  }
  return null;
}

/**
 * The name of each worksheet part of an .xlsx, by the number in its file name (xl/worksheets/sheet3.xml →
 * "3" → "Список"), read from the workbook and its relationships through the zip's directory. The streaming
 * reader learns the names from the same parts as it meets them in the stream, and under load it once named
 * a workbook's sheets Sheet1, Sheet2, Sheet3 (its defaults); these do not depend on the order it meets them.
 * Empty when the parts cannot be read (the reader's names stand). `sharedStrings`: whether the workbook has
 * a shared strings part (the reader must have met it before it gives a sheet).
 */
export function workbookLayout(file: string): WorkbookLayout {
  const fd = fs.openSync(file, 'r');
  try {
    return layoutOf(fd, centralDirectory(fd, fs.fstatSync(fd).size, file));
  } catch {
    return { names: new Map(), sharedStrings: false };
  } finally {
    fs.closeSync(fd);
  }
}

export interface WorkbookLayout {
  names: Map<string, string>;
  sharedStrings: boolean;
}

function layoutOf(fd: number, entries: readonly Entry[]): WorkbookLayout {
  const names = new Map<string, string>();
  const sharedStrings = entries.some((x) => x.name === 'xl/sharedStrings.xml');
  const part = (name: string) => {
    const e = entries.find((x) => x.name === name);
    return e === undefined ? null : entryText(fd, e);
  };
  const workbook = part('xl/workbook.xml');
  const rels = part('xl/_rels/workbook.xml.rels');
  if (workbook === null || rels === null) return { names, sharedStrings };
  const fileOf = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const id = /\sId="([^"]*)"/.exec(attrs)?.[1];
    const target = /\sTarget="([^"]*)"/.exec(attrs)?.[1];
    const no = target === undefined ? undefined : /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1];
    if (id !== undefined && no !== undefined) fileOf.set(xmlText(id), no);
  }
  for (const m of workbook.matchAll(/<(?:[\w.-]+:)?sheet\s([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = /(?:^|\s)name="([^"]*)"/.exec(attrs)?.[1];
    const rid = /\s[\w.-]+:id="([^"]*)"/.exec(attrs)?.[1];
    const no = rid === undefined ? undefined : fileOf.get(xmlText(rid));
    if (name !== undefined && no !== undefined) names.set(no, xmlText(name));
  }
  return { names, sharedStrings };
}
