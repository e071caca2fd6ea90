import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { AssetsViewNode } from '../../src/core/treeNodes';
import { ASSETS_VIEW_ID, SETTING, SOURCE_ASSET_SELECTED_CONTEXT } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { eventually, manifest, useHarness, whenHolds } from './harness';

type Keybinding = { command: string; when: string; args: unknown };
const SHARED = 'dashboard-tour-2026-q1.mov';
const WITH_INDEXED = 'Delete Asset and Its Indexed Assets';

/** Resolves once the extension has heard of the new page size, as it hears of the user's edits. */
async function setPageSize(value: number | undefined): Promise<void> {
  const heard = new Promise<void>((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SETTING.pageSize)) return;
      subscription.dispose();
      resolve();
    });
  });
  await vscode.workspace.getConfiguration().update(SETTING.pageSize, value, vscode.ConfigurationTarget.Global);
  await heard;
}

describe('The Assets view, Delete Asset, and Delete with Source Assets', () => {
  const harness = useHarness();
  /** Every DELETE sent, in order, with its query if it had one. */
  const deletes = () =>
    harness.fake.requestsMatching('DELETE').map(({ path, rawQuery }) => (rawQuery ? `${path}?${rawQuery}` : path));
  const indexedPath = (indexId: string, id: string) => `/indexes/${indexId}/indexed-assets/${id}`;
  const usersOf = (sourceId: string) => harness.fake.account.assets.filter((asset) => asset.asset_id === sourceId);
  const modal = () => harness.ui.callsOf('showWarningMessage').at(-1) ?? assert.fail('no modal was shown');
  const label = (node: AssetsViewNode) => harness.assetItem(node).label as string;
  const inProductDemos = async (filename: string) => {
    const rows = await harness.children(await harness.indexNode('Product demos'));
    const node = rows.find((row) => row.kind === 'asset' && row.asset.system_metadata.filename === filename);
    assert.ok(node?.kind === 'asset' && node.asset.asset_id !== undefined, `"${filename}" is in Product demos`);
    return { node, path: indexedPath(node.parent.index._id, node.asset._id), source: node.asset.asset_id };
  };

  it('lists the 64 uploads a page at a time with Load more, and marks each unused one', async () => {
    await setPageSize(10);
    try {
      let rows = await harness.assetChildren();
      const loadMoreLabels: string[] = [];
      for (let more = rows.at(-1); more?.kind === 'loadMore'; more = rows.at(-1)) {
        loadMoreLabels.push(label(more));
        await vscode.commands.executeCommand(COMMAND.loadMore, more);
        rows = await harness.assetChildren();
      }
      const shown = [10, 20, 30, 40, 50, 60].map((count) => `Load more… (${count} of 64 shown)`);
      assert.deepEqual(loadMoreLabels, shown);
      assert.equal(rows.filter((node) => node.kind === 'sourceAsset').length, 64);

      const uploads = harness.fake.account.sourceAssets ?? [];
      const unused = uploads.filter(({ _id }) => usersOf(_id).length === 0).map(({ filename }) => filename);
      assert.equal(unused.length, 5);
      const marks = () =>
        rows
          .map((node) => harness.assetItem(node))
          .map((item) => [/^unused/.test(String(item.description)), item.contextValue]);
      await eventually('the scan of the indexes to mark rows', () => marks().some(([marked]) => marked));
      const expected = rows.map((node) =>
        unused.includes(label(node)) ? [true, 'sourceAsset.unused'] : [false, 'sourceAsset'],
      );
      assert.deepEqual(marks(), expected);
    } finally {
      await setPageSize(undefined);
    }
  });

  it('deletes an unused asset with one DELETE /assets/{id}, without force', async () => {
    const node = await harness.assetNode('podcast-episode-12.mp4');
    harness.ui.answer('showWarningMessage', 'Delete');

    await vscode.commands.executeCommand(COMMAND.deleteAsset, node);

    assert.deepEqual(modal().items, ['Delete'], 'nothing uses it: no second button');
    assert.deepEqual(deletes(), [`/assets/${node.asset._id}`]);
  });

  it('a used asset: the modal names both indexes; "Delete" keeps it; the other button deletes its users first', async () => {
    const node = await harness.assetNode(SHARED);
    const users = usersOf(node.asset._id);
    assert.equal(users.length, 2);
    harness.ui.answer('showWarningMessage', 'Delete');
    harness.ui.answer('showInformationMessage', undefined);

    await vscode.commands.executeCommand(COMMAND.deleteAsset, node);

    const { items, options, message } = modal();
    assert.deepEqual(items, ['Delete', WITH_INDEXED]);
    assert.equal(options?.modal, true);
    assert.ok(message.includes(SHARED));
    assert.match(options.detail ?? '', /“Product demos”/);
    assert.match(options.detail ?? '', /“Marketing b-roll”/);
    assert.match(harness.ui.callsOf('showInformationMessage')[0].message, /^Kept the asset/);
    assert.deepEqual(deletes(), [], '"Delete" sends nothing for an asset in use');

    harness.ui.answer('showWarningMessage', WITH_INDEXED);
    await vscode.commands.executeCommand(COMMAND.deleteAsset, node);

    const sent = deletes();
    const expected = users.map((user) => indexedPath(user.index_id, user._id));
    assert.deepEqual(sent.slice(0, 2).sort(), expected.sort(), 'its indexed assets go first');
    assert.deepEqual(sent.slice(2), [`/assets/${node.asset._id}`], 'then the asset, once, without force');
    const forced = harness.fake.requests.filter(({ rawQuery }) => /force/i.test(rawQuery));
    assert.deepEqual(forced, [], 'no request anywhere has force');
  });

  it('the Delete key’s binding applies to, and deletes, the upload selected in the real Assets view', async () => {
    const node = await harness.assetNode('old-onboarding-walkthrough-v2.mp4');
    await vscode.commands.executeCommand(`${ASSETS_VIEW_ID}.focus`);
    await harness.assetsView.reveal(node, { select: true, focus: true });
    await eventually(
      'the Assets view to report the selection',
      () =>
        harness.assetsView.selection.includes(node) &&
        harness.ui.contextKeys.get(SOURCE_ASSET_SELECTED_CONTEXT) === true,
    );
    const { keybindings } = (manifest() as unknown as { contributes: { keybindings: Keybinding[] } }).contributes;
    const binding = keybindings.find(({ command }) => command === COMMAND.deleteAsset);
    assert.ok(binding);
    const focused = { focusedView: ASSETS_VIEW_ID, [SOURCE_ASSET_SELECTED_CONTEXT]: true, inputFocus: false };
    assert.ok(whenHolds(binding.when, focused));
    assert.ok(!whenHolds(binding.when, { ...focused, focusedView: 'twelvelabs.indexes' }), 'not in the Indexes view');
    harness.ui.answer('showWarningMessage', 'Delete');

    await vscode.commands.executeCommand(binding.command, binding.args);

    assert.deepEqual(deletes(), [`/assets/${node.asset._id}`]);
  });

  it('Delete Indexed Asset offers "Delete with Source Assets" when nothing else uses the source: it goes second', async () => {
    const { node, path, source } = await inProductDemos('onboarding-walkthrough-v3.mp4');
    harness.ui.answer('showWarningMessage', 'Delete with Source Assets');

    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);

    assert.deepEqual(modal().items, ['Delete', 'Delete with Source Assets']);
    assert.deepEqual(deletes(), [path, `/assets/${source}`]);
  });

  it('Delete Indexed Asset offers no such button for a shared source, which is never deleted', async () => {
    const { node, path } = await inProductDemos(SHARED);
    harness.ui.answer('showWarningMessage', 'Delete');

    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);

    assert.deepEqual(modal().items, ['Delete']);
    assert.deepEqual(deletes(), [path]);
  });
});
