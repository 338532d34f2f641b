import { PsaError } from './psa-connector';

export interface PsaRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

/** Pulls a human reason out of a PSA error body (ConnectWise `message`, Autotask `errors[]`, Syncro `error`). */
export function reasonOf(body: unknown, fallback: string): string {
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.message === 'string') return b.message;
    if (Array.isArray(b.errors) && b.errors.length) return b.errors.map(String).join('; ');
    if (typeof b.error === 'string') return b.error;
    if (Array.isArray(b.error)) return b.error.map(String).join('; ');
  }
  return fallback;
}

/**
 * One HTTP call to a PSA with a hard timeout. 401/403 → rejected, 5xx/network/timeout → unavailable,
 * other 4xx → invalid; the PSA's own reason is kept in the message.
 */
export async function psaFetch<T>(psa: string, url: string, request: PsaRequest): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...request.headers,
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    throw new PsaError(
      'unavailable',
      timedOut
        ? `${psa} did not answer within ${request.timeoutMs} ms`
        : `${psa} unreachable: ${(e.cause as Error | undefined)?.message ?? e.message}`,
    );
  }
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text for the reason.
  }
  if (response.ok) return body as T;
  const reason = reasonOf(body, response.statusText || `HTTP ${response.status}`);
  if (response.status === 401 || response.status === 403)
    throw new PsaError('rejected', `${psa} rejected the credentials: ${reason}`, response.status);
  if (response.status >= 500 || response.status === 429)
    throw new PsaError('unavailable', `${psa} answered ${response.status}: ${reason}`, response.status);
  throw new PsaError('invalid', `${psa} answered ${response.status}: ${reason}`, response.status);
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
