import * as l10n from '@vscode/l10n';
import fetch, { FetchError, Headers, Response } from 'node-fetch';
import { ErrorKind, TwelveLabsError, TwelveLabsErrorDetails, sanitizeServerText } from './errors';

/** One finished request, as the log shows it: never headers or bodies, which could hold the key. */
export interface RequestRecord {
  method: string;
  /** Path and query below the base URL, e.g. `/indexes?page=1`. */
  path: string;
  /** Absent when no answer came (network error, timeout, cancel). */
  status?: number;
  durationMs: number;
  /** The API's request ID header, when it sends one. */
  requestId?: string;
  /** The error kind when the request failed. */
  failure?: ErrorKind;
}

/** How one client talks to the API. */
export interface HttpConfig {
  /** Checked by parseBaseUrl: https, or http on loopback; no trailing slash. */
  baseUrl: URL;
  /** Checked by normalizeApiKey. */
  apiKey: string;
  timeoutMs: number;
  /** Told of every request once it ends, e.g. to write the debug log. */
  onRequest?: (record: RequestRecord) => void;
}

/** One line for the log: `GET /indexes?page=1 → 200 in 84 ms (request abc)`. */
export function formatRequestRecord(record: RequestRecord): string {
  const outcome = record.status !== undefined ? String(record.status) : (record.failure ?? 'no answer');
  const id = record.requestId ? ` (request ${record.requestId})` : '';
  return `${record.method} ${record.path} → ${outcome} in ${Math.round(record.durationMs)} ms${id}`;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid'];

function requestIdOf(headers: Headers): string | undefined {
  const value = REQUEST_ID_HEADERS.map((name) => headers.get(name)).find((found) => found);
  return value ? sanitizeServerText(value).slice(0, 100) : undefined;
}

export type QueryValue = string | number | readonly string[] | undefined;

export interface ApiRequest {
  method: 'GET' | 'DELETE';
  /** Starts with `/`; IDs already encoded with idSegment. */
  path: string;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  headers: Headers;
  rateLimit?: RateLimit;
}

/** A large account page is tens of kilobytes; anything near this is not the API talking. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export function buildUrl(baseUrl: URL, path: string, query: Record<string, QueryValue> = {}): URL {
  const url = new URL(baseUrl.href + path);
  if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname)) {
    throw new TwelveLabsError({ kind: 'invalidInput', message: l10n.t('Refused to build a request outside the API.') });
  }
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const item of typeof value === 'object' ? value : [value]) {
      if (item !== undefined) {
        pairs.push(`${encodeQueryPart(name)}=${encodeQueryPart(String(item))}`);
      }
    }
  }
  url.search = pairs.join('&');
  return url;
}

/**
 * Percent-encodes as the official SDK does (qs, RFC 3986): a space is `%20`, never the `+` of
 * URLSearchParams, which no TwelveLabs source says the server decodes.
 */
function encodeQueryPart(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Sends one request and returns its 2xx answer; every other outcome is a TwelveLabsError.
 * Redirects are followed by hand, and only within the base URL's origin, so the key
 * header never reaches another site.
 */
export async function send(config: HttpConfig, request: ApiRequest): Promise<ApiResponse> {
  // An ID or query refused here throws before anything is sent, so there is nothing to log.
  const url = buildUrl(config.baseUrl, request.path, request.query);
  const started = Date.now();
  const record = (status: number | undefined, requestId: string | undefined, failure?: ErrorKind): void =>
    config.onRequest?.({
      method: request.method,
      path: url.pathname.slice(config.baseUrl.pathname.length) + url.search,
      status,
      durationMs: Date.now() - started,
      requestId,
      failure,
    });
  try {
    const response = await sendOnce(config, request, url);
    record(response.status, requestIdOf(response.headers));
    return response;
  } catch (error) {
    const failure = error as TwelveLabsError;
    record(failure.status, failure.requestId, failure.kind);
    throw error;
  }
}

async function sendOnce(config: HttpConfig, request: ApiRequest, firstUrl: URL): Promise<ApiResponse> {
  const timeout = new AbortController();
  let timedOut = false;
  let readingBody = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort();
  }, config.timeoutMs);
  const onCallerAbort = (): void => {
    timeout.abort();
  };
  request.signal?.addEventListener('abort', onCallerAbort);
  try {
    if (request.signal?.aborted) {
      throw failure('cancelled', l10n.t('The request was cancelled.'));
    }
    let url = firstUrl;
    for (let hop = 0; ; hop++) {
      const response = await fetch(url.href, {
        method: request.method,
        headers: { 'x-api-key': config.apiKey, accept: 'application/json', 'user-agent': 'twelvelabs-explorer' },
        redirect: 'manual',
        signal: timeout.signal,
        size: MAX_BODY_BYTES,
        compress: true,
      });
      if (response.status >= 300 && response.status < 400) {
        url = redirectTarget(response, url, config.baseUrl, hop);
        response.body.resume();
        continue;
      }
      readingBody = true;
      const text = await response.text();
      return interpret(response, text, config.apiKey, url);
    }
  } catch (error) {
    throw asTwelveLabsError(error, { timedOut, readingBody }, config);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function failure(
  kind: ErrorKind,
  message: string,
  extra: Omit<TwelveLabsErrorDetails, 'kind' | 'message'> = {},
): TwelveLabsError {
  return new TwelveLabsError({ kind, message, ...extra });
}

function redirectTarget(response: Response, from: URL, baseUrl: URL, hop: number): URL {
  const location = response.headers.get('location');
  if (location === null) {
    throw failure(
      'server',
      l10n.t('TwelveLabs answered with a redirect (HTTP {0}) that leads nowhere.', response.status),
      {
        status: response.status,
      },
    );
  }
  const target = new URL(location, from);
  if (target.origin !== baseUrl.origin) {
    throw failure(
      'redirect',
      l10n.t(
        'The server tried to redirect the request to {0}. It was not followed, so your API key was not sent there. Check the setting twelvelabs.apiBaseUrl.',
        target.origin,
      ),
      { status: response.status },
    );
  }
  if (hop + 1 >= MAX_REDIRECTS) {
    throw failure('server', l10n.t('TwelveLabs redirected the request too many times.'), { status: response.status });
  }
  return target;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function interpret(response: Response, text: string, apiKey: string, url: URL): ApiResponse {
  const { status, headers } = response;
  const body = text.trim() === '' ? undefined : parseJson(text);
  if (status >= 200 && status < 300) {
    if (text.trim() !== '' && body === undefined) {
      throw failure(
        'malformed',
        looksLikeWebPage(text)
          ? l10n.t('TwelveLabs answered with a web page (a proxy or gateway may be in the way) instead of data.')
          : l10n.t('TwelveLabs answered with something that is not JSON instead of data.'),
        { status },
      );
    }
    return { status, body, headers, rateLimit: rateLimitOf(headers) };
  }
  throw statusError(status, body, text, headers, apiKey, url);
}

function looksLikeWebPage(text: string): boolean {
  return /^\s*</.test(text);
}

/** Maps an error status and the API's `{ code, message }` body to one kind and a message. */
function statusError(
  status: number,
  body: unknown,
  text: string,
  headers: Headers,
  apiKey: string,
  url: URL,
): TwelveLabsError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const apiCode = typeof fields.code === 'string' ? sanitizeServerText(fields.code) : undefined;
  const rawMessage = typeof fields.message === 'string' ? fields.message.split(apiKey).join('[redacted]') : undefined;
  const apiMessage = rawMessage === undefined ? undefined : sanitizeServerText(rawMessage);
  const because = apiMessage ? l10n.t(' TwelveLabs said: “{0}”', apiMessage) : '';
  const extra = { status, apiCode, apiMessage, rateLimit: rateLimitOf(headers), requestId: requestIdOf(headers) };

  if (status === 401 || apiCode === 'api_key_invalid' || apiCode === 'unauthorized') {
    return failure(
      'invalidKey',
      l10n.t(
        'TwelveLabs rejected the API key: it may be mistyped, revoked or expired. Run “TwelveLabs: Set API Key...” to enter a valid key.',
      ),
      extra,
    );
  }
  if (status === 429 || apiCode === 'too_many_requests') {
    const retryAfterMs = retryAfter(headers);
    const message =
      retryAfterMs === undefined
        ? l10n.t('TwelveLabs is limiting the request rate. Try again in a moment.')
        : l10n.t(
            'TwelveLabs is limiting the request rate. Try again in {0} s.',
            Math.max(1, Math.ceil(retryAfterMs / 1000)),
          );
    return failure('rateLimited', message, {
      ...extra,
      retryAfterMs,
    });
  }
  // Only TwelveLabs' own code says that something is gone. A bare 404 may come from a proxy or a
  // wrong API version, and taking it for "already deleted" would report a delete that never happened.
  if ((status === 400 || status === 404) && apiCode === 'resource_not_exist') {
    return failure('notFound', l10n.t('TwelveLabs could not find it: it may have been deleted already.'), extra);
  }
  if (status === 404) {
    return failure(
      'badRequest',
      l10n.t(
        '{0} answered “not found” (HTTP 404) for {1} without saying that TwelveLabs has no such item, so nothing is known to be deleted. Check the setting twelvelabs.apiBaseUrl.',
        url.host,
        url.pathname,
      ),
      extra,
    );
  }
  if (status === 408 || apiCode === 'request_canceled_or_timed_out') {
    return failure('timeout', l10n.t('TwelveLabs timed out answering the request. Try again.{0}', because), extra);
  }
  if (status >= 500) {
    const sentNonJson = body === undefined && text.trim() !== '';
    const message = !sentNonJson
      ? l10n.t('TwelveLabs had a problem (HTTP {0}). Try again in a moment.{1}', status, because)
      : looksLikeWebPage(text)
        ? l10n.t(
            'TwelveLabs had a problem (HTTP {0}) and sent a web page (a proxy or gateway may be in the way). Try again in a moment.{1}',
            status,
            because,
          )
        : l10n.t(
            'TwelveLabs had a problem (HTTP {0}) and sent something that is not JSON. Try again in a moment.{1}',
            status,
            because,
          );
    return failure('server', message, extra);
  }
  if (status === 403) {
    return failure(
      'forbidden',
      l10n.t('Your TwelveLabs plan or region does not allow this request.{0}', because),
      extra,
    );
  }
  return failure('badRequest', l10n.t('TwelveLabs refused the request (HTTP {0}).{1}', status, because), extra);
}

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

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function asTwelveLabsError(
  error: unknown,
  { timedOut, readingBody }: { timedOut: boolean; readingBody: boolean },
  config: HttpConfig,
): TwelveLabsError {
  if (error instanceof TwelveLabsError) {
    return error;
  }
  const host = config.baseUrl.host;
  if (error instanceof Error && error.name === 'AbortError') {
    if (!timedOut) {
      return failure('cancelled', l10n.t('The request was cancelled.'));
    }
    // node-fetch 2 does not notice a connection cut inside a body of known length; it stalls until our timer.
    return readingBody
      ? failure(
          'network',
          l10n.t('The answer from {0} stopped part-way: the connection was interrupted or stalled. Try again.', host),
        )
      : failure(
          'timeout',
          l10n.t(
            '{0} did not answer within {1} s. Check your connection and try again.',
            host,
            config.timeoutMs / 1000,
          ),
        );
  }
  if (error instanceof FetchError && error.type === 'max-size') {
    return failure('malformed', l10n.t('TwelveLabs sent a response far larger than expected, so it was not read.'));
  }
  const code = error instanceof FetchError ? (error.code ?? '') : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return failure(
      'network',
      l10n.t(
        'Could not find the server {0}. Check your internet connection and the setting twelvelabs.apiBaseUrl.',
        host,
      ),
    );
  }
  if (code === 'ECONNREFUSED') {
    return failure('network', l10n.t('{0} refused the connection. Check the setting twelvelabs.apiBaseUrl.', host));
  }
  if (code === 'ETIMEDOUT') {
    return failure('timeout', l10n.t('The connection to {0} timed out. Check your connection and try again.', host));
  }
  if (CERTIFICATE_CODES.test(code)) {
    return failure(
      'network',
      l10n.t('The certificate of {0} could not be verified. A proxy may be intercepting the connection.', host),
    );
  }
  return failure(
    'network',
    code
      ? l10n.t('The connection to {0} failed or was interrupted ({1}). Try again.', host, code)
      : l10n.t('The connection to {0} failed or was interrupted. Try again.', host),
  );
}
