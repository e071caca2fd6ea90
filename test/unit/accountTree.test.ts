import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { AccountTree, ClientSource, IndexNode, TreeNode } from '../../src/core/accountTree';
import { TwelveLabsClient } from '../../src/core/api/client';
import { TwelveLabsError } from '../../src/core/api/errors';
import { assetFilterDescription, assetName, indexName } from '../../src/core/present';
import { accountWithAssets } from '../fake-api/server';
import { accountWith, clientFor, resetFake, startFake } from './support';

const labels = (nodes: TreeNode[]): string[] =>
  nodes.map((n) => {
    if (n.kind === 'index') return indexName(n.index);
    if (n.kind === 'asset') return assetName(n.asset);
    return n.kind === 'loadMore' ? 'Load more' : `message:${n.action ?? n.tone}`;
  });

/** The root row of this index, from rows already listed. */
const indexRow = (roots: TreeNode[], name: string): IndexNode =>
  roots.find((n): n is IndexNode => n.kind === 'index' && n.index.index_name === name) ?? assert.fail(name);

describe('AccountTree against the fake API', async () => {
  const fake = await startFake({ account: accountWith({ Big: 52, Small: 3, Empty: 0 }) });
  let tree: AccountTree;
  let changes: (TreeNode | undefined)[];

  beforeEach(() => {
    resetFake(fake);
    tree = new AccountTree(() => Promise.resolve(clientFor(fake)));
    changes = [];
    tree.onDidChange((node) => changes.push(node));
  });

  async function expand(name: string): Promise<{ index: IndexNode; children: TreeNode[] }> {
    const index = indexRow(await tree.children(), name);
    return { index, children: await tree.children(index) };
  }

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

  test('an index with one page has no "Load more"; an empty one says so; loaded rows cost no more requests', async () => {
    const { index, children } = await expand('Small');
    assert.deepEqual(labels(children), ['Small-2.mp4', 'Small-1.mp4', 'Small-0.mp4']);
    assert.deepEqual(labels((await expand('Empty')).children), ['message:info']);
    const before = fake.requests.length;
    await tree.children();
    await tree.children(index);
    assert.equal(fake.requests.length, before);
  });

  test('a failed list shows an error row whose retry loads it', async () => {
    fake.inject({ path: '/indexes', status: 503, body: '<html>Service Unavailable</html>', times: 1 });
    const [row, ...rest] = await tree.children();
    assert.ok(row.kind === 'message' && rest.length === 0);
    assert.equal(row.action, 'retry');
    assert.equal(row.text, 'Could not load your indexes. Click to retry.');
    assert.equal(row.reason, 'server error (HTTP 503)');
    assert.match(row.detail ?? '', /HTTP 503\) and sent a web page/);
    await tree.loadMore(row);
    assert.deepEqual(labels(await tree.children()), ['Empty', 'Small', 'Big']);
  });

  test('instead of a list: a rejected key asks for one, a bad setting points to it, no key is the welcome, no index says so', async () => {
    const rowsFrom = async (source: ClientSource) => labels(await new AccountTree(source).children());
    assert.deepEqual(await rowsFrom(() => Promise.resolve(clientFor(fake, { apiKey: 'tlk_x' }))), ['message:setKey']);
    fake.resetRequests();
    const unusable = () => new TwelveLabsClient({ baseUrl: 'http://example.com/v1.3', apiKey: 'k' });
    assert.deepEqual(await rowsFrom(() => Promise.resolve(unusable())), ['message:openSettings']);
    const noKey = new TwelveLabsError({ kind: 'noKey', message: 'no key' });
    assert.deepEqual(await rowsFrom(() => Promise.reject(noKey)), []);
    assert.equal(fake.requests.length, 0);
    fake.inject({ path: '/indexes', status: 200, body: { data: [] } });
    assert.deepEqual(labels(await tree.children()), ['message:info']);
  });

  test('a deleted asset leaves its row and the counts without a request; if its page never loaded, only the count drops', async () => {
    const { index, children } = await expand('Small');
    const [first] = children;
    assert.equal(first.kind, 'asset');
    const before = fake.requests.length;
    const totalDuration = index.index.total_duration ?? 0;
    tree.removeAsset(index.index._id, first.asset._id, true);
    assert.deepEqual(changes, [index]);
    assert.equal(index.index.video_count, 2);
    assert.equal(index.index.total_duration, totalDuration - (first.asset.system_metadata.duration ?? 0));
    assert.deepEqual(labels(await tree.children(index)), ['Small-1.mp4', 'Small-0.mp4']);
    assert.equal(fake.requests.length, before);

    const big = indexRow(await tree.children(), 'Big');
    const unseen = fake.account.assets.find((a) => a.index_id === big.index._id) ?? assert.fail('an asset of Big');
    changes.length = 0;
    tree.removeAsset(big.index._id, unseen._id, false); // found already gone, so never counted
    assert.equal(big.index.video_count, 52);
    assert.deepEqual(changes, []);
    tree.removeAsset(big.index._id, unseen._id, true);
    assert.equal(big.index.video_count, 51);
    assert.deepEqual(changes, [big]);
    const totalBefore = big.index.total_duration;
    tree.reloadAssets(big.index._id, 2); // two videos just added: counted, their durations not yet known
    assert.equal(big.index.video_count, 53);
    assert.equal(big.index.total_duration, totalBefore);
  });

  test('refresh drops what was loaded and asks again; a "Load more" row from before it does nothing', async () => {
    const { children } = await expand('Big');
    tree.refresh();
    assert.deepEqual(changes, [undefined]);
    const before = fake.requests.length;
    await tree.loadMore(children[50] as never);
    assert.equal(fake.requests.length, before);
    await tree.children();
    assert.equal(fake.requestsMatching('GET', '/indexes').length, 2);
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

  test('the first paint costs one request, opening an index of 10,000 assets one more, and a filter one more', async () => {
    const model = new AccountTree(() => Promise.resolve(client));
    fake.resetRequests();
    await model.children();
    const firstPaint = fake.requests.map((r) => [r.path, r.query.page_limit]);
    assert.deepEqual(firstPaint, [['/indexes', ['50']]]);
    fake.resetRequests();
    const { index, rows } = await expand(model);
    assert.equal(fake.requests.length, 1);
    assert.equal(rows.length, 51, '50 rows and "Load more"');

    fake.resetRequests();
    model.filterAssets(indexId, { statuses: ['failed'], filename: ' bulk-0 ' });
    const filtered = await model.children(index);
    const filterSent = fake.requests.map((r) => [r.query.filename, r.query.status]);
    assert.deepEqual(filterSent, [[['bulk-0'], ['failed']]]);
    assert.deepEqual(
      filtered.map((node) => (node.kind === 'asset' ? node.asset._id : node.kind)),
      failed.filter((a) => a.system_metadata.filename?.includes('bulk-0')).map((a) => a._id),
    );
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

  test('filters with no match say so', async () => {
    const model = new AccountTree(() => Promise.resolve(client));
    await expand(model);
    model.filterAssets(indexId, { filename: 'no-such-file' });
    const text = (nodes: TreeNode[]) => nodes.map((node) => node.kind === 'message' && node.text);
    assert.deepEqual(text((await expand(model)).rows), ['No indexed assets match the filter.']);
    model.filterIndexes('zzz');
    assert.deepEqual(text(await model.children()), ['No index matches the name “zzz”.']);
  });

  test('the index name filter, the page size and the sort are sent; the name filter only with the index list', async () => {
    const model = new AccountTree(() => Promise.resolve(client), { pageLimit: 10, sort: 'oldest' });
    model.filterIndexes(' arch ');
    fake.resetRequests();
    await expand(model);
    const sent = { page: ['1'], page_limit: ['10'], sort_by: ['created_at'], sort_option: ['asc'] };
    const queries = fake.requests.map((r) => r.query);
    assert.deepEqual(queries, [{ ...sent, index_name: ['arch'] }, sent]);
  });
});
