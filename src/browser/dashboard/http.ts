/**
 * Same-origin API calls with the session cookie. State-changing requests echo
 * the readable CSRF cookie in X-CSRF-Token (double submit).
 */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & {
    error?: { code?: string; message?: string; details?: { message?: string; current?: unknown }[] };
  };
  retryAfter: number;
}

function csrfToken(): string {
  const match = /(?:^|;\s*)ordskifte_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

/**
 * Whether this browser holds a session at all: the readable CSRF cookie is set and
 * cleared with the httpOnly session cookie (same expiry), so without it there is
 * nobody to ask about, and the workbench shows the login form without a request
 * that could only be refused (a 401 in the console on every signed-out load).
 */
export function hasSessionCookie(): boolean {
  return /(?:^|;\s*)ordskifte_csrf=[^;]/.test(document.cookie);
}

export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  if (key) headers['idempotency-key'] = key;
  try {
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    const text = await res.text();
    let parsed = {} as Reply<T>['body'];
    try {
      parsed = text ? JSON.parse(text) : parsed;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, retryAfter: Number(res.headers.get('retry-after')) || 0 };
  } catch {
    return { status: 0, body: {} as Reply<T>['body'], retryAfter: 0 };
  }
}
