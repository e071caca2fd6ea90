import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { AssetDeleter, Confirm, DeleteOutcome } from '../../src/core/deleteFlow';
import { Confirmation, DeleteTarget } from '../../src/core/present';
import { accountWith, clientFor, startFake } from './support';

describe('confirm and delete indexed assets', async () => {
  const fake = await startFake({ account: accountWith({ Clips: 12 }) });
  const indexId = fake.account.indexes[0]._id;
  const target = (assetId: string): DeleteTarget => ({ indexId, indexName: 'Clips', assetId, assetName: 'clip.mp4' });
  const client = () => Promise.resolve(clientFor(fake));
  const answer =
    (confirmed: boolean, shown: Confirmation[] = []): Confirm =>
    (confirmation) => {
      shown.push(confirmation);
      return Promise.resolve(confirmed);
    };
  const deletes = () => fake.requestsMatching('DELETE');
  /** The outcome of the one asset of a confirmed operation, or the operation's kind. */
  const only = (outcome: DeleteOutcome) => (outcome.kind === 'ran' ? outcome.results[0].outcome : outcome);

  beforeEach(() => {
    fake.clearFaults();
    fake.resetRequests();
  });

  test('without confirmation nothing is sent', async () => {
    const shown: Confirmation[] = [];
    const outcome = await new AssetDeleter().confirmAndDelete(
      [target(fake.account.assets[0]._id)],
      answer(false, shown),
      client,
    );
    assert.deepEqual(outcome, { kind: 'notConfirmed' });
    assert.equal(fake.requests.length, 0);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].message, 'Delete “clip.mp4” from the index “Clips”?');
  });

  test('when confirmed, one DELETE with the key goes to the asset’s path', async () => {
    const assetId = fake.account.assets[0]._id;
    const outcome = await new AssetDeleter().confirmAndDelete([target(assetId)], answer(true), client);
    assert.deepEqual(only(outcome), { kind: 'deleted', attempts: 1 });
    assert.deepEqual(
      deletes().map((r) => [r.path, r.apiKey]),
      [[`/indexes/${indexId}/indexed-assets/${assetId}`, fake.apiKey]],
    );
    assert.ok(!fake.account.assets.some((a) => a._id === assetId));
  });

  test('a second invocation while the first is open sends nothing more', async () => {
    const assetId = fake.account.assets[0]._id;
    const deleter = new AssetDeleter();
    let release!: (ok: boolean) => void;
    const slowConfirm: Confirm = () => new Promise((resolve) => (release = resolve));
    const first = deleter.confirmAndDelete([target(assetId)], slowConfirm, client);
    const second = await deleter.confirmAndDelete([target(assetId)], answer(true), client);
    assert.deepEqual(second, { kind: 'alreadyInProgress' });
    release(true);
    assert.deepEqual(only(await first), { kind: 'deleted', attempts: 1 });
    assert.equal(deletes().length, 1);
  });

  test('double clicks while the request is in flight send one DELETE', async () => {
    const assetId = fake.account.assets[0]._id;
    fake.inject({ method: 'DELETE', delayMs: 100 });
    const deleter = new AssetDeleter();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => deleter.confirmAndDelete([target(assetId)], answer(true), client)),
    );
    assert.deepEqual(outcomes.map((o) => only(o).kind).sort(), ['alreadyInProgress', 'alreadyInProgress', 'deleted']);
    assert.equal(deletes().length, 1);
  });

  test('an asset that is already gone is reported as such, for 404 and for 400 resource_not_exist', async () => {
    const missing = 'ffffffffffffffffffffffff';
    assert.deepEqual(only(await new AssetDeleter().confirmAndDelete([target(missing)], answer(true), client)), {
      kind: 'alreadyGone',
      attempts: 1,
    });
    fake.inject({
      method: 'DELETE',
      status: 400,
      body: { code: 'resource_not_exist', message: 'Resource with id x does not exist.' },
    });
    const outcome = await new AssetDeleter().confirmAndDelete(
      [target(fake.account.assets[0]._id)],
      answer(true),
      client,
    );
    assert.deepEqual(only(outcome), { kind: 'alreadyGone', attempts: 1 });
  });

  test('any other error fails with a readable message, and the asset stays', async () => {
    const assetId = fake.account.assets[0]._id;
    fake.inject({ method: 'DELETE', status: 500, body: '<html><h1>Internal Server Error</h1></html>' });
    const outcome = only(await new AssetDeleter().confirmAndDelete([target(assetId)], answer(true), client));
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.error.kind, 'server');
    assert.match(outcome.error.message, /HTTP 500/);
    assert.ok(fake.account.assets.some((a) => a._id === assetId));
  });

  test('with no key it fails before asking, so no confirmation is wasted', async () => {
    const shown: Confirmation[] = [];
    const noKey = () => Promise.reject(new TwelveLabsError({ kind: 'noKey', message: 'No key.' }));
    const outcome = await new AssetDeleter().confirmAndDelete(
      [target(fake.account.assets[0]._id)],
      answer(true, shown),
      noKey,
    );
    assert.ok(outcome.kind === 'failed' && outcome.error.kind === 'noKey');
    assert.equal(shown.length, 0);
    assert.equal(fake.requests.length, 0);
  });

  test('an implausible ID is refused before any request', async () => {
    const outcome = only(await new AssetDeleter().confirmAndDelete([target('../../indexes')], answer(true), client));
    assert.ok(outcome.kind === 'failed' && outcome.error.kind === 'invalidInput');
    assert.equal(fake.requests.length, 0);
  });

  test('several assets: one modal names the count, only they are sent, each once, and each settles as it goes', async () => {
    const [a, b, c] = fake.account.assets.map((asset) => target(asset._id));
    const shown: Confirmation[] = [];
    const settled: string[] = [];
    const outcome = await new AssetDeleter().confirmAndDelete([a, b, a, c], answer(true, shown), client, {
      concurrency: 2,
      execute: (deleteAll) => deleteAll({ onSettled: ({ job }) => settled.push(job.assetId) }),
    });
    assert.equal(shown.length, 1);
    assert.equal(shown[0].message, 'Delete 3 indexed assets from the index “Clips”?');
    assert.ok(outcome.kind === 'ran');
    assert.deepEqual(
      outcome.results.map((result) => result.outcome.kind),
      ['deleted', 'deleted', 'deleted'],
    );
    assert.deepEqual(
      deletes()
        .map((r) => r.path)
        .sort(),
      [a, b, c].map((t) => `/indexes/${indexId}/indexed-assets/${t.assetId}`).sort(),
    );
    assert.deepEqual(settled.sort(), [a, b, c].map((t) => t.assetId).sort());
  });

  test('assets already in an open operation are left out of a second one', async () => {
    const [a, b] = fake.account.assets.map((asset) => target(asset._id));
    const deleter = new AssetDeleter();
    let release!: (ok: boolean) => void;
    const first = deleter.confirmAndDelete([a], () => new Promise((resolve) => (release = resolve)), client);
    const shown: Confirmation[] = [];
    const second = await deleter.confirmAndDelete([a, b], answer(true, shown), client);
    assert.equal(
      shown[0].message,
      `Delete “clip.mp4” from the index “Clips”?`,
      'the second modal names only the free asset',
    );
    assert.ok(second.kind === 'ran' && second.results.length === 1 && second.results[0].job.assetId === b.assetId);
    release(false);
    assert.deepEqual(await first, { kind: 'notConfirmed' });
  });
});
