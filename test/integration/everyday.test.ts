import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { IndexNode } from '../../src/core/accountTree';
import { SETTING, VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { childrenOf, eventually, indexNode, labelOf, labelsUnder, treeItem, useHarness } from './harness';

const SUPPORT = 'Support calls 2026';

describe('Filters, sort and live status', () => {
  const harness = useHarness();

  afterEach(async () => {
    const configuration = vscode.workspace.getConfiguration();
    for (const setting of [SETTING.sortOrder, SETTING.liveStatusInterval]) {
      await configuration.update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
    const index = await indexNode(harness, SUPPORT);
    await vscode.commands.executeCommand(COMMAND.clearAssetFilter, index);
  });

  it('filters an index on the server, says so beside it, keeps it over a refresh, and clears it', async () => {
    const index = await indexNode(harness, SUPPORT);
    harness.prompts.answer('quickPick', 'failed');
    harness.prompts.answer('inputBox', '');
    harness.fake.resetRequests();
    await vscode.commands.executeCommand(COMMAND.filterAssets, index);

    const failed = harness.fake.account.assets.filter(
      (a) => a.index_id === (index as IndexNode).index._id && a.status === 'failed',
    );
    assert.ok(failed.length > 0);
    assert.deepEqual(
      (await labelsUnder(harness, index)).sort(),
      failed.map((a) => a.system_metadata.filename ?? a._id).sort(),
    );
    assert.deepEqual(harness.fake.requests.at(-1)?.query.status, ['failed']);
    assert.match(String(treeItem(harness, index).description), /· filtered: failed$/);
    assert.equal(treeItem(harness, index).contextValue, 'index.filtered');

    await vscode.commands.executeCommand(COMMAND.refresh);
    const refreshed = await indexNode(harness, SUPPORT);
    assert.equal((await labelsUnder(harness, refreshed)).length, failed.length, 'the filter survives a refresh');

    await vscode.commands.executeCommand(COMMAND.clearAssetFilter, refreshed);
    assert.equal((await childrenOf(harness, refreshed)).length, 51);
  });

  it('sorts oldest first when the setting says so', async () => {
    await vscode.workspace.getConfiguration().update(SETTING.sortOrder, 'oldest', vscode.ConfigurationTarget.Global);
    const expected = [...harness.fake.account.indexes]
      .sort((a, b) => a.created_at.localeCompare(b.created_at))
      .map((i) => i.index_name);
    await eventually(
      'the oldest index first',
      async () => JSON.stringify(await labelsUnder(harness)) === JSON.stringify(expected),
    );
    assert.deepEqual(harness.fake.requests.at(-1)?.query.sort_option, ['asc']);
  });

  it('live status: an asset that finishes indexing updates by itself while the view is shown', async () => {
    await vscode.workspace.getConfiguration().update(SETTING.liveStatusInterval, 5, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const index = await indexNode(harness, SUPPORT);
    const rows = await childrenOf(harness, index);
    const row = rows.find((node) => String(treeItem(harness, node).description).includes('indexing'));
    assert.ok(row?.kind === 'asset', 'an asset is indexing');
    const asset = harness.fake.account.assets.find((a) => a._id === row.asset._id);
    assert.ok(asset);
    asset.status = 'ready';
    asset.updated_at = new Date().toISOString();

    const updated = await eventually(
      'the row to show the new status',
      async () =>
        (await childrenOf(harness, index)).find(
          (node) => node.kind === 'asset' && node.asset._id === asset._id && node.asset.status === 'ready',
        ),
      15_000,
    );
    const item = treeItem(harness, updated);
    assert.doesNotMatch(String(item.description), /indexing/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'device-camera-video');
    assert.equal(labelOf(harness, updated), asset.system_metadata.filename);
    const polls = harness.fake.requests.filter((r) => r.query.status !== undefined);
    assert.ok(
      polls.every((r) => r.path === `/indexes/${asset.index_id}/indexed-assets`),
      'polls ask per index, never per asset',
    );
  });
});
