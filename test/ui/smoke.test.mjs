// The packaged extension clicked through in code-server + Chromium against the fake API: only what
// needs the real workbench. The steps share one workbench and run in order; a failure saves
// test-results/ui/<step>.png and logs the fake's requests and the host log.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { extensionHostErrors, extensionHostLog } from '../launch/codeServer.mjs';
import {
  contextMenu,
  describeRequests,
  focusRow,
  indexDescription,
  modal,
  notification,
  openAssetContextMenuItem,
  openTwelveLabsView,
  pickRow,
  row,
  runCommand,
  setApiKeyButton,
  setApiKeyViaPalette,
  startWorkbenchWithFake,
  workbenchSteps,
} from './workbench.mjs';

const SUPPORT = 'Support calls 2026';
const LOAD_MORE = /^\s*Load more/;
const log = (message) => console.error(`[ui] ${message}`);

describe('TwelveLabs Explorer in a real VS Code', () => {
  let env;
  let page;
  let fake;
  before(
    async () => {
      env = await startWorkbenchWithFake({ log });
      ({ page, fake } = env);
    },
    { timeout: 120_000 },
  );
  after(() => env?.stop(), { timeout: 30_000 });

  const step = workbenchSteps(() => env, log);

  const index = (name) => fake.account.indexes.find((i) => i.index_name === name);
  /** An index's assets, newest first, as the tree lists them. */
  const assetsOf = (name) =>
    fake.account.assets
      .filter((a) => a.index_id === index(name)._id)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const label = (asset) => asset.system_metadata?.filename ?? asset._id;
  const videos = async (name) => parseInt(await indexDescription(page, name).innerText(), 10);
  const deleteOf = (name, asset) => `DELETE /indexes/${index(name)._id}/indexed-assets/${asset._id} (key ok)`;
  const deletes = () => describeRequests(fake).filter((line) => line.startsWith('DELETE'));

  step('without a key, the view shows a "Set API Key" welcome and sends nothing', async () => {
    await openTwelveLabsView(page);
    await setApiKeyButton(page).waitFor();
    assert.deepEqual(describeRequests(fake), []);
  });

  step('the key typed in the palette’s password box (with spaces) lists the indexes', async () => {
    await setApiKeyViaPalette(page, `  ${fake.apiKey}  `);
    for (const name of [SUPPORT, 'Product demos', 'Lecture archive']) await row(page, name).waitFor();
    await setApiKeyButton(page).waitFor({ state: 'detached' });
    assert.ok(fake.requests.length > 0, 'the indexes were fetched');
    assert.ok(
      fake.requests.every((r) => r.apiKey === fake.apiKey),
      `every request carried the trimmed key:\n${describeRequests(fake).join('\n')}`,
    );
  });

  step('a click expands an index; from the keyboard, Enter on its "Load more" row loads the rest', async () => {
    const assets = assetsOf(SUPPORT);
    await row(page, SUPPORT).click();
    await row(page, label(assets[0])).waitFor();
    await runCommand(page, 'TwelveLabs: Focus on Indexes View');
    // End reaches the last index ("Product demos", collapsed); "Load more" ends the list above it.
    await page.keyboard.press('End');
    await focusRow(page, LOAD_MORE, 'ArrowUp', 5);
    await page.keyboard.press('Enter');
    await row(page, LOAD_MORE).waitFor({ state: 'detached' });
    await page.keyboard.press('End'); // the list is virtual: this brings its last rows into the DOM
    await row(page, label(assets.at(-1))).waitFor();
    const pages = fake.requestsMatching('GET', `/indexes/${index(SUPPORT)._id}/indexed-assets`);
    assert.ok(
      pages.some((r) => r.query.page?.[0] === '2'),
      describeRequests(fake).join('\n'),
    );
    assert.equal(await row(page, LOAD_MORE).count(), 0, `all ${assets.length} are shown, and no "Load more"`);
  });

  step('Shift+F10 on an asset offers Delete; the modal names it, and Cancel sends nothing', async () => {
    const name = label(assetsOf(SUPPORT)[0]);
    await runCommand(page, 'TwelveLabs: Focus on Indexes View');
    await page.keyboard.press('Home');
    await focusRow(page, name, 'ArrowDown'); // the indexes, then "Support calls 2026"'s assets
    await page.keyboard.press('Shift+F10');
    await (await contextMenu(page, 'Shift+F10')).press('Delete Indexed Asset');
    const dialog = await modal(page);
    assert.ok(dialog.message.includes(name), `the modal names the asset: ${dialog.message}`);
    // Its upload is used by nothing else, so the modal also offers to delete that.
    assert.deepEqual(dialog.buttons.sort(), ['Cancel', 'Delete', 'Delete with Source Assets']);
    await dialog.press('Cancel');
    await page.waitForTimeout(500); // a DELETE sent by mistake would arrive within this
    assert.deepEqual(deletes(), []);
    assert.ok(await row(page, name).isVisible(), 'the asset is still listed');
  });

  step('the context menu’s Delete Indexed Asset, then Delete: one DELETE, and the row and count update', async () => {
    const asset = assetsOf(SUPPORT)[0];
    const count = await videos(SUPPORT);
    await openAssetContextMenuItem(page, label(asset), 'Delete Indexed Asset');
    await (await modal(page)).press('Delete');
    await row(page, label(asset)).waitFor({ state: 'detached' }); // without a refresh
    await indexDescription(page, SUPPORT, count - 1).waitFor();
    assert.deepEqual(deletes(), [deleteOf(SUPPORT, asset)]);
  });

  step('the palette: an index, then an asset checked in the multi-select pick, then Delete', async () => {
    const asset = assetsOf('Lecture archive')[0];
    const count = await videos('Lecture archive');
    await runCommand(page, 'TwelveLabs: Delete Indexed Asset');
    await pickRow(page, 'Lecture archive').waitFor();
    await page.keyboard.type('Lecture archive');
    await page.keyboard.press('Enter');
    await pickRow(page, label(asset)).click(); // checks it (the pick takes several)
    const ok = '.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button';
    await page.locator(ok, { hasText: 'OK' }).first().click();
    const dialog = await modal(page);
    assert.ok(dialog.message.includes(label(asset)), `the modal names the asset: ${dialog.message}`);
    await dialog.press('Delete');
    await indexDescription(page, 'Lecture archive', count - 1).waitFor();
    await page.waitForTimeout(500); // room for a duplicate DELETE to arrive
    assert.deepEqual(deletes(), [deleteOf('Lecture archive', asset)]);
  });

  step('Ctrl+click two assets and press Delete: one modal for both, both rows go, and a summary', async () => {
    const assets = assetsOf(SUPPORT).slice(0, 2);
    const count = await videos(SUPPORT);
    await row(page, label(assets[0])).click();
    await row(page, label(assets[1])).click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    const dialog = await modal(page);
    assert.equal(dialog.message, `Delete 2 indexed assets from the index “${SUPPORT}”?`);
    for (const asset of assets) assert.ok(dialog.detail.includes(`• ${label(asset)}`), dialog.detail);
    await dialog.press('Delete');
    await notification(page, 'Deleted 2 indexed assets.').waitFor();
    for (const asset of assets) await row(page, label(asset)).waitFor({ state: 'detached' });
    await indexDescription(page, SUPPORT, count - 2).waitFor();
    assert.deepEqual(deletes().sort(), assets.map((asset) => deleteOf(SUPPORT, asset)).sort());
  });

  step('Clear API Key brings the welcome back; the host log shows activation and no error from us', async () => {
    await runCommand(page, 'TwelveLabs: Clear API Key');
    await setApiKeyButton(page).waitFor();
    assert.equal(await row(page, SUPPORT).count(), 0, 'the indexes are gone');
    assert.match(extensionHostLog(env.cs.userDataDir), /twelvelabs.*activat|activat.*twelvelabs/i);
    assert.deepEqual(extensionHostErrors(env.cs.userDataDir), []);
  });
});
