/** Set API Key, Clear API Key and how the tree follows the key and the settings, in plain Node. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import { KEY_MISSING_CONTEXT, SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { SECRET, closedPort, commandHarness } from './commandHarness';

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('the key commands and the tree, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, goodKey, start, run, labels, roots, typed, only } = await commandHarness();

  describe('Set API Key', () => {
    test('asks with a password box, checks the trimmed key with one request, stores it and refreshes the tree', async () => {
      const s = await start(null);
      assert.deepEqual(await roots(s), []);
      ui.answer('showInputBox', typed(`  ${goodKey} \n`));
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.setApiKey);

      const box = only('showInputBox');
      assert.equal(box.options.password, true);
      assert.equal(box.options.ignoreFocusOut, true);
      const progress = only('withProgress');
      assert.deepEqual(
        [progress.options.location, progress.options.cancellable],
        [vscode.ProgressLocation.Notification, true],
      );
      assert.deepEqual(
        api.requests.map((r) => [r.method, r.path, r.query.page_limit, r.apiKey]),
        [['GET', '/indexes', ['1'], goodKey]],
      );
      assert.equal(await s.secrets.get(SECRET), goodKey);
      assert.equal(only('showInformationMessage').message, 'TwelveLabs API key saved.');
      assert.deepEqual(s.treeEvents, [undefined]);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), false);
    });

    test('a keychain that refuses is explained, and the view falls back to the welcome', async () => {
      const s = await start(null);
      s.secrets.unavailable = true;
      ui.answer('showInputBox', typed(goodKey));
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.setApiKey);
      assert.equal(
        only('showErrorMessage').message,
        'VS Code could not store the key in its secret storage. Your system keychain may be locked or unavailable. The key was not saved.',
      );
      assert.deepEqual(await roots(s), []);
      assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), true);
    });

    test('an empty key is refused with a message, and nothing is sent or stored', async () => {
      const s = await start(null);
      ui.answer('showInputBox', '   ');
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.setApiKey);
      assert.equal(only('showErrorMessage').message, 'Enter your TwelveLabs API key. The key was not changed.');
      assert.equal(await s.secrets.get(SECRET), undefined);
      assert.deepEqual(api.requests, []);
    });

    test('the box refuses a key with spaces inside while it is typed, but not an empty box', async () => {
      await start(null);
      ui.answer('showInputBox', undefined);
      await run(COMMAND.setApiKey);
      const { options } = only('showInputBox');
      const validate = (value: string) => options.validateInput?.(value) as string | undefined;
      assert.match(validate('tlk_abc def') ?? '', /no spaces/);
      assert.match(validate('tlk_abc\ndef') ?? '', /no spaces, line breaks/);
      assert.equal(validate(''), undefined);
      assert.equal(validate(` ${goodKey}\n`), undefined);
      assert.deepEqual(api.requests, []);
    });

    test('a key TwelveLabs rejects is not stored, and the old key stays', async () => {
      const s = await start(goodKey);
      ui.answer('showInputBox', typed('tlk_wrong_key_42'));
      ui.answer('showErrorMessage', 'Try Again');
      ui.answer('showInputBox', undefined);
      await run(COMMAND.setApiKey);
      const error = only('showErrorMessage');
      assert.equal(
        error.message,
        'TwelveLabs rejected this API key: it may be mistyped, revoked or expired. The key was not saved.',
      );
      assert.deepEqual(error.items, ['Try Again']);
      assert.equal(ui.callsOf('showInputBox').length, 2, '"Try Again" asks again');
      assert.deepEqual(
        api.requests.map((r) => r.apiKey),
        ['tlk_wrong_key_42'],
      );
      assert.equal(await s.secrets.get(SECRET), goodKey);
      assert.deepEqual(s.treeEvents, []);
    });

    test('when TwelveLabs cannot be reached, "Save Anyway" stores the key and Escape does not', async () => {
      const s = await start(null);
      ui.settings.global[SETTING.apiBaseUrl] = `http://127.0.0.1:${await closedPort()}/v1.3`;
      ui.answer('showInputBox', typed(goodKey));
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.setApiKey);
      assert.equal(await s.secrets.get(SECRET), undefined);

      ui.answer('showInputBox', typed(goodKey));
      ui.answer('showWarningMessage', 'Save Anyway');
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.setApiKey);
      assert.deepEqual(
        ui.callsOf('showInformationMessage').map((c) => c.message),
        ['TwelveLabs API key saved without checking it.'],
      );
      const [escaped, saved] = ui.callsOf('showWarningMessage');
      for (const warning of [escaped, saved]) {
        assert.match(warning.message, /^The key could not be checked\. 127\.0\.0\.1:\d+ refused the connection\./);
        assert.deepEqual(warning.items, ['Save Anyway']);
        assert.equal(warning.options, undefined, 'not modal');
      }
      assert.equal(await s.secrets.get(SECRET), goodKey);
    });

    test('cancelling the check stores nothing and shows nothing more', async () => {
      const s = await start(null);
      api.inject({ method: 'GET', path: '/indexes', delayMs: 5000 });
      ui.answer('showInputBox', typed(goodKey));
      const running = run(COMMAND.setApiKey);
      while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      only('withProgress').cancel();
      await running;
      assert.deepEqual(
        ui.calls.map((c) => c.fn),
        ['showInputBox', 'withProgress'],
      );
      assert.equal(await s.secrets.get(SECRET), undefined);
    });
  });

  describe('the key and the tree', () => {
    test('Clear API Key removes the secret; the tree then shows the welcome and nothing else', async () => {
      const s = await start(goodKey);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), false);
      api.resetRequests();
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.clearApiKey);

      assert.equal(only('showInformationMessage').message, 'TwelveLabs API key removed from VS Code’s secret storage.');
      assert.equal(await s.secrets.get(SECRET), undefined);
      assert.deepEqual(s.treeEvents, [undefined]);
      assert.deepEqual(await roots(s), []);
      assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), true);
      assert.deepEqual(api.requests, []);
    });

    test('Clear API Key without a key says so', async () => {
      const s = await start(null);
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.clearApiKey);
      assert.equal(only('showInformationMessage').message, 'No TwelveLabs API key is set.');
      assert.deepEqual(s.treeEvents, []);
    });

    test('a key stored from another window refreshes the tree', async () => {
      const s = await start(null);
      assert.deepEqual(await roots(s), []);
      assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), true);
      await s.secrets.store(SECRET, goodKey);
      assert.deepEqual(s.treeEvents, [undefined]);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), false);
      await s.secrets.store('someOtherExtension.secret', 'x');
      assert.deepEqual(s.treeEvents, [undefined], 'other secrets are ignored');
    });

    test('a new base URL, in user or workspace settings, refreshes the tree and is used', async () => {
      const s = await start(goodKey);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      await vscode.workspace
        .getConfiguration('twelvelabs')
        .update('apiBaseUrl', `${api.origin}/proxy/v1.3`, vscode.ConfigurationTarget.Global);
      assert.deepEqual(s.treeEvents, [undefined]);
      await roots(s);
      assert.equal(api.requests.at(-1)?.path, '/proxy/v1.3/indexes');
      // A trusted workspace's value wins; VS Code drops it in an untrusted one (restrictedConfigurations).
      await vscode.workspace
        .getConfiguration()
        .update(SETTING.apiBaseUrl, `${api.origin}/eu/v1.3`, vscode.ConfigurationTarget.Workspace);
      assert.deepEqual(s.treeEvents, [undefined, undefined]);
      await roots(s);
      assert.equal(api.requests.at(-1)?.path, '/eu/v1.3/indexes');
    });
  });

  describe('the fake window itself', () => {
    test('fails loudly on a prompt the test did not script, and on a button that is not offered', async () => {
      await assert.rejects(
        Promise.resolve(vscode.window.showWarningMessage('Surprise?', 'Yes')),
        /unexpected showWarningMessage/,
      );
      ui.answer('showWarningMessage', 'No');
      await assert.rejects(
        Promise.resolve(vscode.window.showWarningMessage('Sure?', { modal: true }, 'Yes')),
        /pressed "No"/,
      );
      ui.answer('showInputBox', 'a b');
      await assert.rejects(
        Promise.resolve(
          vscode.window.showInputBox({ validateInput: (v) => (v.includes(' ') ? 'no spaces' : undefined) }),
        ),
        /does not accept/,
      );
      assert.equal(ui.problems.length, 3);
      ui.problems.length = 0;
    });
  });
});
