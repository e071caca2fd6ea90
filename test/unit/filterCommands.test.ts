// Filters, sort and page size through the commands and settings; what they send is accountTree.test.ts'.
import { FakeMemento, ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import { INDEX_FILTER_CONTEXT, SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { commandHarness } from './commandHarness';

describe('filters, sort and page size, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, start, run, item, labels, view, roots, children, indexRow, indexId } = await commandHarness();

  test('filter an index by status and filename: the rows and the description, then Clear Filter', async () => {
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    await children(s, clips);
    api.account.assets
      .filter((a) => a.system_metadata.filename === 'Clips-1.mp4' || a.system_metadata.filename === 'Clips-3.mp4')
      .forEach((a) => (a.status = 'failed'));
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', 'Clips-1');
    await run(COMMAND.filterAssets, clips);

    assert.deepEqual(labels(s, await children(s, clips)), ['Clips-1.mp4']);
    assert.equal(item(s, clips).description, '4 videos · filtered: failed · “Clips-1”');
    assert.equal(item(s, clips).contextValue, 'index.filtered');

    await run(COMMAND.clearAssetFilter, clips);
    assert.equal(labels(s, await children(s, clips)).length, 4);
    assert.equal(item(s, clips).description, '4 videos');
    assert.equal(item(s, clips).contextValue, 'index');
  });

  test('a filter survives a reload of the window', async () => {
    const state = new FakeMemento();
    const s = await start(undefined, state);
    ui.answer('showQuickPick', []);
    ui.answer('showInputBox', 'Clips-2');
    await run(COMMAND.filterAssets, await indexRow(s, 'Clips'));

    // A reload: the subscriptions go, and the extension starts again with the same workspace state.
    s.context.subscriptions.forEach((d) => d.dispose());
    const again = await start(undefined, state);
    const reloaded = await indexRow(again, 'Clips');
    assert.equal(item(again, reloaded).description, '4 videos · filtered: “Clips-2”');
    assert.deepEqual(labels(again, await children(again, reloaded)), ['Clips-2.mp4']);
  });

  test('filter the index list by name from the view title, and clear it', async () => {
    const s = await start();
    await indexRow(s, 'Clips');
    ui.answer('showInputBox', 'arch');
    await run(COMMAND.filterIndexes);
    assert.deepEqual(labels(s, await roots(s)), ['Archive']);
    assert.equal(view().description, 'filtered: “arch”');
    assert.equal(ui.contextKeys.get(INDEX_FILTER_CONTEXT), true);

    await run(COMMAND.clearIndexFilter);
    assert.deepEqual(labels(s, await roots(s)), ['Archive', 'Clips']);
    assert.equal(view().description, undefined);
    assert.equal(ui.contextKeys.get(INDEX_FILTER_CONTEXT), false);
  });

  test('Escape in the filter prompts changes nothing', async () => {
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    ui.answer('showQuickPick', undefined);
    await run(COMMAND.filterAssets, clips);
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', undefined);
    await run(COMMAND.filterAssets, clips);
    assert.equal(item(s, clips).description, '4 videos');
  });

  test('new sort and page size settings reload the tree, also when one edit changes the base URL as well', async () => {
    const s = await start();
    await roots(s);
    await vscode.workspace.getConfiguration().update(SETTING.sortOrder, 'oldest', vscode.ConfigurationTarget.Global);
    ui.editUserSettings({ [SETTING.apiBaseUrl]: `${api.origin}/proxy/v1.3`, [SETTING.pageSize]: 10 });
    assert.deepEqual(s.treeEvents, [undefined, undefined]);
    api.resetRequests();
    await roots(s);
    const sent = api.requests.map((r) => [r.path, r.query.sort_option, r.query.page_limit]);
    assert.deepEqual(sent, [['/proxy/v1.3/indexes', ['asc'], ['10']]]);
  });

  test('the palette searches assets on the server as the user types: one request for the first page, one for the search', async () => {
    await start();
    ui.answer('createQuickPick', 'Clips');
    ui.answer('createQuickPick', { search: 'Clips-2', pick: 'Clips-2.mp4' });
    ui.answer('showWarningMessage', undefined);
    api.resetRequests();
    await run(COMMAND.deleteIndexedAsset);
    const assetRequests = api.requests.filter((r) => r.path === `/indexes/${indexId('Clips')}/indexed-assets`);
    const searched = assetRequests.map((r) => r.query.filename);
    assert.deepEqual(searched, [undefined, ['Clips-2']]);
    const [, assets] = ui.callsOf('createQuickPick');
    const offered = assets.items?.map((i) => i.label);
    assert.deepEqual(offered, ['Clips-2.mp4']);
  });
});
