import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ItemResult } from '../../src/core/bulkDelete';
import { DeletesInFlight, tally } from '../../src/core/deleteFlow';
import { DeleteTarget } from '../../src/core/present';
import { TwelveLabsError } from '../../src/core/api/errors';

const target = (assetId: string): DeleteTarget => ({
  indexId: 'i',
  indexName: 'Clips',
  assetId,
  assetName: 'clip.mp4',
});
const ids = (targets: readonly DeleteTarget[]) => targets.map((t) => t.assetId);

test('a claim holds each asset once, and none that an open delete holds, until it is released', () => {
  const inFlight = new DeletesInFlight();
  const first = inFlight.claim([target('a'), target('b'), target('a')]);
  assert.deepEqual(ids(first.targets), ['a', 'b'], 'duplicates dropped');
  const second = inFlight.claim([target('b'), target('c')]);
  assert.deepEqual(ids(second.targets), ['c'], 'b is still in the first delete');
  assert.deepEqual(ids(inFlight.claim([target('a')]).targets), [], 'a double click claims nothing');
  first.release();
  assert.deepEqual(ids(inFlight.claim([target('a'), target('b'), target('c')]).targets), ['a', 'b']);
  second.release();
});

test('the tally counts an asset found already gone as deleted, and says so', () => {
  const result = (assetId: string, outcome: ItemResult<DeleteTarget>['outcome']) => ({ job: target(assetId), outcome });
  const error = new TwelveLabsError({ kind: 'server', message: 'Boom.' });
  assert.deepEqual(
    tally([
      result('a', { kind: 'deleted', attempts: 1 }),
      result('b', { kind: 'alreadyGone', attempts: 1 }),
      result('c', { kind: 'failed', error, attempts: 1 }),
      result('d', { kind: 'cancelled', attempts: 0 }),
    ]),
    { deleted: 2, alreadyGone: 1, failed: 1, cancelled: 1 },
  );
});
