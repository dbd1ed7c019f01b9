import { solveChallenge } from 'altcha-lib/v1';
import { api, ApiError } from '../api.js';

/** The public tracing API as the /trace pages call it (no session, no CSRF token). */

export interface TraceStatus {
  case_number: string;
  state: string;
  status: string;
  updated_at: string;
  messages: { from: 'staff' | 'requester'; body: string; created_at: string }[];
}

/** Solves the server's proof-of-work challenge, if it asks for one; the header value to send. */
async function challengeHeader(): Promise<Record<string, string>> {
  const c = await api<{
    enabled: boolean;
    algorithm?: string;
    challenge?: string;
    maxnumber?: number;
    salt?: string;
    signature?: string;
  }>('/api/v1/public/challenge');
  if (!c.enabled || !c.challenge || !c.salt) return {};
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!solution) throw new ApiError(0, 'network', 'the security check could not be completed');
  const payload = {
    algorithm: c.algorithm,
    challenge: c.challenge,
    number: solution.number,
    salt: c.salt,
    signature: c.signature,
  };
  return { 'x-altcha': btoa(JSON.stringify(payload)) };
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'omit', ...init });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  const body = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string; details?: [] };
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.code ?? 'internal',
      body.message ?? res.statusText,
      body.details ?? [],
    );
  return body;
}

/**
 * Files a request (after the proof of work) and uploads its documents. `idempotencyKey`: the same key with
 * the same request answers the case a sending before made (a retry after a lost answer), not a new one.
 */
export async function fileRequest(
  body: unknown,
  files: readonly File[],
  idempotencyKey?: string,
): Promise<{ case_number: string; access_code: string; not_attached: string[] }> {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    ...(await challengeHeader()),
  };
  const r = await send<{ case_number: string; access_code: string }>('/api/v1/public/tracing-requests', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  // The case exists from here on, and its code is shown only once: a document that does not arrive (a
  // phone losing the network, a file refused) is reported beside the code, never instead of it.
  const notAttached: string[] = [];
  for (const f of files) {
    try {
      await send('/api/v1/public/tracing-requests/documents', {
        method: 'POST',
        headers: {
          'content-type': f.type || 'application/octet-stream',
          'x-case-number': r.case_number,
          'x-access-code': r.access_code,
        },
        body: f,
      });
    } catch {
      notAttached.push(f.name);
    }
  }
  return { ...r, not_attached: notAttached };
}

export function caseStatus(case_number: string, access_code: string): Promise<TraceStatus> {
  return send('/api/v1/public/tracing-requests/status', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ case_number, access_code }),
  });
}

export function addMessage(case_number: string, access_code: string, body: string): Promise<{ id: string }> {
  return send('/api/v1/public/tracing-requests/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ case_number, access_code, body }),
  });
}
