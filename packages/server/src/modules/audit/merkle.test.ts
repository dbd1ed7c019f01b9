import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, inclusionPath, leafHash, nodeHash, treeRoot, verifyInclusion } from './merkle.js';

/** RFC 6962 §2.1's definition, written out literally, to check the incremental version against. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return crypto.createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`entry ${i}`));

describe('Merkle tree hash (RFC 6962/9162)', () => {
  it('prefixes leaves with 0x00 and nodes with 0x01, and hashes the empty tree as SHA-256 of nothing', () => {
    expect(leafHash('').toString('hex')).toBe(
      crypto
        .createHash('sha256')
        .update(Buffer.from([0]))
        .digest('hex'),
    );
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const a = leafHash('a');
    const b = leafHash('b');
    expect(nodeHash(a, b)).toEqual(
      crypto
        .createHash('sha256')
        .update(Buffer.concat([Buffer.from([1]), a, b]))
        .digest(),
    );
  });

  it('computes the same root incrementally as the recursive definition, for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) expect(treeRoot(leaves(n)).equals(referenceRoot(leaves(n)))).toBe(true);
  });

  it('gives inclusion proofs that verify, and fail for another leaf, index or root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), (n, i) => {
        const ls = leaves(n);
        const index = i % n;
        const root = treeRoot(ls);
        const path = inclusionPath(ls, index);
        expect(verifyInclusion(ls[index] as Buffer, index, n, path, root)).toBe(true);
        expect(verifyInclusion(leafHash('forged'), index, n, path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(ls[index] as Buffer, (index + 1) % n, n, path, root)).toBe(false);
        expect(verifyInclusion(ls[index] as Buffer, index, n, path, leafHash('other root'))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
