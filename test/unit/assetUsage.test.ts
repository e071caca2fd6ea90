// Which uploaded assets no index uses, found from a few list pages, and deleting them: never with force.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { findUnusedAssets, scanUsage, sourcesLeftUnused, withReferences } from '../../src/core/assetUsage';
import { deleteSourceAssets } from '../../src/core/sourceAssetDelete';
import { FakeAsset, accountWithUsage, sampleAccount } from '../fake-api/server';
import { SAMPLE, clientFor, rejectsWith, resetFake, sourceNamed, startFake } from './support';

const { unused: UNUSED, shared: SHARED } = SAMPLE;
const CITY = 'city-timelapse-4k.mp4'; // in "Marketing b-roll" only

describe('usage of uploaded assets, against the fake API', async () => {
  const fake = await startFake();
  const client = clientFor(fake);
  beforeEach(() => resetFake(fake, sampleAccount()));
  // No request of any test carries force: an asset in use must be refused (409), never deleted anyway.
  afterEach(() => {
    assert.ok(fake.requests.every((r) => !('force' in r.query) && !/force/i.test(r.rawQuery)));
  });

  const source = (filename: string) => sourceNamed(fake, filename);
  const usersOf = (filename: string) => fake.account.assets.filter((a) => a.asset_id === source(filename)._id);
  const pages = (count: number) => Math.ceil(count / 50);

  test('one pass finds the unused assets: a request per page of each list, none per asset', async () => {
    const tenths = Array.from({ length: 25 }, (_, i) => `upload-${String((i + 1) * 10).padStart(5, '0')}.mp4`);
    const cases = [
      { account: sampleAccount(), unused: UNUSED, withoutSource: 3 },
      { account: accountWithUsage(250, 3), unused: tenths, withoutSource: 0 },
    ];
    for (const { account, unused, withoutSource } of cases) {
      resetFake(fake, account);
      const found = await findUnusedAssets(client, {});
      const names = found.unused.map((a) => a.filename);
      assert.deepEqual(names, unused);
      assert.equal(found.usage.withoutSource, withoutSource);
      const { indexes, assets, sourceAssets = [] } = account;
      assert.ok(fake.requests.length <= pages(sourceAssets.length) + pages(assets.length) + indexes.length);
      assert.ok(fake.requests.every((r) => r.method === 'GET' && !/^\/assets\/./.test(r.path)));
    }
    resetFake(fake, sampleAccount());
    const usage = await scanUsage(client);
    const names = usage.byAsset.get(source(SHARED)._id)?.map((reference) => reference.indexName);
    assert.deepEqual(names?.sort(), ['Marketing b-roll', 'Product demos']);
  });

  test('a 429 with Retry-After and a 503 are read again; a 401 is not, and a third 429 is the last', async () => {
    fake.inject({ path: '/indexes', status: 429, headers: { 'Retry-After': '0' }, times: 1 });
    fake.inject({ path: /indexed-assets$/, status: 503, times: 1 });
    const usage = await scanUsage(client);
    assert.equal(usage.byAsset.get(source(SHARED)._id)?.length, 2);
    assert.equal(fake.requestsMatching('GET', '/indexes').length, 2);
    assert.equal(fake.requestsMatching('GET', /indexed-assets$/).length, 7); // 6 pages, one of them twice

    resetFake(fake).inject({ path: /indexed-assets$/, status: 401, times: 1 });
    await rejectsWith(scanUsage(client), 'invalidKey');
    const asked = fake.requestsMatching('GET', /indexed-assets$/).map((r) => `${r.path}?${r.rawQuery}`);
    assert.equal(new Set(asked).size, asked.length);

    resetFake(fake).inject({ path: '/indexes', status: 429, headers: { 'Retry-After': '0' } });
    await rejectsWith(scanUsage(client), 'rateLimited');
    assert.equal(fake.requests.length, 3);
  });

  test('a delete offers the sources it leaves unused: those whose every user is deleted with it', async () => {
    const target = (a: FakeAsset) => ({ assetId: a._id, assetName: a._id, sourceAssetId: a.asset_id });
    const left = async (...assets: FakeAsset[]) =>
      (await sourcesLeftUnused(client, assets.map(target))).map((job) => job.assetName);
    const [demo, marketing] = usersOf(SHARED);
    const withoutSource = fake.account.assets.filter((a) => a.asset_id === undefined);
    assert.equal(withoutSource.length, 3);
    assert.deepEqual(await left(...withoutSource), []);
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(await left(demo, ...withoutSource), []);
    const jobs = await sourcesLeftUnused(client, [demo, marketing, ...usersOf(CITY)].map(target));
    assert.deepEqual(
      jobs.map((job) => [job.assetId, job.references.map((r) => r._id).sort()]),
      [
        [source(SHARED)._id, [demo._id, marketing._id].sort()],
        [source(CITY)._id, [usersOf(CITY)[0]._id]],
      ],
    );

    // Past 20 sources, one pass over the indexes is cheaper than a request for each.
    resetFake(fake, accountWithUsage(250, 3));
    const firstIndex = fake.account.assets.filter((a) => a.index_id === fake.account.indexes[0]._id);
    const offered = await sourcesLeftUnused(client, firstIndex.map(target));
    const usedElsewhere = new Set(
      fake.account.assets.filter((a) => a.index_id !== firstIndex[0].index_id).map((a) => a.asset_id),
    );
    assert.deepEqual(
      offered.map((job) => job.assetId).sort(),
      firstIndex
        .map((a) => a.asset_id)
        .filter((id) => !usedElsewhere.has(id))
        .sort(),
    );
    assert.ok(
      fake.requests.every((r) => !r.path.startsWith('/assets')),
      'no request per source',
    );
  });

  test('Delete Asset sends one bare DELETE once nothing uses the asset; otherwise it keeps it, and says why', async () => {
    const jobs = await withReferences(
      client,
      [UNUSED[0], SHARED, CITY].map((name) => ({ assetId: source(name)._id, assetName: name })),
    );
    const [unused, shared, city] = jobs;
    const [gone, failed] = shared.references;
    const failure = new TwelveLabsError({ kind: 'server', message: 'HTTP 500' });
    fake.resetRequests();
    const results = await deleteSourceAssets(
      client,
      jobs,
      [
        { job: { assetId: gone._id }, outcome: { kind: 'deleted', attempts: 1 } },
        { job: { assetId: failed._id }, outcome: { kind: 'failed', error: failure, attempts: 1 } },
      ],
      { concurrency: 2 },
    );
    assert.deepEqual(
      results.map((r) => r.outcome),
      [
        { kind: 'deleted', attempts: 1 },
        { kind: 'kept', stillUsedBy: [failed], error: failure, attempts: 0 },
        { kind: 'kept', stillUsedBy: city.references, error: undefined, attempts: 0 },
      ],
    );
    const sent = fake.requests.map((r) => `${r.method} ${r.path}?${r.rawQuery}`);
    assert.deepEqual(sent, [`DELETE /assets/${unused.assetId}?`]);

    // Told its user is gone while TwelveLabs still has it: the 409 keeps the asset. Deleted before: already gone.
    const claimed = city.references.map(
      (r) => ({ job: { assetId: r._id }, outcome: { kind: 'alreadyGone', attempts: 1 } }) as const,
    );
    const [conflict, again] = await deleteSourceAssets(client, [city, unused], claimed, { concurrency: 1 });
    assert.equal(conflict.outcome.kind === 'failed' && conflict.outcome.error.kind, 'conflict');
    assert.equal(again.outcome.kind, 'alreadyGone');
    assert.equal(fake.requestsMatching('DELETE').length, 3);
  });
});
