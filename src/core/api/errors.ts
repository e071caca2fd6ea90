import * as l10n from '@vscode/l10n';
import { displayText } from '../text';
import type { RateLimit } from './rateLimit';

/**
 * The one error type the API client throws. Every failure, from a bad setting to a
 * reset socket, ends up here with a message a person can act on.
 */
export type ErrorKind =
  | 'invalidKey' // 401 or api_key_invalid: the key is wrong or expired
  | 'forbidden' // 403: the plan or region does not allow it
  | 'notFound' // 400 or 404 with the API's code resource_not_exist
  | 'conflict' // 409: deleting an asset that indexed assets still use
  | 'badRequest' // any other 4xx
  | 'rateLimited' // 429 or too_many_requests
  | 'server' // 5xx, whatever the body
  | 'malformed' // a 2xx whose body is not what the API documents
  | 'network' // DNS, refused, reset
  | 'timeout' // our timer fired, or the API said it timed out
  | 'cancelled' // the caller aborted
  | 'redirect' // a redirect to another origin, refused to keep the key
  | 'config' // the base URL setting is unusable
  | 'invalidInput' // an ID or key refused before any request
  | 'noKey' // no API key is set yet
  | 'fileChanged' // a local file being uploaded changed, moved or vanished
  | 'expired' // a presigned upload URL or upload session expired
  | 'keychain'; // VS Code's secret storage refused to store or remove the key

export interface TwelveLabsErrorDetails {
  kind: ErrorKind;
  /** What to show a person. Never contains the key. */
  message: string;
  status?: number;
  /** The API's own `code`, e.g. `resource_not_exist`. */
  apiCode?: string;
  /** The API's own message, sanitised and shortened. */
  apiMessage?: string;
  /** How long the server asked us to wait before trying again. */
  retryAfterMs?: number;
  /** The account's request budget, when the answer carried X-Ratelimit-* headers. */
  rateLimit?: RateLimit;
  /** The API's ID for the request, for support. */
  requestId?: string;
  /** No connection was made (no such host, refused, untrusted certificate): the server never saw the request. */
  neverSent?: boolean;
}

export class TwelveLabsError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly apiCode?: string;
  readonly apiMessage?: string;
  readonly retryAfterMs?: number;
  readonly rateLimit?: RateLimit;
  readonly requestId?: string;
  readonly neverSent?: boolean;

  constructor(details: TwelveLabsErrorDetails) {
    super(details.message);
    this.name = 'TwelveLabsError';
    this.kind = details.kind;
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.apiMessage = details.apiMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.rateLimit = details.rateLimit;
    this.requestId = details.requestId;
    this.neverSent = details.neverSent;
  }
}

export function isTwelveLabsError(error: unknown, kind?: ErrorKind): error is TwelveLabsError {
  return error instanceof TwelveLabsError && (kind === undefined || error.kind === kind);
}

/** The error as a TwelveLabsError: itself when it is one, otherwise one of `kind` with its message. */
export function toTwelveLabsError(error: unknown, kind: ErrorKind): TwelveLabsError {
  return isTwelveLabsError(error) ? error : new TwelveLabsError({ kind, message: messageOf(error) });
}

/**
 * Whether a request that failed may still have been carried out: its answer was lost (the
 * connection broke or stalled after it was sent, a gateway gave up waiting) or could not be read.
 */
export function mayHaveBeenDone(error: unknown): boolean {
  if (!(error instanceof TwelveLabsError) || error.neverSent === true) {
    return false;
  }
  return (
    error.kind === 'network' ||
    error.kind === 'timeout' ||
    (error.kind === 'malformed' && error.status !== undefined) ||
    error.status === 502 ||
    error.status === 504
  );
}

/** A message for anything thrown, typed or not, for the places that show errors. */
export function messageOf(error: unknown): string {
  if (error instanceof TwelveLabsError) {
    return error.message;
  }
  return l10n.t('Something unexpected went wrong. Please try again.');
}

const API_MESSAGE_MAX = 300;

/** Text from a server on one line: its line breaks and tabs become spaces, then as any shown text. */
export function sanitizeServerText(text: string): string {
  return displayText(text.replace(/\s+/g, ' ').trim(), API_MESSAGE_MAX);
}

/**
 * What the log records about an error beyond its message, in English like the rest of the log:
 * the HTTP status, the API's code and message, the request ID, or a stack trace for an error we
 * did not expect. Undefined when the message says it all. Never holds the key: the API's message
 * has it redacted, and no header or body is kept.
 */
export function errorDetails(error: unknown): string | undefined {
  if (!(error instanceof TwelveLabsError)) {
    return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : undefined;
  }
  const facts = [
    error.status === undefined ? undefined : `HTTP ${error.status}`,
    error.apiCode === undefined ? undefined : `code ${error.apiCode}`,
    error.apiMessage === undefined ? undefined : `message “${error.apiMessage}”`,
    error.requestId === undefined ? undefined : `request ID ${error.requestId}`,
  ].filter((fact) => fact !== undefined);
  return facts.length === 0 ? undefined : `${error.kind}: ${facts.join(', ')}`;
}
