/** The fault matrix's cases marked `ui`, seen through the real tree and commands (the unit layer runs them all). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import { COMMAND } from '../support/commands';
import { FAULT_CASES, FaultCase, deleteTarget, supportIndex } from '../fault-matrix/cases';
import { Harness, useHarness } from './harness';

/** What a row puts on screen: label, description and tooltip, a line each. */
function rowLines(harness: Harness, node: TreeNode): string[] {
  const item = harness.item(node);
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
  return [harness.label(node), String(item.description ?? ''), tooltip].flatMap((text) => text.split('\n'));
}

/** The rows of "Support calls 2026" once every "Load more" was clicked. */
async function expandToEnd(harness: Harness): Promise<TreeNode[]> {
  const indexId = supportIndex(harness.fake)._id;
  const index = (await harness.children()).find((node) => node.kind === 'index' && node.index._id === indexId);
  assert.ok(index, 'the index is listed');
  for (let clicks = 0; ; clicks++) {
    const rows = await harness.children(index);
    const command = rows.length > 0 ? harness.item(rows[rows.length - 1]).command : undefined;
    if (command?.command !== COMMAND.loadMore || clicks > 5) return rows;
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
  }
}

async function act(harness: Harness, testCase: FaultCase): Promise<string[]> {
  const { fake, ui } = harness;
  switch (testCase.action) {
    case 'listIndexes':
      await vscode.commands.executeCommand(COMMAND.refresh);
      return (await harness.children()).flatMap((node) => rowLines(harness, node));
    case 'expandIndex':
      return (await expandToEnd(harness)).flatMap((node) => rowLines(harness, node));
    case 'delete': {
      const target = deleteTarget(fake);
      const rows = await expandToEnd(harness);
      const node = rows.find((row) => row.kind === 'asset' && row.asset._id === target._id);
      assert.ok(node, 'the asset is listed');
      testCase.meanwhile?.(fake);
      ui.answer('showWarningMessage', 'Delete');
      ui.dismissUnscripted(); // what follows the modal differs from case to case: it is read, not scripted
      await vscode.commands.executeCommand(COMMAND.deleteIndexedAsset, node);
      return ui.calls.flatMap((call) => (call.fn !== 'showWarningMessage' && 'message' in call ? [call.message] : []));
    }
  }
}

describe('The fault matrix in VS Code', () => {
  const harness = useHarness();

  for (const testCase of FAULT_CASES.filter((c) => c.ui)) {
    it(`${testCase.group}: ${testCase.name}`, async () => {
      const { fake } = harness;
      const target = deleteTarget(fake);
      const before = new Set(fake.account.assets.map((asset) => asset._id));
      testCase.arrange?.(fake);

      const seen = (await act(harness, testCase)).join('\n');
      assert.match(seen, testCase.shows);
      if (testCase.hides) assert.doesNotMatch(seen, testCase.hides);
      assert.ok(!seen.includes(fake.apiKey), 'the key is not shown');
      const allowed = testCase.action === 'delete' ? target._id : undefined;
      const lost = [...before].filter((id) => id !== allowed && !fake.account.assets.some((asset) => asset._id === id));
      assert.deepEqual(lost, [], 'nothing unconfirmed was deleted');

      // The fault is gone: a refresh shows the account as it is.
      fake.clearFaults();
      await vscode.commands.executeCommand(COMMAND.refresh);
      const shown = (await harness.children()).flatMap((node) => (node.kind === 'index' ? [node.index._id] : []));
      assert.deepEqual(shown.sort(), fake.account.indexes.map((index) => index._id).sort());
    });
  }
});
