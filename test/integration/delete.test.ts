import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import { VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import type { FakeAsset, FakeIndex } from '../fake-api/types';
import {
  Harness,
  childrenOf,
  eventually,
  indexNode,
  labelOf,
  labelsUnder,
  nextTreeChange,
  treeItem,
  useHarness,
} from './harness';

const DETAIL =
  'TwelveLabs will permanently remove this indexed asset and everything indexed for it. This cannot be undone. The uploaded source file is not deleted.';

function indexNamed(harness: Harness, name: string): FakeIndex {
  const index = harness.fake.account.indexes.find((candidate) => candidate.index_name === name);
  assert.ok(index);
  return index;
}

/** The first asset row of an index, with the fake's record of it. */
async function firstAssetOf(
  harness: Harness,
  name: string,
): Promise<{ index: TreeNode; node: TreeNode; asset: FakeAsset }> {
  const index = await indexNode(harness, name);
  const [node] = await childrenOf(harness, index);
  const asset = harness.fake.account.assets.find(
    (candidate) => labelOf(harness, node) === (candidate.system_metadata.filename ?? candidate._id),
  );
  assert.ok(asset, 'the first row is an asset');
  return { index, node, asset };
}

const deletes = (harness: Harness) => harness.fake.requestsMatching('DELETE').map((request) => request.path);

describe('Delete Indexed Asset', () => {
  const harness = useHarness();

  it('from the tree: a modal names the asset, and Cancel sends nothing', async () => {
    const { node, asset } = await firstAssetOf(harness, 'Support calls 2026');
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);

    const [modal] = harness.prompts.of('warning');
    assert.equal(modal.message, `Delete “${asset.system_metadata.filename}” from the index “Support calls 2026”?`);
    assert.deepEqual(modal.options, { modal: true, detail: DETAIL });
    assert.deepEqual(modal.buttons, ['Delete']);
    assert.deepEqual(deletes(harness), []);
    assert.ok(
      (await labelsUnder(harness, await indexNode(harness, 'Support calls 2026'))).includes(
        asset.system_metadata.filename ?? '',
      ),
    );
  });

  it('from the tree: Delete sends one DELETE with the key, and the row and count update without a refresh', async () => {
    const { index, node, asset } = await firstAssetOf(harness, 'Support calls 2026');
    const before = String(treeItem(harness, index).description);
    harness.prompts.answer('warning', 'Delete');
    harness.fake.resetRequests();

    const changed = nextTreeChange(harness);
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);
    await changed;
    const requests = harness.fake.requestsMatching('DELETE');
    assert.deepEqual(
      requests.map((request) => [request.path, request.apiKey]),
      [[`/indexes/${asset.index_id}/indexed-assets/${asset._id}`, harness.fake.apiKey]],
    );
    assert.equal(harness.fake.requests.length, 1, 'no list is fetched again');

    const after = await indexNode(harness, 'Support calls 2026');
    assert.ok(!(await labelsUnder(harness, after)).includes(asset.system_metadata.filename ?? ''), 'the row is gone');
    assert.match(before, /52 videos/);
    assert.match(String(treeItem(harness, after).description), /51 videos/);
  });

  it('from the palette: pick an index, then an asset, then confirm; the index counts one less', async () => {
    const lecture = indexNamed(harness, 'Lecture archive');
    const target = harness.fake.account.assets.find((asset) => asset.index_id === lecture._id);
    assert.ok(target);
    const countBefore = String(treeItem(harness, await indexNode(harness, 'Lecture archive')).description);
    harness.prompts.answer('warning', 'Delete');

    const done = vscode.commands.executeCommand(COMMAND.deleteIndexedAsset);
    await choose(harness, 0, 'Lecture archive');
    await choose(harness, 1, target.system_metadata.filename ?? target._id);
    await done;

    const [modal] = harness.prompts.of('warning');
    assert.equal(modal.message, `Delete “${target.system_metadata.filename}” from the index “Lecture archive”?`);
    assert.equal(modal.options?.modal, true);
    assert.deepEqual(deletes(harness), [`/indexes/${lecture._id}/indexed-assets/${target._id}`]);
    assert.match(countBefore, /^3 videos/);
    assert.match(
      String(treeItem(harness, await indexNode(harness, 'Lecture archive')).description),
      /^2 videos/,
      'the index row, never expanded, counts one less',
    );
  });

  it('an asset already deleted elsewhere is reported as gone and leaves the tree', async () => {
    const { node, asset } = await firstAssetOf(harness, 'Support calls 2026');
    harness.fake.account.assets.splice(harness.fake.account.assets.indexOf(asset), 1);
    harness.prompts.answer('warning', 'Delete');
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);

    assert.deepEqual(
      harness.prompts.of('information').map((p) => p.message),
      [`“${asset.system_metadata.filename}” was already deleted from TwelveLabs.`],
    );
    assert.ok(
      !(await labelsUnder(harness, await indexNode(harness, 'Support calls 2026'))).includes(
        asset.system_metadata.filename ?? '',
      ),
    );
  });

  it('a server error is shown, and the asset stays in the tree', async () => {
    const { node, asset } = await firstAssetOf(harness, 'Support calls 2026');
    harness.fake.inject({
      method: 'DELETE',
      status: 500,
      body: { code: 'internal_error', message: 'Something broke.' },
    });
    harness.prompts.answer('warning', 'Delete');
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);

    const [error] = harness.prompts.of('error');
    assert.match(error.message, new RegExp(`^Could not delete “${escape(asset.system_metadata.filename ?? '')}”\\.`));
    assert.ok(harness.fake.account.assets.includes(asset));
    assert.ok(
      (await labelsUnder(harness, await indexNode(harness, 'Support calls 2026'))).includes(
        asset.system_metadata.filename ?? '',
      ),
    );
  });

  it('a rejected key offers Set API Key, and nothing is deleted', async () => {
    const { node } = await firstAssetOf(harness, 'Support calls 2026');
    harness.fake.inject({
      method: 'DELETE',
      status: 401,
      body: { code: 'api_key_invalid', message: 'The API key you provided is not valid.' },
    });
    harness.prompts.answer('warning', 'Delete');
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);

    const [error] = harness.prompts.of('error');
    assert.deepEqual(error.buttons, ['Set API Key...']);
    assert.equal(harness.fake.account.assets.length, 62);
  });

  it('a double invoke shows one modal and sends one DELETE', async () => {
    const { node } = await firstAssetOf(harness, 'Support calls 2026');
    let release!: (answer: string) => void;
    const answered = new Promise<string>((resolve) => (release = resolve));
    harness.prompts.answer('warning', () => undefined);
    const window = vscode.window as unknown as { showWarningMessage: (...args: unknown[]) => unknown };
    const recorded = window.showWarningMessage;
    // Hold the first modal open while the second invocation arrives.
    window.showWarningMessage = async (...args: unknown[]) => {
      await recorded(...args);
      return answered;
    };
    try {
      const first = vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);
      await eventually('the first modal', () => harness.prompts.of('warning').length === 1);
      await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);
      release('Delete');
      await first;
    } finally {
      window.showWarningMessage = recorded;
    }
    assert.equal(harness.prompts.of('warning').length, 1);
    assert.equal(deletes(harness).length, 1);
  });

  it('without a key, it says so and shows no modal', async () => {
    await vscode.commands.executeCommand(COMMAND.clearApiKey);
    harness.prompts.reset();
    harness.fake.resetRequests();
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset);
    assert.equal(harness.prompts.of('warning').length, 0);
    const [error] = harness.prompts.of('error');
    assert.match(error.message, /API key/);
    assert.deepEqual(error.buttons, ['Set API Key...']);
    assert.equal(harness.fake.requests.length, 0);
  });

  it('several selected assets: one plural modal, every row goes, and a summary', async () => {
    const index = await indexNode(harness, 'Support calls 2026');
    const rows = (await childrenOf(harness, index)).slice(0, 3);
    const names = rows.map((row) => labelOf(harness, row));
    harness.prompts.answer('warning', 'Delete');

    // The context menu passes the clicked row and the whole selection, here with the index row in it.
    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, rows[0], [...rows, index]);

    const [modal] = harness.prompts.of('warning');
    assert.equal(modal.message, 'Delete 3 indexed assets from the index “Support calls 2026”?');
    assert.equal(modal.options?.modal, true);
    assert.deepEqual(modal.buttons, ['Delete']);
    assert.ok(String(modal.options.detail).startsWith(names.map((name) => `• ${name}\n`).join('')));
    assert.match(String(modal.options.detail), /1 selected item is not an indexed asset and is left alone/);
    assert.equal(deletes(harness).length, 3);
    assert.deepEqual(
      harness.prompts.of('information').map((p) => p.message),
      ['Deleted 3 indexed assets.'],
    );
    const left = await labelsUnder(harness, await indexNode(harness, 'Support calls 2026'));
    assert.deepEqual(
      names.filter((name) => left.includes(name)),
      [],
      'every deleted row is gone',
    );
    assert.match(String(treeItem(harness, await indexNode(harness, 'Support calls 2026')).description), /^49 videos/);
  });

  it('a failure in a bulk delete keeps its row and offers Show Details', async () => {
    const index = await indexNode(harness, 'Support calls 2026');
    const rows = (await childrenOf(harness, index)).slice(0, 2);
    const failing = harness.fake.account.assets.find(
      (asset) => asset.system_metadata.filename === labelOf(harness, rows[1]),
    );
    assert.ok(failing);
    harness.fake.inject({
      method: 'DELETE',
      path: `/indexes/${failing.index_id}/indexed-assets/${failing._id}`,
      status: 500,
      body: { code: 'internal', message: 'Boom.' },
    });
    harness.prompts.answer('warning', (prompt) => (prompt.options?.modal ? 'Delete' : undefined));

    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, rows[0], rows);

    const [, summary] = harness.prompts.of('warning');
    assert.equal(summary.message, 'Deleted 1 of 2 indexed assets. 1 failed.');
    assert.deepEqual(summary.buttons, ['Show Details']);
    assert.ok(
      (await labelsUnder(harness, await indexNode(harness, 'Support calls 2026'))).includes(labelOf(harness, rows[1])),
    );
  });

  it('the Delete key’s binding deletes the row selected in the real view', async () => {
    const { node, asset } = await firstAssetOf(harness, 'Support calls 2026');
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await harness.view.reveal(node, { select: true, focus: true });
    await eventually('the view to report the selection', () => harness.view.selection.includes(node));
    harness.prompts.answer('warning', 'Delete');

    await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, { fromSelection: true });

    const [modal] = harness.prompts.of('warning');
    assert.equal(modal.message, `Delete “${asset.system_metadata.filename}” from the index “Support calls 2026”?`);
    assert.deepEqual(deletes(harness), [`/indexes/${asset.index_id}/indexed-assets/${asset._id}`]);
  });
});

/** Waits for quick pick number `which` to finish loading, makes `label` the active item and accepts it, as Enter would. */
async function choose(harness: Harness, which: number, label: string): Promise<void> {
  const pick = await eventually(`quick pick ${which + 1} to load`, () => {
    const candidate = harness.prompts.quickPicks.at(which);
    return candidate && !candidate.busy && candidate.items.length > 0 ? candidate : undefined;
  });
  const item = pick.items.find((candidate) => candidate.label === label);
  assert.ok(item, `the quick pick offers "${label}"`);
  pick.activeItems = [item];
  // The extension host sends quick pick changes to the workbench on a zero-delay timer.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
