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

/**
 * How deep a request's JSON may nest: far beyond any route's shape (a few levels), far below what a
 * recursive walk of it could overflow. A body of 5,000 nested arrays (10 KB) overflowed the stack of the
 * recursive check that was here, and answered 500 (bench/RESULTS.md, `red`).
 */
export const MAX_DEPTH = 64;

/**
 * The first string or key in a parsed request part that cannot be stored as text, with its path (in
 * document order), or a container nested deeper than MAX_DEPTH. Iterative: no input can exhaust the stack.
 */
export function findBadText(value: unknown, path: string): { path: string; message: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { value: v, path: at, depth } = top;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem !== null) return { path: at, message: problem };
      continue;
    }
    if (!isPlainContainer(v)) continue;
    if (depth >= MAX_DEPTH) return { path: at, message: `nested deeper than ${MAX_DEPTH} levels` };
    // Children pushed last to first, so that they are visited first to last.
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) children.push({ value: v[i], path: `${at}.${i}`, depth: depth + 1 });
    } else {
      for (const [key, child] of Object.entries(v)) {
        const keyProblem = textProblem(key);
        if (keyProblem !== null) return { path: at, message: `a key ${keyProblem}` };
        children.push({ value: child, path: `${at}.${key}`, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof children)[number]);
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
