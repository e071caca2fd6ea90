/** Show Details, Copy ID and Copy Filename from the tree's rows, in plain Node. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import { AssetNode, IndexNode } from '../../src/core/accountTree';
import { VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { RTL_OVERRIDE, commandHarness } from './commandHarness';

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('Show Details and the copy commands, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, goodKey, start, run, children, indexRow, assetId, indexId, only } = await commandHarness();

  /** The Clips index row and its asset rows, newest first; no request recorded yet. */
  async function clipsRows(): Promise<{ clips: IndexNode; assets: AssetNode[] }> {
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    const assets = (await children(s, clips)) as AssetNode[];
    assert.deepEqual(
      assets.map((node) => node.kind),
      ['asset', 'asset', 'asset', 'asset'],
    );
    api.resetRequests();
    return { clips, assets };
  }

  /** What the fake API itself answers for a path, to compare the document with. */
  async function answerFor(path: string): Promise<unknown> {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { 'x-api-key': goodKey } });
    assert.equal(response.status, 200);
    return response.json();
  }

  const fakeAsset = (filename: string) =>
    api.account.assets.find((a) => a.system_metadata.filename === filename) ?? assert.fail(filename);

  describe('Show Details', () => {
    test('on an asset: its retrieve answer as 2-space JSON, with user_metadata and hls, in a read-only twelvelabs: document', async () => {
      fakeAsset('Clips-3.mp4').user_metadata = { customer: 'acme', priority: 2, escalated: true };
      const { assets } = await clipsRows();
      await run(COMMAND.showDetails, assets[0]);

      const path = `/indexes/${indexId('Clips')}/indexed-assets/${assetId('Clips-3.mp4')}`;
      assert.deepEqual(
        api.requests.map((r) => [r.method, r.path, r.apiKey]),
        [['GET', path, goodKey]],
      );
      assert.deepEqual(only('withProgress').options, { location: { viewId: VIEW_ID } });
      const shown = only('showTextDocument');
      assert.equal(shown.uri, `twelvelabs:${path}.json`);
      assert.equal(shown.languageId, 'json');
      const expected = await answerFor(path);
      assert.equal(shown.text, `${JSON.stringify(expected, null, 2)}\n`);
      const details = JSON.parse(shown.text) as { user_metadata: unknown; hls: { video_url: string } };
      assert.deepEqual(details.user_metadata, { customer: 'acme', priority: 2, escalated: true });
      assert.match(details.hls.video_url, /stream\.m3u8$/);
      assert.ok(!shown.text.includes(goodKey), 'the document never holds the key');
    });

    test('on an index: the index’s retrieve answer', async () => {
      const { clips } = await clipsRows();
      await run(COMMAND.showDetails, clips);

      const path = `/indexes/${indexId('Clips')}`;
      assert.deepEqual(
        api.requests.map((r) => [r.method, r.path]),
        [['GET', path]],
      );
      const shown = only('showTextDocument');
      assert.equal(shown.uri, `twelvelabs:${path}.json`);
      assert.equal(shown.text, `${JSON.stringify(await answerFor(path), null, 2)}\n`);
      assert.equal((JSON.parse(shown.text) as { index_name: unknown }).index_name, 'Clips');
    });

    test('a failing retrieve shows an error naming the row, and opens nothing', async () => {
      const { assets } = await clipsRows();
      api.inject({ method: 'GET', status: 500, body: { code: 'internal_error', message: 'Something broke.' } });
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.showDetails, assets[1]);

      assert.match(
        only('showErrorMessage').message,
        /^Could not load the details of “Clips-2\.mp4”\. TwelveLabs had a problem \(HTTP 500\)/,
      );
      assert.deepEqual(ui.callsOf('openTextDocument'), []);
      assert.deepEqual(ui.callsOf('showTextDocument'), []);
    });

    test('an asset deleted elsewhere: an error, and nothing opened', async () => {
      const { assets } = await clipsRows();
      api.account.assets.splice(api.account.assets.indexOf(fakeAsset('Clips-3.mp4')), 1);
      ui.answer('showErrorMessage', undefined);
      await run(COMMAND.showDetails, assets[0]);

      assert.match(only('showErrorMessage').message, /^Could not load the details of “Clips-3\.mp4”\. /);
      assert.deepEqual(ui.callsOf('showTextDocument'), []);
    });

    test('a right-to-left override in a filename is escaped in the text, which still parses to the exact filename', async () => {
      const filename = `Clips-3${RTL_OVERRIDE}4pm.exe`;
      fakeAsset('Clips-3.mp4').system_metadata.filename = filename;
      const { assets } = await clipsRows();
      await run(COMMAND.showDetails, assets[0]);

      const { text } = only('showTextDocument');
      assert.ok(!text.includes(RTL_OVERRIDE));
      assert.ok(text.includes('"filename": "Clips-3\\u202e4pm.exe"'));
      assert.equal((JSON.parse(text) as { system_metadata: { filename: unknown } }).system_metadata.filename, filename);
    });
  });

  describe('the twelvelabs: documents', () => {
    test('opened without the command (a reopened editor), a document is fetched afresh', async () => {
      await start();
      const path = `/indexes/${indexId('Archive')}.json`;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'twelvelabs', path }));
      assert.equal((JSON.parse(document.getText()) as { _id: unknown })._id, indexId('Archive'));
      assert.deepEqual(
        api.requests.map((r) => r.path),
        [`/indexes/${indexId('Archive')}`],
      );
    });

    test('an address that is not an index or asset, or an ID that is not one, is refused without a request', async () => {
      await start();
      for (const path of ['/indexes', '/indexes/../keys.json', '/indexes/not-an-id.json']) {
        await assert.rejects(
          async () => vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'twelvelabs', path })),
          /not the address|not valid/,
        );
      }
      assert.deepEqual(api.requests, []);
    });
  });

  describe('Copy ID and Copy Filename', () => {
    test('Copy ID of an asset and of an index: the clipboard holds the ID, and the status bar says so', async () => {
      const { clips, assets } = await clipsRows();
      await run(COMMAND.copyId, assets[1]);
      assert.equal(ui.clipboard, assetId('Clips-2.mp4'));
      await run(COMMAND.copyId, clips);
      assert.equal(ui.clipboard, indexId('Clips'));

      assert.deepEqual(
        ui.callsOf('writeClipboard').map((call) => call.text),
        [assetId('Clips-2.mp4'), indexId('Clips')],
      );
      assert.deepEqual(
        ui.callsOf('setStatusBarMessage').map((call) => [call.message, call.timeout]),
        [
          ['Copied the ID of “Clips-2.mp4”.', 5000],
          ['Copied the ID of “Clips”.', 5000],
        ],
      );
      assert.deepEqual(api.requests, [], 'nothing is fetched');
    });

    test('Copy Filename copies the filename as TwelveLabs has it; the status bar shows it made safe', async () => {
      const filename = `Clips-3${RTL_OVERRIDE}4pm.exe`;
      fakeAsset('Clips-3.mp4').system_metadata.filename = filename;
      const { assets } = await clipsRows();
      await run(COMMAND.copyFilename, assets[0]);

      assert.equal(ui.clipboard, filename);
      assert.equal(only('setStatusBarMessage').message, 'Copied the filename of “Clips-3\uFFFD4pm.exe”.');
    });

    test('Copy Filename of an asset with no filename says so and copies nothing', async () => {
      delete fakeAsset('Clips-2.mp4').system_metadata.filename;
      const id = api.account.assets.find((a) => a.system_metadata.filename === undefined)?._id;
      const { assets } = await clipsRows();
      ui.answer('showInformationMessage', undefined);
      await run(COMMAND.copyFilename, assets[1]);

      assert.equal(
        only('showInformationMessage').message,
        `The indexed asset “${id}” has no filename, so nothing was copied.`,
      );
      assert.deepEqual(ui.callsOf('writeClipboard'), []);
      assert.deepEqual(ui.callsOf('setStatusBarMessage'), []);
    });
  });

  test('arguments that are not rows of this tree, or the wrong kind of row: nothing happens', async () => {
    const { clips } = await clipsRows();
    const bogus: unknown[] = [
      undefined,
      'Clips-1.mp4',
      42,
      { kind: 'asset', asset: { _id: 7 }, parent: {} },
      { kind: 'index', index: {} },
    ];
    for (const argument of bogus) {
      await run(COMMAND.showDetails, argument);
      await run(COMMAND.copyId, argument);
      await run(COMMAND.copyFilename, argument);
    }
    await run(COMMAND.copyFilename, clips);
    assert.deepEqual(ui.calls, []);
    assert.deepEqual(api.requests, []);
  });
});
