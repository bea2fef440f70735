/**
 * The API client: JSON in and out, the CSRF token on every unsafe request, the UI language in
 * Accept-Language, and one error type carrying the server's localized message and field issues.
 * A 401 session_expired/unauthenticated on an authenticated call hands over to the session layer,
 * which returns to the login page with the message.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  readonly requestId: string | undefined;

  constructor(options: { status: number; code: string; message: string; issues?: FieldIssue[]; requestId?: string }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.issues = options.issues ?? [];
    this.requestId = options.requestId;
  }

  /** Field issues keyed by field path, without the `body.` prefix the server adds for schema errors. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) {
      const path = issue.path.replace(/^body\.?/, '');
      out[path] ??= issue.message;
    }
    return out;
  }
}

type SessionLostHandler = (error: ApiError) => void;

const state: { csrfToken: string | null; locale: string; onSessionLost: SessionLostHandler | null } = {
  csrfToken: null,
  locale: 'it',
  onSessionLost: null,
};

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function setApiLocale(locale: string): void {
  state.locale = locale;
}

export function onSessionLost(handler: SessionLostHandler | null): void {
  state.onSessionLost = handler;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const sessionLostCodes = new Set(['session_expired', 'unauthenticated']);

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; query?: Query; signal?: AbortSignal; anonymous?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.locale };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (unsafe.has(method) && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({
      status: 0,
      code: 'network',
      message: state.locale === 'en' ? 'Ponte cannot be reached. Check the connection.' : 'Ponte non è raggiungibile. Controlla la connessione.',
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const error = toApiError(response.status, data);
    if (!options.anonymous && response.status === 401 && sessionLostCodes.has(error.code)) {
      state.onSessionLost?.(error);
    }
    throw error;
  }
  return data as T;
}

function toApiError(status: number, data: unknown): ApiError {
  const body: { code?: unknown; message?: unknown; issues?: unknown; requestId?: unknown } | null =
    data && typeof data === 'object' && 'error' in data && data.error && typeof data.error === 'object' ? data.error : null;
  const rawIssues: unknown[] = Array.isArray(body?.issues) ? (body.issues as unknown[]) : [];
  const issues = rawIssues.flatMap((i) => {
    if (i && typeof i === 'object' && 'path' in i && 'message' in i) {
      const path = Array.isArray(i.path) ? i.path.map(String).join('.') : String(i.path);
      return [{ path, message: String(i.message) }];
    }
    return [];
  });
  return new ApiError({
    status,
    code: typeof body?.code === 'string' ? body.code : `http_${status}`,
    message: typeof body?.message === 'string' ? body.message : `HTTP ${status}`,
    issues,
    ...(typeof body?.requestId === 'string' ? { requestId: body.requestId } : {}),
  });
}

export const api = {
  get: <T,>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T,>(path: string, body: unknown = {}) => request<T>('POST', path, { body }),
  put: <T,>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T,>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T,>(path: string) => request<T>('DELETE', path),
};
