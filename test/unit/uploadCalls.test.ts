import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { RequestControl } from '../../src/core/api/streamedBody';
import { openLocalVideo } from '../../src/core/upload/localFile';
import { UPLOAD_MAX_BYTES } from '../../src/core/upload/limits';
import { ASSET_ID, KEY, UploadServer, clientOf, scratch, videoFile } from '../support/uploadServer';
import { rejectsWith } from './support';

describe('upload calls', async () => {
  const server = await UploadServer.start();
  const calls = clientOf(server).uploads;
  beforeEach(() => {
    server.requests.length = 0;
    server.sessions.clear();
    server.override = () => undefined;
  });

  test('a direct upload streams exactly one multipart/form-data body: method, filename, then the file', async () => {
    const path = videoFile('clip "one".mp4', 5000);
    let sent = 0;
    const asset = await calls.uploadFile(await openLocalVideo(path), { onSent: (bytes) => (sent += bytes) });
    assert.deepEqual(asset, { _id: ASSET_ID, status: 'processing', filename: 'x.mp4', size: undefined });
    const [request] = server.requests;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(request.contentType ?? '')?.[1];
    const expected = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="method"\r\n\r\ndirect\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="filename"\r\n\r\nclip "one".mp4\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip %22one%22.mp4"\r\n` +
          'Content-Type: video/mp4\r\n\r\n',
      ),
      fs.readFileSync(path),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    assert.ok(request.body.equals(expected), 'the exact form body');
    assert.equal(request.contentLength, String(expected.length));
    assert.equal(request.apiKey, KEY);
    assert.equal(sent, 5000, 'every byte of the file reported as sent');
  });

  test('Add from URL sends method, filename, url in that order', async () => {
    await calls.addFromUrl('https://videos.example/a.mp4', ' a.mp4 ');
    const body = server.requests[0].body.toString();
    const names = [...body.matchAll(/name="(\w+)"\r\n\r\n([^\r]*)/g)].map((m) => `${m[1]}=${m[2]}`);
    assert.deepEqual(names, ['method=url', 'filename=a.mp4', 'url=https://videos.example/a.mp4']);
  });

  const refusals = [
    { status: 413, kind: 'badRequest', message: /larger than TwelveLabs accepts for a direct upload \(200 MB/ },
    { status: 415, kind: 'badRequest', message: /not a video TwelveLabs can read \(HTTP 415\)/ },
    { status: 302, kind: 'server', message: /redirected the upload/ },
  ] as const;
  for (const { status, kind, message } of refusals) {
    test(`a direct upload answered ${status} says why, and takes back the bytes it counted`, async () => {
      server.override = () => ({ status, body: JSON.stringify({ code: 'parameter_invalid', message: 'no' }) });
      let sent = 0;
      const video = await openLocalVideo(videoFile('big.mp4', 3000));
      const error = await rejectsWith(calls.uploadFile(video, { onSent: (bytes) => (sent += bytes) }), kind);
      assert.match(error.message, message);
      assert.equal(sent, 0);
      assert.equal(server.requests.length, 1, 'not sent again');
    });
  }

  test('openLocalVideo refuses what cannot be uploaded, saying why', async () => {
    const oversize = join(scratch, 'huge.mp4');
    fs.writeFileSync(oversize, '');
    fs.truncateSync(oversize, UPLOAD_MAX_BYTES + 1); // sparse: takes no room
    const cases = [
      [join(scratch, 'missing.mp4'), /could not be read/],
      [scratch, /is a folder/],
      [videoFile('empty.mp4', 0), /is empty \(0 bytes\)/],
      [oversize, /larger than the 10 GB/],
    ] as const;
    for (const [path, message] of cases) {
      assert.match((await rejectsWith(openLocalVideo(path), 'invalidInput')).message, message);
    }
    assert.equal((await openLocalVideo(videoFile('a.MOV', 1))).contentType, 'video/quicktime');
    assert.equal((await openLocalVideo(videoFile('a.bin', 1))).contentType, 'application/octet-stream');
  });

  test('session calls read what the SDK reads, page by page, and ignore fields they do not know', async () => {
    server.chunkSize = 10;
    const session = await calls.startMultipart({ filename: 'a.mp4', size: 1234 });
    assert.equal(session.totalChunks, 124);
    assert.deepEqual(
      session.urls.map((url) => url.chunkIndex),
      [1, 2],
    );
    assert.deepEqual(JSON.parse(server.requests[0].body.toString()), {
      filename: 'a.mp4',
      type: 'video',
      total_size: 1234,
    });
    const more = await calls.presignedUrls(session.uploadId, 3, 80);
    assert.deepEqual([more.length, more[0].chunkIndex], [50, 3], 'at most 50 at once');
    const received = server.sessions.get(session.uploadId)?.received;
    for (let i = 1; i <= 120; i++) received?.set(i, 'x');
    const status = await calls.uploadStatus(session.uploadId);
    assert.equal(status.completedChunks.length, 120, 'three pages of 50 merged');
    await calls.reportChunks(session.uploadId, [{ chunkIndex: 1, etag: 'abc', size: 10 }]);
    assert.deepEqual(server.sessions.get(session.uploadId)?.reported, [
      { chunk_index: 1, proof: 'abc', proof_type: 'etag', chunk_size: 10 },
    ]);
    for (let i = 0; i < 60; i++) await calls.startMultipart({ filename: 'b.mp4', size: 5 });
    assert.equal((await calls.listIncompleteUploads()).length, 61, 'every page');
    assert.equal((await calls.getUploadedAsset(ASSET_ID)).status, 'ready');
  });

  test('an answer without what an upload needs is malformed; an upload ID that could reach another path is refused', async () => {
    server.override = (request) =>
      request.path.endsWith('multipart-uploads')
        ? { status: 201, body: '{"upload_id":"u","chunk_size":0}' }
        : undefined;
    await rejectsWith(calls.startMultipart({ filename: 'a.mp4', size: 5 }), 'malformed');
    // Headers no request can carry (a line break would end the header early) are refused before any chunk.
    const session = '"upload_id":"u","asset_id":"a","chunk_size":5,"total_chunks":1';
    for (const headers of ['{"x-amz-meta":"a\\r\\nx-api-key: b"}', '{"bad name":"x"}', '{"x-amz-meta":3}']) {
      server.override = (request) =>
        request.path.endsWith('multipart-uploads')
          ? { status: 201, body: `{${session},"upload_headers":${headers}}` }
          : undefined;
      const error = await rejectsWith(calls.startMultipart({ filename: 'a.mp4', size: 5 }), 'malformed');
      assert.match(error.message, /upload_headers/, headers);
    }
    server.override = (request) =>
      request.path.endsWith('multipart-uploads')
        ? {
            status: 201,
            body: `{${session},"upload_headers":{"Content-Type":"video/mp4","x-amz-meta-note":"\\tcafé"}}`,
          }
        : undefined;
    assert.deepEqual((await calls.startMultipart({ filename: 'a.mp4', size: 5 })).headers, {
      'Content-Type': 'video/mp4',
      'x-amz-meta-note': '\tcafé',
    });
    await rejectsWith(calls.uploadStatus('..'), 'invalidInput');
    await rejectsWith(calls.presignedUrls('a/b', 1, 1), 'invalidInput');
  });
});

test('a piece of a body reported after its request ended arms no timeout: nothing is left to keep Node running', async () => {
  const control = new RequestControl(5);
  control.close();
  control.restart(); // as counted() does for a piece read just before close()
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(control.signal.aborted, false);
});
