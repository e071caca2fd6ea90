import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { beforeEach, describe, test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { Timing } from '../../src/core/requestGate';
import { openLocalVideo } from '../../src/core/upload/localFile';
import { chunksInFlight } from '../../src/core/upload/limits';
import { MultipartOptions, uploadMultipart } from '../../src/core/upload/multipart';
import { ASSET_ID, Override, Recorded, UploadServer, clientOf, videoFile } from '../support/uploadServer';
import { rejectsWith } from './support';

const EXPIRED: Override = { status: 403, body: '<Error><Message>Request has expired</Message></Error>' };
const DENIED: Override = { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' };

describe('multipart uploads', async () => {
  const server = await UploadServer.start();
  const calls = clientOf(server).uploads;
  const sleeps: number[] = [];
  /** Retries without waiting, recording each wait. */
  const timing: Timing = {
    now: () => Date.now(),
    random: () => 0.5,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return signal.aborted
        ? Promise.reject(new TwelveLabsError({ kind: 'cancelled', message: '' }))
        : Promise.resolve();
    },
  };
  let path = '';
  beforeEach(() => {
    Object.assign(server, { chunkSize: 1000, initialUrls: 2, urlTtlMs: 3_600_000, storageBase: server.storageUrl });
    server.requests.length = 0;
    server.sessions.clear();
    server.override = () => undefined;
    server.onPut = () => undefined;
    sleeps.length = 0;
    path = videoFile('long.mp4', 4500); // five chunks, the last one half full
  });

  /** Uploads `path`; resolves with the asset ID and the bytes counted as sent (net of any taken back). */
  async function upload(options: MultipartOptions & { resumeUploadId?: string } = {}) {
    let sent = 0;
    const onSent = (bytes: number) => (sent += bytes);
    const assetId = await uploadMultipart(calls, await openLocalVideo(path), { timing, onSent, ...options });
    return { assetId, sent };
  }
  const putsOf = (chunk: number) => server.puts.filter((put) => put.chunk === chunk).length;
  const apiCalls = (suffix: string) => server.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix));
  /** Answers the first `times` PUTs of chunk 3 with `override`. */
  const chunk3 = (override: Override, times = 1) => {
    let n = 0;
    return (request: Recorded) => (request.chunk === 3 && n++ < times ? override : undefined);
  };

  test('sends each chunk once to the storage origin without the key, reports its ETag, and resolves with the asset', async () => {
    const sessions: unknown[] = [];
    const { assetId, sent } = await upload({ onSession: (session) => sessions.push(session) });
    assert.equal(assetId, ASSET_ID);
    assert.equal(sent, 4500);
    assert.deepEqual(sessions, [{ uploadId: 'up1', assetId: undefined, headers: {} }]);
    const bytes = fs.readFileSync(path);
    const md5 = (i: number) =>
      createHash('md5')
        .update(bytes.subarray((i - 1) * 1000, i * 1000))
        .digest('hex');
    const session = server.sessions.get('up1');
    assert.deepEqual(
      [...(session?.received ?? [])].sort(([a], [b]) => a - b),
      [1, 2, 3, 4, 5].map((i) => [i, md5(i)]),
    );
    assert.deepEqual(
      session?.reported.map((c) => [c.chunk_index, c.proof, c.proof_type, c.chunk_size]).sort(),
      [1, 2, 3, 4, 5].map((i) => [i, md5(i), 'etag', i === 5 ? 500 : 1000]),
    );
    assert.equal(server.puts.length, 5);
    assert.ok(server.puts.every((put) => put.apiKey === undefined && put.contentLength === String(put.body.length)));
    assert.ok(server.requests.filter((r) => r.method !== 'PUT').every((r) => r.apiKey !== undefined));
    assert.ok(apiCalls('/presigned-urls').length >= 1, 'URLs beyond the first two asked for');
  });

  const faults: {
    name: string;
    override: (request: Recorded) => Override;
    ttlMs?: number;
    outcome: string | RegExp;
    chunk3Puts: number;
    waits: number;
  }[] = [
    {
      name: 'a chunk answered 500 once is sent again',
      override: chunk3({ status: 500 }),
      outcome: ASSET_ID,
      chunk3Puts: 2,
      waits: 1,
    },
    {
      name: 'a chunk cut off part-way is sent again',
      override: chunk3('cut'),
      outcome: ASSET_ID,
      chunk3Puts: 2,
      waits: 1,
    },
    {
      name: 'an expired URL is renewed without waiting',
      override: chunk3(EXPIRED),
      outcome: ASSET_ID,
      chunk3Puts: 2,
      waits: 0,
    },
    {
      name: 'URLs about to expire are renewed before use',
      override: () => undefined,
      ttlMs: 30_000,
      outcome: ASSET_ID,
      chunk3Puts: 1,
      waits: 0,
    },
    {
      name: 'URLs that stay expired end the upload after 3 renewals',
      override: () => undefined,
      ttlMs: -1,
      outcome: /expired/,
      chunk3Puts: 0,
      waits: 0,
    },
    {
      name: 'a refused chunk ends the upload at once',
      override: chunk3(DENIED),
      outcome: /refused the chunk \(HTTP 403\)/,
      chunk3Puts: 1,
      waits: 0,
    },
    {
      name: 'a chunk that keeps failing gives up after 6 attempts',
      override: chunk3({ status: 502 }, 99),
      outcome: /gave up after 6 attempts/,
      chunk3Puts: 6,
      waits: 5,
    },
  ];
  for (const { name, override, ttlMs, outcome, chunk3Puts, waits } of faults) {
    test(name, async () => {
      server.override = override;
      server.urlTtlMs = ttlMs ?? server.urlTtlMs;
      const result = await upload({ concurrency: 1 }).then(
        (done) => done,
        (error: unknown) => ({ assetId: (error as Error).message, sent: -1 }),
      );
      if (typeof outcome === 'string') {
        assert.deepEqual(
          result,
          { assetId: outcome, sent: 4500 },
          'every byte once, after taking back failed attempts',
        );
        assert.equal(server.sessions.get('up1')?.status, 'completed');
      } else {
        assert.match(result.assetId, outcome);
      }
      assert.equal(putsOf(3), chunk3Puts);
      assert.equal(sleeps.length, waits);
      if (ttlMs !== undefined && ttlMs > 0) {
        assert.ok(apiCalls('/presigned-urls').length >= 5, 'asked for fresh URLs');
      }
    });
  }

  test('Resume sends only the chunks TwelveLabs lacks', async () => {
    const { uploadId } = await calls.startMultipart({ filename: 'long.mp4', size: 4500 });
    server.sessions.get(uploadId)?.received.set(1, 'done').set(3, 'done');
    assert.equal((await upload({ resumeUploadId: uploadId })).assetId, ASSET_ID);
    assert.deepEqual(server.puts.map((put) => put.chunk).sort(), [2, 4, 5]);
    assert.deepEqual(
      server.sessions
        .get(uploadId)
        ?.reported.map((c) => c.chunk_index)
        .sort(),
      [2, 4, 5],
    );
    await rejectsWith(upload({ resumeUploadId: 'nothing' }), 'expired');
    path = videoFile('long.mp4', 4400);
    await rejectsWith(upload({ resumeUploadId: uploadId }), 'fileChanged');
  });

  test('a resume given the session as the Resume picker listed it does not list the sessions again', async () => {
    const { uploadId } = await calls.startMultipart({ filename: 'long.mp4', size: 4500 });
    server.sessions.get(uploadId)?.received.set(1, 'done').set(3, 'done');
    const listed = (await calls.listIncompleteUploads()).find((u) => u.uploadId === uploadId);
    server.requests.length = 0;
    assert.equal((await upload({ resumeUploadId: uploadId, resumeListed: listed })).assetId, ASSET_ID);
    assert.deepEqual(server.puts.map((put) => put.chunk).sort(), [2, 4, 5]);
    assert.deepEqual(
      server.requests.filter((r) => r.method === 'GET').map((r) => r.path.split('?')[0]),
      [`/v1.3/assets/multipart-uploads/${uploadId}`],
      'only its status',
    );
  });

  const changes: [string, () => void][] = [
    [
      'grows',
      () => {
        fs.appendFileSync(path, 'more');
      },
    ],
    [
      'is deleted',
      () => {
        fs.rmSync(path);
      },
    ],
  ];
  for (const [what, change] of changes) {
    test(`a file that ${what} during the upload ends it as fileChanged, sending no more chunks`, async () => {
      server.onPut = (chunk) => {
        if (chunk === 2) change();
      };
      const error = await rejectsWith(upload({ concurrency: 1 }), 'fileChanged');
      assert.match(error.message, /“long\.mp4” changed, moved or was deleted/);
      assert.ok(server.puts.every((put) => (put.chunk ?? 0) <= 3));
      assert.notEqual(server.sessions.get('up1')?.status, 'completed');
    });
  }

  test('Cancel aborts the 4 chunks in flight and starts no other', async () => {
    const cancel = new AbortController();
    server.override = (request) => (request.method === 'PUT' ? 'hold' : undefined);
    server.onPut = () => {
      if (server.puts.length === 3) cancel.abort(); // the fourth is arriving
    };
    await rejectsWith(upload({ signal: cancel.signal, concurrency: 4 }), 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.puts.length, 4);
    assert.equal(server.sessions.get('up1')?.reported.length, 0);
  });

  for (const base of ['http://example.com', 'ftp://127.0.0.1']) {
    test(`a presigned URL on ${base} is refused before anything is sent`, async () => {
      server.storageBase = base;
      const error = await rejectsWith(upload(), 'malformed');
      assert.match(error.message, /not https/);
      assert.equal(server.puts.length, 0);
    });
  }
});

test('small chunks go more at a time, up to 8, so that each request’s own cost does not slow the upload', () => {
  const MIB = 1024 ** 2;
  assert.deepEqual([64 * MIB, 16 * MIB, 10 * MIB, 8 * MIB, 5 * MIB, 1024].map(chunksInFlight), [4, 4, 7, 8, 8, 8]);
});
