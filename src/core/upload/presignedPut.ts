// One chunk PUT to a presigned URL: another site (TwelveLabs' storage), which the URL's signature
// lets in. The API key is never sent, and the URL's query (the signature) is never shown.
import * as l10n from '@vscode/l10n';
import * as http from 'node:http';
import * as https from 'node:https';
import { Headers } from 'node-fetch';
import { isLoopbackHost } from '../api/baseUrl';
import { asTwelveLabsError, failure, requestIdOf, responseTooLarge } from '../api/errorMapping';
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

/** Sends one piece of the body; resolves once it has gone out, so that its Buffer can be used again. */
export type SendPiece = (piece: Buffer) => Promise<void>;

/** What a piece's `send` rejects with once the request has ended: the request's own outcome says why. */
const REQUEST_ENDED = new Error('The request ended before this piece was sent.');

/**
 * PUTs `length` bytes to a presigned URL with the session's `headers`, and resolves with the ETag
 * (without quotes) the storage answered with. An expired URL is an `expired` error. `body` sends the
 * bytes piece by piece once the request is under way; a rejection of its own (e.g. the file changed)
 * ends the request with that error. Each piece that goes out restarts the request's timer.
 */
export async function putChunk(
  urlText: string,
  headers: Record<string, string>,
  body: (send: SendPiece) => Promise<void>,
  length: number,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<{ etag: string }> {
  const url = checkedUrl(urlText);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const control = new RequestControl(timeoutMs, options.signal);
  let readingBody = false;
  let request: http.ClientRequest | undefined;
  try {
    if (control.cancelled) {
      throw failure('cancelled', l10n.t('The request was cancelled.'));
    }
    request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(length), 'user-agent': 'twelvelabs-explorer' },
      signal: control.signal,
    });
    const answer = answerTo(request);
    sendBody(request, body, control);
    const response = await answer;
    readingBody = true;
    response.on('error', () => undefined);
    const status = response.statusCode ?? 0;
    const answered = new Headers(response.headers as Record<string, string>);
    const extra = { status, requestId: requestIdOf(answered) };
    if (status < 200 || status > 299) {
      throw chunkError(status, await textOf(response), extra, retryAfter(answered));
    }
    response.resume();
    const etag = answered.get('etag')?.replace(/^(W\/)?"|"$/g, '');
    if (!etag) {
      throw failure('malformed', l10n.t('The upload server accepted a chunk but sent no ETag to prove it.'), extra);
    }
    return { etag };
  } catch (error) {
    // A refusal may come before the whole body went: the rest is not sent, and the connection is not kept.
    request?.destroy();
    throw asTwelveLabsError(
      control.bodyError ?? error,
      { timedOut: control.timedOut, readingBody },
      { host: url.host, timeoutMs },
    );
  } finally {
    control.close();
  }
}

function answerTo(request: http.ClientRequest): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    request.once('response', resolve);
    request.on('error', reject);
  });
}

/**
 * Plain http, not fetch: only a write's callback says when a piece's Buffer may be read into again.
 * Each piece that goes out restarts the timer; the body's own failure ends the request through `control`.
 */
function sendBody(request: http.ClientRequest, body: (send: SendPiece) => Promise<void>, control: RequestControl) {
  // A write's callback may never come once the request is destroyed: its end stops the pieces waiting.
  const ended = new Promise<never>((_resolve, reject) =>
    request.once('close', () => {
      reject(REQUEST_ENDED);
    }),
  );
  ended.catch(() => undefined);
  const send: SendPiece = (piece) =>
    Promise.race([
      new Promise<void>((resolve, reject) => {
        request.write(piece, (error) => {
          if (error) {
            reject(REQUEST_ENDED);
          } else {
            control.restart();
            resolve();
          }
        });
      }),
      ended,
    ]);
  body(send).then(
    () => request.end(),
    (error: unknown) => {
      if (error !== REQUEST_ENDED) {
        control.fail(error);
      }
    },
  );
}

/** The answer's text, unless it is longer than an error from storage can be. */
async function textOf(response: http.IncomingMessage): Promise<string> {
  const pieces: Buffer[] = [];
  let bytes = 0;
  for await (const piece of response) {
    bytes += (piece as Buffer).length;
    if (bytes > MAX_ERROR_BYTES) {
      throw responseTooLarge();
    }
    pieces.push(piece as Buffer);
  }
  return Buffer.concat(pieces).toString('utf8');
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
