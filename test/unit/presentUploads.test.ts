// The words of adding videos: progress with speed and time left, the summary, each problem.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { AddOutcome, AddResult } from '../../src/core/upload/addVideos';
import { Throughput, addProblems, addSummary, uploadProgressText } from '../../src/core/upload/presentUploads';

const X = { indexId: 'a'.repeat(24), indexName: 'X' };
const result = (name: string, outcome: AddOutcome): AddResult => ({
  source: { kind: 'file', path: name },
  name,
  outcome,
});
const indexed = (name: string) => result(name, { kind: 'indexed', assetId: 'a1' });
const failed = (name: string) =>
  result(name, { kind: 'failed', step: 'uploading', error: new TwelveLabsError({ kind: 'server', message: 'Boom.' }) });

describe('the words of adding videos', () => {
  test('progress: bytes, speed and time left while uploading; then processing or indexing', () => {
    const p = { sentBytes: 120e6, totalBytes: 1.2e9, done: 0, total: 1 };
    const cases: [Parameters<typeof uploadProgressText>[0], string][] = [
      [
        { ...p, current: 'a.mp4', step: 'uploading', bytesPerSecond: 36e6 },
        'Uploading “a.mp4” · 120 MB of 1.2 GB · 36 MB/s · about 30 s left',
      ],
      [{ ...p, current: 'a.mp4' }, 'Uploading “a.mp4” · 120 MB of 1.2 GB'],
      [
        { ...p, current: 'b.mp4', step: 'processing', total: 3, bytesPerSecond: 0 },
        'Uploading 3 videos · 120 MB of 1.2 GB',
      ],
      [{ ...p, sentBytes: 1.2e9, done: 1, total: 3 }, 'Waiting for TwelveLabs to process 2 videos…'],
      [{ ...p, sentBytes: 1.2e9, current: 'a.mp4', step: 'processing' }, 'Waiting for TwelveLabs to process “a.mp4”…'],
      [{ ...p, sentBytes: 1.2e9, current: 'a.mp4', step: 'indexing' }, 'Indexing “a.mp4”…'],
      [{ ...p, sentBytes: 0, totalBytes: 0, current: 'web.mp4', step: 'uploading' }, 'Adding “web.mp4”…'],
    ];
    for (const [progress, text] of cases) assert.equal(uploadProgressText(progress), text);
  });

  test('throughput is measured over the last five seconds, from one second after the first bytes', () => {
    let now = 0;
    const speed = new Throughput(() => now);
    assert.equal(speed.bytesPerSecond(), undefined);
    speed.add(1e6);
    now = 500;
    assert.equal(speed.bytesPerSecond(), undefined);
    now = 2000;
    speed.add(3e6);
    assert.equal(speed.bytesPerSecond(), 2e6);
    now = 6500; // the first bytes left the window
    speed.add(-1e6);
    assert.equal(speed.bytesPerSecond(), 0.4e6);
    now = 20_000;
    assert.equal(speed.bytesPerSecond(), 0);
  });

  test('the summary counts what was added, failed, cancelled and can be resumed', () => {
    const left = result('c.mp4', { kind: 'cancelled', step: 'uploading', uploadId: 'u1' });
    const cases: [AddResult[], string][] = [
      [[indexed('a.mp4'), indexed('b.mp4')], 'Added 2 videos to “X”. They are being indexed.'],
      [[failed('a.mp4')], 'Did not add “a.mp4” to “X”.'],
      [
        [indexed('a.mp4'), failed('b.mp4'), left],
        'Added 1 of 3 videos to “X”. It is being indexed. 1 failed. 1 was cancelled. Resume Uploads… can finish 1 upload.',
      ],
      [[failed('a.mp4'), failed('b.mp4')], 'Added 0 of 2 videos to “X”. 2 failed.'],
    ];
    for (const [results, text] of cases) assert.equal(addSummary(X, results), text);
  });

  test('each problem names the file and the step, and keeps the error for the log', () => {
    const [problem] = addProblems([indexed('a.mp4'), failed('b\u202e.mp4')]);
    assert.equal(problem.text, '“b\ufffd.mp4”: upload failed. Boom.');
    assert.ok(problem.error instanceof TwelveLabsError);
  });
});
