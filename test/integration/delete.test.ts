import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { ASSET_SELECTED_CONTEXT, VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { Harness, eventually, manifest, useHarness, whenHolds } from './harness';

type Keybinding = { command: string; when: string; args: unknown };
const deletes = (harness: Harness) => harness.fake.requestsMatching('DELETE').map((request) => request.path);

/** Waits for quick pick number `which` to load, makes `label` the active item and accepts it, as Enter would. */
async function choose(harness: Harness, which: number, label: string): Promise<void> {
  const pick = await eventually(`quick pick ${which + 1} to load`, () => {
    const candidate = harness.ui.quickPicks.at(which);
    return candidate && !candidate.busy && candidate.items.length > 0 ? candidate : undefined;
  });
  const item = pick.items.find((candidate) => candidate.label === label);
  assert.ok(item, `the quick pick offers "${label}"`);
  pick.activeItems = [item];
  // The extension host sends quick pick changes to the workbench on a zero-delay timer.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

describe('Delete Indexed Asset', () => {
  const harness = useHarness();

  it('from the palette, through the real quick picks: an index, then an asset, then the modal', async () => {
    const lecture = harness.fake.account.indexes.find((index) => index.index_name === 'Lecture archive');
    const target = harness.fake.account.assets.find((asset) => asset.index_id === lecture?._id);
    assert.ok(lecture && target);
    const count = async () => String(harness.item(await harness.indexNode('Lecture archive')).description);
    assert.match(await count(), /^3 videos/);
    harness.ui.answer('showWarningMessage', 'Delete');

    const done = vscode.commands.executeCommand(COMMAND.deleteIndexedAsset);
    await choose(harness, 0, 'Lecture archive');
    await choose(harness, 1, target.system_metadata.filename ?? target._id);
    await done;

    assert.deepEqual(deletes(harness), [`/indexes/${lecture._id}/indexed-assets/${target._id}`]);
    assert.match(await count(), /^2 videos/, 'the index row, never expanded, counts one less');
  });

  it('the Delete key’s binding applies to, and deletes, the row selected in the real view', async () => {
    const [node] = await harness.children(await harness.indexNode('Support calls 2026'));
    assert.ok(node.kind === 'asset');
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await harness.view.reveal(node, { select: true, focus: true });
    await eventually(
      'the view to report the selection',
      () => harness.view.selection.includes(node) && harness.ui.contextKeys.get(ASSET_SELECTED_CONTEXT) === true,
    );
    const [binding] = (manifest() as unknown as { contributes: { keybindings: Keybinding[] } }).contributes.keybindings;
    assert.equal(binding.command, COMMAND.deleteIndexedAsset);
    assert.ok(whenHolds(binding.when, { focusedView: VIEW_ID, [ASSET_SELECTED_CONTEXT]: true, inputFocus: false }));
    harness.ui.answer('showWarningMessage', 'Delete');

    await vscode.commands.executeCommand(binding.command, binding.args);

    assert.deepEqual(deletes(harness), [`/indexes/${node.parent.index._id}/indexed-assets/${node.asset._id}`]);
  });
});
