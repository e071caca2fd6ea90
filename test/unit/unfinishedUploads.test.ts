// What Resume Uploads remembers across restarts: which file, which index, by upload ID.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNFINISHED_UPLOADS_KEY, UnfinishedUploads } from '../../src/core/upload/unfinishedUploads';

const upload = (uploadId: string, size = 3e9) => ({
  uploadId,
  path: `/v/${uploadId}.mp4`,
  filename: `${uploadId}.mp4`,
  size,
  mtimeMs: 1,
  indexId: 'i',
  indexName: 'X',
  startedAt: '2026-11-30T12:00:00Z',
});

test('remembers by upload ID, replaces, forgets, and leaves out entries in another shape', async () => {
  const signed = { ...upload('signed'), uploadHeaders: { 'x-amz-server-side-encryption': 'AES256' } };
  const badHeaders = [{ n: 1 }, 'x-amz: 1', null].map((uploadHeaders) => ({ ...upload('bad'), uploadHeaders }));
  const stored = new Map<string, unknown>([
    [UNFINISHED_UPLOADS_KEY, [upload('old'), { uploadId: 'damaged' }, 'x', signed, ...badHeaders]],
  ]);
  const memory = new UnfinishedUploads({
    get: (key) => stored.get(key),
    update: (key, value) => Promise.resolve(void stored.set(key, value)),
  });
  assert.deepEqual(memory.list(), [upload('old'), signed]);
  await memory.forget('signed');
  // Not awaited one by one: the writes still follow each other.
  await Promise.all([
    memory.remember(upload('a')),
    memory.remember(upload('b')),
    memory.remember(upload('a', 5e9)),
    memory.forget('old'),
  ]);
  assert.deepEqual(memory.list(), [upload('b'), upload('a', 5e9)]);
  await memory.forget('b');
  assert.deepEqual(stored.get(UNFINISHED_UPLOADS_KEY), [upload('a', 5e9)]);
  assert.deepEqual(new UnfinishedUploads({ get: () => undefined, update: () => Promise.resolve() }).list(), []);
});
