/** A failed API call: the server's stable error code, its message and, for bad input, the fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';

/** Cookie-authenticated writes carry the session's CSRF token. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  body?: Blob | string;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

/** Calls the API; resolves to the parsed JSON (or text for non-JSON), rejects with an ApiError. */
export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? (options.json !== undefined || options.body ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
    body = options.body;
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'network error');
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    if (type.includes('application/json')) {
      const e = (await res.json()) as { code?: string; message?: string; details?: ApiError['details'] };
      throw new ApiError(res.status, e.code ?? 'internal', e.message ?? res.statusText, e.details ?? []);
    }
    throw new ApiError(res.status, 'internal', res.statusText);
  }
  if (res.status === 204) return undefined as T;
  if (type.includes('application/json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

/** Whether an error says the route does not exist on this server (a feature not deployed yet). */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404 && err.message === 'no such route';
}
