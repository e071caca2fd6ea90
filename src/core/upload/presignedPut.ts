// One chunk PUT to a presigned URL: another site (TwelveLabs' storage), which the URL's signature
// lets in. The API key is never sent, and the URL's query (the signature) is never shown.
import * as l10n from '@vscode/l10n';
import type { Readable } from 'node:stream';
import fetch from 'node-fetch';
import { isLoopbackHost } from '../api/baseUrl';
import { asTwelveLabsError, failure, requestIdOf } from '../api/errorMapping';
import { sanitizeServerText } from '../api/errors';
import { retryAfter } from '../api/rateLimit';
import { RequestControl } from '../api/streamedBody';

const DEFAULT_TIMEOUT_MS = 60_000;
/** An error answer from storage is a short XML document; anything longer is not read. */
const MAX_ERROR_BYTES = 64 * 1024;

function checkedUrl(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && !(url?.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw failure(
      'malformed',
      l10n.t('TwelveLabs gave an upload address that is not https, so nothing was sent to it.'),
    );
  }
  return url;
}

/**
 * PUTs `length` bytes to a presigned URL with the session's `headers`, and resolves with the ETag
 * (without quotes) the storage answered with. An expired URL is an `expired` error. `body` makes the
 * stream once the request is under way, and calls `onPiece` for each piece it gives (the sign of
 * life that keeps the request's timer from running out).
 */
export async function putChunk(
  urlText: string,
  headers: Record<string, string>,
  body: (onPiece: () => void) => Readable,
  length: number,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<{ etag: string }> {
  const url = checkedUrl(urlText);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const control = new RequestControl(timeoutMs, options.signal);
  let readingBody = false;
  try {
    if (control.cancelled) {
      throw failure('cancelled', l10n.t('The request was cancelled.'));
    }
    const sending = control.track(
      body(() => {
        control.restart();
      }),
    );
    const response = await fetch(url.href, {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(length), 'user-agent': 'twelvelabs-explorer' },
      body: sending,
      redirect: 'manual',
      signal: control.signal,
      size: MAX_ERROR_BYTES,
    });
    readingBody = true;
    const text = response.ok ? '' : await response.text();
    if (control.bodyError !== undefined) {
      throw control.bodyError;
    }
    const { status } = response;
    const extra = { status, requestId: requestIdOf(response.headers) };
    if (!response.ok) {
      response.body.resume();
      throw chunkError(status, text, extra, retryAfter(response.headers));
    }
    response.body.resume();
    const etag = response.headers.get('etag')?.replace(/^(W\/)?"|"$/g, '');
    if (!etag) {
      throw failure('malformed', l10n.t('The upload server accepted a chunk but sent no ETag to prove it.'), extra);
    }
    return { etag };
  } catch (error) {
    throw asTwelveLabsError(
      control.bodyError ?? error,
      { timedOut: control.timedOut, readingBody },
      { host: url.host, timeoutMs },
    );
  } finally {
    control.close();
  }
}

function chunkError(
  status: number,
  text: string,
  extra: { status: number; requestId?: string },
  retryAfterMs: number | undefined,
): Error {
  // Storage answers in XML (<Code>, <Message>); its message is quoted, sanitised, for the log.
  const said = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const details = { ...extra, apiMessage: said === undefined ? undefined : sanitizeServerText(said) };
  if (status === 403 && /expired/i.test(text)) {
    return failure('expired', l10n.t('The upload address expired before the chunk was sent.'), details);
  }
  if (status === 429 || status === 503) {
    return failure('rateLimited', l10n.t('The upload server is busy (HTTP {0}).', status), {
      ...details,
      retryAfterMs,
    });
  }
  if (status >= 500) {
    return failure('server', l10n.t('The upload server had a problem (HTTP {0}).', status), details);
  }
  if (status === 403) {
    return failure('forbidden', l10n.t('The upload server refused the chunk (HTTP 403).'), details);
  }
  if (status >= 300 && status < 400) {
    return failure(
      'server',
      l10n.t('The upload server redirected the chunk (HTTP {0}); it was not sent again.', status),
      details,
    );
  }
  return failure('badRequest', l10n.t('The upload server refused the chunk (HTTP {0}).', status), details);
}
