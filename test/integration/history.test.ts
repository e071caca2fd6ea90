import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { FakeAccount, FakeSourceAsset, accountWithAssets } from '../fake-api/server';
import { COMMAND } from '../support/commands';
import { eventually, useHarness } from './harness';

/** "Bulk": 150 uploads, each indexed once; every fifth is ready, the other 120 failed, the second with metadata. */
function bulkWithFailures(): FakeAccount {
  const account = accountWithAssets(150);
  account.sourceAssets = account.assets.map((asset, i): FakeSourceAsset => {
    asset.asset_id = `${asset._id.slice(0, 8)}ab${asset._id.slice(10)}`;
    asset.status = i % 5 === 0 ? 'ready' : 'failed';
    if (i === 1) asset.user_metadata = { ticket: 7, team: 'ops' };
    const { filename, duration, size } = asset.system_metadata;
    const upload = { method: 'direct', status: 'ready', file_type: 'video/mp4', created_at: asset.created_at } as const;
    return { _id: asset.asset_id, filename, duration, size, ...upload };
  });
  return account;
}

describe('Delete All Matching, the deletion record, and Restore', () => {
  const harness = useHarness();

  it('deletes the 120 failed of 150 after the modal and the typed count, records them, and restores two', async () => {
    const { fake, ui, services } = harness;
    Object.assign(fake.account, bulkWithFailures());
    await vscode.commands.executeCommand(COMMAND.refresh);
    const index = fake.account.indexes[0];
    const failed = fake.account.assets.filter((asset) => asset.status === 'failed');
    const ready = fake.account.assets.filter((asset) => asset.status === 'ready');
    const before = new Set((await services.record.read()).entries.map((entry) => entry.id));
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', '');
    await vscode.commands.executeCommand(COMMAND.filterAssets, await harness.indexNode('Bulk'));
    ui.answer('showWarningMessage', 'Delete All');
    ui.answer('showInputBox', '120');
    ui.answer('showInformationMessage', undefined);

    await vscode.commands.executeCommand(COMMAND.deleteAllMatching, await harness.indexNode('Bulk'));

    const [modal] = ui.callsOf('showWarningMessage');
    assert.equal(modal.message, 'Delete all 120 indexed assets in “Bulk” whose status is failed?');
    assert.deepEqual([modal.items, modal.options?.modal], [['Delete All'], true]);
    assert.match(ui.callsOf('showInputBox')[1].options.prompt ?? '', /^Type 120 to delete all 120/);
    assert.equal(ui.callsOf('showInformationMessage')[0].message, 'Deleted 120 indexed assets.');
    const deleted = fake.requestsMatching('DELETE').map((request) => request.path);
    assert.deepEqual(deleted.sort(), failed.map((asset) => `/indexes/${index._id}/indexed-assets/${asset._id}`).sort());
    assert.deepEqual(fake.account.assets, ready, 'the 30 ready assets remain, untouched');

    const entries = (await services.record.read()).entries.filter((entry) => !before.has(entry.id));
    assert.equal(entries.length, 120);
    assert.deepEqual(
      new Set(entries.map(({ outcome, operation }) => `${outcome} ${operation.kind}`)),
      new Set(['deleted allMatching']),
    );
    assert.deepEqual(new Set(entries.map((entry) => entry.indexedAssetId)), new Set(failed.map((asset) => asset._id)));
    const withMetadata = entries.find((entry) => entry.indexedAssetId === failed[0]._id);
    assert.deepEqual(withMetadata?.userMetadata, { ticket: 7, team: 'ops' });

    const chosen = [withMetadata, entries.find((entry) => entry.indexedAssetId === failed.at(-1)?._id)];
    fake.resetRequests();
    ui.answer('showWarningMessage', 'Restore');
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.restore, chosen);

    assert.equal(ui.callsOf('showWarningMessage')[1].message, 'Restore 2 indexed assets to the index “Bulk”?');
    const posts = fake.requestsMatching('POST').map(({ path, body }) => ({ path, body }));
    const expected = [
      { asset_id: failed[0].asset_id, user_metadata: { ticket: 7, team: 'ops' } },
      { asset_id: failed.at(-1)?.asset_id },
    ].map((body) => ({ path: `/indexes/${index._id}/indexed-assets`, body }));
    assert.deepEqual(new Set(posts), new Set(expected), 'two POSTs, in any order');
    const restored = (await services.record.read()).entries.filter((entry) => entry.restored && !before.has(entry.id));
    assert.deepEqual(restored.map((entry) => entry.id).sort(), chosen.map((entry) => entry?.id).sort());

    await vscode.commands.executeCommand(COMMAND.clearAssetFilter, await harness.indexNode('Bulk'));
    const names = chosen.map((entry) => entry?.filename);
    const rows = await eventually('the restored rows to show', async () => {
      const found = (await harness.children(await harness.indexNode('Bulk'))).filter((node) =>
        names.includes(harness.label(node)),
      );
      return found.length === 2 && found;
    });
    for (const node of rows) assert.match(String(harness.item(node).description), /(pending|indexing)$/);
  });
});
