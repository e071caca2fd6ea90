import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { KEY_MISSING_CONTEXT } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { childrenOf, manifest, nextTreeChange, useHarness } from './harness';

describe('The API key', () => {
  const harness = useHarness();

  it('without a key, the tree is empty and the welcome view’s context key is set', async () => {
    await vscode.commands.executeCommand(COMMAND.clearApiKey);
    harness.fake.resetRequests();
    assert.deepEqual(await childrenOf(harness), []);
    assert.equal(harness.prompts.contextKeys.get(KEY_MISSING_CONTEXT), true);
    assert.equal(harness.fake.requests.length, 0, 'nothing is sent without a key');

    const welcome = manifest().contributes.viewsWelcome.find((entry) => entry.view === 'twelvelabs.indexes');
    assert.ok(welcome, 'a welcome for the view');
    assert.equal(welcome.when, KEY_MISSING_CONTEXT);
    assert.match(welcome.contents, /\[Set API Key\]\(command:twelvelabs\.setApiKey\)/);
  });

  it('Set API Key asks in a password box, checks the key, stores it trimmed and refreshes the tree', async () => {
    await vscode.commands.executeCommand(COMMAND.clearApiKey);
    await childrenOf(harness);
    harness.fake.resetRequests();
    harness.prompts.reset();
    harness.prompts.answer('inputBox', `  ${harness.fake.apiKey}\n`);

    const changed = nextTreeChange(harness);
    await vscode.commands.executeCommand(COMMAND.setApiKey);
    const [box] = harness.prompts.of('inputBox');
    assert.equal(box.options?.password, true);
    assert.equal(box.options.ignoreFocusOut, true);
    assert.equal(await changed, undefined, 'the whole tree is redrawn');
    assert.deepEqual(
      harness.prompts.of('information').map((p) => p.message),
      ['TwelveLabs API key saved.'],
    );

    assert.equal((await childrenOf(harness)).length, harness.fake.account.indexes.length);
    assert.equal(harness.prompts.contextKeys.get(KEY_MISSING_CONTEXT), false);
    assert.deepEqual(
      harness.fake.requests.map((request) => [request.query.page_limit?.[0], request.apiKey]),
      [
        ['1', harness.fake.apiKey],
        ['50', harness.fake.apiKey],
      ],
      'one check of the key, then the list, both with the trimmed key',
    );
  });

  it('a key TwelveLabs rejects is not stored, and the one before stays', async () => {
    harness.prompts.answer('inputBox', 'tlk_wrong_key_0000000000');
    await vscode.commands.executeCommand(COMMAND.setApiKey);
    const [error] = harness.prompts.of('error');
    assert.match(error.message, /TwelveLabs rejected this API key/);
    assert.match(error.message, /was not saved/);
    assert.ok(!error.message.includes('tlk_wrong_key'), 'the key is not echoed');

    harness.fake.resetRequests();
    await vscode.commands.executeCommand(COMMAND.refresh);
    assert.equal((await childrenOf(harness)).length, harness.fake.account.indexes.length);
    assert.ok(harness.fake.requests.every((request) => request.apiKey === harness.fake.apiKey));
  });

  it('Clear API Key removes the key, empties the tree and stops all requests', async () => {
    await childrenOf(harness);
    const changed = nextTreeChange(harness);
    await vscode.commands.executeCommand(COMMAND.clearApiKey);
    assert.equal(await changed, undefined);
    harness.fake.resetRequests();
    assert.deepEqual(await childrenOf(harness), []);
    assert.equal(harness.prompts.contextKeys.get(KEY_MISSING_CONTEXT), true);
    assert.equal(harness.fake.requests.length, 0);
    assert.deepEqual(
      harness.prompts.of('information').map((p) => p.message),
      ['TwelveLabs API key removed from VS Code’s secret storage.'],
    );
  });
});
