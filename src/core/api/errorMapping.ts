// How an answer, or a request that got none, becomes a TwelveLabsError with a message a person can
// act on. The transport (http.ts) calls it; it never sends anything itself.
import * as l10n from '@vscode/l10n';
import { FetchError, Headers } from 'node-fetch';
import { withoutKey } from '../apiKey';
import { ErrorKind, TwelveLabsError, TwelveLabsErrorDetails, sanitizeServerText } from './errors';
import { rateLimitOf, retryAfter } from './rateLimit';

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid'];

export function requestIdOf(headers: Headers): string | undefined {
  const value = REQUEST_ID_HEADERS.map((name) => headers.get(name)).find((found) => found);
  return value ? sanitizeServerText(value).slice(0, 100) : undefined;
}

export function failure(
  kind: ErrorKind,
  message: string,
  extra: Omit<TwelveLabsErrorDetails, 'kind' | 'message'> = {},
): TwelveLabsError {
  return new TwelveLabsError({ kind, message, ...extra });
}

export function looksLikeWebPage(text: string): boolean {
  return /^\s*</.test(text);
}

/** Maps an error status and the API's `{ code, message }` body to one kind and a message. */
export function statusError(
  status: number,
  body: unknown,
  text: string,
  headers: Headers,
  apiKey: string,
  url: URL,
): TwelveLabsError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const apiCode = typeof fields.code === 'string' ? sanitizeServerText(fields.code) : undefined;
  const rawMessage = typeof fields.message === 'string' ? withoutKey(fields.message, apiKey) : undefined;
  const apiMessage = rawMessage === undefined ? undefined : sanitizeServerText(rawMessage);
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
    return failure(
      'timeout',
      apiMessage
        ? l10n.t('TwelveLabs timed out answering the request. Try again. TwelveLabs said: “{0}”', apiMessage)
        : l10n.t('TwelveLabs timed out answering the request. Try again.'),
      extra,
    );
  }
  if (status >= 500) {
    // A body that is not JSON has no message of TwelveLabs' to quote.
    const message =
      body !== undefined || text.trim() === ''
        ? apiMessage
          ? l10n.t(
              'TwelveLabs had a problem (HTTP {0}). Try again in a moment. TwelveLabs said: “{1}”',
              status,
              apiMessage,
            )
          : l10n.t('TwelveLabs had a problem (HTTP {0}). Try again in a moment.', status)
        : looksLikeWebPage(text)
          ? l10n.t(
              'TwelveLabs had a problem (HTTP {0}) and sent a web page (a proxy or gateway may be in the way). Try again in a moment.',
              status,
            )
          : l10n.t(
              'TwelveLabs had a problem (HTTP {0}) and sent something that is not JSON. Try again in a moment.',
              status,
            );
    return failure('server', message, extra);
  }
  if (status === 403) {
    return failure(
      'forbidden',
      apiMessage
        ? l10n.t('Your TwelveLabs plan or region does not allow this request. TwelveLabs said: “{0}”', apiMessage)
        : l10n.t('Your TwelveLabs plan or region does not allow this request.'),
      extra,
    );
  }
  if (status === 413 || status === 415) {
    const reason =
      status === 413
        ? l10n.t('The file is larger than TwelveLabs accepts (HTTP 413).')
        : l10n.t('The file is not a video TwelveLabs can read (HTTP 415).');
    return failure('badRequest', apiMessage ? l10n.t('{0} TwelveLabs said: “{1}”', reason, apiMessage) : reason, extra);
  }
  // A 409 comes from deleting an asset that indexed assets use; the caller says so in its words.
  return failure(
    status === 409 ? 'conflict' : 'badRequest',
    apiMessage
      ? l10n.t('TwelveLabs refused the request (HTTP {0}). TwelveLabs said: “{1}”', status, apiMessage)
      : l10n.t('TwelveLabs refused the request (HTTP {0}).', status),
    extra,
  );
}

export function responseTooLarge(): TwelveLabsError {
  return failure('malformed', l10n.t('TwelveLabs sent a response far larger than expected, so it was not read.'));
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

export function asTwelveLabsError(
  error: unknown,
  { timedOut, readingBody }: { timedOut: boolean; readingBody: boolean },
  { host, timeoutMs }: { host: string; timeoutMs: number },
): TwelveLabsError {
  if (error instanceof TwelveLabsError) {
    return error;
  }
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
          l10n.t('{0} did not answer within {1} s. Check your connection and try again.', host, timeoutMs / 1000),
        );
  }
  if (error instanceof FetchError && error.type === 'max-size') {
    return responseTooLarge();
  }
  // node-fetch's errors and Node's own (from a plain http request) both carry the system's code.
  const code = (error instanceof Error && (error as NodeJS.ErrnoException).code) || '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return failure(
      'network',
      l10n.t(
        'Could not find the server {0}. Check your internet connection and the setting twelvelabs.apiBaseUrl.',
        host,
      ),
      { neverSent: true },
    );
  }
  if (code === 'ECONNREFUSED') {
    return failure('network', l10n.t('{0} refused the connection. Check the setting twelvelabs.apiBaseUrl.', host), {
      neverSent: true,
    });
  }
  if (code === 'ETIMEDOUT') {
    return failure('timeout', l10n.t('The connection to {0} timed out. Check your connection and try again.', host), {
      neverSent: true,
    });
  }
  if (CERTIFICATE_CODES.test(code)) {
    return failure(
      'network',
      l10n.t('The certificate of {0} could not be verified. A proxy may be intercepting the connection.', host),
      { neverSent: true },
    );
  }
  return failure(
    'network',
    code
      ? l10n.t('The connection to {0} failed or was interrupted ({1}). Try again.', host, code)
      : l10n.t('The connection to {0} failed or was interrupted. Try again.', host),
  );
}
