// The command tests' harness: the real extension, activated against the fake `vscode` and the fake
// API, driven through its commands. Call commandHarness() inside a describe: it adds its hooks.
import { FakeMemento, FakeSecretStorage, UiCall, UiCallOf, ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import * as vscode from 'vscode';
import type { IndexNode, TreeNode } from '../../src/core/accountTree';
import { TestHooks, activate } from '../../src/extension';
import { ApiKeyStore } from '../../src/ui/apiKeyStore';
import { ASSETS_VIEW_ID, SETTING, VIEW_ID } from '../../src/ui/contributions';
import { localizedManifest } from '../support/manifest';
import { accountWith, resetFake, startFake } from './support';

export const SECRET = ApiKeyStore.secretName;
const pkg = localizedManifest();
export const RTL_OVERRIDE = '\u202e';

interface Session {
  secrets: FakeSecretStorage;
  provider: vscode.TreeDataProvider<TreeNode>;
  /** Every onDidChangeTreeData event, in order. */
  treeEvents: unknown[];
  context: { subscriptions: { dispose(): unknown }[] };
  workspaceState: FakeMemento;
  /** The extension's global storage (where the deletion record goes), removed after the test. */
  storage: string;
  services: TestHooks['services'];
}

/** Every string reachable from plain objects and arrays (class instances such as the tree provider are skipped). */
function stringsIn(value: unknown, found: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') found.push(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return found;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) || proto === Object.prototype || proto === null) {
    for (const item of Object.values(value)) stringsIn(item, found, seen);
  }
  return found;
}

/** Sets up the fake API and window for the enclosing describe, and returns what its tests use. */
export async function commandHarness() {
  const api = await startFake({ account: accountWith({}) });
  const goodKey = api.apiKey;
  /** Keys this test typed or stored: none may show up in anything the window showed. */
  let keysUsed: Set<string>;
  let session: Session | undefined;

  /** Activates the extension with this key stored (none for null); `workspaceState` carries state from an earlier session. */
  async function start(storedKey: string | null = goodKey, workspaceState = new FakeMemento()): Promise<Session> {
    const secrets = new FakeSecretStorage();
    if (storedKey !== null) {
      await secrets.store(SECRET, storedKey);
      keysUsed.add(storedKey);
    }
    const storage = join(tmpdir(), `twelvelabs-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const context = {
      subscriptions: [] as { dispose(): unknown }[],
      secrets,
      workspaceState,
      globalState: new FakeMemento(),
      globalStorageUri: vscode.Uri.file(storage),
      extensionMode: vscode.ExtensionMode.Test,
    };
    const hooks = activate(context as unknown as vscode.ExtensionContext) ?? assert.fail('no test hooks');
    const provider = ui.treeViews.get(VIEW_ID)?.treeDataProvider as vscode.TreeDataProvider<TreeNode>;
    assert.ok(provider, 'activate creates the tree view with a provider');
    const treeEvents: Session['treeEvents'] = [];
    provider.onDidChangeTreeData?.((node) => treeEvents.push(node));
    session = { secrets, provider, treeEvents, context, workspaceState, storage, services: hooks.services };
    return session;
  }

  const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args);
  const item = (s: Session, node: TreeNode) => s.provider.getTreeItem(node) as vscode.TreeItem;
  const labels = (s: Session, nodes: TreeNode[]) => nodes.map((n) => item(s, n).label);
  /** A row's label, which the tree gives as plain text. */
  const label = (s: Session, node: TreeNode): string => {
    const text = item(s, node).label;
    assert.ok(typeof text === 'string', `a plain-text label, got ${JSON.stringify(text)}`);
    return text;
  };
  /** The tree view the extension created. */
  const view = () => ui.treeViews.get(VIEW_ID) ?? assert.fail('no tree view was created');
  /** The Assets view the extension created. */
  const assetsView = () => ui.treeViews.get(ASSETS_VIEW_ID) ?? assert.fail('no Assets view was created');
  const roots = async (s: Session) => (await s.provider.getChildren()) ?? [];
  const children = async (s: Session, node: TreeNode) => (await s.provider.getChildren(node)) ?? [];
  async function indexRow(s: Session, name: string): Promise<IndexNode> {
    const node = (await roots(s)).find((n) => item(s, n).label === name);
    assert.ok(node?.kind === 'index', `index row ${name}`);
    return node;
  }
  /** Every index expanded: a row, index or asset, by its label. */
  async function rowsByLabel(s: Session): Promise<(label: string) => TreeNode> {
    const rows = new Map<unknown, TreeNode>();
    for (const index of await roots(s)) {
      rows.set(item(s, index).label, index);
      for (const node of await children(s, index)) rows.set(item(s, node).label, node);
    }
    return (name) => rows.get(name) ?? assert.fail(`no row ${name}`);
  }
  const typed = (key: string) => (keysUsed.add(key.trim()), key);
  const deletes = () => api.requestsMatching('DELETE').map((r) => [r.path, r.apiKey]);
  const assetId = (name: string) =>
    api.account.assets.find((a) => a.system_metadata.filename === name)?._id ?? assert.fail(name);
  const indexId = (name: string) => api.account.indexes.find((i) => i.index_name === name)?._id ?? assert.fail(name);
  /** The path a DELETE of the asset with this filename goes to. */
  const deletePath = (name: string) => {
    const asset = api.account.assets.find((a) => a.system_metadata.filename === name) ?? assert.fail(name);
    return `/indexes/${asset.index_id}/indexed-assets/${asset._id}`;
  };
  const only = <F extends UiCall['fn']>(fn: F): UiCallOf<F> => {
    const calls = ui.callsOf(fn);
    assert.equal(calls.length, 1, `one ${fn}, got ${JSON.stringify(calls)}`);
    return calls[0];
  };

  beforeEach(() => {
    resetFake(api, accountWith({ Clips: 4, Archive: 2 }));
    ui.reset();
    ui.contribute(pkg);
    ui.settings.global[SETTING.apiBaseUrl] = api.baseUrl;
    keysUsed = new Set([goodKey]);
    session = undefined;
  });

  afterEach(() => {
    session?.context.subscriptions.forEach((d) => d.dispose());
    if (session) rmSync(session.storage, { recursive: true, force: true });
    assert.deepEqual(ui.registeredCommands(), [], 'disposing the subscriptions unregisters every command');
    assert.deepEqual(ui.problems, [], 'no unexpected prompt');
    assert.deepEqual(ui.unanswered(), [], 'every scripted answer was used');
    const shown = stringsIn([ui.calls, [...ui.contextKeys], ui.log, ui.settings]);
    for (const key of keysUsed) {
      assert.ok(!shown.some((text) => text.includes(key)), `a key this test used (${key.length} characters) was shown`);
    }
  });

  return {
    api,
    goodKey,
    start,
    run,
    item,
    label,
    labels,
    view,
    assetsView,
    roots,
    children,
    indexRow,
    rowsByLabel,
    typed,
    deletes,
    assetId,
    indexId,
    deletePath,
    only,
  };
}
