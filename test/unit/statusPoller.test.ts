import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { AccountTree, IndexNode, TreeNode } from '../../src/core/accountTree';
import { StatusPoller, Timer } from '../../src/core/statusPoller';
import { accountWith, clientFor, resetFake, startFake } from './support';

/** Timers that fire only when the test says. */
function manualTimer() {
  const pending: { callback: () => void; ms: number }[] = [];
  const timer: Timer = {
    set: (callback, ms) => {
      const handle = { callback, ms };
      pending.push(handle);
      return handle;
    },
    clear: (handle) => {
      const at = pending.indexOf(handle as (typeof pending)[number]);
      if (at >= 0) pending.splice(at, 1);
    },
  };
  return { timer, pending };
}

describe('StatusPoller', async () => {
  const fake = await startFake({ account: accountWith({ Encoding: 50, Done: 3 }) });
  const client = clientFor(fake);
  let model: AccountTree;
  let changes: (TreeNode | undefined)[];
  let encoding: IndexNode;

  beforeEach(async () => {
    resetFake(fake, accountWith({ Encoding: 50, Done: 3 }));
    const encodingId = fake.account.indexes[0]._id;
    fake.account.assets.filter((a) => a.index_id === encodingId).forEach((a) => (a.status = 'indexing'));
    model = new AccountTree(() => Promise.resolve(client));
    changes = [];
    model.onDidChange((node) => changes.push(node));
    const roots = await model.children();
    encoding =
      roots.find((node): node is IndexNode => node.kind === 'index' && node.index._id === encodingId) ??
      assert.fail('the Encoding index');
    await model.children(encoding);
    for (const node of roots) if (node.kind === 'index' && node !== encoding) await model.children(node);
    fake.resetRequests();
    changes.length = 0;
  });

  /** A poller on the model, every 10 s unless told, by the given timer (by default one that never fires). */
  const pollerEvery10s = (timer: Timer = manualTimer().timer, interval = () => 10_000) =>
    new StatusPoller(model, () => Promise.resolve(client), interval, timer);

  test('one index with 50 indexing assets costs one request per round: 6 a minute at 10 s', async () => {
    const poller = pollerEvery10s();
    for (let round = 0; round < 6; round++) await poller.poll();
    assert.equal(fake.requests.length, 6);
    const [request] = fake.requests;
    assert.equal(request.path, `/indexes/${encoding.index._id}/indexed-assets`);
    assert.deepEqual(request.query.status, ['pending', 'queued', 'indexing']);
    assert.deepEqual(request.query.page_limit, ['50']);
    assert.deepEqual(changes, [], 'nothing changed, nothing redrawn');
  });

  test('an asset that finishes indexing is updated in the tree, then no longer polled', async () => {
    const poller = pollerEvery10s();
    const done = fake.account.assets.find((a) => a.index_id === encoding.index._id) ?? assert.fail('an Encoding asset');
    done.status = 'ready';
    done.updated_at = new Date().toISOString();
    await poller.poll();

    assert.equal(fake.requests.length, 2, 'the in-progress page, then the recently finished');
    assert.deepEqual(fake.requests[1].query.status, ['ready', 'failed']);
    assert.equal(encoding.assets.all.find((a) => a._id === done._id)?.status, 'ready');
    assert.deepEqual(changes, [encoding], 'the index is redrawn once');

    fake.account.assets.filter((a) => a.index_id === encoding.index._id).forEach((a) => (a.status = 'ready'));
    await poller.poll();
    assert.ok(encoding.assets.all.every((a) => a.status === 'ready'));
    fake.resetRequests();
    await poller.poll();
    assert.equal(fake.requests.length, 0, 'nothing in progress: nothing polled');
  });

  /** The in-progress list answers for real once; the recently finished list answers empty. */
  function finishedListMissesThem(): void {
    const path = `/indexes/${encoding.index._id}/indexed-assets`;
    fake.inject({ method: 'GET', path, times: 1 });
    fake.inject({
      method: 'GET',
      path,
      times: 1,
      status: 200,
      body: { data: [], page_info: { page: 1, limit_per_page: 50, total_page: 0, total_results: 0 } },
    });
  }

  test('an asset that finished without a newer updated_at is retrieved by ID, a few per round', async () => {
    const poller = pollerEvery10s();
    const finished = fake.account.assets.filter((a) => a.index_id === encoding.index._id).slice(0, 7);
    for (const asset of finished) asset.status = 'failed'; // updated_at left as it was
    finishedListMissesThem();
    await poller.poll();
    const retrieved = fake.requests.slice(2).map((request) => request.path.split('/').at(-1));
    assert.equal(retrieved.length, 5, 'at most five retrieved by ID in one round');
    assert.ok(retrieved.every((id) => finished.some((asset) => asset._id === id)));
    const failedNow = () => encoding.assets.all.filter((a) => a.status === 'failed').length;
    assert.equal(failedNow(), 5);

    fake.resetRequests();
    finishedListMissesThem();
    await poller.poll();
    assert.equal(fake.requests.length, 4, 'the two lists, then the two left');
    assert.equal(failedNow(), 7);
  });

  test('an asset deleted elsewhere while indexing leaves the tree', async () => {
    const poller = pollerEvery10s();
    const gone = fake.account.assets.find((a) => a.index_id === encoding.index._id) ?? assert.fail('an asset');
    fake.account.assets.splice(fake.account.assets.indexOf(gone), 1);
    await poller.poll();
    assert.equal(fake.requests.at(-1)?.path, `/indexes/${encoding.index._id}/indexed-assets/${gone._id}`);
    assert.equal(fake.requests.at(-1)?.status, 404);
    assert.ok(!encoding.assets.all.some((a) => a._id === gone._id));
  });

  test('runs only while active, on the interval, and not at all when the interval is 0', () => {
    const { timer, pending } = manualTimer();
    let interval = 10_000;
    const poller = pollerEvery10s(timer, () => interval);
    const delays = () => pending.map((p) => p.ms);
    assert.deepEqual(delays(), [], 'inactive: no timer');
    poller.setActive(true);
    assert.deepEqual(delays(), [10_000]);
    poller.setActive(false);
    assert.deepEqual(delays(), [], 'hidden or unfocused: stopped');
    interval = 0;
    poller.setActive(true);
    assert.deepEqual(delays(), [], 'interval 0: off');
  });

  test('backs off after errors and returns to the interval after a success', async () => {
    const { timer, pending } = manualTimer();
    const poller = pollerEvery10s(timer);
    poller.setActive(true);
    const round = async () => {
      const next = pending.shift() ?? assert.fail('a timer is pending');
      next.callback();
      while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
      return pending[0].ms;
    };
    fake.inject({ method: 'GET', status: 503, times: 2 });
    assert.equal(await round(), 20_000);
    assert.equal(await round(), 40_000);
    assert.equal(await round(), 10_000);
    poller.dispose();
    assert.equal(pending.length, 0);
  });
});
