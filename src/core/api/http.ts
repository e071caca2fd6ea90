// The transport: builds each request's URL, sends it with the key to the API's origin only, and
// returns its 2xx answer; errorMapping.ts turns every other outcome into a TwelveLabsError.
import * as l10n from '@vscode/l10n';
import fetch, { Headers, Response } from 'node-fetch';
import { asTwelveLabsError, failure, looksLikeWebPage, requestIdOf, statusError } from './errorMapping';
import { ErrorKind, TwelveLabsError } from './errors';
import { RateLimit, rateLimitOf } from './rateLimit';
import { RequestControl, StreamedBody } from './streamedBody';

export type { StreamedBody } from './streamedBody';

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

export type QueryValue = string | number | readonly string[] | undefined;

export interface ApiRequest {
  method: 'GET' | 'DELETE' | 'POST';
  /** Starts with `/`; IDs already encoded with idSegment. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: object;
  /** Sent instead of `body`, as it is read; never redirected, and timed out only when it stalls. */
  upload?: StreamedBody;
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
  const control = new RequestControl(config.timeoutMs, request.signal);
  let readingBody = false;
  try {
    if (control.cancelled) {
      throw failure('cancelled', l10n.t('The request was cancelled.'));
    }
    let url = firstUrl;
    const headers: Record<string, string> = {
      'x-api-key': config.apiKey,
      accept: 'application/json',
      'user-agent': 'twelvelabs-explorer',
    };
    const { upload } = request;
    if (upload !== undefined) {
      headers['content-type'] = upload.contentType;
      headers['content-length'] = String(upload.length);
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const body = upload !== undefined ? control.body(upload) : request.body && JSON.stringify(request.body);
    for (let hop = 0; ; hop++) {
      const response = await fetch(url.href, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        signal: control.signal,
        size: MAX_BODY_BYTES,
        compress: true,
      });
      if (response.status >= 300 && response.status < 400) {
        // A streamed body is gone once sent, so an upload is never sent again elsewhere.
        if (upload !== undefined) {
          throw failure(
            'server',
            l10n.t('TwelveLabs redirected the upload (HTTP {0}), so it was not completed.', response.status),
            {
              status: response.status,
            },
          );
        }
        url = redirectTarget(response, url, config.baseUrl, hop, request.method);
        response.body.resume();
        continue;
      }
      readingBody = true;
      const text = await response.text();
      if (control.bodyError !== undefined) {
        throw control.bodyError;
      }
      return interpret(response, text, config.apiKey, url);
    }
  } catch (error) {
    throw asTwelveLabsError(
      control.bodyError ?? error,
      { timedOut: control.timedOut, readingBody },
      { host: config.baseUrl.host, timeoutMs: config.timeoutMs },
    );
  } finally {
    control.close();
  }
}

function redirectTarget(response: Response, from: URL, baseUrl: URL, hop: number, method: string): URL {
  // Only 307 and 308 keep a POST a POST; after the others a client sends a GET, which would not do what was asked.
  if (method === 'POST' && response.status !== 307 && response.status !== 308) {
    throw failure(
      'server',
      l10n.t(
        'TwelveLabs redirected the request (HTTP {0}) in a way that would turn it into a GET, so the redirect was not followed. Check the setting twelvelabs.apiBaseUrl.',
        response.status,
      ),
      { status: response.status },
    );
  }
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
