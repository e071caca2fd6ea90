/**
 * The upload origin: where the presigned URLs of multipart sessions point, like an S3 bucket on another host.
 * `PUT /upload/<upload_id>/<chunk_index>?expires=<ms>&signature=<hex>` with the chunk's bytes answers 200 with
 * `ETag: "<md5 hex>"`; errors are S3-style XML. The body is hashed and counted as it arrives, never kept.
 */
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import type { UploadContext } from './uploads';
import { chunkSizeOf } from './uploads';
import type { PresignedRequest } from './types';

export interface OriginAnswer {
  status: number;
  raw?: string;
  headers?: Record<string, string>;
}

export interface ReceivedChunk {
  /** For fault matching: "/upload/<id>/<n>". */
  path: string;
  record: PresignedRequest;
  /** The real handler: stores the chunk's ETag when the chunk was accepted. Not run when a fault replaces it. */
  answer: () => OriginAnswer;
}

function xmlError(status: number, code: string, message: string): OriginAnswer {
  const raw = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return { status, raw, headers: { 'Content-Type': 'application/xml' } };
}

/** What a request to the origin gets before its body is read: an error, or the session and chunk it may fill. */
function admit(req: http.IncomingMessage, ctx: UploadContext, url: URL, expired: boolean) {
  const [, uploadId = '', index = ''] = /^\/upload\/([^/]+)\/(\d+)$/.exec(url.pathname) ?? [];
  const session = ctx.sessions.get(uploadId);
  const chunkIndex = Number(index);
  const signed = session?.signatures.get(url.searchParams.get('signature') ?? '');
  if (req.method !== 'PUT') return xmlError(405, 'MethodNotAllowed', 'Only PUT is allowed.');
  if (!session) return xmlError(404, 'NoSuchUpload', 'The specified upload does not exist.');
  if (signed?.chunkIndex !== chunkIndex || String(signed.expiresMs) !== url.searchParams.get('expires')) {
    return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.');
  }
  const unsent = Object.entries(session.upload_headers).find(
    ([name, value]) => req.headers[name.toLowerCase()] !== value,
  );
  if (unsent) {
    return xmlError(403, 'SignatureDoesNotMatch', `The header ${unsent[0]} was signed but not sent as signed.`);
  }
  if (expired) return xmlError(403, 'AccessDenied', 'Request has expired');
  if (session.status !== 'active') return xmlError(404, 'NoSuchUpload', 'The upload is no longer active.');
  return { session, chunkIndex };
}

/** Reads the whole request (a stream error, e.g. the client went away, rejects) and says how to answer it. */
export async function receiveChunk(req: http.IncomingMessage, ctx: UploadContext): Promise<ReceivedChunk> {
  const url = new URL(req.url ?? '/', ctx.uploadOrigin);
  const expired = ctx.now >= Number(url.searchParams.get('expires'));
  const admitted = admit(req, ctx, url, expired);
  const md5 = createHash('md5');
  let bytes = 0;
  // Events, not `for await`: a promise per piece would make the fake, not the client, what a benchmark measures.
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      md5.update(chunk);
    });
    req.on('end', resolve);
    req.on('error', reject);
    req.on('close', () => {
      reject(new Error('the client went away mid-chunk')); // after 'end', a no-op
    });
  });
  const key = req.headers['x-api-key'];
  const [, uploadId = '', index = '0'] = url.pathname.split('/').slice(1);
  const record: PresignedRequest = {
    method: req.method ?? 'PUT',
    uploadId,
    chunkIndex: Number(index),
    apiKey: Array.isArray(key) ? key[0] : key,
    bytes,
    expired,
  };
  const answer = (): OriginAnswer => {
    if (!('session' in admitted)) return admitted;
    const { session, chunkIndex } = admitted;
    const expected = chunkSizeOf(session, chunkIndex);
    if (bytes !== expected) {
      return xmlError(400, 'IncompleteBody', `Chunk ${chunkIndex} must be ${expected} bytes, not ${bytes}.`);
    }
    const etag = md5.digest('hex');
    session.etags.set(chunkIndex, etag);
    return { status: 200, headers: { ETag: `"${etag}"` } };
  };
  return { path: url.pathname, record, answer };
}
