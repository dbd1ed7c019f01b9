import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalCaseNumber,
  CODE_ALPHABET,
  codeHash,
  deriveKeys,
  newAccessCode,
  newCaseNumber,
} from './codes.js';
import { decryptDocument, encryptDocument, sniffDocumentType } from './documents.js';
import { discloseStatus, isMailableNews, isOverdue } from './policy.js';
import { RateLimiter } from './throttle.js';

describe('the disclosure policy', () => {
  const verified = (status: Parameters<typeof discloseStatus>[0]['person'] extends infer P ? P : never) => ({
    kinshipVerified: true,
    person: status,
  });
  it('tells nothing before kinship is verified, without a person, or about a withheld person', () => {
    expect(
      discloseStatus({ kinshipVerified: false, person: { status: 'captivity_confirmed', withheld: false } }),
    ).toBe('no_information');
    expect(discloseStatus({ kinshipVerified: true, person: null })).toBe('no_information');
    expect(discloseStatus(verified({ status: 'captivity_confirmed', withheld: true }))).toBe(
      'no_information',
    );
  });
  it("follows the NIB's ladder", () => {
    expect(discloseStatus(verified({ status: 'missing', withheld: false }))).toBe(
      'information_without_captivity_data',
    );
    expect(discloseStatus(verified({ status: 'no_data', withheld: false }))).toBe(
      'information_without_captivity_data',
    );
    expect(discloseStatus(verified({ status: 'captivity_reported', withheld: false }))).toBe(
      'captivity_reported',
    );
    expect(discloseStatus(verified({ status: 'captivity_confirmed', withheld: false }))).toBe(
      'captivity_confirmed',
    );
    expect(discloseStatus(verified({ status: 'returned', withheld: false }))).toBe('returned');
  });
  it('never tells a death: a staff member will contact the family, and no mail says there is news', () => {
    for (const status of ['death_reported', 'death_confirmed'] as const) {
      expect(discloseStatus(verified({ status, withheld: false }))).toBe('staff_will_contact');
    }
    expect(isMailableNews('captivity_confirmed', 'staff_will_contact')).toBe(false);
    expect(isMailableNews('captivity_reported', 'captivity_confirmed')).toBe(true);
    expect(isMailableNews('captivity_confirmed', 'no_information')).toBe(false);
  });
  it('flags a request overdue by the time in its state', () => {
    const now = new Date('2026-01-31T00:00:00Z');
    expect(isOverdue('received', new Date('2026-01-30T00:00:00Z'), now)).toBe(false);
    expect(isOverdue('received', new Date('2026-01-20T00:00:00Z'), now)).toBe(true);
    expect(isOverdue('closed', new Date('2000-01-01T00:00:00Z'), now)).toBe(false);
  });
});

describe('case numbers and access codes', () => {
  it('makes readable case numbers without look-alike characters, and reads them back as typed', () => {
    for (let i = 0; i < 200; i++) {
      const c = newCaseNumber();
      expect(c).toMatch(/^HC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(c.slice(3).replace('-', '')).not.toMatch(/[01ILOU]/);
      expect(canonicalCaseNumber(c.toLowerCase().replace(/-/g, ' '))).toBe(c);
    }
    expect(canonicalCaseNumber('HC-12')).toBeNull();
  });
  it('makes access codes of at least 80 bits, stored as a keyed hash that needs the key', () => {
    const code = newAccessCode();
    const chars = code.replace(/-/g, '');
    expect(chars.length * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(80);
    const k1 = deriveKeys(crypto.randomBytes(32));
    const k2 = deriveKeys(crypto.randomBytes(32));
    expect(codeHash(k1, code)).toBe(codeHash(k1, code.toLowerCase()));
    expect(codeHash(k1, code)).not.toBe(codeHash(k2, code));
    expect(codeHash(k1, code)).not.toContain(chars);
  });
});

describe('kinship documents', () => {
  it('recognises PDF, JPEG and PNG by content only', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(sniffDocumentType(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('GIF89a'))).toBeNull();
  });
  it('encrypts with AES-256-GCM bound to the document id', () => {
    const key = crypto.randomBytes(32);
    const plain = Buffer.from('%PDF-1.7 generated');
    const enc = encryptDocument(key, 'doc-1', plain);
    expect(enc.ciphertext.includes(Buffer.from('generated'))).toBe(false);
    expect(decryptDocument(key, 'doc-1', enc).equals(plain)).toBe(true);
    expect(() => decryptDocument(key, 'doc-2', enc)).toThrow();
  });
});

describe('the in-memory rate limiter', () => {
  it('limits each address and the total per minute', () => {
    let now = 0;
    const l = new RateLimiter(2, 3, () => now);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([true, true, false]);
    expect(l.take('b')).toBe(false); // the total is spent
    now = 60_000;
    expect(l.take('a')).toBe(true);
  });
});
