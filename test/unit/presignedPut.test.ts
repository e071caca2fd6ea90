// One chunk PUT (putChunk over sendRange) against a local server that answers, stalls or breaks as
// each test says: the bytes arrive whole although two read Buffers are reused, and every way a
// request ends closes the file and names what happened.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalVideo, openLocalVideo, sendRange } from '../../src/core/upload/localFile';
import { SendPiece, putChunk } from '../../src/core/upload/presignedPut';
import { scratch } from '../support/uploadServer';
import { rejectsWith } from './support';

const MIB = 1024 ** 2;
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** A file of `size` random bytes. */
async function randomVideo(name: string, size: number): Promise<{ video: LocalVideo; bytes: Buffer }> {
  const bytes = randomBytes(size);
  fs.writeFileSync(join(scratch, name), bytes);
  return { video: await openLocalVideo(join(scratch, name)), bytes };
}

/** The test's videos this process has open. */
function openVideos(): string[] {
  return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(scratch) ? [target] : [];
    } catch {
      return []; // the directory's own descriptor, gone once read
    }
  });
}

/** Resolves once no video is open (a failed PUT closes its file just after it fails). */
async function allClosed(): Promise<void> {
  for (let waited = 0; openVideos().length > 0; waited += 10) {
    assert.ok(waited < 2000, `still open: ${openVideos().join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a chunk PUT to a presigned URL', async () => {
  let handle: (request: http.IncomingMessage, response: http.ServerResponse) => void = () => undefined;
  const server = http.createServer((request, response) => {
    handle(request, response);
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bucket/chunk?X-Amz-Signature=abc`;

  /**
   * Answers 200 with an ETag once the whole body came, recording it. `holdMs`: stops reading for
   * that long at the first piece, so that the sender's socket fills and its writes wait, holding
   * their Buffers.
   */
  const storage =
    (received: Buffer[], holdMs = 0) =>
    (request: http.IncomingMessage, response: http.ServerResponse) => {
      const pieces: Buffer[] = [];
      request.on('data', (piece: Buffer) => {
        if (pieces.push(piece) === 1 && holdMs > 0) {
          request.pause();
          setTimeout(() => request.resume(), holdMs);
        }
      });
      request.on('end', () => {
        const body = Buffer.concat(pieces);
        received.push(body);
        response.writeHead(200, { etag: `"${md5(body)}"` }).end();
      });
    };

  /** PUTs the bytes [start, end) of `video`, counting what went out. */
  function put(
    video: LocalVideo,
    start: number,
    end: number,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ) {
    const counts = { sent: 0 };
    const body = (send: SendPiece) =>
      sendRange(video, start, end, async (piece) => {
        await send(piece);
        counts.sent += piece.length;
      });
    return { counts, done: putChunk(url, { 'x-amz-meta-test': 'yes' }, body, end - start, options) };
  }

  test('a chunk of many pieces, three at once, arrives whole and in order although its two Buffers are reused', async () => {
    // Larger than the sockets' buffers on loopback, so that writes wait while storage is not reading.
    const { video, bytes } = await randomVideo('many.mp4', 48 * MIB + 123);
    const received: Buffer[] = [];
    handle = storage(received, 300);
    const ranges = [
      [0, 16 * MIB],
      [16 * MIB, 32 * MIB],
      [32 * MIB, 48 * MIB + 123],
    ];
    const puts = ranges.map(([start, end]) => put(video, start, end));
    const etags = (await Promise.all(puts.map((one) => one.done))).map((answer) => answer.etag);
    assert.deepEqual(
      etags,
      ranges.map(([start, end]) => md5(bytes.subarray(start, end))),
    );
    assert.deepEqual(received.map(md5).sort(), [...etags].sort());
    assert.deepEqual(
      puts.map((one) => one.counts.sent),
      ranges.map(([start, end]) => end - start),
    );
    await allClosed();
  });

  test('storage that refuses before it reads the body: expired at once, the rest not sent, the file closed', async () => {
    const { video } = await randomVideo('refused.mp4', 32 * MIB);
    handle = (_request, response) => {
      response.writeHead(403).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    };
    const { counts, done } = put(video, 0, video.size);
    const error = await rejectsWith(done, 'expired');
    assert.equal(error.status, 403);
    assert.equal(error.apiMessage, 'Request has expired');
    await allClosed();
    assert.ok(counts.sent < video.size, `${counts.sent} of ${video.size} bytes went`);
  });

  test('an error answer longer than 64 KiB is not read', async () => {
    const { video } = await randomVideo('long-answer.mp4', MIB);
    handle = (request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(500).end('x'.repeat(100 * 1024)));
    };
    const error = await rejectsWith(put(video, 0, video.size).done, 'malformed');
    assert.match(error.message, /far larger than expected/);
    await allClosed();
  });

  test('storage that takes the whole body and never answers: a timeout, named with its seconds', async () => {
    const { video } = await randomVideo('no-answer.mp4', MIB);
    handle = (request) => request.resume();
    const error = await rejectsWith(put(video, 0, video.size, { timeoutMs: 300 }).done, 'timeout');
    assert.match(error.message, /did not answer within 0\.3 s/);
    await allClosed();
  });

  test('storage that stops reading part-way: a timeout once no piece has gone out for the time allowed', async () => {
    const { video } = await randomVideo('stalled.mp4', 64 * MIB);
    handle = (request) => request.once('data', () => request.pause());
    const { counts, done } = put(video, 0, video.size, { timeoutMs: 300 });
    await rejectsWith(done, 'timeout');
    assert.ok(counts.sent > 0 && counts.sent < video.size, `${counts.sent} of ${video.size} bytes went`);
    await allClosed();
  });

  test('a connection cut part-way through the body: a network error', async () => {
    const { video } = await randomVideo('cut.mp4', 16 * MIB);
    handle = (request) => request.once('data', () => request.socket.destroy());
    const error = await rejectsWith(put(video, 0, video.size).done, 'network');
    assert.match(error.message, /127\.0\.0\.1:\d+/);
    await allClosed();
  });

  test('Cancel part-way through the body: cancelled, the file closed', async () => {
    const { video } = await randomVideo('cancel.mp4', 16 * MIB);
    const cancel = new AbortController();
    handle = (request) =>
      request.once('data', () => {
        cancel.abort();
      });
    await rejectsWith(put(video, 0, video.size, { signal: cancel.signal }).done, 'cancelled');
    await allClosed();
  });

  test('a file cut short part-way through the chunk: fileChanged, and storage never gets the whole chunk', async () => {
    const { video } = await randomVideo('shrinks.mp4', 16 * MIB);
    const received: Buffer[] = [];
    handle = (request, response) => {
      request.once('data', () => {
        fs.truncateSync(video.path, MIB);
      });
      storage(received)(request, response);
    };
    await rejectsWith(put(video, 0, video.size).done, 'fileChanged');
    await allClosed();
    assert.deepEqual(received, []);
  });
});
