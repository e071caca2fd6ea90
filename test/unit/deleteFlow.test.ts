import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { ItemOutcome } from '../../src/core/bulkDelete';
import { Claim, DeletesInFlight, tally } from '../../src/core/deleteFlow';

const target = (assetId: string) => ({ indexId: 'i', indexName: 'Clips', assetId, assetName: 'clip.mp4' });

test('a claim holds each asset once, and none that an open delete holds, until it is released', () => {
  const inFlight = new DeletesInFlight();
  const claim = (...ids: string[]) => inFlight.claim(ids.map(target));
  const ids = (held: Claim<{ assetId: string }>) => held.targets.map((t) => t.assetId);
  const first = claim('a', 'b', 'a');
  assert.deepEqual(ids(first), ['a', 'b'], 'duplicates dropped');
  const second = claim('b', 'c');
  assert.deepEqual(ids(second), ['c'], 'b is still in the first delete');
  assert.deepEqual(ids(claim('a')), [], 'a double click claims nothing');
  first.release();
  assert.deepEqual(ids(claim('a', 'b', 'c')), ['a', 'b']);
  second.release();
  assert.deepEqual(ids(claim('c')), ['c']);
});

test('the tally counts an asset found already gone as deleted, and says so', () => {
  const error = new TwelveLabsError({ kind: 'server', message: 'Boom.' });
  const outcomes: ItemOutcome[] = [
    { kind: 'deleted', attempts: 1 },
    { kind: 'alreadyGone', attempts: 1 },
    { kind: 'failed', error, attempts: 1 },
    { kind: 'cancelled', attempts: 0 },
  ];
  const counts = tally(outcomes.map((outcome, i) => ({ job: target(String(i)), outcome })));
  assert.deepEqual(counts, { deleted: 2, alreadyGone: 1, failed: 1, cancelled: 1 });
});
