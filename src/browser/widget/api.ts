/** fetch against the Ordskifte API that never throws: network failures come back as status 0. */
export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  /** Seconds, from Retry-After on 429 and 503. */
  retryAfter: number;
}

export interface ApiError {
  error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] };
}

export async function api<T = Record<string, unknown>>(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResult<T & ApiError>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      // Public lists may be kept by a CDN for a few seconds, but the browser asks every time
      // (a 304 when its copy is current): a reader who reloads never sees an older page than the edge has.
      cache: 'no-cache',
    });
    const text = await res.text();
    let body = {} as T & ApiError;
    try {
      body = text ? JSON.parse(text) : body;
    } catch {
      // not JSON: keep the empty body
    }
    return { status: res.status, body, retryAfter: Number(res.headers.get('retry-after')) || 0 };
  } catch {
    return { status: 0, body: {} as T & ApiError, retryAfter: 0 };
  }
}
