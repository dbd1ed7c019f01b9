import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * The JSON body parser of every route, in place of Fastify's. What it adds:
 * - **A key sent twice in one object is refused**, naming where (`body.consent: the key "tracing" is sent
 *   twice`). `JSON.parse` keeps the last (`{"tracing": false, "tracing": true}` consented), while a proxy,
 *   a log reader or an audit of the raw body may read the first: one body, two meanings.
 * - **`__proto__`, and `constructor` holding `prototype`, are refused in words** saying so. Fastify's
 *   parser refused them too, but as "not valid JSON" (the reason is lost in its error), so the handler's
 *   own message for them was never reached.
 * A UTF-8 byte order mark before the body is skipped, as Fastify's parser skipped it. Limits are the
 * route's own (`bodyLimit`), as before.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** Parses a request's JSON body, refusing duplicate keys and prototype keys (see `registerJsonParser`). */
export function parseJsonBody(raw: string): unknown {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') throw new AppError('bad_request', 'the request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON');
  }
  const problem = keyProblem(text);
  // `bad_request`, as every refusal of a body's JSON itself (the code clients already know for them).
  if (problem !== null) throw new AppError('bad_request', `${problem.path}: ${problem.message}`);
  return value;
}

interface Frame {
  /** Where this container is, as the validation errors name it (`body.sought`). */
  path: string;
  object: boolean;
  keys: Set<string>;
  /** An object's key last read (its value comes next), or an array's index. */
  at: string;
  index: number;
  expectKey: boolean;
}

/**
 * The first key sent twice in one object, or a prototype key, in text that is valid JSON (checked before):
 * one pass over its characters, strings skipped by searching for their closing quote. Iterative.
 */
function keyProblem(text: string): { path: string; message: string } | null {
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  const childPath = () => {
    const t = top();
    if (t === undefined) return 'body';
    return `${t.path}.${t.object ? t.at : String(t.index)}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      // { or [
      const object = c === 0x7b;
      stack.push({ path: childPath(), object, keys: new Set(), at: '', index: 0, expectKey: object });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const t = top();
      if (t === undefined) continue;
      if (t.object) t.expectKey = true;
      else t.index++;
    } else if (c === 0x22) {
      // A string: find its closing quote (one not escaped by an odd run of backslashes).
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end++;
      }
      const t = top();
      if (t?.object === true && t.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (key === '__proto__' || (key === 'prototype' && isConstructor(stack)))
          return {
            path: t.path,
            message: `the key "${key === '__proto__' ? '__proto__' : 'constructor.prototype'}" is not accepted`,
          };
        if (t.keys.has(key)) return { path: t.path, message: `the key "${key}" is sent twice` };
        t.keys.add(key);
        t.at = key;
        t.expectKey = false;
      }
      i = end;
    }
  }
  return null;
}

/** Whether the innermost object is the value of a `constructor` key. */
function isConstructor(stack: readonly Frame[]): boolean {
  const parent = stack[stack.length - 2];
  return parent?.object === true && parent.at === 'constructor';
}
