/** The Delete Indexed Asset command, from the tree and from the palette, in plain Node. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import { FROM_SELECTION, SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { RTL_OVERRIDE, SECRET, commandHarness } from './commandHarness';

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('Delete Indexed Asset, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, goodKey, start, run, item, label, labels, view, children, indexRow, deletes, assetId, indexId, only } =
    await commandHarness();

  describe('Delete Indexed Asset from the tree', () => {
    /** The tree with Clips expanded; the newest asset's filename has a right-to-left override in it. */
    async function expandedClips() {
      const newest =
        api.account.assets.find((a) => a.system_metadata.filename === 'Clips-3.mp4') ?? assert.fail('Clips-3.mp4');
      newest.system_metadata.filename = `Clips-3${RTL_OVERRIDE}4pm.exe`;
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
      assert.equal(modal.message, `Delete “${label(s, assets[0])}” from the index “${label(s, clips)}”?`);
      assert.equal(modal.options?.modal, true);
      assert.match(modal.options.detail ?? '', /cannot be undone/);
      assert.deepEqual(modal.items, ['Delete']);
      assert.deepEqual(
        ui.calls.map((c) => c.fn),
        ['showWarningMessage'],
        'nothing else shown',
      );
      assert.deepEqual(api.requests, []);
      assert.deepEqual(s.treeEvents, []);
      assert.equal((await children(s, clips)).length, 4);
    });

    test('"Delete" sends one DELETE with the key, then the row goes and the count drops without a reload', async () => {
      const { s, clips, assets } = await expandedClips();
      const id =
        api.account.assets.find((a) => a.system_metadata.filename?.startsWith('Clips-3'))?._id ??
        assert.fail('Clips-3');
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      assert.deepEqual(deletes(), [[`/indexes/${indexId('Clips')}/indexed-assets/${id}`, goodKey]]);
      assert.equal(s.treeEvents.length, 1);
      assert.equal(s.treeEvents[0], clips, 'the index row is redrawn');
      assert.deepEqual(labels(s, await children(s, clips)), ['Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4']);
      assert.equal(item(s, clips).description, '3 videos');
      assert.equal(api.requests.length, 1, 'no GET after the DELETE');
      assert.ok(
        ui.log.some((line) =>
          new RegExp(`^\\[debug\\] DELETE /indexes/${indexId('Clips')}/indexed-assets/${id} → 204 in \\d+ ms$`).test(
            line,
          ),
        ),
        `the request is in the log at debug level: ${ui.log.join(' | ')}`,
      );
      const status = only('setStatusBarMessage');
      assert.deepEqual([status.message, status.timeout], ['Deleted “Clips-3\uFFFD4pm.exe” from TwelveLabs.', 5000]);
    });

    test('an asset deleted elsewhere is reported as already deleted, and its row goes', async () => {
      const { s, clips, assets } = await expandedClips();
      const id =
        api.account.assets.find((a) => a.system_metadata.filename?.startsWith('Clips-3'))?._id ??
        assert.fail('Clips-3');
      api.account.assets.splice(
        api.account.assets.findIndex((a) => a._id === id),
        1,
      );
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      assert.equal(
        only('showInformationMessage').message,
        '“Clips-3\uFFFD4pm.exe” was already deleted from TwelveLabs.',
      );
      assert.equal(deletes().length, 1);
      assert.deepEqual(s.treeEvents, [clips]);
      assert.deepEqual(labels(s, await children(s, clips)), ['Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4']);
      assert.equal(item(s, clips).description, '3 videos');
    });

    test('a server error is shown with its reason, offers Show Log with the details, and the row stays', async () => {
      const { s, clips, assets } = await expandedClips();
      api.inject({ method: 'DELETE', status: 500, body: '<html><h1>Internal Server Error</h1></html>' });
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showErrorMessage', 'Show Log');
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      const error = only('showErrorMessage');
      const shown =
        'Could not delete “Clips-3\uFFFD4pm.exe”. TwelveLabs had a problem (HTTP 500) and sent a web page (a proxy or gateway may be in the way). Try again in a moment.';
      assert.equal(error.message, shown);
      assert.deepEqual(error.items, ['Show Log']);
      assert.equal(ui.callsOf('showLog').length, 1);
      assert.ok(ui.log.includes(`[error] ${shown} (server: HTTP 500)`), ui.log.join('\n'));
      assert.equal(deletes().length, 1);
      assert.deepEqual(s.treeEvents, []);
      assert.equal((await children(s, clips)).length, 4);
      assert.equal(item(s, clips).description, '4 videos');
    });

    test('a rejected key offers "Set API Key...", which opens the key prompt', async () => {
      const { assets } = await expandedClips();
      api.inject({
        method: 'DELETE',
        status: 401,
        body: { code: 'api_key_invalid', message: 'The API key is invalid.' },
      });
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showErrorMessage', 'Set API Key...');
      ui.answer('showInputBox', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);

      const error = only('showErrorMessage');
      assert.match(error.message, /^Could not delete “Clips-3\uFFFD4pm\.exe”\. TwelveLabs rejected the API key/);
      assert.deepEqual(error.items, ['Set API Key...']);
      assert.equal(only('showInputBox').options.password, true);
    });

    test('a row shown before the key was cleared: it says no key is set, asks nothing, sends nothing', async () => {
      const { s, assets } = await expandedClips();
      await s.secrets.delete(SECRET);
      api.resetRequests();
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);
      assert.match(only('showErrorMessage').message, /^Nothing was deleted\. No TwelveLabs API key is set/);
      assert.deepEqual(ui.callsOf('showWarningMessage'), [], 'no modal');
      assert.deepEqual(api.requests, []);
    });

    test('while the error of a failed delete is still open, the asset can be deleted again', async () => {
      const { assets } = await expandedClips();
      api.inject({ method: 'DELETE', status: 500, times: 1, body: { code: 'internal_error', message: 'Boom.' } });
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showErrorMessage', () => new Promise(() => {})); // nobody closes the notification
      void run(COMMAND.deleteIndexedAsset, assets[0]);
      while (ui.callsOf('showErrorMessage').length === 0) await new Promise((resolve) => setImmediate(resolve));
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset, assets[0]);
      assert.equal(ui.callsOf('showWarningMessage').length, 2, 'a second modal');
      assert.equal(deletes().length, 2);
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
      const ids = Object.fromEntries(
        ['Clips-3.mp4', 'Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4'].map((name) => [name, assetId(name)]),
      );
      ui.answer('createQuickPick', 'Clips');
      ui.answer('createQuickPick', 'Clips-2.mp4');
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset);

      const [indexes, assets] = ui.callsOf('createQuickPick');
      assert.equal(indexes.title, 'Delete Indexed Assets (1/2)');
      assert.deepEqual(indexes.items, [
        { label: 'Archive', description: '2 videos', detail: undefined },
        { label: 'Clips', description: '4 videos', detail: undefined },
      ]);
      assert.equal(assets.title, 'Delete Indexed Assets (2/2): Clips');
      assert.deepEqual(
        assets.items?.map((i) => [i.label, i.detail]),
        Object.entries(ids),
      );
      const modal = only('showWarningMessage');
      assert.equal(modal.message, 'Delete “Clips-2.mp4” from the index “Clips”?');
      assert.deepEqual([modal.options?.modal, modal.items], [true, ['Delete']]);
      assert.deepEqual(
        api.requests.map((r) => `${r.method} ${r.path}`),
        [
          'GET /indexes',
          `GET /indexes/${indexId('Clips')}/indexed-assets`,
          `DELETE /indexes/${indexId('Clips')}/indexed-assets/${ids['Clips-2.mp4']}`,
        ],
      );
      assert.deepEqual(deletes(), [[`/indexes/${indexId('Clips')}/indexed-assets/${ids['Clips-2.mp4']}`, goodKey]]);
      assert.ok(!api.account.assets.some((a) => a._id === ids['Clips-2.mp4']));
    });

    test('a delete from the palette lowers the count of an index row that is shown but was never expanded', async () => {
      const s = await start();
      const clips = await indexRow(s, 'Clips');
      ui.answer('createQuickPick', 'Clips');
      ui.answer('createQuickPick', 'Clips-2.mp4');
      ui.answer('showWarningMessage', 'Delete');
      await run(COMMAND.deleteIndexedAsset);
      assert.equal(deletes().length, 1);
      assert.equal(item(s, clips).description, '3 videos');
      assert.deepEqual(s.treeEvents, [clips]);
    });

    test('Escape in the index picker sends nothing more and shows nothing', async () => {
      await start();
      ui.answer('createQuickPick', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.deepEqual(
        ui.calls.map((c) => c.fn),
        ['createQuickPick'],
      );
      assert.deepEqual(
        api.requests.map((r) => `${r.method} ${r.path}`),
        ['GET /indexes'],
      );
    });

    test('Escape in the asset picker sends no DELETE', async () => {
      await start();
      ui.answer('createQuickPick', 'Archive');
      ui.answer('createQuickPick', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.deepEqual(
        ui.calls.map((c) => c.fn),
        ['createQuickPick', 'createQuickPick'],
      );
      assert.deepEqual(deletes(), []);
    });

    test('a listing that fails closes the picker and says why', async () => {
      await start();
      api.inject({ method: 'GET', path: '/indexes', status: 429, headers: { 'retry-after': '7' } });
      ui.answer('createQuickPick', undefined);
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.equal(
        only('showErrorMessage').message,
        'Could not list your indexed assets. TwelveLabs is limiting the request rate. Try again in 7 s.',
      );
      assert.deepEqual(deletes(), []);
    });

    test('without a key it says so and offers to set one', async () => {
      await start(null);
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.deleteIndexedAsset);
      const error = only('showErrorMessage');
      assert.match(error.message, /^Could not list your indexed assets\. No TwelveLabs API key is set\./);
      assert.deepEqual(error.items, ['Set API Key...']);
      assert.deepEqual(api.requests, []);
    });
  });

  describe('Delete Indexed Asset on several assets', () => {
    /** Clips and Archive expanded: their asset rows by filename. */
    async function expandedBoth() {
      const s = await start();
      const clips = await indexRow(s, 'Clips');
      const archive = await indexRow(s, 'Archive');
      const rows = new Map(
        [...(await children(s, clips)), ...(await children(s, archive))].map((node) => [label(s, node), node]),
      );
      api.resetRequests();
      return { s, clips, archive, row: (name: string) => rows.get(name) ?? assert.fail(name) };
    }

    test('the view allows selecting several rows', async () => {
      await start();
      assert.equal(view().canSelectMany, true);
    });

    test('the clicked row and the selection are deleted together after one plural modal, with progress and a summary', async () => {
      const { s, clips, archive, row } = await expandedBoth();
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showInformationMessage', undefined);
      const expected = [
        `/indexes/${indexId('Clips')}/indexed-assets/${assetId('Clips-0.mp4')}`,
        `/indexes/${indexId('Clips')}/indexed-assets/${assetId('Clips-2.mp4')}`,
        `/indexes/${indexId('Archive')}/indexed-assets/${assetId('Archive-1.mp4')}`,
      ];
      // Right-click on Clips-0 while Clips-2, Archive-1 and the Archive index row are selected.
      await run(COMMAND.deleteIndexedAsset, row('Clips-0.mp4'), [row('Clips-2.mp4'), row('Archive-1.mp4'), archive]);

      const modal = only('showWarningMessage');
      assert.equal(modal.message, 'Delete 3 indexed assets from 2 indexes?');
      assert.deepEqual([modal.options?.modal, modal.items], [true, ['Delete']]);
      assert.match(modal.options?.detail ?? '', /^• Clips-0\.mp4\n• Clips-2\.mp4\n• Archive-1\.mp4\n/);
      assert.match(modal.options?.detail ?? '', /1 selected item is not an indexed asset and is left alone\./);
      assert.deepEqual(
        deletes()
          .map(([path]) => path)
          .sort(),
        expected.sort(),
      );
      const progress = only('withProgress');
      assert.equal(progress.options.cancellable, true);
      assert.equal(progress.reports[0].message, 'Deleting 1 of 3…');
      assert.equal(progress.reports.length, 4, 'one report to start, then one per asset');
      assert.equal(only('showInformationMessage').message, 'Deleted 3 indexed assets.');
      assert.deepEqual(labels(s, await children(s, clips)), ['Clips-3.mp4', 'Clips-1.mp4']);
      assert.deepEqual(labels(s, await children(s, archive)), ['Archive-0.mp4']);
      assert.deepEqual([item(s, clips).description, item(s, archive).description], ['2 videos', '1 video']);
    });

    test('a right-click outside the selection still deletes both, never only one', async () => {
      const { row } = await expandedBoth();
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, row('Clips-1.mp4'), [row('Clips-3.mp4')]);
      assert.equal(only('showWarningMessage').message, 'Delete 2 indexed assets from the index “Clips”?');
      assert.equal(deletes().length, 2);
    });

    test('the Delete key deletes the view’s selection', async () => {
      const { row } = await expandedBoth();
      const expected = [assetId('Clips-3.mp4'), assetId('Clips-2.mp4')];
      view().select([row('Clips-3.mp4'), row('Clips-2.mp4')]);
      assert.equal(ui.contextKeys.get('twelvelabs.assetSelected'), true, 'the key binding is enabled');
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, FROM_SELECTION);
      assert.equal(only('showWarningMessage').message, 'Delete 2 indexed assets from the index “Clips”?');
      assert.deepEqual(
        deletes()
          .map(([path]) => String(path).split('/').pop())
          .sort(),
        expected.sort(),
      );
    });

    test('the Delete key with no asset selected says so and sends nothing', async () => {
      const { clips } = await expandedBoth();
      view().select([clips]);
      assert.equal(ui.contextKeys.get('twelvelabs.assetSelected'), false);
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, FROM_SELECTION);
      assert.equal(only('showInformationMessage').message, 'Select one or more indexed assets to delete.');
      assert.deepEqual(api.requests, []);
    });

    test('failures are counted in the summary, and Show Details lists each with its reason in the log', async () => {
      const { s, clips, row } = await expandedBoth();
      api.inject({
        method: 'DELETE',
        path: `/indexes/${indexId('Clips')}/indexed-assets/${assetId('Clips-2.mp4')}`,
        status: 500,
        body: { code: 'internal', message: 'Boom.' },
      });
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showWarningMessage', 'Show Details');
      await run(COMMAND.deleteIndexedAsset, row('Clips-3.mp4'), [row('Clips-2.mp4'), row('Clips-1.mp4')]);

      const [, summary] = ui.callsOf('showWarningMessage');
      assert.equal(summary.message, 'Deleted 2 of 3 indexed assets. 1 failed.');
      assert.deepEqual(summary.items, ['Show Details']);
      assert.ok(
        ui.log.some((line) => line.startsWith('[error] Could not delete “Clips-2.mp4”') && line.includes('Boom.')),
        ui.log.join('\n'),
      );
      assert.equal(ui.callsOf('showLog').length, 1);
      assert.deepEqual(labels(s, await children(s, clips)), ['Clips-2.mp4', 'Clips-0.mp4'], 'the failed row stays');
    });

    test('Cancel stops new deletes, lets the one in flight finish, and reports the rest as cancelled', async () => {
      const { s, clips, row } = await expandedBoth();
      api.inject({ method: 'DELETE', delayMs: 50 });
      await vscode.workspace.getConfiguration().update(SETTING.deleteConcurrency, 1, vscode.ConfigurationTarget.Global);
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showWarningMessage', undefined);
      const done = run(COMMAND.deleteIndexedAsset, row('Clips-3.mp4'), [
        row('Clips-2.mp4'),
        row('Clips-1.mp4'),
        row('Clips-0.mp4'),
      ]);
      while (deletes().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      only('withProgress').cancel();
      await done;

      assert.equal(deletes().length, 1, 'nothing is sent after Cancel');
      const [, summary] = ui.callsOf('showWarningMessage');
      assert.equal(summary.message, 'Deleted 1 of 4 indexed assets. 3 were cancelled.');
      assert.equal(ui.log.filter((line) => line.startsWith('[warn] Cancelled before deleting')).length, 3);
      assert.equal((await children(s, clips)).length, 3, 'the in-flight delete finished and its row went');
    });

    test('the palette lets several assets be checked', async () => {
      await start();
      const expected = [assetId('Clips-2.mp4'), assetId('Clips-0.mp4')];
      ui.answer('createQuickPick', 'Clips');
      ui.answer('createQuickPick', ['Clips-2.mp4', 'Clips-0.mp4']);
      ui.answer('showWarningMessage', 'Delete');
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset);
      assert.equal(only('showWarningMessage').message, 'Delete 2 indexed assets from the index “Clips”?');
      assert.deepEqual(
        deletes()
          .map(([path]) => String(path).split('/').pop())
          .sort(),
        expected.sort(),
      );
    });
  });

  describe('nothing is deleted without a confirmed modal', () => {
    async function clipsRows() {
      const s = await start();
      const clips = await indexRow(s, 'Clips');
      const assets = await children(s, clips);
      api.resetRequests();
      return { s, clips, assets };
    }
    const noDelete = () => {
      assert.deepEqual(deletes(), [], 'no DELETE was sent');
    };

    test('palette: Escape in the index picker', async () => {
      await start();
      ui.answer('createQuickPick', undefined);
      await run(COMMAND.deleteIndexedAsset);
      noDelete();
    });

    test('palette: Escape in the asset picker', async () => {
      await start();
      ui.answer('createQuickPick', 'Clips');
      ui.answer('createQuickPick', undefined);
      await run(COMMAND.deleteIndexedAsset);
      noDelete();
    });

    test('palette: the modal dismissed', async () => {
      await start();
      ui.answer('createQuickPick', 'Clips');
      ui.answer('createQuickPick', ['Clips-1.mp4', 'Clips-2.mp4']);
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.deleteIndexedAsset);
      noDelete();
    });

    test('context menu: the modal dismissed, for one and for several', async () => {
      const { assets } = await clipsRows();
      ui.answer('showWarningMessage', undefined);
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[0]);
      await run(COMMAND.deleteIndexedAsset, assets[0], assets);
      noDelete();
    });

    test('Delete key: the modal dismissed, and with nothing selected no modal at all', async () => {
      const { assets } = await clipsRows();
      view().select(assets.slice(0, 2));
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, FROM_SELECTION);
      view().select([]);
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, FROM_SELECTION);
      noDelete();
      assert.equal(ui.callsOf('showWarningMessage').length, 1);
    });

    test('a stale row from before a refresh, and a row whose index was refreshed away: the modal dismissed', async () => {
      const { assets } = await clipsRows();
      await run(COMMAND.refresh);
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[1]);
      const clipsId = indexId('Clips');
      api.account.assets.splice(0, Infinity, ...api.account.assets.filter((a) => a.index_id !== clipsId));
      api.account.indexes.splice(0, Infinity, ...api.account.indexes.filter((i) => i._id !== clipsId));
      await run(COMMAND.refresh);
      ui.answer('showWarningMessage', undefined);
      await run(COMMAND.deleteIndexedAsset, assets[2]);
      noDelete();
    });

    test('arguments that are not rows of this tree, as another extension might pass: no modal, no request, no crash', async () => {
      await start();
      const bogus: unknown[] = [
        'Clips-1.mp4',
        42,
        { kind: 'asset' },
        { kind: 'asset', asset: { _id: 7 }, parent: {} },
        [null],
        { fromSelection: 'yes' },
      ];
      for (const argument of bogus) {
        ui.answer('showInformationMessage', undefined);
        await run(COMMAND.deleteIndexedAsset, argument);
      }
      assert.deepEqual(
        ui.callsOf('showInformationMessage').map((call) => call.message),
        bogus.map(() => 'Select one or more indexed assets to delete.'),
      );
      assert.equal(ui.callsOf('showWarningMessage').length, 0);
      assert.deepEqual(api.requests, []);
    });
  });
});
