import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { VIEW_ID } from '../../src/ui/contributions';
import { EXTENSION_ID, childrenOf, indexNode, labelOf, manifest, treeItem, useHarness, whenHolds } from './harness';

describe('Activation, the view and its menus', () => {
  const harness = useHarness();

  it('activates and registers exactly the commands package.json contributes', async () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    // VS Code adds `<view id>.focus`, `.open` and the like for every view by itself.
    const ours = (await vscode.commands.getCommands(true)).filter(
      (command) => command.startsWith('twelvelabs.') && !command.startsWith(`${VIEW_ID}.`),
    );
    const contributed = manifest().contributes.commands.map((entry) => entry.command);
    // Both ways: a contributed command nobody registers fails when run; a registered one that is
    // not contributed has no title in the palette.
    assert.deepEqual([...new Set(ours)].sort(), [...contributed].sort());
  });

  it('opens the view in the workbench and lists every index, newest first, with one request', async () => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const expected = [...harness.fake.account.indexes]
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((index) => index.index_name);
    assert.deepEqual(
      (await childrenOf(harness)).map((node) => labelOf(harness, node)),
      expected,
    );
    assert.deepEqual(
      harness.fake.requests.map((request) => `${request.method} ${request.path}`),
      ['GET /indexes'],
    );
  });

  it('each row’s context menu offers the commands that apply to it', async () => {
    const menu = (manifest().contributes.menus['view/item/context'] ?? []).filter(
      (e) => !e.group?.startsWith('inline'),
    );
    const offered = (node: Parameters<typeof treeItem>[1], view = VIEW_ID) =>
      menu
        .filter((entry) => whenHolds(entry.when ?? '', { view, viewItem: treeItem(harness, node).contextValue }))
        .map((entry) => entry.command.replace('twelvelabs.', ''));
    const index = await indexNode(harness, 'Support calls 2026');
    const rows = await childrenOf(harness, index);
    assert.deepEqual(offered(index), ['filterAssets', 'showDetails', 'copyId']);
    assert.deepEqual(offered(rows[0]), ['showDetails', 'copyId', 'copyFilename', 'deleteIndexedAsset']);
    assert.deepEqual(offered(rows[rows.length - 1]), [], 'nothing on "Load more"');
    assert.deepEqual(offered(rows[0], 'explorer'), [], 'nothing in another view');
  });
});
