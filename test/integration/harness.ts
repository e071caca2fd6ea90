/** What the integration tests share: the fake API in the extension host, the real extension, and `ui` prompts. */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach } from 'mocha';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import type { AssetsViewNode, SourceAssetNode } from '../../src/core/treeNodes';
import type { TestHooks } from '../../src/extension';
import { SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { FakeTwelveLabsApi, sampleAccount } from '../fake-api/server';
import type { Manifest } from '../support/manifestTypes';
import { PromptScript } from '../support/promptScript';

export function extension(): vscode.Extension<TestHooks | undefined> {
  const id = 'twelvelabs-explorer.twelvelabs-explorer';
  const found = vscode.extensions.getExtension<TestHooks | undefined>(id);
  assert.ok(found, `${id} is installed`);
  return found;
}

/** package.json as the extension host read it (in English). */
export const manifest = (): Manifest => extension().packageJSON as Manifest;

/** Evaluates the `when` clauses this manifest uses: `key`, `!key`, `key == value`, `key =~ /regex/`, joined by `&&`. */
export function whenHolds(clause: string, context: Record<string, unknown>): boolean {
  return clause.split('&&').every((term) => {
    const match = /^\s*(!?)([\w.]+)\s*(?:(==|=~)\s*(\S+))?\s*$/.exec(term);
    assert.ok(match, `unsupported when clause term: ${term}`);
    const [, not, key, operator, value] = match;
    const actual = context[key];
    if (operator === '==') return actual === value;
    if (operator === '=~') return new RegExp(value.slice(1, -1)).test(String(actual));
    return not ? !actual : Boolean(actual);
  });
}

/** The script in the real host: the tests share the extension's `vscode` object, so this replaces its prompts. */
export class HostPrompts extends PromptScript {
  /** Quick picks the extension created, newest last. */
  readonly quickPicks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  /** The last value the extension gave each context key; kept over reset(), as VS Code keeps them. */
  readonly contextKeys = new Map<string, unknown>();

  constructor() {
    super();
    const { window, commands } = vscode;
    const setStatusBarMessage = window.setStatusBarMessage.bind(window) as (text: string, ms: number) => unknown;
    const createQuickPick = window.createQuickPick.bind(window);
    const executeCommand = commands.executeCommand.bind(commands);
    Object.assign(window, {
      showInformationMessage: this.showInformationMessage,
      showWarningMessage: this.showWarningMessage,
      showErrorMessage: this.showErrorMessage,
      showInputBox: this.showInputBox,
      showQuickPick: this.showQuickPick,
      setStatusBarMessage: (message: string, timeout: number) => {
        this.calls.push({ fn: 'setStatusBarMessage', message, timeout });
        return setStatusBarMessage(message, timeout);
      },
      createQuickPick: () => {
        const pick = createQuickPick();
        this.quickPicks.push(pick);
        return pick;
      },
    });
    Object.assign(commands, {
      executeCommand: (command: string, ...args: unknown[]) => {
        if (command === 'setContext') this.contextKeys.set(String(args[0]), args[1]);
        return executeCommand(command, ...args);
      },
    });
  }

  override reset(): void {
    super.reset();
    this.quickPicks.length = 0;
  }
}

export type Harness = Awaited<ReturnType<typeof start>>;

let shared: ReturnType<typeof start> | undefined;

/** The fake API, the activated extension, and readers of its tree as the view shows it. */
async function start() {
  const fake = await FakeTwelveLabsApi.start();
  await vscode.workspace.getConfiguration().update(SETTING.apiBaseUrl, fake.baseUrl, vscode.ConfigurationTarget.Global);
  const hooks = await extension().activate();
  assert.ok(hooks, 'the extension hands its test hooks to the test runner');
  const { tree, assetsTree } = hooks;
  const item = (node: TreeNode) => tree.getTreeItem(node) as vscode.TreeItem;
  const label = (node: TreeNode) => item(node).label as string;
  const children = async (node?: TreeNode) => (await tree.getChildren(node)) ?? [];
  const indexNode = async (name: string) =>
    (await children()).find((node) => label(node) === name) ?? assert.fail(`the tree shows no index "${name}"`);
  const assetItem = (node: AssetsViewNode) => assetsTree.getTreeItem(node) as vscode.TreeItem;
  const assetChildren = async (node?: AssetsViewNode) => (await assetsTree.getChildren(node)) ?? [];
  /** The Assets view's row for an upload, clicking "Load more" until it shows. */
  const assetNode = async (filename: string) => {
    for (;;) {
      const rows = await assetChildren();
      const found = rows.find(
        (node): node is SourceAssetNode => node.kind === 'sourceAsset' && assetItem(node).label === filename,
      );
      if (found) return found;
      const more = rows.at(-1);
      if (more?.kind !== 'loadMore') assert.fail(`the Assets view shows no asset "${filename}"`);
      await vscode.commands.executeCommand(COMMAND.loadMore, more);
    }
  };
  const readers = { item, label, children, indexNode, assetItem, assetChildren, assetNode };
  return { ...hooks, fake, ui: new HostPrompts(), ...readers };
}

// A root hook, as this module loads before any describe runs: the fake API closes after the last test.
after(async () => {
  await (await shared)?.fake.close();
});

/** The shared harness; before each test: the sample account, no faults, the key set through the real command. */
export function useHarness(): Harness {
  const harness = {} as Harness;
  before(async () => {
    Object.assign(harness, await (shared ??= start()));
  });
  beforeEach(async () => {
    const { fake, ui } = harness;
    Object.assign(fake.account, sampleAccount());
    fake.clearFaults();
    ui.reset();
    ui.answer('showInputBox', fake.apiKey);
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.setApiKey);
    await treeQuiet(harness); // VS Code reports the stored key later, maybe twice: each report refreshes the tree
    await vscode.commands.executeCommand(COMMAND.refresh);
    ui.assertDone();
    ui.reset();
    fake.resetRequests();
  });
  afterEach(() => {
    harness.ui.assertDone();
  });
  return harness;
}

/** Resolves once neither tree has redrawn for 400 ms. */
async function treeQuiet({ tree, assetsTree }: Harness): Promise<void> {
  let last = Date.now();
  // Both views: the Assets view, when shown, reloads and scans the indexes on a new key too.
  const redrawn = () => {
    last = Date.now();
  };
  const subscriptions = [tree.onDidChangeTreeData?.(redrawn), assetsTree.onDidChangeTreeData?.(redrawn)];
  await eventually('the trees to stop redrawing', () => Date.now() - last >= 400);
  for (const subscription of subscriptions) subscription?.dispose();
}

/** Polls until `check` returns a value other than undefined or false, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
