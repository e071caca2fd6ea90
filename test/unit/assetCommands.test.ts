/** The Assets view's commands, and the Indexes view's Delete with Source Assets, on the sample account. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import type { AssetsViewNode } from '../../src/core/treeNodes';
import { ASSETS_VIEW_ID, FROM_SELECTION, SETTING } from '../../src/ui/contributions';
import { sampleAccount } from '../fake-api/sampleAccount';
import { COMMAND } from '../support/commands';
import { commandHarness } from './commandHarness';
import { resetFake } from './support';

const DELETE = COMMAND.deleteAsset;
const WITH_INDEXED = 'Delete Asset and Its Indexed Assets';
const WITH_SOURCES = 'Delete with Source Assets';
// Shared by "Product demos" and "Marketing b-roll"; the next two nothing uses; the last only "Product demos".
const [DASHBOARD, PODCAST, SCREEN, ONBOARDING] = [
  'dashboard-tour-2026-q1.mov',
  'podcast-episode-12.mp4',
  'screen-recording-2026-06-02.webm',
  'onboarding-walkthrough-v3.mp4',
];

describe('the Assets view’s commands, with the fake window and the sample account', { timeout: 20_000 }, async () => {
  const h = await commandHarness();
  const { api, start, run, view, assetsView, children, only } = h;
  beforeEach(() => resetFake(api, sampleAccount()));

  const provider = () => assetsView().treeDataProvider as vscode.TreeDataProvider<AssetsViewNode>;
  const assetItem = (node: AssetsViewNode) => provider().getTreeItem(node) as vscode.TreeItem;
  const unmarked = (row: AssetsViewNode) => {
    const { tooltip } = assetItem(row);
    return typeof tooltip === 'string' && tooltip.includes('Checking which indexes use it');
  };
  /** The Assets view's top rows, once the usage scan has marked them (so none is left running). */
  async function assetRows(): Promise<AssetsViewNode[]> {
    for (;;) {
      const rows = (await provider().getChildren()) ?? [];
      if (!rows.some(unmarked)) return rows;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const assetLabels = async () => (await assetRows()).map((row) => assetItem(row).label);
  async function assetRow(name: string): Promise<AssetsViewNode> {
    return (await assetRows()).find((row) => assetItem(row).label === name) ?? assert.fail(`no row ${name}`);
  }
  /** Clicks a row, as the user does: runs its command with its arguments. */
  const click = ({ command }: vscode.TreeItem) => {
    assert.ok(command, 'a row that runs a command');
    return run(command.command, ...((command.arguments ?? []) as unknown[]));
  };
  const sourcePath = (name: string) =>
    `/assets/${api.account.sourceAssets?.find((a) => a.filename === name)?._id ?? assert.fail(name)}`;
  const indexedPath = (index: string, name: string) => {
    const indexId = h.indexId(index);
    const found = api.account.assets.find((a) => a.index_id === indexId && a.system_metadata.filename === name);
    return `/indexes/${indexId}/indexed-assets/${found?._id ?? assert.fail(name)}`;
  };
  /** The DELETEs sent, in order, each with its query string if it had one. */
  const deletes = () => api.requestsMatching('DELETE').map((r) => r.path + (r.rawQuery && `?${r.rawQuery}`));
  /** The Indexes view's row of an indexed asset, or undefined. */
  async function indexedRow(s: Awaited<ReturnType<typeof start>>, index: string, name: string) {
    return (await children(s, await h.indexRow(s, index))).find((row) => h.label(s, row) === name);
  }

  test('Delete Asset on an unused asset: only “Delete”; Escape sends nothing; Delete sends one DELETE, no force', async () => {
    await start();
    const path = sourcePath(PODCAST);
    for (const button of [undefined, 'Delete']) {
      ui.answer('showWarningMessage', button);
      await run(DELETE, await assetRow(PODCAST));
      assert.deepEqual(deletes(), button ? [path] : []);
    }
    const modals = ui.callsOf('showWarningMessage');
    const shown = ['Delete the asset “podcast-episode-12.mp4”?', true, ['Delete']];
    assert.deepEqual(
      modals.map((m) => [m.message, m.options?.modal, m.items]),
      [shown, shown],
    );
    assert.match(modals[0].options?.detail ?? '', /^No index uses it\./);
    assert.equal(only('setStatusBarMessage').message, 'Deleted the asset “podcast-episode-12.mp4”.');
    assert.ok(!(await assetLabels()).includes(PODCAST), 'the row leaves the Assets view');
  });

  test('Delete Asset on a shared asset: the modal names both indexes; “Delete” keeps it, sends nothing, says why', async () => {
    await start();
    ui.answer('showWarningMessage', 'Delete');
    ui.answer('showInformationMessage', undefined);
    await run(DELETE, await assetRow(DASHBOARD));
    const modal = only('showWarningMessage');
    assert.deepEqual(modal.items, ['Delete', WITH_INDEXED]);
    assert.match(modal.options?.detail ?? '', /used by 2 indexed assets, in “Marketing b-roll”, “Product demos”\./);
    assert.deepEqual(deletes(), []);
    assert.equal(
      only('showInformationMessage').message,
      'Kept the asset “dashboard-tour-2026-q1.mov”: indexed assets in “Marketing b-roll”, “Product demos” still use it.',
    );
  });

  test('Delete Asset and Its Indexed Assets: both indexed assets, then the asset (no force); the rows leave both views', async () => {
    const s = await start();
    const indexes = ['Product demos', 'Marketing b-roll'];
    for (const index of indexes) assert.ok(await indexedRow(s, index, DASHBOARD), `shown in ${index}`);
    const expected = [...indexes.map((index) => indexedPath(index, DASHBOARD)).sort(), sourcePath(DASHBOARD)];
    ui.answer('showWarningMessage', WITH_INDEXED);
    await run(DELETE, await assetRow(DASHBOARD));

    const sent = deletes();
    assert.deepEqual([...sent.slice(0, 2).sort(), ...sent.slice(2)], expected, 'the indexed assets go first');
    assert.equal(only('setStatusBarMessage').message, 'Deleted the asset “dashboard-tour-2026-q1.mov”.');
    api.resetRequests();
    for (const index of indexes) assert.equal(await indexedRow(s, index, DASHBOARD), undefined, `gone from ${index}`);
    assert.ok(!(await assetLabels()).includes(DASHBOARD), 'gone from the Assets view');
    assert.deepEqual(api.requests, [], 'the views drop the rows without asking TwelveLabs again');
  });

  test('an indexed asset that cannot be deleted keeps the asset, and the message says which and why', async () => {
    await start();
    const tried = ['Marketing b-roll', 'Product demos'].map((index) => indexedPath(index, DASHBOARD));
    const fault = { status: 500, body: { code: 'internal_error', message: 'Boom.' } };
    api.inject({ method: 'DELETE', path: tried[0], ...fault });
    ui.answer('showWarningMessage', WITH_INDEXED);
    ui.answer('showErrorMessage', undefined);
    await run(DELETE, await assetRow(DASHBOARD));
    assert.deepEqual(deletes().sort(), tried.sort(), 'both indexed assets, and no DELETE /assets/…');
    assert.match(
      only('showErrorMessage').message,
      /^Kept the asset “dashboard-tour-2026-q1\.mov”: its indexed asset in “Marketing b-roll” could not be deleted\. TwelveLabs had a problem \(HTTP 500\)/,
    );
  });

  test('when the indexed assets that use it cannot be listed: no modal, nothing deleted, and the reason', async () => {
    await start();
    api.inject({ method: 'GET', path: `${sourcePath(DASHBOARD)}/indexed-assets`, status: 500 });
    ui.answer('showErrorMessage', undefined);
    await run(DELETE, await assetRow(DASHBOARD));
    assert.deepEqual([deletes(), ui.callsOf('showWarningMessage')], [[], []]);
    assert.match(only('showErrorMessage').message, /^Nothing was deleted\. TwelveLabs had a problem \(HTTP 500\)/);
  });

  test('a 409 on the asset’s DELETE: kept, since TwelveLabs says indexed assets still use it', async () => {
    await start();
    const body = { code: 'asset_in_use', message: 'In use.' };
    api.inject({ method: 'DELETE', path: sourcePath(PODCAST), status: 409, body });
    ui.answer('showWarningMessage', 'Delete');
    ui.answer('showErrorMessage', undefined);
    await run(DELETE, await assetRow(PODCAST));
    assert.match(
      only('showErrorMessage').message,
      /^Kept the asset “podcast-episode-12\.mp4”: TwelveLabs says indexed assets still use it\./,
    );
    assert.ok((await assetLabels()).includes(PODCAST), 'its row stays');
  });

  for (const way of ['a right-click in a selection', 'the Delete key on the view’s selection']) {
    test(`${way}, used and unused: “Delete” deletes the unused; the summary counts the kept`, async () => {
      await start();
      const rows = [];
      for (const name of [PODCAST, DASHBOARD, SCREEN]) rows.push(await assetRow(name));
      const expected = [sourcePath(PODCAST), sourcePath(SCREEN)].sort();
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showWarningMessage', 'Show Details');
      if (way.startsWith('the Delete key')) {
        assetsView().select(rows);
        assert.equal(ui.contextKeys.get('twelvelabs.sourceAssetSelected'), true, 'the Delete key is enabled');
        await run(DELETE, FROM_SELECTION);
      } else {
        await run(DELETE, rows[1], rows);
      }
      const [modal, summary] = ui.callsOf('showWarningMessage');
      assert.deepEqual([modal.message, modal.items], ['Delete 3 assets?', ['Delete', WITH_INDEXED]]);
      assert.deepEqual(deletes().sort(), expected);
      const counted = 'Deleted 2 of 3 assets. 1 was kept: indexed assets still use it.';
      assert.deepEqual([summary.message, summary.items], [counted, ['Show Details']]);
      assert.equal(ui.callsOf('showLog').length, 1);
      assert.ok(ui.log.some((line) => line.startsWith('[warn] Kept the asset “dashboard-tour-2026-q1.mov”')));
    });
  }

  test('from the palette: the assets to check, then the modal', async () => {
    await start();
    const path = sourcePath(PODCAST);
    ui.answer('createQuickPick', [PODCAST]);
    ui.answer('showWarningMessage', 'Delete');
    await run(DELETE);
    const pick = only('createQuickPick');
    assert.equal(pick.title, 'Delete Assets');
    assert.equal(`/assets/${pick.items?.find((i) => i.label === PODCAST)?.detail}`, path, 'the ID beside the name');
    assert.equal(only('showWarningMessage').message, 'Delete the asset “podcast-episode-12.mp4”?');
    assert.deepEqual(deletes(), [path]);
  });

  for (const button of ['Delete', WITH_SOURCES]) {
    test(`Indexes view, an indexed asset whose source nothing else uses: “${button}”`, async () => {
      const s = await start();
      const [indexed, source] = [indexedPath('Product demos', ONBOARDING), sourcePath(ONBOARDING)];
      ui.answer('showWarningMessage', button);
      await run(COMMAND.deleteIndexedAsset, await indexedRow(s, 'Product demos', ONBOARDING));
      const modal = only('showWarningMessage');
      assert.deepEqual(modal.items, ['Delete', WITH_SOURCES]);
      assert.match(
        modal.options?.detail ?? '',
        /leaves 1 uploaded source asset unused: “onboarding-walkthrough-v3\.mp4”\./,
      );
      assert.deepEqual(deletes(), button === 'Delete' ? [indexed] : [indexed, source]);
    });
  }

  for (const [index, name, why] of [
    ['Product demos', DASHBOARD, '“Marketing b-roll” still uses its source'],
    ['Lecture archive', 'intro-to-computer-vision-lecture-01.mp4', 'no asset_id'],
  ]) {
    test(`Indexes view, ${name} (${why}): only “Delete”, and no source is deleted`, async () => {
      const s = await start();
      const row = await indexedRow(s, index, name);
      const [path, checked] = [
        indexedPath(index, name),
        why === 'no asset_id' ? [] : [`${sourcePath(name)}/indexed-assets`],
      ];
      api.resetRequests();
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset, row);
      assert.deepEqual(only('showWarningMessage').items, ['Delete']);
      assert.deepEqual(deletes(), [path]);
      const asked = api.requests.filter((r) => r.path.startsWith('/assets')).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(
        asked,
        checked.map((p) => `GET ${p}`),
      );
    });
  }

  test('the filters change what the Assets view lists, its description and the context keys', async () => {
    await start();
    const all = await assetLabels();
    assert.equal(all.length, 51, '50 assets and Load more');
    // Lecture archive's 3 indexed assets have no asset_id: the view says what its marks cannot see.
    assert.match(String(assetsView().message), /^3 indexed assets in older indexes do not name their upload/);
    const OLD = 'old-onboarding-walkthrough-v2.mp4';
    const unused = ['podcast-episode-13.m4a', SCREEN, PODCAST, 'webinar-2025-12-raw.mov', OLD];
    const filtered = 'filtered: “walkthrough”';
    const steps = [
      [COMMAND.filterSourceAssets, [ONBOARDING, OLD], filtered, [false, true]],
      [COMMAND.showUnusedAssets, [OLD], `unused only · ${filtered}`, [true, true]],
      [COMMAND.showAllAssets, [ONBOARDING, OLD], filtered, [false, true]],
      [COMMAND.clearSourceAssetFilter, all, undefined, [false, false]],
      [COMMAND.showUnusedAssets, unused, 'unused only', [true, false]],
      [COMMAND.filterSourceAssets, [OLD], `unused only · ${filtered}`, [true, true]],
    ] as const;
    for (const [command, rows, description, keys] of steps) {
      if (command === COMMAND.filterSourceAssets) ui.answer('showInputBox', 'walkthrough');
      await run(command);
      assert.deepEqual(await assetLabels(), rows, command);
      assert.equal(assetsView().description, description, command);
      const shown = ['twelvelabs.assetsUnusedOnly', 'twelvelabs.assetsFiltered'].map((k) => ui.contextKeys.get(k));
      assert.deepEqual(shown, keys, command);
    }
    api.account.sourceAssets = api.account.sourceAssets?.filter((asset) => asset.filename !== OLD);
    await run(COMMAND.refresh);
    assert.deepEqual(await assetLabels(), ['No unused asset matches “walkthrough”.'], 'Refresh asks again');
  });

  test('Show in Indexes View on a reference row selects that indexed asset in the Indexes view', async () => {
    const s = await start();
    const references = (await provider().getChildren(await assetRow(DASHBOARD))) ?? [];
    const marketing = references.find((row) => assetItem(row).label === 'Marketing b-roll') ?? assert.fail();
    await click(assetItem(marketing));
    const [reveal, ...more] = view().reveals;
    assert.deepEqual([reveal.options, more], [{ select: true, focus: true, expand: false }, []]);
    assert.equal(reveal.node, await indexedRow(s, 'Marketing b-roll', DASHBOARD), 'that row of the Indexes view');
    assert.deepEqual(view().selection, [reveal.node as TreeNode]);
  });

  test('Copy ID and Copy Filename on an uploaded asset row', async () => {
    await start();
    const row = await assetRow(PODCAST);
    await run(COMMAND.copyId, row);
    await run(COMMAND.copyFilename, row);
    const copied = ui.callsOf('writeClipboard').map((c) => c.text);
    assert.deepEqual(copied, [sourcePath(PODCAST).slice('/assets/'.length), PODCAST]);
    assert.deepEqual(
      ui.callsOf('setStatusBarMessage').map((c) => c.message),
      ['Copied the ID of “podcast-episode-12.mp4”.', 'Copied the filename of “podcast-episode-12.mp4”.'],
    );
  });

  test('Show Details on an uploaded asset: its retrieve answer in a read-only twelvelabs:/assets/<id>.json', async () => {
    await start();
    const path = sourcePath(PODCAST);
    const row = await assetRow(PODCAST);
    api.resetRequests();
    await run(COMMAND.showDetails, row);
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.path}`),
      [`GET ${path}`],
    );
    const shown = ui.callsOf('showTextDocument').at(-1) ?? assert.fail('no document shown');
    const answer = await fetch(`${api.baseUrl}${path}`, { headers: { 'x-api-key': api.apiKey } });
    assert.deepEqual(
      [shown.uri, shown.text],
      [`twelvelabs:${path}.json`, `${JSON.stringify(await answer.json(), null, 2)}\n`],
    );
    assert.deepEqual(ui.callsOf('withProgress').at(-1)?.options, { location: { viewId: ASSETS_VIEW_ID } });
  });

  test('Load more with a page size of 10 pages through all 64 uploads', async () => {
    ui.settings.global[SETTING.pageSize] = 10;
    await start();
    const shown: number[] = [];
    for (let rows = await assetRows(); ; rows = await assetRows()) {
      shown.push(rows.length);
      const last = rows.at(-1) ?? assert.fail('no rows');
      if (last.kind !== 'loadMore') break;
      await click(assetItem(last));
    }
    assert.deepEqual(shown, [11, 21, 31, 41, 51, 61, 64], 'ten more each time, and no Load more at the end');
    const pages = api.requestsMatching('GET', '/assets').map((r) => [r.query.page?.[0], r.query.page_limit?.[0]]);
    assert.deepEqual(
      pages,
      [1, 2, 3, 4, 5, 6, 7].map((page) => [String(page), '10']),
    );
  });
});
