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
import { COMMAND, SETTING } from '../../src/ui/contributions';
import { FakeTwelveLabsApi, sampleAccount } from '../fake-api/server';
import type { Manifest } from '../support/manifestTypes';
import { HostPrompts } from './prompts';

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
export function whenHolds(clause: string | undefined, context: Record<string, unknown>): boolean {
  return (clause ?? 'true').split('&&').every((term) => {
    if (term.trim() === 'true') return true;
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

const QUIET_MS = 400;
const QUIET_WAIT_MS = 3_000;

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

export async function labelsUnder(harness: Harness, node?: TreeNode): Promise<string[]> {
  return (await childrenOf(harness, node)).map((child) => labelOf(harness, child));
}

export async function indexNode(harness: Harness, name: string): Promise<TreeNode> {
  const found = (await childrenOf(harness)).find((node) => labelOf(harness, node) === name);
  assert.ok(found, `the tree shows the index "${name}"`);
  return found;
}

/**
 * Resolves with the node of the next onDidChangeTreeData event (undefined: the whole tree), and
 * fails when none comes within `timeoutMs`.
 */
export function nextTreeChange(harness: Harness, timeoutMs = 5_000): Promise<TreeNode | undefined | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription?.dispose();
      reject(new assert.AssertionError({ message: `the tree did not redraw within ${timeoutMs} ms` }));
    }, timeoutMs);
    const subscription = harness.tree.onDidChangeTreeData?.((node) => {
      clearTimeout(timer);
      subscription?.dispose();
      // The event's `void` is undefined at run time.
      resolve(Array.isArray(node) ? node[0] : (node as TreeNode | undefined | null));
    });
  });
}

/** Resolves once the tree has not redrawn for QUIET_MS, or after QUIET_WAIT_MS at the most. */
function treeQuiet(harness: Harness): Promise<void> {
  return new Promise((resolve) => {
    let quiet = setTimeout(done, QUIET_MS);
    const longest = setTimeout(done, QUIET_WAIT_MS);
    const subscription = harness.tree.onDidChangeTreeData?.(() => {
      clearTimeout(quiet);
      quiet = setTimeout(done, QUIET_MS);
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
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
