import crypto from 'node:crypto';

// Random bytes are drawn from the OS in blocks: one randomFillSync per id costs more than the rest of an
// import row's work together.
const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

// The millisecond and the 12-bit counter of the last id (RFC 9562 §6.2, method 1).
let lastMs = 0;
let counter = 0;

/**
 * A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter, then random bits. Every id
 * this process makes sorts after the one before it, within a millisecond too: new rows land at the right
 * edge of their indexes, and ties broken by id (the candidates a lookup keeps) follow the order the rows
 * were made in, so the same file imported twice keeps the same candidates.
 */
export function newId(): string {
  if (offset + 10 > POOL_SIZE) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const r = pool.subarray(offset, offset + 10);
  offset += 10;
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // A random start in the lower half leaves at least 2,048 ids for the millisecond.
    counter = (((r[0] as number) << 8) | (r[1] as number)) & 0x7ff;
  } else if (counter < 0xfff) {
    // The same millisecond, or the clock went back: the next counter value.
    counter += 1;
  } else {
    // 4,096 ids in one millisecond: borrow the next one.
    lastMs += 1;
    counter = 0;
  }
  const hex = lastMs.toString(16).padStart(12, '0');
  const rand = r.toString('hex');
  // version 7 in the high nibble of byte 6 with the counter's 12 bits; variant 10xx in the high bits of byte 8
  const a = (0x7000 | counter).toString(16);
  const variant = (0x80 | ((r[2] as number) & 0x3f)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${a}-${variant}${rand.slice(6, 8)}-${rand.slice(8, 20)}`;
}
