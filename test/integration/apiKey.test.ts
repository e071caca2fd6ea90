import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { KEY_MISSING_CONTEXT } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { childrenOf, useHarness } from './harness';

describe('The API key in VS Code’s SecretStorage', () => {
  const harness = useHarness();

  it('Clear removes it: the tree empties, the welcome shows, nothing is sent; Set stores it again', async () => {
    const { fake, ui } = harness;
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.clearApiKey);
    assert.deepEqual(await childrenOf(harness), []);
    assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), true);
    assert.equal(fake.requests.length, 0, 'nothing is sent without a key');

    ui.answer('showInputBox', `  ${fake.apiKey}\n`);
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.setApiKey);
    assert.equal((await childrenOf(harness)).length, fake.account.indexes.length);
    assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), false);
    assert.deepEqual(
      fake.requests.map((request) => [request.query.page_limit?.[0], request.apiKey]),
      [
        ['1', fake.apiKey],
        ['50', fake.apiKey],
      ],
      'one check of the key, then the list, both with the stored key, trimmed',
    );
  });
});
