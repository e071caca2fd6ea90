import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { EXTENSION_ID, childrenOf, indexNode, labelOf, manifest, treeItem, useHarness } from './harness';

/**
 * Evaluates the `when` clauses this manifest uses: `key == value`, `key != value`, `!key` and
 * `key`, joined by `&&`. Anything else fails loudly rather than guessing.
 */
function whenHolds(clause: string | undefined, context: Record<string, string | boolean | undefined>): boolean {
  if (clause === undefined) {
    return true;
  }
  return clause.split('&&').every((term) => {
    const match = /^\s*(!?)([\w.]+)\s*(?:(==|!=)\s*([\w.]+))?\s*$/.exec(term);
    assert.ok(match, `unsupported when clause term: ${term}`);
    const [, not, key, operator, value] = match;
    const actual = context[key];
    if (operator === '==') return actual === value;
    if (operator === '!=') return actual !== value;
    return not ? !actual : Boolean(actual);
  });
}

describe('Activation and contributions', () => {
  const harness = useHarness();

  it('activates and registers exactly the commands package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, true);
    // VS Code adds `<view id>.focus`, `.open` and the like for every view by itself.
    const ours = (await vscode.commands.getCommands(true)).filter(
      (command) => command.startsWith('twelvelabs.') && !command.startsWith(`${VIEW_ID}.`),
    );
    const contributed = manifest().contributes.commands.map((entry) => entry.command);
    // Both ways: a contributed command nobody registers fails when run; a registered one that is
    // not contributed has no title in the palette.
    assert.deepEqual([...new Set(ours)].sort(), [...contributed].sort());
  });

  it('contributes the TwelveLabs container, the Indexes view and the public commands with their titles', () => {
    const { contributes } = manifest();
    assert.deepEqual(
      contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['twelvelabs', 'TwelveLabs']],
    );
    assert.deepEqual(
      contributes.views.twelvelabs?.map((v) => [v.id, v.name]),
      [[VIEW_ID, 'Indexes']],
    );
    const titles = Object.fromEntries(
      contributes.commands.filter((c) => c.category === 'TwelveLabs').map((c) => [c.command, c.title] as const),
    );
    assert.equal(titles[COMMAND.setApiKey], 'Set API Key...');
    assert.equal(titles[COMMAND.clearApiKey], 'Clear API Key');
    assert.equal(titles[COMMAND.refresh], 'Refresh');
    assert.equal(titles[COMMAND.deleteIndexedAsset], 'Delete Indexed Asset');
  });

  it('opens the view in the workbench and fills it from the API', async () => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const roots = await childrenOf(harness);
    assert.equal(roots.length, harness.fake.account.indexes.length);
  });

  it('offers Delete Indexed Asset in the context menu of assets only', async () => {
    const menus = manifest().contributes.menus['view/item/context'] ?? [];
    const deleteEntries = menus.filter((entry) => entry.command === COMMAND.deleteIndexedAsset);
    assert.equal(deleteEntries.length, 1, 'one context-menu entry for delete');
    const offeredOn = (node: Parameters<typeof treeItem>[1]) =>
      whenHolds(deleteEntries[0].when, { view: VIEW_ID, viewItem: treeItem(harness, node).contextValue });

    const index = await indexNode(harness, 'Support calls 2026');
    const [asset] = await childrenOf(harness, index);
    assert.equal(offeredOn(asset), true, `offered on the asset "${labelOf(harness, asset)}"`);
    assert.equal(offeredOn(index), false, 'not offered on an index');
    assert.equal(
      whenHolds(deleteEntries[0].when, { view: 'explorer', viewItem: treeItem(harness, asset).contextValue }),
      false,
    );
  });
});
