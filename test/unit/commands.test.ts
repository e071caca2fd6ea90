/**
 * The VS Code layer's commands, in plain Node: the real extension is activated against the fake
 * `vscode` in ./fakeVscode and the fake TwelveLabs API, and driven through its registered commands
 * as the palette, the tree's context menu and the view would drive them.
 */
import { FakeSecretStorage, UiCall, ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as vscode from 'vscode';
import type { IndexNode, TreeNode } from '../../src/core/accountTree';
import { activate } from '../../src/extension';
import { ApiKeyStore } from '../../src/ui/apiKeyStore';
import { COMMAND, KEY_MISSING_CONTEXT, SETTING, VIEW_ID } from '../../src/ui/contributions';
import { accountWith, startFake } from './support';

const SECRET = ApiKeyStore.secretName;
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const RTL_OVERRIDE = '\u202e';

interface Session {
  secrets: FakeSecretStorage;
  provider: vscode.TreeDataProvider<TreeNode>;
  /** Every onDidChangeTreeData event, in order. */
  treeEvents: unknown[];
  context: { subscriptions: { dispose(): unknown }[] };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every string reachable from plain objects and arrays (class instances such as the tree provider are skipped). */
function stringsIn(value: unknown, found: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') found.push(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return found;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) || proto === Object.prototype || proto === null) {
    for (const item of Object.values(value)) stringsIn(item, found, seen);
  }
  return found;
}

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('commands of the VS Code layer, against the fake window and the fake API', { timeout: 10_000 }, async () => {
  const api = await startFake({ account: accountWith({}) });
  const goodKey = api.apiKey;
  /** Keys this test typed or stored: none may show up in anything the window showed. */
  let keysUsed: Set<string>;
  let session: Session | undefined;

  /** Activates the extension with this key stored, or none for null. */
  async function start(storedKey: string | null = goodKey): Promise<Session> {
    const secrets = new FakeSecretStorage();
    if (storedKey !== null) {
      await secrets.store(SECRET, storedKey);
      keysUsed.add(storedKey);
    }
    const context = { subscriptions: [] as { dispose(): unknown }[], secrets };
    activate(context as unknown as vscode.ExtensionContext);
    const provider = ui.treeViews.get(VIEW_ID)?.treeDataProvider as vscode.TreeDataProvider<TreeNode>;
    assert.ok(provider, 'activate creates the tree view with a provider');
    const treeEvents: Session['treeEvents'] = [];
    provider.onDidChangeTreeData?.((node) => treeEvents.push(node));
    session = { secrets, provider, treeEvents, context };
    return session;
  }

  const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args);
  const item = (s: Session, node: TreeNode) => s.provider.getTreeItem(node) as vscode.TreeItem;
  const labels = (s: Session, nodes: TreeNode[]) => nodes.map((n) => item(s, n).label);
  const roots = async (s: Session) => (await s.provider.getChildren()) ?? [];
  const children = async (s: Session, node: TreeNode) => (await s.provider.getChildren(node)) ?? [];
  async function indexRow(s: Session, name: string): Promise<IndexNode> {
    const node = (await roots(s)).find((n) => item(s, n).label === name);
    assert.ok(node?.kind === 'index', `index row ${name}`);
    return node;
  }
  const typed = (key: string) => (keysUsed.add(key.trim()), key);
  const deletes = () => api.requestsMatching('DELETE').map((r) => [r.path, r.apiKey]);
  const assetId = (name: string) => api.account.assets.find((a) => a.system_metadata.filename === name)?._id ?? assert.fail(name);
  const indexId = (name: string) => api.account.indexes.find((i) => i.index_name === name)?._id ?? assert.fail(name);
  const only = (fn: string): UiCall => {
    const calls = ui.callsOf(fn);
    assert.equal(calls.length, 1, `one ${fn}, got ${JSON.stringify(calls)}`);
    return calls[0];
  };

  beforeEach(() => {
    const fresh = accountWith({ Clips: 4, Archive: 2 });
    api.account.indexes.splice(0, Infinity, ...fresh.indexes);
    api.account.assets.splice(0, Infinity, ...fresh.assets);
    api.clearFaults();
    api.resetRequests();
    ui.reset();
    ui.contribute(pkg);
    ui.settings.global[SETTING.apiBaseUrl] = api.baseUrl;
    keysUsed = new Set([goodKey]);
    session = undefined;
  });

  afterEach(() => {
    session?.context.subscriptions.forEach((d) => d.dispose());
    assert.deepEqual(ui.registeredCommands(), [], 'disposing the subscriptions unregisters every command');
    assert.deepEqual(ui.problems, [], 'no unexpected prompt');
    assert.deepEqual(ui.unanswered(), [], 'every scripted answer was used');
    const shown = stringsIn([ui.calls, [...ui.contextKeys]]);
    for (const key of keysUsed) {
      assert.ok(!shown.some((text) => text.includes(key)), `a key this test used (${key.length} characters) was shown`);
    }
  });

  describe('Delete Indexed Asset from the tree', () => {
    /** The tree with Clips expanded; the newest asset's filename has a right-to-left override in it. */
    async function expandedClips() {
      api.account.assets.find((a) => a.system_metadata.filename === 'Clips-3.mp4')!.system_metadata.filename = `Clips-3${RTL_OVERRIDE}4pm.exe`;
      const s = await start();
      const clips = await indexRow(s, 'Clips');
      const assets = await children(s, clips);
      assert.deepEqual(labels(s, assets), ['Clips-3\uFFFD4pm.exe', 'Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4']);
      assert.equal(item(s, clips).description, '4 videos');
      api.resetRequests();
      return { s, clips, assets };
    }

    test('the modal names the asset and index as the tree shows them, and Escape sends nothing', async () => {
      const { s, clips, assets } = await expandedClips();
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      const modal = only('showWarningMessage');
      assert.equal(modal.message, 'Delete “Clips-3\uFFFD4pm.exe” from the index “Clips”?');
      assert.equal(modal.message, `Delete “${item(s, assets[0]).label}” from the index “${item(s, clips).label}”?`);
      assert.equal(modal.options.modal, true);
      assert.match(modal.options.detail, /cannot be undone/);
      assert.deepEqual(modal.items, ['Delete']);
      assert.deepEqual(ui.calls.map((c) => c.fn), ['showWarningMessage'], 'nothing else shown');
      assert.deepEqual(api.requests, []);
      assert.deepEqual(s.treeEvents, []);
      assert.equal((await children(s, clips)).length, 4);
    });

    test('"Delete" sends one DELETE with the key, then the row goes and the count drops without a reload', async () => {
      const { s, clips, assets } = await expandedClips();
      const id = api.account.assets.find((a) => a.system_metadata.filename?.startsWith('Clips-3'))!._id;
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      assert.deepEqual(deletes(), [[`/indexes/${indexId('Clips')}/indexed-assets/${id}`, goodKey]]);
      assert.equal(s.treeEvents.length, 1);
      assert.equal(s.treeEvents[0], clips, 'the index row is redrawn');
      assert.deepEqual(labels(s, await children(s, clips)), ['Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4']);
      assert.equal(item(s, clips).description, '3 videos');
      assert.equal(api.requests.length, 1, 'no GET after the DELETE');
      const status = only('setStatusBarMessage');
      assert.deepEqual([status.message, status.timeout], ['Deleted “Clips-3\uFFFD4pm.exe” from TwelveLabs.', 5000]);
    });

    test('an asset deleted elsewhere is reported as already deleted, and its row goes', async () => {
      const { s, clips, assets } = await expandedClips();
      const id = api.account.assets.find((a) => a.system_metadata.filename?.startsWith('Clips-3'))!._id;
      api.account.assets.splice(api.account.assets.findIndex((a) => a._id === id), 1);
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      assert.equal(only('showInformationMessage').message, '“Clips-3\uFFFD4pm.exe” was already deleted from TwelveLabs.');
      assert.equal(deletes().length, 1);
      assert.deepEqual(s.treeEvents, [clips]);
      assert.deepEqual(labels(s, await children(s, clips)), ['Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4']);
      assert.equal(item(s, clips).description, '3 videos');
    });

    test('a server error is shown with its reason, and the row stays', async () => {
      const { s, clips, assets } = await expandedClips();
      api.inject({ method: 'DELETE', status: 500, body: '<html><h1>Internal Server Error</h1></html>' });
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      const error = only('showErrorMessage');
      assert.equal(
        error.message,
        'Could not delete “Clips-3\uFFFD4pm.exe”. TwelveLabs had a problem (HTTP 500) and sent a web page (a proxy or gateway may be in the way). Try again in a moment.',
      );
      assert.deepEqual(error.items, []);
      assert.equal(deletes().length, 1);
      assert.deepEqual(s.treeEvents, []);
      assert.equal((await children(s, clips)).length, 4);
      assert.equal(item(s, clips).description, '4 videos');
    });

    test('a rejected key offers "Set API Key...", which opens the key prompt', async () => {
      const { assets } = await expandedClips();
      api.inject({ method: 'DELETE', status: 401, body: { code: 'api_key_invalid', message: 'The API key is invalid.' } });
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showErrorMessage', 'Set API Key...');
      ui.answer('showInputBox', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      const error = only('showErrorMessage');
      assert.match(error.message ?? '', /^Could not delete “Clips-3\uFFFD4pm\.exe”\. TwelveLabs rejected the API key/);
      assert.deepEqual(error.items, ['Set API Key...']);
      assert.equal(only('showInputBox').options.password, true);
    });

    test('a double click shows one modal and sends one DELETE', async () => {
      const { assets } = await expandedClips();
      let press!: (button: string | undefined) => void;
      ui.answer('showWarningMessage', () => new Promise((resolve) => (press = resolve)));
      const first = run(COMMAND.deleteIndexedAsset, assets[0]);
      await run(COMMAND.deleteIndexedAsset, assets[0]);
      assert.equal(ui.callsOf('showWarningMessage').length, 1);
      assert.deepEqual(api.requests, []);
      press('Delete');
      await first;
      assert.equal(deletes().length, 1);
      assert.equal(ui.callsOf('showWarningMessage').length, 1);
    });
  });

  describe('Delete Indexed Asset from the palette', () => {
    test('pick an index, then an asset, both from the API, then confirm', async () => {
      await start();
      const ids = Object.fromEntries(['Clips-3.mp4', 'Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4'].map((name) => [name, assetId(name)]));
      ui.answer('createQuickPick', 'Clips');
      ui.answer('createQuickPick', 'Clips-2.mp4');
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset);

      const [indexes, assets] = ui.callsOf('createQuickPick');
      assert.equal(indexes.title, 'Delete Indexed Asset (1/2)');
      assert.deepEqual(indexes.items, [
        { label: 'Archive', description: '2 videos', detail: undefined },
        { label: 'Clips', description: '4 videos', detail: undefined },
      ]);
      assert.equal(assets.title, 'Delete Indexed Asset (2/2): Clips');
      assert.deepEqual(
        assets.items?.map((i: { label: string; detail: string }) => [i.label, i.detail]),
        Object.entries(ids),
      );
      const modal = only('showWarningMessage');
      assert.equal(modal.message, 'Delete “Clips-2.mp4” from the index “Clips”?');
      assert.deepEqual([modal.options.modal, modal.items], [true, ['Delete']]);
      assert.deepEqual(
        api.requests.map((r) => `${r.method} ${r.path}`),
        ['GET /indexes', `GET /indexes/${indexId('Clips')}/indexed-assets`, `DELETE /indexes/${indexId('Clips')}/indexed-assets/${ids['Clips-2.mp4']}`],
      );
      assert.deepEqual(deletes(), [[`/indexes/${indexId('Clips')}/indexed-assets/${ids['Clips-2.mp4']}`, goodKey]]);
      assert.ok(!api.account.assets.some((a) => a._id === ids['Clips-2.mp4']));
    });

    test(
      'a delete from the palette lowers the count of an index row that is shown but was never expanded',
      async () => {
        const s = await start();
        const clips = await indexRow(s, 'Clips');
        ui.answer('createQuickPick', 'Clips');
        ui.answer('createQuickPick', 'Clips-2.mp4');
        ui.answer('showWarningMessage', 'Delete');
        await run(COMMAND.deleteIndexedAsset);
        assert.equal(deletes().length, 1);
        assert.equal(item(s, clips).description, '3 videos');
        assert.deepEqual(s.treeEvents, [clips]);
      },
    );

    test('Escape in the index picker sends nothing more and shows nothing', async () => {
      await start();
      ui.answer('createQuickPick', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.deepEqual(ui.calls.map((c) => c.fn), ['createQuickPick']);
      assert.deepEqual(api.requests.map((r) => `${r.method} ${r.path}`), ['GET /indexes']);
    });

    test('Escape in the asset picker sends no DELETE', async () => {
      await start();
      ui.answer('createQuickPick', 'Archive');
      ui.answer('createQuickPick', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.deepEqual(ui.calls.map((c) => c.fn), ['createQuickPick', 'createQuickPick']);
      assert.deepEqual(deletes(), []);
    });

    test('a listing that fails closes the picker and says why', async () => {
      await start();
      api.inject({ method: 'GET', path: '/indexes', status: 429, headers: { 'retry-after': '7' } });
      ui.answer('createQuickPick', undefined);
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.equal(only('showErrorMessage').message, 'Could not list your indexed assets. TwelveLabs is limiting the request rate. Try again in 7 s.');
      assert.deepEqual(deletes(), []);
    });

    test('without a key it says so and offers to set one', async () => {
      await start(null);
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.deleteIndexedAsset);
      const error = only('showErrorMessage');
      assert.match(error.message ?? '', /^Could not list your indexed assets\. No TwelveLabs API key is set\./);
      assert.deepEqual(error.items, ['Set API Key...']);
      assert.deepEqual(api.requests, []);
    });
  });

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
      assert.deepEqual([progress.options.location, progress.options.cancellable], [vscode.ProgressLocation.Notification, true]);
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
      const validate = only('showInputBox').options.validateInput as (value: string) => string | undefined;
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
      assert.equal(error.message, 'TwelveLabs rejected this API key: it may be mistyped, revoked or expired. The key was not saved.');
      assert.deepEqual(error.items, ['Try Again']);
      assert.equal(ui.callsOf('showInputBox').length, 2, '"Try Again" asks again');
      assert.deepEqual(api.requests.map((r) => r.apiKey), ['tlk_wrong_key_42']);
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
      assert.deepEqual(ui.callsOf('showInformationMessage').map((c) => c.message), ['TwelveLabs API key saved without checking it.']);
      const [escaped, saved] = ui.callsOf('showWarningMessage');
      for (const warning of [escaped, saved]) {
        assert.match(warning.message ?? '', /^The key could not be checked\. 127\.0\.0\.1:\d+ refused the connection\./);
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
      assert.deepEqual(ui.calls.map((c) => c.fn), ['showInputBox', 'withProgress']);
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

    test('a new base URL in user settings refreshes the tree; a workspace value is ignored', async () => {
      const s = await start(goodKey);
      await vscode.workspace.getConfiguration().update(SETTING.apiBaseUrl, `http://127.0.0.1:${await closedPort()}/v1.3`, vscode.ConfigurationTarget.Workspace);
      assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
      assert.deepEqual(api.requests.map((r) => r.path), ['/indexes'], 'the user setting, not the workspace one');
      const seen = s.treeEvents.length;
      await vscode.workspace.getConfiguration('twelvelabs').update('apiBaseUrl', `${api.origin}/v9`, vscode.ConfigurationTarget.Global);
      assert.deepEqual(s.treeEvents.slice(seen), [undefined]);
      await roots(s);
      assert.equal(api.requests.at(-1)?.path, '/v9/indexes');
    });
  });

  describe('the fake window itself', () => {
    test('fails loudly on a prompt the test did not script, and on a button that is not offered', async () => {
      await assert.rejects(Promise.resolve(vscode.window.showWarningMessage('Surprise?', 'Yes')), /unexpected showWarningMessage/);
      ui.answer('showWarningMessage', 'No');
      await assert.rejects(Promise.resolve(vscode.window.showWarningMessage('Sure?', { modal: true }, 'Yes')), /pressed "No"/);
      ui.answer('showInputBox', 'a b');
      await assert.rejects(Promise.resolve(vscode.window.showInputBox({ validateInput: (v) => (v.includes(' ') ? 'no spaces' : undefined) })), /does not accept/);
      assert.equal(ui.problems.length, 3);
      ui.problems.length = 0;
    });
  });
});
