import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { COMMAND } from '../support/commands';
import { childrenOf, indexNode, labelOf, useHarness } from './harness';

describe('Show Details', () => {
  const harness = useHarness();

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens an asset’s JSON in a real editor that cannot be edited or saved', async () => {
    const rows = await childrenOf(harness, await indexNode(harness, 'Product demos'));
    const node = rows.find((row) => labelOf(harness, row) === 'onboarding-walkthrough-v3.mp4');
    assert.ok(node?.kind === 'asset');
    await vscode.commands.executeCommand(COMMAND.showDetails, node);

    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'an editor is open');
    assert.equal(
      document.uri.toString(),
      `twelvelabs:/indexes/${node.parent.index._id}/indexed-assets/${node.asset._id}.json`,
    );
    assert.equal(document.languageId, 'json');
    assert.equal((JSON.parse(document.getText()) as { _id: unknown })._id, node.asset._id);

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
});
