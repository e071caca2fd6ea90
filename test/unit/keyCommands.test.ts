// Set API Key, Clear API Key and how the tree follows the key and the settings. The key's own
// rules (trimming, what is refused) are client.test.ts'; checkKey's one cheap request too.
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import { KEY_MISSING_CONTEXT, SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { SECRET, commandHarness } from './commandHarness';
import { startFake } from './support';

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('the key commands and the tree, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, goodKey, start, run, labels, roots, typed, only } = await commandHarness();
  const keyMissing = () => ui.contextKeys.get(KEY_MISSING_CONTEXT);

  describe('Set API Key', () => {
    test('asks in a password box, checks the trimmed key with progress, stores it and shows the tree', async () => {
      const s = await start(null);
      assert.deepEqual(await roots(s), []);
      ui.answer('showInputBox', typed(`  ${goodKey} \n`));
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.setApiKey);

      const { options } = only('showInputBox');
      assert.deepEqual([options.password, options.ignoreFocusOut], [true, true]);
      const progress = only('withProgress').options;
      assert.deepEqual([progress.location, progress.cancellable], [vscode.ProgressLocation.Notification, true]);
      const keysSent = api.requests.map((r) => r.apiKey);
      assert.deepEqual(keysSent, [goodKey]);
      assert.equal(await s.secrets.get(SECRET), goodKey);
      assert.equal(only('showInformationMessage').message, 'TwelveLabs API key saved.');
      assert.deepEqual(s.treeEvents, [undefined]);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.equal(keyMissing(), false);
    });

    test('the box flags a key with spaces as it is typed; an empty key is refused on Enter, and nothing is sent', async () => {
      const s = await start(null);
      ui.answer('showInputBox', '   ');
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.setApiKey);
      assert.equal(only('showErrorMessage').message, 'Enter your TwelveLabs API key. The key was not changed.');
      const validate = (value: string) => only('showInputBox').options.validateInput?.(value) as string | undefined;
      assert.match(validate('tlk_abc def') ?? '', /no spaces/);
      assert.equal(validate(''), undefined);
      assert.equal(await s.secrets.get(SECRET), undefined);
      assert.deepEqual(api.requests, []);
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
      assert.equal(keyMissing(), true);
    });

    test('a key TwelveLabs rejects is not stored, the old key stays, and "Try Again" asks again', async () => {
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
      assert.equal(ui.callsOf('showInputBox').length, 2);
      assert.equal(await s.secrets.get(SECRET), goodKey);
      assert.deepEqual(s.treeEvents, []);
    });

    test('when TwelveLabs cannot be reached, "Save Anyway" stores the key and Escape does not', async () => {
      const s = await start(null);
      const closed = await startFake(); // then closed: nothing answers there
      await closed.close();
      ui.settings.global[SETTING.apiBaseUrl] = closed.baseUrl;
      for (const choice of [undefined, 'Save Anyway']) {
        ui.answer('showInputBox', typed(goodKey));
        ui.answer('showWarningMessage', choice);
        if (choice) ui.answer('showInformationMessage', undefined);
        await run(COMMAND.setApiKey);
        assert.equal(await s.secrets.get(SECRET), choice === undefined ? undefined : goodKey);
      }
      assert.equal(only('showInformationMessage').message, 'TwelveLabs API key saved without checking it.');
      for (const warning of ui.callsOf('showWarningMessage')) {
        assert.match(warning.message, /^The key could not be checked\. 127\.0\.0\.1:\d+ refused the connection\./);
        assert.deepEqual(warning.items, ['Save Anyway']);
        assert.equal(warning.options, undefined, 'not modal');
      }
    });

    test('cancelling the check stores nothing and shows nothing more', async () => {
      const s = await start(null);
      api.inject({ method: 'GET', path: '/indexes', delayMs: 5000 });
      ui.answer('showInputBox', typed(goodKey));
      const running = run(COMMAND.setApiKey);
      while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      only('withProgress').cancel();
      await running;
      const shown = ui.calls.map((c) => c.fn);
      assert.deepEqual(shown, ['showInputBox', 'withProgress']);
      assert.equal(await s.secrets.get(SECRET), undefined);
    });
  });

  describe('the key and the tree', () => {
    test('the tree follows the stored key: Clear API Key empties it, a key stored from another window fills it', async () => {
      const s = await start(goodKey);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.equal(keyMissing(), false);
      api.resetRequests();
      ui.answer('showInformationMessage', undefined);
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.clearApiKey);
      await run(COMMAND.clearApiKey);
      assert.deepEqual(
        ui.callsOf('showInformationMessage').map((call) => call.message),
        ['TwelveLabs API key removed from VS Code’s secret storage.', 'No TwelveLabs API key is set.'],
      );
      assert.equal(await s.secrets.get(SECRET), undefined);
      assert.deepEqual(s.treeEvents, [undefined]);
      assert.deepEqual(await roots(s), []);
      assert.equal(keyMissing(), true);
      assert.deepEqual(api.requests, []);

      await s.secrets.store(SECRET, goodKey);
      assert.deepEqual(s.treeEvents, [undefined, undefined]);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.equal(keyMissing(), false);
      await s.secrets.store('someOtherExtension.secret', 'x');
      assert.deepEqual(s.treeEvents, [undefined, undefined], 'other secrets are ignored');
    });

    test('a new base URL, in user or workspace settings, refreshes the tree and is used', async () => {
      const s = await start(goodKey);
      await roots(s);
      const edits: [vscode.ConfigurationTarget, string][] = [
        [vscode.ConfigurationTarget.Global, '/proxy/v1.3'],
        // A trusted workspace's value wins; VS Code drops it in an untrusted one (restrictedConfigurations).
        [vscode.ConfigurationTarget.Workspace, '/eu/v1.3'],
      ];
      for (const [target, path] of edits) {
        await vscode.workspace.getConfiguration().update(SETTING.apiBaseUrl, `${api.origin}${path}`, target);
        await roots(s);
        assert.equal(api.requests.at(-1)?.path, `${path}/indexes`);
      }
      assert.deepEqual(s.treeEvents, [undefined, undefined]);
    });
  });

  test('the fake window fails loudly on a prompt nobody scripted, a button not offered, or text the box refuses', async () => {
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
    const noSpaces = (v: string) => (v.includes(' ') ? 'no spaces' : undefined);
    await assert.rejects(Promise.resolve(vscode.window.showInputBox({ validateInput: noSpaces })), /does not accept/);
    assert.equal(ui.problems.length, 3);
    ui.problems.length = 0;
  });
});
