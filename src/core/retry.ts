// When to try a failed request again, and how long to wait first: shared by deletes and chunk uploads.
import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './api/errors';

const RETRIED_STATUSES = new Set([502, 503, 504]);

/** Errors that may pass by themselves: a busy or unreachable server, a lost connection. */
export function isRetryable(error: TwelveLabsError): boolean {
  switch (error.kind) {
    case 'rateLimited':
    case 'timeout':
    case 'network':
      return true;
    case 'server':
      return error.status !== undefined && RETRIED_STATUSES.has(error.status);
    default:
      return false;
  }
}

/** Exponential backoff with jitter: between half and all of `baseMs · 2^(attempt-1)`, capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** How long the server asked us to wait (Retry-After, X-Ratelimit-Reset), if it said. */
export function retryAfterMs(error: TwelveLabsError): number | undefined {
  return error.retryAfterMs;
}

/** The last error of a request tried `attempts` times, saying so. */
export function gaveUp(error: TwelveLabsError, attempts: number): TwelveLabsError {
  return new TwelveLabsError({
    kind: error.kind,
    status: error.status,
    apiCode: error.apiCode,
    message: l10n.t('{0} (gave up after {1} attempts)', error.message, attempts),
  });
}
