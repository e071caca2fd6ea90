import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import { ASSETS_VIEW_ID, KEY_MISSING_CONTEXT, SETTING, VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { eventually, extension, manifest, useHarness, whenHolds } from './harness';

describe('Activation, the view and its menus', () => {
  const harness = useHarness();

  it('activates and registers exactly the commands package.json contributes', async () => {
    assert.equal(extension().isActive, true);
    // VS Code adds `<view id>.focus`, `.open` and the like for every view by itself.
    const ours = (await vscode.commands.getCommands(true)).filter(
      (command) =>
        command.startsWith('twelvelabs.') && ![VIEW_ID, ASSETS_VIEW_ID].some((view) => command.startsWith(`${view}.`)),
    );
    const contributed = manifest().contributes.commands.map((entry) => entry.command);
    // Both ways: a command nobody registers fails when run; one not contributed has no title in the palette.
    assert.deepEqual([...new Set(ours)].sort(), [...contributed].sort());
  });

  it('opens the view in the workbench and lists every index, newest first, with one request', async () => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const expected = [...harness.fake.account.indexes]
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((index) => index.index_name);
    assert.deepEqual((await harness.children()).map(harness.label), expected);
    assert.deepEqual(
      harness.fake.requests.map((request) => `${request.method} ${request.path}`),
      ['GET /indexes'],
    );
  });

  it('each row’s context menu offers the commands that apply to it', async () => {
    const menu = (manifest().contributes.menus['view/item/context'] ?? []).filter(
      (e) => !e.group?.startsWith('inline'),
    );
    const offeredFor = (viewItem: string | undefined, view: string) =>
      menu
        .filter((entry) => whenHolds(entry.when ?? '', { view, viewItem }))
        .map((entry) => entry.command.replace('twelvelabs.', ''));
    const offered = (node: TreeNode, view = VIEW_ID) => offeredFor(harness.item(node).contextValue, view);
    const index = await harness.indexNode('Support calls 2026');
    const rows = await harness.children(index);
    assert.deepEqual(offered(index), ['filterAssets', 'showDetails', 'copyId', 'addToIndex', 'addVideoFromUrl']);
    assert.deepEqual(offered(rows[0]), ['showDetails', 'copyId', 'copyFilename', 'deleteIndexedAsset']);
    assert.deepEqual(offered(rows[rows.length - 1]), [], 'nothing on "Load more"');
    assert.deepEqual(offered(rows[0], 'explorer'), [], 'nothing in another view');
    // The Assets view: an upload, used or not, and an index that uses one.
    const uploads = ['dashboard-tour-2026-q1.mov', 'podcast-episode-12.mp4'];
    for (const upload of await Promise.all(uploads.map((name) => harness.assetNode(name)))) {
      const onUpload = offeredFor(harness.assetItem(upload).contextValue, ASSETS_VIEW_ID);
      assert.deepEqual(onUpload, ['showDetails', 'copyId', 'copyFilename', 'addToIndex', 'deleteAsset']);
    }
    const [reference] = await harness.assetChildren(await harness.assetNode(uploads[0]));
    assert.deepEqual(offeredFor(harness.assetItem(reference).contextValue, ASSETS_VIEW_ID), ['revealIndexedAsset']);
  });
});

describe('The API key in VS Code’s SecretStorage', () => {
  const harness = useHarness();

  it('Clear removes it: the tree empties, the welcome shows, nothing is sent; Set stores it again', async () => {
    const { fake, ui } = harness;
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.clearApiKey);
    assert.deepEqual(await harness.children(), []);
    assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), true);
    assert.equal(fake.requests.length, 0, 'nothing is sent without a key');

    ui.answer('showInputBox', `  ${fake.apiKey}\n`);
    ui.answer('showInformationMessage', undefined);
    await vscode.commands.executeCommand(COMMAND.setApiKey);
    assert.equal((await harness.children()).length, fake.account.indexes.length);
    assert.equal(ui.contextKeys.get(KEY_MISSING_CONTEXT), false);
    // The Assets view, when shown, lists too: the key's check is the one request of one item.
    const limits = fake.requests.map((request) => request.query.page_limit?.[0]);
    assert.deepEqual(
      [limits[0], limits.filter((limit) => limit === '1').length],
      ['1', 1],
      'one check of the key first',
    );
    const keys = new Set(fake.requests.map((request) => request.apiKey));
    assert.deepEqual(keys, new Set([fake.apiKey]), 'both with the stored key, trimmed');
  });
});

describe('Show Details', () => {
  const harness = useHarness();

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens an asset’s JSON in a real editor that cannot be edited or saved', async () => {
    const rows = await harness.children(await harness.indexNode('Product demos'));
    const node = rows.find((row) => harness.label(row) === 'onboarding-walkthrough-v3.mp4');
    assert.ok(node?.kind === 'asset');
    await vscode.commands.executeCommand(COMMAND.showDetails, node);

    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'an editor is open');
    const uri = `twelvelabs:/indexes/${node.parent.index._id}/indexed-assets/${node.asset._id}.json`;
    assert.equal(document.uri.toString(), uri);
    assert.equal(document.languageId, 'json');
    assert.equal((JSON.parse(document.getText()) as { _id: unknown })._id, node.asset._id);

    // Read-only as the user meets it: typing is refused, and nothing can make it dirty or saved.
    // (A WorkspaceEdit does change the model's text: VS Code applies it and answers true.)
    const text = document.getText();
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(document.getText(), text, 'typing changes nothing');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), 'edited');
    await vscode.workspace.applyEdit(edit);
    assert.equal(document.isDirty, false);
    assert.equal(await document.save(), false, 'there is nowhere to save it');
  });
});

describe('Live status', () => {
  const harness = useHarness();

  const interval = (seconds?: number) =>
    vscode.workspace.getConfiguration().update(SETTING.liveStatusInterval, seconds, vscode.ConfigurationTarget.Global);
  afterEach(() => interval(undefined));

  it('an asset that finishes indexing updates by itself while the real view is shown', async () => {
    await interval(5);
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const index = await harness.indexNode('Support calls 2026');
    const row = (await harness.children(index)).find((node) =>
      String(harness.item(node).description).includes('indexing'),
    );
    assert.ok(row?.kind === 'asset', 'an asset is indexing');
    const asset = harness.fake.account.assets.find((a) => a._id === row.asset._id) ?? assert.fail('no such asset');
    Object.assign(asset, { status: 'ready', updated_at: new Date().toISOString() });

    const updated = await eventually(
      'the row to show the new status',
      async () =>
        (await harness.children(index)).find(
          (node) => node.kind === 'asset' && node.asset._id === asset._id && node.asset.status === 'ready',
        ),
      15_000,
    );
    const item = harness.item(updated);
    assert.doesNotMatch(String(item.description), /indexing/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'device-camera-video');
    const polls = new Set(harness.fake.requests.filter((r) => r.query.status !== undefined).map((r) => r.path));
    const perIndex = `/indexes/${asset.index_id}/indexed-assets`;
    assert.deepEqual(polls, new Set([perIndex]), 'polls ask per index, never per asset');
  });
});
