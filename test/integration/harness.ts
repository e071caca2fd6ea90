/**
 * What every integration test shares: one fake TwelveLabs API started inside the extension host,
 * the real extension activated against it, and its prompts scripted through `ui` as in the unit
 * layer. Call useHarness() at the top of a describe; before each test the account is the sample
 * one again, faults and recorded requests are cleared, and the key is set (through the real
 * command); after it, every prompt must have been scripted and every answer used.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach } from 'mocha';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import type { TestHooks } from '../../src/extension';
import { SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { FakeTwelveLabsApi, sampleAccount } from '../fake-api/server';
import type { Manifest } from '../support/manifestTypes';
import { PromptScript } from '../support/promptScript';

export const EXTENSION_ID = 'twelvelabs-explorer.twelvelabs-explorer';

/** package.json as the extension host read it (in English). */
export function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.packageJSON as Manifest;
}

/**
 * Evaluates the `when` clauses this manifest uses: `key`, `!key`, `key == value`, `key != value` and
 * `key =~ /regex/`, joined by `&&`. Anything else fails loudly rather than guessing.
 */
export function whenHolds(clause: string, context: Record<string, unknown>): boolean {
  return clause.split('&&').every((term) => {
    const match = /^\s*(!?)([\w.]+)\s*(?:(==|!=|=~)\s*(\S+))?\s*$/.exec(term);
    assert.ok(match, `unsupported when clause term: ${term}`);
    const [, not, key, operator, value] = match;
    const actual = context[key];
    if (operator === '==') return actual === value;
    if (operator === '!=') return actual !== value;
    if (operator === '=~') return new RegExp(value.slice(1, -1)).test(String(actual));
    return not ? !actual : Boolean(actual);
  });
}

/**
 * The shared prompt script in the real host. The tests load `vscode` from this extension's folder,
 * so they share the extension's API object: replacing a `window` function here replaces it for the
 * extension too. Quick picks from createQuickPick stay real (tests drive them); status-bar messages
 * are recorded and still shown, and context keys are recorded.
 */
export class HostPrompts extends PromptScript {
  /** Quick picks the extension created, newest last. */
  readonly quickPicks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  /** The last value the extension gave each context key; kept over reset(), as VS Code keeps them. */
  readonly contextKeys = new Map<string, unknown>();
  private readonly undo: (() => void)[] = [];

  install(): void {
    const { window, commands } = vscode;
    const setStatusBarMessage = window.setStatusBarMessage.bind(window) as (text: string, ms: number) => unknown;
    const createQuickPick = window.createQuickPick.bind(window);
    const executeCommand = commands.executeCommand.bind(commands);
    this.replace(window, {
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
    this.replace(commands, {
      executeCommand: (command: string, ...args: unknown[]) => {
        if (command === 'setContext') this.contextKeys.set(String(args[0]), args[1]);
        return executeCommand(command, ...args);
      },
    });
  }

  /** Puts the real functions back. */
  restore(): void {
    for (const undo of this.undo.splice(0).reverse()) undo();
  }

  override reset(): void {
    super.reset();
    this.quickPicks.length = 0;
  }

  private replace(target: object, replacements: Record<string, unknown>): void {
    for (const [name, replacement] of Object.entries(replacements)) {
      const original: unknown = Reflect.get(target, name);
      this.undo.push(() => Reflect.set(target, name, original));
      Reflect.set(target, name, replacement);
    }
  }
}

export interface Harness {
  fake: FakeTwelveLabsApi;
  ui: HostPrompts;
  tree: vscode.TreeDataProvider<TreeNode>;
  view: vscode.TreeView<TreeNode>;
}

let shared: Promise<Harness> | undefined;
let users = 0;

async function start(): Promise<Harness> {
  const fake = await FakeTwelveLabsApi.start();
  await vscode.workspace.getConfiguration().update(SETTING.apiBaseUrl, fake.baseUrl, vscode.ConfigurationTarget.Global);
  const extension = vscode.extensions.getExtension<TestHooks | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const hooks = await extension.activate();
  assert.ok(hooks, 'the extension hands its test hooks to the test runner');
  const ui = new HostPrompts();
  ui.install();
  return { fake, ui, tree: hooks.tree, view: hooks.view };
}

/** The shared harness, set up fresh before each test of the calling describe. */
export function useHarness(): Harness {
  const harness = {} as Harness;
  before(async () => {
    users++;
    Object.assign(harness, await (shared ??= start()));
  });
  beforeEach(async () => {
    const { fake, ui } = harness;
    const account = sampleAccount();
    fake.account.indexes.splice(0, Infinity, ...account.indexes);
    fake.account.assets.splice(0, Infinity, ...account.assets);
    fake.clearFaults();
    ui.reset();
    ui.answer('showInputBox', fake.apiKey);
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.setApiKey);
    // Storing the key refreshes the tree when VS Code reports the change, which may come after the
    // command returns (and more than once): let those refreshes pass before the test begins.
    await treeQuiet(harness);
    await vscode.commands.executeCommand(COMMAND.refresh);
    ui.assertDone();
    ui.reset();
    fake.resetRequests();
  });
  afterEach(() => {
    harness.ui.assertDone();
  });
  after(async () => {
    if (--users === 0 && shared) {
      const { fake, ui } = await shared;
      shared = undefined;
      ui.restore();
      await fake.close();
    }
  });
  return harness;
}

export function treeItem(harness: Harness, node: TreeNode): vscode.TreeItem {
  return harness.tree.getTreeItem(node) as vscode.TreeItem;
}

export function labelOf(harness: Harness, node: TreeNode): string {
  const { label } = treeItem(harness, node);
  return typeof label === 'string' ? label : (label?.label ?? '');
}

export async function childrenOf(harness: Harness, node?: TreeNode): Promise<TreeNode[]> {
  return (await harness.tree.getChildren(node)) ?? [];
}

export async function indexNode(harness: Harness, name: string): Promise<TreeNode> {
  const found = (await childrenOf(harness)).find((node) => labelOf(harness, node) === name);
  assert.ok(found, `the tree shows the index "${name}"`);
  return found;
}

/** Resolves once the tree has not redrawn for `quietMs`, or after `longestMs` at the most. */
function treeQuiet(harness: Harness, quietMs = 400, longestMs = 3_000): Promise<void> {
  return new Promise((resolve) => {
    let quiet = setTimeout(done, quietMs);
    const longest = setTimeout(done, longestMs);
    const subscription = harness.tree.onDidChangeTreeData?.(() => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    });
    function done(): void {
      clearTimeout(quiet);
      clearTimeout(longest);
      subscription?.dispose();
      resolve();
    }
  });
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
