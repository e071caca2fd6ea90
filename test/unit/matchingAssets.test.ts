// Delete All Matching's paging runner against the fake API, as the extension runs it: the server's
// list moves under it (others delete, add, fail, lie) and it must still delete exactly the matches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deleteIndexedAssetJobs, indexedAssetJob, withUserMetadata } from '../../src/core/deletionFacts';
import { preparedAhead } from '../../src/core/jobSource';
import { MatchingAssets, countMatching } from '../../src/core/matchingAssets';
import { FakeAsset, FakeTwelveLabsApi } from '../fake-api/server';
import { accountWith, clientFor, resetFake, startFake } from './support';

const FAILED = { statuses: ['failed'] };
const later = () => new Promise((resolve) => setImmediate(resolve));
/** The count, page 4 down to 1, one more round to find what moved: ceil(180 / 50) + 3. */
const FEW_LISTS = 7;

/** 230 assets, 180 of them failed, spread over every page. */
function supportCalls(size = 230, failed = (n: number) => n % 23 >= 5) {
  const account = accountWith({ 'Support calls': size });
  account.assets.forEach((asset, n) => failed(n) && (asset.status = 'failed'));
  return account;
}

interface Run {
  /** Called as each delete settles, with how many have. */
  during?: (settled: number, source: MatchingAssets) => unknown;
  afterCount?: () => unknown;
  signal?: AbortSignal;
}

/** Counts, then runs MatchingAssets + deleteIndexedAssetJobs as the command does; checks what must always hold. */
async function deleteAllFailed(fake: FakeTwelveLabsApi, { during, afterCount, signal }: Run = {}) {
  const client = clientFor(fake);
  let sentAfterCancel = 0;
  const send = client.deleteIndexedAsset.bind(client);
  client.deleteIndexedAsset = (...args) => ((sentAfterCancel += Number(signal?.aborted ?? 0)), send(...args));
  const index = { id: fake.account.indexes[0]._id, name: 'Support calls' };
  const outside = new Set(fake.account.assets.filter((a) => a.status !== 'failed').map((a) => a._id));
  const count = await countMatching(client, index.id, FAILED);
  const total = count.total;
  afterCount?.();
  const matching = new MatchingAssets(client, index, FAILED, { count, signal });
  let settled = 0;
  const onSettled = () => void during?.(++settled, matching);
  const results = await deleteIndexedAssetJobs(client, matching, { concurrency: 8, signal, onSettled });
  const deleted = fake.requestsMatching('DELETE').map((r) => r.path.split('/').pop() ?? '');
  assert.equal(new Set(deleted).size, deleted.length, 'each DELETE is sent once');
  assert.ok(deleted.length <= total, `${deleted.length} DELETEs, more than the ${total} confirmed`);
  assert.ok(!deleted.some((id) => outside.has(id)), 'nothing outside the filter is deleted');
  assert.equal(fake.account.assets.filter((a) => outside.has(a._id)).length, outside.size, 'the others remain');
  if (!signal) assert.equal(results.length, matching.handedOutCount, 'every match handed out is reported');
  const lists = fake.requestsMatching('GET', `/indexes/${index.id}/indexed-assets`).length;
  const failedLeft = fake.account.assets.filter((a) => a.status === 'failed').map((a) => a._id);
  const kinds = (kind: string) => results.filter((r) => r.outcome.kind === kind).map((r) => r.job.assetId);
  return { matching, results, lists, failedLeft, kinds, sentAfterCancel };
}

/** Takes these assets out of the account, as another client's deletes do. */
const deletedElsewhere = (fake: FakeTwelveLabsApi, gone: FakeAsset[]) =>
  fake.account.assets.splice(0, Infinity, ...fake.account.assets.filter((a) => !gone.includes(a)));
const failedIn = (fake: FakeTwelveLabsApi) => fake.account.assets.filter((a) => a.status === 'failed');

describe('Delete All Matching through MatchingAssets, against the fake API', { timeout: 30_000 }, async () => {
  const fake = await startFake();

  test('every failed asset is deleted once, every other remains, in few list requests', async () => {
    resetFake(fake, supportCalls());
    const { failedLeft, lists, kinds } = await deleteAllFailed(fake);
    assert.deepEqual([failedLeft, kinds('deleted').length], [[], 180]);
    assert.ok(lists <= FEW_LISTS, `${lists} list requests, the count and the rounds included`);
  });

  const takeNewest = (count: number) => deletedElsewhere(fake, failedIn(fake).slice(-count));
  // Others delete matches: after the count, or during the run the newest ones, so that later pages move up.
  for (const [when, run] of [
    ['the oldest 40 after the count', { afterCount: () => deletedElsewhere(fake, failedIn(fake).slice(0, 40)) }],
    ['the newest 25 twice during the run', { during: (n: number) => n % 90 === 10 && takeNewest(25) }],
  ] as const) {
    test(`offsets that shift: others delete ${when}; none is skipped and the run ends`, async () => {
      resetFake(fake, supportCalls());
      const { failedLeft, lists } = await deleteAllFailed(fake, run);
      assert.deepEqual(failedLeft, []);
      assert.ok(lists <= FEW_LISTS + 2, `${lists} list requests`);
    });
  }

  // New matches, newer than all, after the count: before the run (0), or at these numbers of settled deletes.
  for (const settled of [0, 15, 30, 90]) {
    test(`the total grows (${settled} settled): at most the count is deleted, the new ones remain`, async () => {
      resetFake(fake, supportCalls());
      const added = Array.from({ length: 10 }, (_, n) => ({
        ...fake.account.assets[0],
        _id: `${n + 1}`.padStart(24, 'f'),
        status: 'failed' as const,
        created_at: new Date(Date.UTC(2027, 0, 1, 0, n)).toISOString(), // newer than any other
      }));
      const add = (n: number) => n === settled && fake.account.assets.push(...added);
      const { failedLeft, matching } = await deleteAllFailed(fake, { afterCount: () => add(0), during: add });
      assert.equal(matching.beyondLimit, 10);
      assert.deepEqual(failedLeft.sort(), added.map((a) => a._id).sort(), 'the new ones remain, the counted ones go');
    });
  }

  test('partial failures (500, 400): those assets stay and are reported failed; the run goes on and ends', async () => {
    resetFake(fake, supportCalls());
    const failing = failedIn(fake).filter((_, n) => n % 18 === 0);
    failing.forEach(({ _id }, n) => {
      const body = { code: n % 2 ? 'parameter_invalid' : 'internal_error', message: 'No.' };
      fake.inject({ method: 'DELETE', path: new RegExp(`/${_id}$`), status: n % 2 ? 400 : 500, body });
    });
    const { failedLeft, lists, kinds } = await deleteAllFailed(fake);
    const ids = failing.map((a) => a._id).sort();
    assert.deepEqual([failedLeft.sort(), kinds('failed').sort(), kinds('deleted').length], [ids, ids, 170]);
    assert.ok(lists <= FEW_LISTS, `${lists} list requests`);
  });

  test('Cancel in the middle of a page: no DELETE or list request starts after it; the taken are reported', async () => {
    resetFake(fake, supportCalls());
    const cancel = new AbortController();
    let listsAtCancel = 0;
    const during = (settled: number, source: MatchingAssets) => {
      if (settled !== 20) return;
      listsAtCancel = source.listRequests;
      cancel.abort();
    };
    const { results, matching, failedLeft, kinds, sentAfterCancel } = await deleteAllFailed(fake, {
      signal: cancel.signal,
      during,
    });
    assert.deepEqual([sentAfterCancel, matching.listRequests], [0, listsAtCancel], 'nothing is sent or read after it');
    assert.equal(fake.requestsMatching('DELETE').length, results.filter((r) => r.outcome.attempts > 0).length);
    assert.ok(results.length < 180, `${results.length} taken`);
    assert.equal(kinds('deleted').length + kinds('cancelled').length, results.length);
    assert.equal(failedLeft.length, 180 - kinds('deleted').length);
  });

  // A server that lies on the run's first page: an asset outside the filter in it, and then a page count far too high.
  for (const totalPage of [1, 1e6]) {
    test(`a server that lies (a ready asset among the failed, ${totalPage} pages): only the failed go, the run ends`, async () => {
      resetFake(
        fake,
        supportCalls(40, (n) => n >= 10),
      );
      const ready = fake.account.assets[0];
      const data = [ready, ...failedIn(fake).reverse()].map(({ _id, status, created_at }) => ({
        _id,
        status,
        created_at,
      }));
      const body = { data, page_info: { page: 1, total_page: totalPage, total_results: 31 } };
      const listPath = `/indexes/${ready.index_id}/indexed-assets`;
      const { failedLeft, lists } = await deleteAllFailed(fake, {
        afterCount: () => {
          fake.inject({ method: 'GET', path: listPath, times: 1, status: 200, body });
        },
      });
      assert.deepEqual(failedLeft, []);
      assert.ok(lists <= FEW_LISTS, `${lists} list requests`);
    });
  }

  test('a list page that keeps failing: the error is kept, the run ends, what was deleted is reported', async () => {
    resetFake(fake, supportCalls());
    const boom = { status: 503, body: { code: 'service_unavailable', message: 'Down.' }, times: 3 };
    const path = `/indexes/${fake.account.indexes[0]._id}/indexed-assets`;
    const { matching, results, failedLeft, kinds } = await deleteAllFailed(fake, {
      during: (settled) => {
        if (settled === 1) fake.inject({ method: 'GET', path, ...boom });
      },
    });
    assert.equal(matching.error?.status, 503);
    assert.ok(results.length > 0 && results.length < 180, `${results.length} taken`);
    assert.deepEqual([kinds('deleted').length, failedLeft.length], [results.length, 180 - results.length]);
  });

  test('withUserMetadata: read from the retrieve; gone → the job as it is; another error → unknown', async () => {
    resetFake(
      fake,
      supportCalls(3, () => false),
    );
    const [kept, gone, broken] = fake.account.assets;
    kept.user_metadata = { customer: 'ACME', priority: 2 };
    const jobs = [kept, gone, broken].map((asset) => indexedAssetJob({ id: asset.index_id, name: 'x' }, asset));
    deletedElsewhere(fake, [gone]);
    fake.inject({ method: 'GET', path: new RegExp(`/${broken._id}$`), status: 500, body: { code: 'x', message: 'x' } });
    const read = await Promise.all(jobs.map((job) => withUserMetadata(clientFor(fake), job)));
    const expected = [
      { ...jobs[0], userMetadata: kept.user_metadata },
      jobs[1],
      { ...jobs[2], userMetadataUnknown: true },
    ];
    assert.deepEqual(read, expected);
  });
});

describe('preparedAhead', () => {
  const numbers = (n: number) => {
    let next = 0;
    return { reportsEveryJob: false, next: () => Promise.resolve(next < n ? next++ : undefined) };
  };

  test('prepares `ahead` jobs before they are asked for, no more, and hands them out in order', async () => {
    const started: number[] = [];
    const prepare = async (job: number) => {
      started.push(job);
      for (let turn = job; turn < 6; turn++) await later(); // the later ones are ready first
      return `prepared ${job}`;
    };
    const source = preparedAhead(numbers(6), prepare, String, 3, undefined);
    const jobs = [await source.next()];
    for (let turn = 0; turn < 10; turn++) await later();
    assert.deepEqual(started, [0, 1, 2, 3], 'three ahead of the one asked for');
    for (let job = await source.next(); job !== undefined; job = await source.next()) jobs.push(job);
    assert.deepEqual(jobs, ['prepared 0', 'prepared 1', 'prepared 2', 'prepared 3', 'prepared 4', 'prepared 5']);
  });

  for (const stop of ['abort', 'a fatal error'] as const)
    test(`after ${stop}, the jobs read from then on are passed on unprepared, still in order`, async () => {
      const abort = new AbortController();
      const prepared: number[] = [];
      const prepare = (job: number) => (prepared.push(job), Promise.resolve(`prepared ${job}`));
      const source = preparedAhead(numbers(10), prepare, (job) => `as is ${job}`, 2, abort.signal);
      const jobs = [await source.next()];
      if (stop === 'abort') abort.abort();
      else source.stop?.(); // what runDeletes does on an error every other delete would hit too
      for (let job = await source.next(); job !== undefined; job = await source.next()) jobs.push(job);
      assert.ok(prepared.length <= 3, `prepared ${prepared.join()} of 10`);
      assert.deepEqual(
        jobs,
        Array.from({ length: 10 }, (_, n) => (prepared.includes(n) ? `prepared ${n}` : `as is ${n}`)),
      );
    });
});
