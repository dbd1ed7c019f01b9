import crypto from 'node:crypto';

/**
 * The Merkle tree hash of RFC 6962 / RFC 9162 (Certificate Transparency): SHA-256, leaves prefixed with
 * 0x00 and interior nodes with 0x01, so that a leaf can never pass for a node. Pure; no I/O.
 */

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The hash of one leaf's data. */
export function leafHash(data: Buffer | string): Buffer {
  return crypto.createHash('sha256').update(LEAF).update(data).digest();
}

/** The hash of an interior node from its two children. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return crypto.createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT = crypto.createHash('sha256').digest();

/**
 * The right edge of a growing tree: the roots of its perfect subtrees, largest (leftmost) first, one per
 * bit of the size. Appending a leaf merges equal-sized subtrees like a binary counter, so the root of a
 * log of any size is computed in one pass without holding the leaves.
 */
export class MerkleFrontier {
  private readonly stack: { hash: Buffer; height: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(leaf: Buffer): void {
    let node = { hash: leaf, height: 0 };
    for (let top = this.stack.at(-1); top && top.height === node.height; top = this.stack.at(-1)) {
      this.stack.pop();
      node = { hash: nodeHash(top.hash, node.hash), height: node.height + 1 };
    }
    this.stack.push(node);
    this.count++;
  }

  /** The RFC 6962 tree head of the leaves appended so far. */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let acc = (this.stack.at(-1) as { hash: Buffer }).hash;
    for (let i = this.stack.length - 2; i >= 0; i--)
      acc = nodeHash((this.stack[i] as { hash: Buffer }).hash, acc);
    return acc;
  }
}

/** The tree head of a list of leaf hashes. */
export function treeRoot(leaves: readonly Buffer[]): Buffer {
  const f = new MerkleFrontier();
  for (const l of leaves) f.append(l);
  return f.root();
}

/** The largest power of two strictly smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The audit path (RFC 6962 §2.1.1) of leaf `index` (0-based) in the tree of `leaves`. */
export function inclusionPath(leaves: readonly Buffer[], index: number): Buffer[] {
  if (index < 0 || index >= leaves.length)
    throw new RangeError(`leaf ${index} is outside a tree of ${leaves.length}`);
  const path: Buffer[] = [];
  const walk = (lo: number, hi: number, m: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(lo, lo + k, m);
      path.push(treeRoot(leaves.slice(lo + k, hi)));
    } else {
      walk(lo + k, hi, m - k);
      path.push(treeRoot(leaves.slice(lo, lo + k)));
    }
  };
  walk(0, leaves.length, index);
  return path;
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2): that `leaf` is leaf `index` of the tree with `root`. */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  treeSize: number,
  path: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}
