// The Assets view without VS Code, and "Show in Indexes View", against the fake API's sample account.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AccountTree } from '../../src/core/accountTree';
import { TwelveLabsError } from '../../src/core/api/errors';
import { locateIndexedAsset } from '../../src/core/locate';
import { SourceAssetTree } from '../../src/core/sourceAssetTree';
import { AssetsViewNode, SourceAssetNode } from '../../src/core/treeNodes';
import { sampleAccount } from '../fake-api/server';
import { SAMPLE, accountWith, clientFor, resetFake, sourceNamed, startFake } from './support';

const { unused: UNUSED, shared: SHARED } = SAMPLE;

const label = (row: AssetsViewNode): string => {
  if (row.kind === 'sourceAsset') return row.asset.filename ?? row.asset._id;
  if (row.kind === 'reference') return `in ${row.reference.indexName}`;
  return row.kind === 'loadMore' ? `more ${row.shown}/${row.total}` : row.text;
};

/** The row after the list: "Load more" or an error. */
const last = (rows: AssetsViewNode[]) => {
  const row = rows[rows.length - 1];
  assert.ok(row.kind === 'loadMore' || row.kind === 'message', label(row));
  return row;
};

/** Resolves at the tree's next change, e.g. when the usage scan answers. */
const nextChange = (tree: SourceAssetTree) =>
  new Promise<void>((resolve) => {
    const listening = tree.onDidChange(() => {
      listening.dispose();
      resolve();
    });
  });

describe('SourceAssetTree against the fake API', async () => {
  const fake = await startFake();
  const newTree = (pageLimit?: number) => new SourceAssetTree(() => Promise.resolve(clientFor(fake)), pageLimit);
  const idOf = (filename: string) => sourceNamed(fake, filename)._id;
  const nodeOf = (rows: AssetsViewNode[], filename: string) =>
    rows.find((row): row is SourceAssetNode => row.kind === 'sourceAsset' && row.asset.filename === filename) ??
    assert.fail(filename);
  beforeEach(() => resetFake(fake, sampleAccount()));
  afterEach(() => {
    assert.ok(fake.requests.every((r) => r.method === 'GET'));
  });

  test('a page of assets and "Load more"; the marks come when the scan answers, which runs once', async () => {
    const tree = newTree(25);
    const scanned = nextChange(tree);
    const rows = await tree.children();
    assert.deepEqual([rows.length, rows.filter((row) => row.kind === 'sourceAsset').length], [26, 25]);
    assert.equal(label(rows[25]), 'more 25/64');
    assert.equal(tree.usageOf(idOf(SHARED)), undefined);
    await scanned;
    assert.equal(tree.usageOf(idOf(SHARED)), 'used');
    assert.equal(tree.usageOf(idOf(UNUSED[0])), 'unused');
    await tree.loadMore(last(rows));
    const more = await tree.children();
    assert.equal(label(more[50]), 'more 50/64');
    tree.assetDeleted(nodeOf(more, UNUSED[0]).asset._id);
    const after = await tree.children();
    assert.equal(label(after[49]), 'more 49/63');
    assert.ok(!after.map(label).includes(UNUSED[0]));
    assert.equal(
      fake
        .requestsMatching('GET', '/assets')
        .map((r) => r.query.page)
        .join(),
      '1,2',
    );
    assert.equal(fake.requestsMatching('GET', '/indexes').length, 1);
    tree.configure(10);
    assert.equal((await tree.children()).length, 11);
  });

  test('"only unused" lists exactly the unused assets, a page at a time, from one pass', async () => {
    const tree = newTree(2);
    tree.showOnlyUnused(true);
    assert.ok(tree.showsOnlyUnused);
    let rows = await tree.children();
    assert.deepEqual(rows.map(label), [...UNUSED.slice(0, 2), 'more 2/5']);
    await tree.loadMore(last(rows));
    await tree.loadMore(last(await tree.children()));
    rows = await tree.children();
    assert.deepEqual(rows.map(label), UNUSED);
    assert.equal(tree.usageOf(idOf(UNUSED[4])), 'unused');
    assert.equal(fake.requestsMatching('GET', '/assets').length, 2); // 64 assets: two pages of 50
    tree.assetDeleted(idOf(UNUSED[1]));
    assert.deepEqual((await tree.children()).map(label), [UNUSED[0], ...UNUSED.slice(2)]);
  });

  test('the filename filter is sent to TwelveLabs, in both modes; no match says so', async () => {
    const tree = newTree();
    tree.filterByFilename('  Podcast ');
    assert.equal(tree.filenameFilter, 'Podcast');
    assert.deepEqual((await tree.children()).map(label), ['podcast-episode-13.m4a', 'podcast-episode-12.mp4']);
    assert.deepEqual(fake.requestsMatching('GET', '/assets')[0].query.filename, ['Podcast']);
    tree.filterByFilename('zzz');
    assert.deepEqual((await tree.children()).map(label), ['No asset matches the filename “zzz”.']);
    tree.showOnlyUnused(true);
    assert.deepEqual((await tree.children()).map(label), ['No unused asset matches “zzz”.']);
    assert.deepEqual(fake.requestsMatching('GET', '/assets').at(-1)?.query.filename, ['zzz']);
    tree.filterByFilename(' ');
    assert.equal(tree.filenameFilter, undefined);
  });

  test('under an asset, a row per indexed asset that uses it, with its index; none says so', async () => {
    const tree = newTree(1);
    tree.filterByFilename(SHARED);
    const shared = nodeOf(await tree.children(), SHARED);
    const first = await tree.children(shared);
    assert.equal(first.length, 2);
    await tree.loadMore(last(first));
    const rows = await tree.children(shared);
    assert.deepEqual(rows.map(label).sort(), ['in Marketing b-roll', 'in Product demos']);
    assert.deepEqual(await tree.children(rows[0]), []);
    tree.refresh(); // a "Load more" under a row from before the refresh does nothing
    const asked = fake.requests.length;
    await tree.loadMore(last(first));
    assert.equal(fake.requests.length, asked);
    tree.filterByFilename(UNUSED[0]);
    const unused = nodeOf(await tree.children(), UNUSED[0]);
    assert.deepEqual((await tree.children(unused)).map(label), ['No index uses this asset.']);
  });

  test('a list that failed, or a scan that failed, gives a row whose click tries again', async () => {
    const tree = newTree();
    fake.inject({ method: 'GET', path: '/assets', status: 503, times: 1 });
    fake.inject({ method: 'GET', path: '/indexes', status: 500, times: 1 });
    const failed = nextChange(tree);
    assert.deepEqual((await tree.children()).map(label), ['Could not load your assets. Click to retry.']);
    await failed;
    const rows = await tree.children();
    assert.deepEqual(rows.map(label), [
      'Could not check which assets are in use. Click to retry.',
      'Could not load your assets. Click to retry.',
    ]);
    assert.ok(rows.every((row) => row.kind === 'message' && row.action === 'retry'));
    assert.equal(tree.usageOf(idOf(SHARED)), 'unknown');
    await tree.loadMore(last(rows.slice(0, 1)));
    const scanned = nextChange(tree);
    const after = await tree.children();
    assert.deepEqual([after.length, after[0].kind], [51, 'sourceAsset']);
    await scanned;
    assert.equal(tree.usageOf(idOf(SHARED)), 'used');
    const noKey = new TwelveLabsError({ kind: 'noKey', message: 'No key.' });
    assert.deepEqual(await new SourceAssetTree(() => Promise.reject(noKey)).children(), []);
    // A bug in the background check (here: the second client fails oddly) is a row, not a lost rejection.
    let calls = 0;
    const odd = new SourceAssetTree(() =>
      calls++ === 0 ? Promise.resolve(clientFor(fake)) : Promise.reject(new Error('bug')),
    );
    const settled = nextChange(odd);
    await odd.children();
    await settled;
    assert.equal(label((await odd.children())[0]), 'Could not check which assets are in use. Click to retry.');
  });

  test('deleted indexed assets leave their source unused; refresh drops answers to older requests', async () => {
    const tree = newTree();
    tree.filterByFilename(SHARED);
    const shared = nodeOf(await tree.children(), SHARED);
    tree.referencesDeleted(new Set(['f'.repeat(24)])); // before the scan answers: no usage to update yet
    await nextChange(tree);
    const [one, two] = (await tree.children(shared)).map((row) => (row.kind === 'reference' ? row.reference._id : ''));
    tree.referencesDeleted(new Set([one]));
    assert.equal(tree.usageOf(shared.asset._id), 'used');
    assert.deepEqual((await tree.children(shared)).length, 1);
    tree.referencesDeleted(new Set([two]));
    assert.equal(tree.usageOf(shared.asset._id), 'unused');

    tree.refresh();
    const pending = tree.children();
    tree.refresh();
    assert.deepEqual(await pending, []);
    tree.showOnlyUnused(true);
    const pendingUnused = tree.children();
    tree.showOnlyUnused(true);
    assert.deepEqual(await pendingUnused, []);
    assert.equal(tree.usageOf(shared.asset._id), undefined); // the older pass did not set it
  });
});

describe('locateIndexedAsset', async () => {
  const fake = await startFake({ account: accountWith({ A: 5, B: 1, C: 0 }) });

  test('loads pages of the index list and of the index until the row shows; else the index, or nothing', async () => {
    const tree = new AccountTree(() => Promise.resolve(clientFor(fake)), { pageLimit: 2, sort: 'newest' });
    const [a] = fake.account.indexes;
    const oldest = fake.account.assets[0]; // on the third page of A, which is on the second page of indexes
    const found = await locateIndexedAsset(tree, a._id, oldest._id);
    assert.ok(found?.kind === 'asset' && found.asset._id === oldest._id);
    tree.filterAssets(a._id, { filename: 'A-4' });
    const index = await locateIndexedAsset(tree, a._id, oldest._id);
    assert.ok(index?.kind === 'index' && index.index._id === a._id);
    assert.equal(await locateIndexedAsset(tree, 'f'.repeat(24), oldest._id), undefined);
  });
});
