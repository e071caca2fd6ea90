// The fake API's uploads, beyond their wire shapes (contract.test.ts): presigned URLs that expire, ETags the
// report must prove, what the upload origin records, size and type limits, processing by the clock, the list of
// unfinished sessions, faults on the upload origin, and bodies that are streamed rather than held.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FakeTwelveLabsApi } from '../fake-api/server';
import { startFake } from './support';

let clock = Date.parse('2027-01-15T08:00:00Z');
const MiB = 1024 ** 2;

async function call(fake: FakeTwelveLabsApi, method: string, path: string, body?: object) {
  const headers = { 'x-api-key': fake.apiKey, 'content-type': 'application/json' };
  const response = await fetch(fake.baseUrl + path, { method, headers, body: body && JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function put(url: string, body: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'PUT', body, headers });
  return { status: response.status, etag: response.headers.get('etag'), text: await response.text() };
}

type Url = { chunk_index: number; url: string };
async function newSession(fake: FakeTwelveLabsApi, filename: string, size: number) {
  const { body } = await call(fake, 'POST', '/assets/multipart-uploads', { filename, type: 'video', total_size: size });
  return body as unknown as { upload_id: string; asset_id: string; upload_urls: Url[] };
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const report = (fake: FakeTwelveLabsApi, id: string, chunks: [index: number, proof: string, size: number][]) =>
  call(fake, 'POST', `/assets/multipart-uploads/${id}`, {
    completed_chunks: chunks.map(([chunk_index, proof, chunk_size]) => ({
      chunk_index,
      proof,
      proof_type: 'etag',
      chunk_size,
    })),
  });

/** A multipart/form-data body of text fields, then an optional file part of `bytes` zeros (sent by `send`). */
function form(fields: Record<string, string>, file?: { type: string; bytes: number }) {
  const boundary = 'fakeUploadsBoundary';
  const part = (disposition: string, type?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`;
  let head = Object.entries(fields)
    .map(([name, value]) => `${part(`name="${name}"`)}${value}\r\n`)
    .join('');
  if (file) head += part('name="file"; filename="clip.mp4"', file.type);
  const tail = `${file ? '\r\n' : ''}--${boundary}--\r\n`;
  return { head, bytes: file?.bytes ?? 0, tail, type: `multipart/form-data; boundary=${boundary}` };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heldBytes = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/**
 * Sends head, `bytes` zeros and tail, streamed (chunked when `length` is false); answers with the status, the body
 * and how far the memory held after a GC rose above the start while the bytes went out (sampled every 16 MiB).
 */
function send(
  url: string,
  method: string,
  headers: http.OutgoingHttpHeaders,
  body: ReturnType<typeof form>,
  length = true,
) {
  const size = Buffer.byteLength(body.head) + body.bytes + Buffer.byteLength(body.tail);
  const zeros = Buffer.alloc(MiB);
  const start = heldBytes();
  let peak = 0;
  return new Promise<{ status: number; text: string; rise: number }>((resolve, reject) => {
    const request = http.request(url, { method, headers: { ...headers, ...(length && { 'content-length': size }) } });
    request.on('error', reject).on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (piece: string) => (text += piece));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, text, rise: peak - start });
      });
    });
    const write = async () => {
      request.write(body.head);
      for (let sent = 0; sent < body.bytes; sent += MiB) {
        if (sent % (16 * MiB) === 0) peak = Math.max(peak, heldBytes());
        const piece = sent + MiB <= body.bytes ? zeros : zeros.subarray(0, body.bytes - sent);
        if (!request.write(piece)) await new Promise((drained) => request.once('drain', drained));
      }
      request.end(body.tail);
    };
    write().catch(reject);
  });
}

describe('the fake API’s uploads', async () => {
  const fake = await startFake({ now: () => clock, chunkBytes: 10, assetProcessingMs: 1000, presignedTtlMs: 60_000 });
  fake.failProcessing = (filename) => filename.startsWith('broken');
  const post = (fields: Record<string, string>, file?: { type: string; bytes: number }, length = true) => {
    const headers = { 'x-api-key': fake.apiKey, 'content-type': form({}).type };
    return send(`${fake.baseUrl}/assets`, 'POST', headers, form(fields, file), length);
  };

  test('a presigned URL answers 403 once expired, S3-style; new URLs work; the key a PUT carried is recorded', async () => {
    const session = await newSession(fake, 'a.mp4', 25);
    clock += 60_000;
    const expired = await put(session.upload_urls[0].url, Buffer.alloc(10));
    assert.equal(expired.status, 403);
    assert.match(expired.text, /<Error><Code>AccessDenied<\/Code><Message>Request has expired<\/Message><\/Error>/);
    const { body } = await call(fake, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, {
      start: 1,
      count: 50,
    });
    const fresh = body.upload_urls as Url[];
    assert.deepEqual(
      fresh.map((u) => u.chunk_index),
      [1, 2, 3],
    );
    const tampered = fresh[0].url.replace(/signature=\w+/, 'signature=0123');
    assert.match((await put(tampered, Buffer.alloc(10))).text, /SignatureDoesNotMatch/);
    assert.equal((await put(fresh[0].url, Buffer.alloc(10), { 'x-api-key': 'tlk_leaked' })).status, 200);
    assert.deepEqual(
      fake.presignedRequests
        .slice(-3)
        .map(({ chunkIndex, apiKey, bytes, status, expired }) => [chunkIndex, apiKey, bytes, status, expired]),
      [
        [1, undefined, 10, 403, true],
        [1, undefined, 10, 403, false],
        [1, 'tlk_leaked', 10, 200, false],
      ],
    );
  });

  test('a chunk of the wrong size is refused; a report must prove each chunk with its ETag and size', async () => {
    const { upload_id: id, upload_urls: urls } = await newSession(fake, 'b.mp4', 25);
    const [one, two, three] = [Buffer.alloc(10, 1), Buffer.alloc(10, 2), Buffer.alloc(5, 3)];
    assert.deepEqual(
      [(await put(urls[2].url, Buffer.alloc(10))).status, (await put(urls[0].url, one)).etag],
      [400, `"${md5(one)}"`],
    );
    await put(urls[1].url, two);
    await put(urls[2].url, three);
    const refused = [
      await report(fake, id, [[1, md5(two), 10]]), // another chunk's ETag
      await report(fake, id, [[3, md5(three), 10]]), // the last chunk is smaller
      await report(fake, id, [[4, md5(three), 5]]),
      await report(fake, id, []),
    ];
    assert.deepEqual(
      refused.map((r) => [r.status, r.body.code]),
      Array(4).fill([400, 'parameter_invalid']),
    );
    assert.equal(fake.uploads.get(id)?.completed.size, 0);
    const done = await report(fake, id, [
      [1, md5(one), 10],
      [2, md5(two), 10],
      [3, md5(three), 5],
      [1, md5(one), 10],
    ]);
    assert.deepEqual(done.body, {
      asset_id: fake.uploads.get(id)?.asset_id,
      processed_chunks: 3,
      duplicate_chunks: 1,
      total_completed: 3,
    });
    assert.equal((await put(urls[0].url, one)).status, 404, 'a completed session takes no more chunks');
  });

  test('an upload is processing for assetProcessingMs, then ready with a size and duration, or failed', async () => {
    const made: string[] = [];
    for (const filename of ['fine.mp4', 'broken.mp4']) {
      const { text } = await post({ method: 'direct', filename }, { type: 'application/octet-stream', bytes: 5000 });
      made.push((JSON.parse(text) as { _id: string })._id);
    }
    const states = async () => {
      const assets = await Promise.all(made.map((id) => call(fake, 'GET', `/assets/${id}`)));
      return assets.map(({ body: { status, size, duration, file_type } }) => [status, size, duration, file_type]);
    };
    assert.deepEqual(await states(), Array(2).fill(['processing', undefined, undefined, 'video/mp4']));
    clock += 1000;
    assert.deepEqual(await states(), [
      ['ready', 5000, 1, 'video/mp4'],
      ['failed', undefined, undefined, 'video/mp4'],
    ]);
  });

  test('the unfinished sessions: active ones, newest first and paged; not completed or expired ones', async () => {
    fake.uploads.clear();
    const ids = [];
    for (const name of ['old.mp4', 'mid.mp4', 'new.mp4', 'finished.mp4']) {
      ids.push((await newSession(fake, name, 5)).upload_id);
      clock += 1000;
    }
    const finished = fake.uploads.get(ids[3]);
    if (finished) finished.status = 'completed';
    clock += 24 * 3_600_000 - 3500; // old.mp4's session expires (a day after it began)
    const pages = [];
    for (const page of [1, 2, 3])
      pages.push((await call(fake, 'GET', `/assets/multipart-uploads?page=${page}&page_limit=1`)).body);
    assert.deepEqual(
      pages.map((p) => (p.data as { upload_id: string }[]).map((u) => u.upload_id)),
      [[ids[2]], [ids[1]], []],
    );
    assert.deepEqual(pages[0].page_info, { limit_per_page: 1, page: 1, total_page: 2, total_results: 2 });
    assert.equal((await call(fake, 'GET', `/assets/multipart-uploads/${ids[0]}`)).body.status, 'expired');
  });

  test('refusals of POST /assets: a text file (415), no method, a URL that is not http(s), a body that is no form', async () => {
    const answers = [
      await post({ method: 'direct' }, { type: 'text/plain', bytes: 10 }),
      await post({ filename: 'a.mp4' }, { type: 'video/mp4', bytes: 10 }),
      await post({ method: 'url', url: 'file:///etc/passwd' }),
      await send(
        `${fake.baseUrl}/assets`,
        'POST',
        { 'x-api-key': fake.apiKey, 'content-type': form({}).type },
        { head: 'junk', bytes: 0, tail: '', type: '' },
      ),
    ];
    const codes = answers.map(({ status, text }) => [status, (JSON.parse(text) as { code: string }).code]);
    assert.deepEqual(codes, [
      [415, 'parameter_invalid'],
      [400, 'parameter_not_provided'],
      [400, 'parameter_invalid'],
      [400, 'parameter_invalid'],
    ]);
  });

  test('faults apply to the upload origin: a status instead of the real answer, or a cut connection', async () => {
    const { upload_id: id, upload_urls: urls } = await newSession(fake, 'c.mp4', 10);
    fake.inject({
      method: 'PUT',
      path: `/upload/${id}/1`,
      status: 503,
      body: '<Error><Code>SlowDown</Code></Error>',
      times: 1,
    });
    fake.inject({ method: 'PUT', path: /^\/upload\//, destroy: 'before-response', times: 1 });
    assert.equal((await put(urls[0].url, Buffer.alloc(10))).status, 503);
    await assert.rejects(put(urls[0].url, Buffer.alloc(10)));
    assert.equal(fake.uploads.get(id)?.etags.size, 0, 'the real handler did not run');
    assert.equal((await put(urls[0].url, Buffer.alloc(10))).status, 200);
  });

  test('bodies are streamed: 300 MB to POST /assets (413) and to a presigned URL hold no copy of them', async () => {
    const bytes = 300 * 1000 * 1000;
    const declared = await post({ method: 'direct' }, { type: 'video/mp4', bytes: 202 * MiB }); // over 200 MiB + 1
    const chunked = await post({ method: 'direct' }, { type: 'video/mp4', bytes }, false);
    assert.deepEqual([declared.status, chunked.status], [413, 413]);
    // The declared length was enough to refuse the first without reading its form; the second was counted.
    const recorded = fake.requests
      .slice(-2)
      .map((r) => (r.body as { file?: { bytes: number } } | undefined)?.file?.bytes);
    assert.deepEqual(recorded, [undefined, bytes]);
    fake.chunkBytes = bytes;
    const { upload_urls: urls } = await newSession(fake, 'huge.mp4', bytes);
    const put300 = await send(urls[0].url, 'PUT', {}, { head: '', bytes, tail: '', type: '' });
    const zeros = createHash('md5');
    for (let i = 0; i < 300; i++) zeros.update(Buffer.alloc(1000 * 1000));
    assert.deepEqual([put300.status, put300.text], [200, '']);
    assert.equal(fake.presignedRequests.at(-1)?.bytes, bytes);
    assert.equal(fake.uploads.get(fake.presignedRequests.at(-1)?.uploadId ?? '')?.etags.get(1), zeros.digest('hex'));
    // A copy would be 300 MB; sockets and streams in flight account for up to ~25 MiB of the rise.
    for (const { rise } of [declared, chunked, put300]) assert.ok(rise < 64 * MiB, `the fake held ${rise} bytes more`);
  });
});
