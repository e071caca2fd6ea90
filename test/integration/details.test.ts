import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import { COMMAND } from '../support/commands';
import type { FakeAsset } from '../fake-api/types';
import { Harness, childrenOf, indexNode, labelOf, useHarness } from './harness';

/** The row of the asset with this filename, and the fake's record of it. */
async function assetRow(
  harness: Harness,
  indexName: string,
  filename: string,
): Promise<{ node: TreeNode; asset: FakeAsset }> {
  const node = (await childrenOf(harness, await indexNode(harness, indexName))).find(
    (row) => labelOf(harness, row) === filename,
  );
  const asset = harness.fake.account.assets.find((candidate) => candidate.system_metadata.filename === filename);
  assert.ok(node && asset, `the tree shows "${filename}"`);
  return { node, asset };
}

describe('Show Details, Copy ID and Copy Filename', () => {
  const harness = useHarness();

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('Show Details on an asset opens its JSON, with user_metadata, in a read-only twelvelabs: editor', async () => {
    const { node, asset } = await assetRow(harness, 'Product demos', 'onboarding-walkthrough-v3.mp4');
    await vscode.commands.executeCommand(COMMAND.showDetails, node);

    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'an editor is open');
    assert.equal(document.uri.scheme, 'twelvelabs');
    assert.equal(document.uri.path, `/indexes/${asset.index_id}/indexed-assets/${asset._id}.json`);
    assert.equal(document.languageId, 'json');
    const details = JSON.parse(document.getText()) as { _id: unknown; user_metadata: unknown };
    assert.equal(details._id, asset._id);
    assert.deepEqual(details.user_metadata, asset.user_metadata);
    assert.ok(!document.getText().includes(harness.fake.apiKey));

    // Read-only as the user meets it: typing is refused, and nothing can make it dirty or saved.
    // (A WorkspaceEdit does change the model's text: VS Code applies it and answers true.)
    const text = document.getText();
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(document.getText(), text, 'typing changes nothing');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), 'edited');
    await vscode.workspace.applyEdit(edit);
    assert.equal(document.isDirty, false);
    assert.equal(await document.save(), false, 'there is nowhere to save it');
  });

  it('Show Details on an index opens the index’s JSON', async () => {
    await vscode.commands.executeCommand(COMMAND.showDetails, await indexNode(harness, 'Lecture archive'));

    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.scheme, 'twelvelabs');
    const index = harness.fake.account.indexes.find((candidate) => candidate.index_name === 'Lecture archive');
    assert.deepEqual((JSON.parse(document.getText()) as { index_name: unknown }).index_name, index?.index_name);
  });

  it('a failing retrieve shows an error and opens nothing', async () => {
    const { node, asset } = await assetRow(harness, 'Product demos', 'dashboard-tour-2026-q1.mov');
    harness.fake.inject({ method: 'GET', status: 500, body: { code: 'internal_error', message: 'Something broke.' } });
    await vscode.commands.executeCommand(COMMAND.showDetails, node);

    const [error] = harness.prompts.of('error');
    assert.match(error.message, /^Could not load the details of “dashboard-tour-2026-q1\.mov”\./);
    assert.equal(vscode.window.activeTextEditor, undefined);
    assert.ok(
      !vscode.workspace.textDocuments.some((document) => document.uri.path.includes(asset._id)),
      'no document of it',
    );
  });

  it('Copy ID and Copy Filename put the ID and the filename on the clipboard', async () => {
    const { node, asset } = await assetRow(harness, 'Product demos', 'api-keys-in-60-seconds.mp4');
    await vscode.commands.executeCommand(COMMAND.copyId, node);
    assert.equal(await vscode.env.clipboard.readText(), asset._id);
    await vscode.commands.executeCommand(COMMAND.copyFilename, node);
    assert.equal(await vscode.env.clipboard.readText(), 'api-keys-in-60-seconds.mp4');
    await vscode.commands.executeCommand(COMMAND.copyId, await indexNode(harness, 'Product demos'));
    assert.equal(await vscode.env.clipboard.readText(), asset.index_id);

    assert.deepEqual(
      harness.prompts.of('status').map((prompt) => prompt.message),
      [
        'Copied the ID of “api-keys-in-60-seconds.mp4”.',
        'Copied the filename of “api-keys-in-60-seconds.mp4”.',
        'Copied the ID of “Product demos”.',
      ],
    );
  });
});
