// A direct upload (POST /assets, method=direct): one multipart/form-data body, built by hand around
// the file so that the file is streamed from disk and the exact Content-Length is known up front.
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { TwelveLabsError, isTwelveLabsError } from '../api/errors';
import { HttpConfig, send } from '../api/http';
import { StreamedBody } from '../api/streamedBody';
import { UploadedAsset, parseUploadedAsset } from '../api/uploadSchemas';
import { realTiming } from '../requestGate';
import { backoffMs } from '../retry';
import { DIRECT_UPLOAD_MAX_BYTES } from './limits';
import { LocalVideo, readRange } from './localFile';

const DIRECT_ATTEMPTS = 3;

/** As browsers write a form field's name or filename: a quote or line break would end it early. */
function quoted(text: string): string {
  return `"${text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')}"`;
}

/**
 * A multipart/form-data body: the text fields in order, then the file (if any) as the last part.
 * `onSent` is told of the file's bytes as they are read for sending.
 */
export function formBody(
  fields: readonly (readonly [string, string])[],
  file?: { video: LocalVideo; onSent?: (bytes: number) => void },
): StreamedBody {
  const boundary = `----TwelveLabsExplorer${randomBytes(16).toString('hex')}`;
  let head = fields
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`)
    .join('');
  if (file !== undefined) {
    head +=
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(file.video.filename)}\r\n` +
      `Content-Type: ${file.video.contentType}\r\n\r\n`;
  }
  const preamble = Buffer.from(head);
  const epilogue = Buffer.from(`${file === undefined ? '' : '\r\n'}--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield preamble;
    if (file !== undefined) {
      yield* readRange(file.video, 0, file.video.size, file.onSent);
    }
    yield epilogue;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: preamble.length + (file?.video.size ?? 0) + epilogue.length,
    stream: Readable.from(parts(), { objectMode: false }),
  };
}

/**
 * Uploads the file in one request. Tried again only when the server cannot have seen it (no
 * connection was made): a second upload of a file that did arrive would make a second asset.
 */
export async function uploadDirect(
  config: HttpConfig,
  video: LocalVideo,
  options: { signal?: AbortSignal; onSent?: (bytes: number) => void },
): Promise<UploadedAsset> {
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const onSent = (bytes: number): void => {
      sent += bytes;
      options.onSent?.(bytes);
    };
    try {
      const fields = [
        ['method', 'direct'],
        ['filename', video.filename],
      ] as const;
      const upload = formBody(fields, { video, onSent });
      const response = await send(config, { method: 'POST', path: '/assets', upload, signal: options.signal });
      return parseUploadedAsset(response.body);
    } catch (error) {
      if (sent > 0) {
        options.onSent?.(-sent);
      }
      if (!isTwelveLabsError(error) || error.neverSent !== true || attempt >= DIRECT_ATTEMPTS) {
        throw namingTheLimit(error);
      }
      const signal = options.signal ?? new AbortController().signal;
      await realTiming.sleep(backoffMs(attempt, 1000, 10_000, Math.random), signal, new Promise(() => {}));
    }
  }
}

function namingTheLimit(error: unknown): unknown {
  if (!isTwelveLabsError(error) || error.status !== 413) {
    return error;
  }
  const { kind, status, apiCode, apiMessage, requestId } = error;
  return new TwelveLabsError({
    kind,
    status,
    apiCode,
    apiMessage,
    requestId,
    message: l10n.t(
      'The file is larger than TwelveLabs accepts for a direct upload ({0} MB, HTTP 413).',
      DIRECT_UPLOAD_MAX_BYTES / 1_000_000,
    ),
  });
}
