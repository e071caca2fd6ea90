// Show Details, Copy ID and Copy Filename from the tree's rows.
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
    const rows = await children(s, clips);
    assert.ok(rows.length === 4 && rows.every((node) => node.kind === 'asset'));
    api.resetRequests();
    return { clips, assets: rows };
  }

  const fakeAsset = (filename: string) =>
    api.account.assets.find((a) => a.system_metadata.filename === filename) ?? assert.fail(filename);
  const hostileName = `Clips-3${RTL_OVERRIDE}4pm.exe`;
  const openDocument = (path: string) =>
    vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'twelvelabs', path }));

  test('Show Details on an asset or an index: its retrieve answer as 2-space JSON in a read-only twelvelabs: document', async () => {
    fakeAsset('Clips-3.mp4').user_metadata = { customer: 'acme', priority: 2 };
    const { clips, assets } = await clipsRows();
    const assetPath = `/indexes/${indexId('Clips')}/indexed-assets/${assetId('Clips-3.mp4')}`;
    for (const [row, path] of [
      [assets[0], assetPath],
      [clips, `/indexes/${indexId('Clips')}`],
    ] as const) {
      api.resetRequests();
      await run(COMMAND.showDetails, row);
      const sent = api.requests.map((r) => [r.method, r.path, r.apiKey]);
      assert.deepEqual(sent, [['GET', path, goodKey]]);
      const shown = ui.callsOf('showTextDocument').at(-1) ?? assert.fail('no document shown');
      assert.deepEqual([shown.uri, shown.languageId], [`twelvelabs:${path}.json`, 'json']);
      // All the fake API answers (user_metadata, hls); the harness checks the key is in none of it.
      const answer = await fetch(`${api.baseUrl}${path}`, { headers: { 'x-api-key': goodKey } });
      assert.equal(shown.text, `${JSON.stringify(await answer.json(), null, 2)}\n`);
    }
    const inView = { location: { viewId: VIEW_ID } };
    const progress = ui.callsOf('withProgress').map((call) => call.options);
    assert.deepEqual(progress, [inView, inView]);
  });

  test('Show Details of an asset that fails to load, or was deleted elsewhere: an error naming it, and nothing opened', async () => {
    const { assets } = await clipsRows();
    api.inject({ method: 'GET', status: 500, body: { code: 'internal_error', message: 'Broke.' }, times: 1 });
    api.account.assets.splice(api.account.assets.indexOf(fakeAsset('Clips-2.mp4')), 1);
    ui.answer('showErrorMessage', undefined);
    ui.answer('showErrorMessage', undefined);
    await run(COMMAND.showDetails, assets[0]);
    await run(COMMAND.showDetails, assets[1]);
    const [failed, gone] = ui.callsOf('showErrorMessage');
    assert.match(
      failed.message,
      /^Could not load the details of “Clips-3\.mp4”\. TwelveLabs had a problem \(HTTP 500\)/,
    );
    assert.match(gone.message, /^Could not load the details of “Clips-2\.mp4”\. /);
    assert.deepEqual(ui.callsOf('openTextDocument'), []);
    assert.deepEqual(ui.callsOf('showTextDocument'), []);
  });

  test('a twelvelabs: document opened without the command (a reopened editor) is fetched afresh; other addresses are refused', async () => {
    await start();
    const document = await openDocument(`/indexes/${indexId('Archive')}.json`);
    assert.equal((JSON.parse(document.getText()) as { _id: unknown })._id, indexId('Archive'));
    for (const path of ['/indexes', '/indexes/../keys.json', '/indexes/not-an-id.json', '/assets/not-an-id.json']) {
      await assert.rejects(async () => openDocument(path), /not the address|not valid/);
    }
    const fetched = api.requests.map((r) => r.path);
    assert.deepEqual(fetched, [`/indexes/${indexId('Archive')}`]);
  });

  test('Copy ID of an asset and of an index: the clipboard holds the ID, and the status bar says so', async () => {
    const { clips, assets } = await clipsRows();
    await run(COMMAND.copyId, assets[1]);
    assert.equal(ui.clipboard, assetId('Clips-2.mp4'));
    await run(COMMAND.copyId, clips);
    assert.equal(ui.clipboard, indexId('Clips'));
    assert.deepEqual(
      ui.callsOf('setStatusBarMessage').map((call) => [call.message, call.timeout]),
      [
        ['Copied the ID of “Clips-2.mp4”.', 5000],
        ['Copied the ID of “Clips”.', 5000],
      ],
    );
    assert.deepEqual(api.requests, [], 'nothing is fetched');
  });

  test('a filename with a right-to-left override: the details escape it, Copy Filename copies it exactly and shows it safe', async () => {
    fakeAsset('Clips-3.mp4').system_metadata.filename = hostileName;
    const { assets } = await clipsRows();
    await run(COMMAND.showDetails, assets[0]);
    const { text } = only('showTextDocument');
    assert.ok(!text.includes(RTL_OVERRIDE));
    assert.ok(text.includes('"filename": "Clips-3\\u202e4pm.exe"'));
    assert.equal(
      (JSON.parse(text) as { system_metadata: { filename: unknown } }).system_metadata.filename,
      hostileName,
    );

    await run(COMMAND.copyFilename, assets[0]);
    assert.equal(ui.clipboard, hostileName);
    assert.equal(only('setStatusBarMessage').message, 'Copied the filename of “Clips-3\uFFFD4pm.exe”.');
  });

  test('Copy Filename of an asset with no filename says so and copies nothing', async () => {
    const nameless = fakeAsset('Clips-2.mp4');
    delete nameless.system_metadata.filename;
    const { assets } = await clipsRows();
    ui.answer('showInformationMessage', undefined);
    await run(COMMAND.copyFilename, assets[1]);
    assert.equal(only('showInformationMessage').message, `“${nameless._id}” has no filename, so nothing was copied.`);
    assert.deepEqual(ui.callsOf('writeClipboard'), []);
    assert.deepEqual(ui.callsOf('setStatusBarMessage'), []);
  });

  test('arguments that are not rows of this tree, or the wrong kind of row: nothing happens', async () => {
    const { clips } = await clipsRows();
    const bogus = [
      undefined,
      'Clips-1.mp4',
      42,
      { kind: 'asset', asset: { _id: 7 }, parent: {} },
      { kind: 'index', index: {} },
    ];
    for (const argument of bogus) {
      for (const command of [COMMAND.showDetails, COMMAND.copyId, COMMAND.copyFilename]) await run(command, argument);
    }
    await run(COMMAND.copyFilename, clips);
    assert.deepEqual(ui.calls, []);
    assert.deepEqual(api.requests, []);
  });
});
