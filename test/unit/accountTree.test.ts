import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { AccountTree, IndexNode, TreeNode } from '../../src/core/accountTree';
import { TwelveLabsClient } from '../../src/core/api/client';
import { TwelveLabsError } from '../../src/core/api/errors';
import { assetFilterDescription, assetName, indexName } from '../../src/core/present';
import { accountWithAssets } from '../fake-api/server';
import { accountWith, clientFor, startFake } from './support';

const labels = (nodes: TreeNode[]): string[] =>
  nodes.map((n) => {
    switch (n.kind) {
      case 'index':
        return indexName(n.index);
      case 'asset':
        return assetName(n.asset);
      case 'loadMore':
        return 'Load more';
      case 'message':
        return `message:${n.action ?? n.tone}`;
    }
  });

describe('AccountTree against the fake API', async () => {
  const fake = await startFake({ account: accountWith({ Big: 52, Small: 3, Empty: 0 }) });
  let tree: AccountTree;
  let changes: (TreeNode | undefined)[];

  beforeEach(() => {
    fake.clearFaults();
    fake.resetRequests();
    tree = new AccountTree(() => Promise.resolve(clientFor(fake)));
    changes = [];
    tree.onDidChange((node) => changes.push(node));
  });

  async function expand(name: string): Promise<{ index: IndexNode; children: TreeNode[] }> {
    const roots = await tree.children();
    const index = roots.find((n): n is IndexNode => n.kind === 'index' && n.index.index_name === name);
    assert.ok(index, `index ${name} is shown`);
    return { index, children: await tree.children(index) };
  }

  test('first paint is one request, and expanding an index is one more', async () => {
    const roots = await tree.children();
    assert.deepEqual(labels(roots), ['Empty', 'Small', 'Big']);
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0].query.page_limit, ['50']);
    const big = roots[2] as IndexNode;
    assert.equal(big.index.video_count, 52);
    await tree.children(big);
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /indexes', `GET /indexes/${big.index._id}/indexed-assets`],
    );
  });

  test('assets come newest first, with "Load more" when pages remain, and never past total_page', async () => {
    const { index, children } = await expand('Big');
    assert.equal(children.length, 51);
    assert.deepEqual(labels(children).slice(0, 2), ['Big-51.mp4', 'Big-50.mp4']);
    const loadMore = children[50];
    assert.equal(loadMore.kind, 'loadMore');
    await tree.loadMore(loadMore);
    assert.deepEqual(changes, [index]);
    const after = await tree.children(index);
    assert.equal(after.length, 52);
    assert.ok(after.every((n) => n.kind === 'asset'));
    const pages = fake.requestsMatching('GET', /indexed-assets$/).map((r) => r.query.page?.[0]);
    assert.deepEqual(pages, ['1', '2']);
  });

  test('an index with one page has no "Load more"; an empty one says so', async () => {
    assert.deepEqual(labels((await expand('Small')).children), ['Small-2.mp4', 'Small-1.mp4', 'Small-0.mp4']);
    assert.deepEqual(labels((await expand('Empty')).children), ['message:info']);
  });

  test('children already loaded are served without another request', async () => {
    const { index } = await expand('Small');
    const before = fake.requests.length;
    await tree.children();
    await tree.children(index);
    assert.equal(fake.requests.length, before);
  });

  test('a failed list shows an error row whose retry loads it', async () => {
    fake.inject({ path: '/indexes', status: 503, body: '<html>Service Unavailable</html>', times: 1 });
    const failed = await tree.children();
    assert.deepEqual(labels(failed), ['message:retry']);
    const row = failed[0];
    assert.ok(row.kind === 'message');
    assert.equal(row.text, 'Could not load your indexes. Click to retry.');
    assert.equal(row.reason, 'server error (HTTP 503)');
    assert.match(row.detail ?? '', /HTTP 503\) and sent a web page/);
    await tree.loadMore(row);
    assert.deepEqual(labels(await tree.children()), ['Empty', 'Small', 'Big']);
  });

  test('a rejected key shows guidance to set the key', async () => {
    tree = new AccountTree(() => Promise.resolve(clientFor(fake, { apiKey: 'tlk_wrong' })));
    assert.deepEqual(labels(await tree.children()), ['message:setKey']);
  });

  test('an unusable base URL points to the setting', async () => {
    tree = new AccountTree(() =>
      Promise.resolve(new TwelveLabsClient({ baseUrl: 'http://example.com/v1.3', apiKey: 'k' })),
    );
    assert.deepEqual(labels(await tree.children()), ['message:openSettings']);
    assert.equal(fake.requests.length, 0);
  });

  test('with no key the tree is empty, for the welcome view', async () => {
    tree = new AccountTree(() => Promise.reject(new TwelveLabsError({ kind: 'noKey', message: 'no key' })));
    assert.deepEqual(await tree.children(), []);
  });

  test('removing a deleted asset updates the rows and the counts without a request', async () => {
    const { index, children } = await expand('Small');
    const first = children[0];
    assert.equal(first.kind, 'asset');
    const before = fake.requests.length;
    const totalDuration = index.index.total_duration ?? 0;
    tree.removeAsset(index.index._id, first.asset._id, true);
    assert.deepEqual(changes, [index]);
    assert.equal(index.index.video_count, 2);
    assert.equal(index.index.total_duration, totalDuration - (first.asset.system_metadata.duration ?? 0));
    assert.deepEqual(labels(await tree.children(index)), ['Small-1.mp4', 'Small-0.mp4']);
    assert.equal(fake.requests.length, before);
  });

  test('a delete of an asset whose page never loaded lowers the count; one found already gone does not', async () => {
    const roots = await tree.children();
    const small =
      roots.find((n): n is IndexNode => n.kind === 'index' && n.index.index_name === 'Small') ?? assert.fail('Small');
    const unseen = fake.account.assets.find((a) => a.index_id === small.index._id) ?? assert.fail('an asset of Small');
    tree.removeAsset(small.index._id, unseen._id, false);
    assert.equal(small.index.video_count, 3);
    assert.deepEqual(changes, []);
    tree.removeAsset(small.index._id, unseen._id, true);
    assert.equal(small.index.video_count, 2);
    assert.deepEqual(changes, [small]);
  });

  test('a "Load more" row from before a refresh does nothing', async () => {
    const { children } = await expand('Big');
    tree.refresh();
    const before = fake.requests.length;
    await tree.loadMore(children[50] as never);
    assert.equal(fake.requests.length, before);
  });

  test('refresh drops what was loaded and asks again', async () => {
    await tree.children();
    tree.refresh();
    assert.deepEqual(changes, [undefined]);
    await tree.children();
    assert.equal(fake.requestsMatching('GET', '/indexes').length, 2);
  });

  test('an account with no indexes says how to create one', async () => {
    const empty = await startFake({ account: { indexes: [], assets: [] } });
    tree = new AccountTree(() => Promise.resolve(clientFor(empty)));
    assert.deepEqual(labels(await tree.children()), ['message:info']);
  });
});

describe('filters and sort', async () => {
  const fake = await startFake({ account: accountWithAssets(10_000, 'Archive') });
  const client = clientFor(fake);
  const indexId = fake.account.indexes[0]._id;
  const failed = fake.account.assets.filter((_, i) => i % 1000 === 7);
  failed.forEach((asset) => (asset.status = 'failed'));
  const expand = async (model: AccountTree) => {
    const [index] = await model.children();
    assert.ok(index.kind === 'index');
    return { index, rows: await model.children(index) };
  };

  test('opening an index of 10,000 assets costs one request; a filter result costs one more', async () => {
    const model = new AccountTree(() => Promise.resolve(client));
    fake.resetRequests();
    await model.children();
    fake.resetRequests();
    const { index, rows } = await expand(model);
    assert.equal(fake.requests.length, 1);
    assert.equal(rows.length, 51, '50 rows and "Load more"');

    fake.resetRequests();
    model.filterAssets(indexId, { statuses: ['failed'], filename: ' bulk-0 ' });
    const filtered = await model.children(index);
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0].query, {
      page: ['1'],
      page_limit: ['50'],
      sort_by: ['created_at'],
      sort_option: ['desc'],
      filename: ['bulk-0'],
      status: ['failed'],
    });
    assert.deepEqual(
      filtered.map((node) => (node.kind === 'asset' ? node.asset._id : node.kind)),
      failed.filter((a) => a.system_metadata.filename?.includes('bulk-0')).map((a) => a._id),
    );
    assert.deepEqual(model.assetFilterOf(indexId), { filename: 'bulk-0', statuses: ['failed'] });
    assert.equal(assetFilterDescription(model.assetFilterOf(indexId)), 'filtered: failed · “bulk-0”');
  });

  test('a filter survives a refresh and is kept for the next session; clearing it lists everything', async () => {
    const model = new AccountTree(() => Promise.resolve(client));
    await expand(model);
    model.filterAssets(indexId, { statuses: ['failed'] });
    model.refresh();
    fake.resetRequests();
    const { index, rows } = await expand(model);
    assert.deepEqual(fake.requests.at(-1)?.query.status, ['failed']);
    assert.equal(rows.length, failed.length);

    const next = new AccountTree(() => Promise.resolve(client));
    next.restoreFilters(JSON.parse(JSON.stringify(model.filters)) as typeof model.filters);
    assert.deepEqual(next.assetFilterOf(indexId), { statuses: ['failed'] });

    model.filterAssets(indexId, undefined);
    assert.equal(model.assetFilterOf(indexId), undefined);
    assert.equal((await model.children(index)).length, 51);
  });

  test('a filter with no match says so', async () => {
    const model = new AccountTree(() => Promise.resolve(client));
    await expand(model);
    model.filterAssets(indexId, { filename: 'no-such-file' });
    const { rows } = await expand(model);
    assert.deepEqual(
      rows.map((node) => node.kind === 'message' && node.text),
      ['No indexed assets match the filter.'],
    );
  });

  test('the index list filters by name on the server, and the sort setting is sent as sort_by and sort_option', async () => {
    for (const [sort, sortBy, sortOption] of [
      ['newest', 'created_at', 'desc'],
      ['oldest', 'created_at', 'asc'],
      ['recentlyUpdated', 'updated_at', 'desc'],
    ] as const) {
      const model = new AccountTree(() => Promise.resolve(client), { pageLimit: 10, sort });
      model.filterIndexes('arch');
      fake.resetRequests();
      const roots = await model.children();
      assert.deepEqual(fake.requests[0].query, {
        page: ['1'],
        page_limit: ['10'],
        sort_by: [sortBy],
        sort_option: [sortOption],
        index_name: ['arch'],
      });
      assert.equal(roots.length, 1);
      await model.children(roots[0]);
      assert.deepEqual(fake.requests[1].query, {
        page: ['1'],
        page_limit: ['10'],
        sort_by: [sortBy],
        sort_option: [sortOption],
      });
    }
    const model = new AccountTree(() => Promise.resolve(client));
    model.filterIndexes('zzz');
    assert.deepEqual(
      (await model.children()).map((node) => node.kind === 'message' && node.text),
      ['No index matches the name “zzz”.'],
    );
  });
});
