import crypto from 'node:crypto';

// Random bytes are drawn from the OS in blocks: one randomFillSync per id costs more than the rest of an
// import row's work together.
const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later sort later,
 * so new rows land at the right edge of their indexes.
 */
export function newId(): string {
  if (offset + 10 > POOL_SIZE) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const ms = Date.now();
  const hex = ms.toString(16).padStart(12, '0');
  const r = pool.subarray(offset, offset + 10);
  offset += 10;
  const rand = r.toString('hex');
  // version 7 in the high nibble of byte 6; variant 10xx in the high bits of byte 8
  const v = (0x70 | ((r[0] as number) & 0x0f)).toString(16);
  const variant = (0x80 | ((r[2] as number) & 0x3f)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${v}${rand.slice(2, 4)}-${variant}${rand.slice(6, 8)}-${rand.slice(8, 20)}`;
}
