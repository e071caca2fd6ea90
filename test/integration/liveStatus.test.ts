import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { SETTING, VIEW_ID } from '../../src/ui/contributions';
import { childrenOf, eventually, indexNode, treeItem, useHarness } from './harness';

describe('Live status', () => {
  const harness = useHarness();

  const interval = (seconds?: number) =>
    vscode.workspace.getConfiguration().update(SETTING.liveStatusInterval, seconds, vscode.ConfigurationTarget.Global);
  afterEach(() => interval(undefined));

  it('an asset that finishes indexing updates by itself while the real view is shown', async () => {
    await interval(5);
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const index = await indexNode(harness, 'Support calls 2026');
    const row = (await childrenOf(harness, index)).find((node) =>
      String(treeItem(harness, node).description).includes('indexing'),
    );
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
    const polls = new Set(harness.fake.requests.filter((r) => r.query.status !== undefined).map((r) => r.path));
    assert.deepEqual(
      polls,
      new Set([`/indexes/${asset.index_id}/indexed-assets`]),
      'polls ask per index, never per asset',
    );
  });
});
