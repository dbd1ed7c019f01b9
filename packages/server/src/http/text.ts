import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Text every API input must be: strings (and object keys) that PostgreSQL can store and every client
 * can read. A NUL character is refused by PostgreSQL's text type, and a lone UTF-16 surrogate (valid in
 * JSON as "\ud800", but not Unicode) cannot be encoded as UTF-8; either would otherwise fail deep in a
 * query as a 500. One check for every route, before its schema: the answer is a 400 naming the field.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'contains a lone surrogate: not valid Unicode';
  return null;
}

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  // JSON bodies are plain objects; the query string parser makes objects whose prototype has none.
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** The first string or key in a parsed request part that cannot be stored as text, with its path. */
export function findBadText(value: unknown, path: string): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem === null ? null : { path, message: problem };
  }
  if (!isPlainContainer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadText(value[i], `${path}.${i}`);
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem !== null) return { path, message: `a key ${keyProblem}` };
    const bad = findBadText(v, `${path}.${key}`);
    if (bad) return bad;
  }
  return null;
}

/** Refuses, on every route, a body, query string or path parameter holding text that cannot be stored. */
export function registerTextValidation(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts: [string, unknown][] = [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ];
    for (const [name, value] of parts) {
      const bad = findBadText(value, name);
      if (bad) throw new AppError('validation_failed', `${bad.path}: ${bad.message}`, [bad]);
    }
  });
}
