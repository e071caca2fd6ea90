// What the rate-limit headers of an answer say: the account's budget, and how long to wait.
import { Headers } from 'node-fetch';

/** What the X-Ratelimit-* headers say about the account's request budget. */
export interface RateLimit {
  /** Requests left in the current window. */
  remaining: number;
  /** When the window resets (epoch ms), if the server said. */
  resetAtMs?: number;
  /** Requests per window (X-Ratelimit-Limit), if the server said. */
  limit?: number;
}

export function rateLimitOf(headers: Headers, now = Date.now()): RateLimit | undefined {
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  if (remaining === undefined || remaining < 0) {
    return undefined;
  }
  const limit = headerNumber(headers, 'x-ratelimit-limit');
  return {
    remaining,
    resetAtMs: resetTime(headerNumber(headers, 'x-ratelimit-reset'), now),
    limit: limit !== undefined && limit > 0 ? limit : undefined,
  };
}

/** Milliseconds to wait, from Retry-After (seconds or a date) or X-Ratelimit-Reset. */
export function retryAfter(headers: Headers, now = Date.now()): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (header) {
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
    if (Number.isFinite(ms)) {
      return Math.max(0, ms);
    }
  }
  const reset = resetTime(headerNumber(headers, 'x-ratelimit-reset'), now);
  return reset === undefined ? undefined : Math.max(0, reset - now);
}

function headerNumber(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  const number = value ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** X-Ratelimit-Reset is documented as epoch seconds; small values are taken as seconds from now, as some gateways send. */
function resetTime(value: number | undefined, now: number): number | undefined {
  if (value === undefined || value <= 0) {
    return undefined;
  }
  return value < 1e9 ? now + value * 1000 : value * 1000;
}
