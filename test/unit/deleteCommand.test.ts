/** The Delete Indexed Asset command, from the tree and from the palette, in plain Node. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMAND } from '../../src/ui/contributions';
import { RTL_OVERRIDE, commandHarness } from './commandHarness';

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('Delete Indexed Asset, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, goodKey, start, run, item, labels, children, indexRow, deletes, assetId, indexId, only } = await commandHarness();

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
});
