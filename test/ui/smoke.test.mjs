// UI smoke tests: the packaged extension in a real VS Code (code-server) driven through Chromium,
// against the fake TwelveLabs API. The tests share one workbench and run in order, each building on
// the state the previous one left. Run from the repo root:
//
//   npm run package && npx tsc -p . && node --test test/ui/smoke.test.mjs
//
// On a failure: a screenshot in test-results/ui/<test>.png, plus the fake's requests and the tail of
// the extension host log on stderr.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../launch/ensureTools.mjs';
import {
  WAIT_MS,
  contextMenu,
  describeRequests,
  dismissOverlays,
  extensionHostErrors,
  extensionHostLines,
  extensionHostLog,
  focusedRow,
  modal,
  notification,
  openAssetContextMenuItem,
  openTwelveLabsView,
  pickRow,
  row,
  rowDescription,
  runCommand,
  setApiKeyButton,
  setApiKeyViaPalette,
  startWorkbenchWithFake,
} from './workbench.mjs';

const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'ui');
const TEST_TIMEOUT_MS = 45_000;
const log = (m) => console.error(`[ui] ${m}`);

describe('TwelveLabs Explorer in a real VS Code', () => {
  /** @type {Awaited<ReturnType<typeof startWorkbenchWithFake>>} */
  let env;
  let page;
  let fake;
  let supportIndex; // "Support calls 2026" in the fake account
  let deletedAsset; // the asset deleted from the tree

  before(
    async () => {
      env = await startWorkbenchWithFake({ log });
      ({ page, fake } = env);
      supportIndex = fake.account.indexes.find((i) => i.index_name === 'Support calls 2026');
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      await env?.stop();
    },
    { timeout: 30_000 },
  );

  /** `it` that closes leftover overlays first and, on failure, saves evidence before rethrowing. */
  const step = (name, body) =>
    it(name, { timeout: TEST_TIMEOUT_MS }, async () => {
      assert.ok(page, 'the workbench did not start (see before hook)');
      await dismissOverlays(page);
      try {
        await body();
      } catch (error) {
        await saveEvidence(name);
        throw error;
      }
    });

  async function saveEvidence(name) {
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80);
    const file = path.join(RESULTS_DIR, `${slug}.png`);
    try {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      log(`screenshot: ${path.relative(REPO_ROOT, file)}`);
    } catch (error) {
      log(`screenshot failed: ${error.message}`);
    }
    log(`fake API requests since the last reset:\n  ${describeRequests(fake).join('\n  ') || '(none)'}`);
    const hostLog = extensionHostLog(env.cs.userDataDir).trimEnd().split('\n').slice(-40).join('\n');
    log(`extension host log (tail):\n${hostLog || '(empty)'}`);
  }

  const newestAsset = (index) =>
    fake.account.assets
      .filter((a) => a.index_id === index._id)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  const assetLabel = (asset) => asset.system_metadata?.filename ?? asset._id;
  const videoCount = (description) => Number(/(\d+) videos?/.exec(description)?.[1]);

  step('shows a "Set API Key" welcome when no key is set', async () => {
    await openTwelveLabsView(page);
    await setApiKeyButton(page).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(describeRequests(fake), [], 'no request is sent without a key');
  });

  step('setting the key in the palette (with spaces) lists the indexes, sending the trimmed key', async () => {
    fake.resetRequests();
    await setApiKeyViaPalette(page, `  ${fake.apiKey}  `);
    for (const name of ['Support calls 2026', 'Product demos', 'Lecture archive']) {
      await row(page, name).waitFor({ timeout: WAIT_MS });
    }
    await setApiKeyButton(page).waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.ok(fake.requests.length > 0, 'the indexes were fetched');
    assert.deepEqual(
      fake.requests.filter((r) => r.apiKey !== fake.apiKey).map((r) => `${r.path}: ${JSON.stringify(r.apiKey)}`),
      [],
      'every request carried the trimmed key',
    );
  });

  step('expanding "Support calls 2026" shows its assets and a "Load more" row', async () => {
    fake.resetRequests();
    await row(page, 'Support calls 2026').click();
    await row(page, assetLabel(newestAsset(supportIndex))).waitFor({ timeout: WAIT_MS });
    assert.equal(fake.requestsMatching('GET', `/indexes/${supportIndex._id}/indexed-assets`).length, 1);
    // The list is virtual: End brings its last row into the DOM.
    await page.keyboard.press('End');
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /^\s*Load more/ })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Home');
    await row(page, 'Support calls 2026').waitFor({ timeout: WAIT_MS });
  });

  step(
    'from the keyboard: arrows to an asset, Shift+F10 opens its menu with Delete; Escape sends nothing',
    async () => {
      const label = assetLabel(newestAsset(supportIndex));
      fake.resetRequests();
      await runCommand(page, 'TwelveLabs: Focus on Indexes View');
      await focusedRow(page).waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('Home');
      // The indexes come first, then "Support calls 2026" and its assets, newest first.
      for (let i = 0; i < 10 && !(await focusedRow(page).innerText()).includes(label); i++) {
        await page.keyboard.press('ArrowDown');
      }
      assert.ok((await focusedRow(page).innerText()).includes(label), `the arrow keys reach "${label}"`);
      await page.keyboard.press('Shift+F10');
      const menu = await contextMenu(page);
      assert.ok(menu.items.includes('Delete Indexed Asset'), `the menu offers ${JSON.stringify(menu.items)}`);
      await page.keyboard.press('Escape');
      await menu.locator.waitFor({ state: 'hidden', timeout: WAIT_MS });
      await page.waitForTimeout(500); // a DELETE sent by mistake would arrive within this
      assert.deepEqual(fake.requestsMatching('DELETE'), []);
      assert.ok(await row(page, label).isVisible(), 'the asset is still listed');
    },
  );

  step('from the keyboard: Enter on the "Load more" row loads the next page', async () => {
    const listPath = `/indexes/${supportIndex._id}/indexed-assets`;
    const oldest = fake.account.assets
      .filter((a) => a.index_id === supportIndex._id)
      .sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
    fake.resetRequests();
    await runCommand(page, 'TwelveLabs: Focus on Indexes View');
    await focusedRow(page).waitFor({ timeout: WAIT_MS });
    // End reaches the last index ("Product demos", collapsed); "Load more" closes the list above it.
    await page.keyboard.press('End');
    const isLoadMore = async () => /^\s*Load more/.test(await focusedRow(page).innerText());
    for (let i = 0; i < 5 && !(await isLoadMore()); i++) {
      await page.keyboard.press('ArrowUp');
    }
    assert.ok(await isLoadMore(), `the arrow keys reach "Load more" (at ${await focusedRow(page).innerText()})`);
    await page.keyboard.press('Enter');
    await waitUntil(
      () => fake.requestsMatching('GET', listPath).some((r) => r.query.page?.[0] === '2'),
      'the second page is requested',
    );
    await page.keyboard.press('End'); // the list is virtual: bring its new last rows into the DOM
    await row(page, assetLabel(oldest)).waitFor({ timeout: WAIT_MS });
    assert.equal(
      await page.locator('.part.sidebar .monaco-list-row', { hasText: /^\s*Load more/ }).count(),
      0,
      'all 52 are shown, so no "Load more" is left',
    );
    await page.keyboard.press('Home');
    await row(page, 'Support calls 2026').waitFor({ timeout: WAIT_MS });
  });

  step('Delete Indexed Asset from the context menu, then Cancel, deletes nothing', async () => {
    const asset = newestAsset(supportIndex);
    const label = assetLabel(asset);
    fake.resetRequests();
    await openAssetContextMenuItem(page, label, 'Delete Indexed Asset');
    const dialog = await modal(page);
    assert.ok(dialog.message.includes(label), `the modal names the asset: ${JSON.stringify(dialog.message)}`);
    assert.deepEqual([...dialog.buttons].sort(), ['Cancel', 'Delete']);
    await dialog.press('Cancel');
    await page.waitForTimeout(500); // a DELETE sent by mistake would arrive within this
    assert.deepEqual(fake.requestsMatching('DELETE'), []);
    assert.ok(await row(page, label).isVisible(), 'the asset is still listed');
  });

  step('Delete Indexed Asset from the context menu, then Delete, removes the asset', async () => {
    const asset = newestAsset(supportIndex);
    const label = assetLabel(asset);
    const countBefore = videoCount(await rowDescription(page, 'Support calls 2026'));
    fake.resetRequests();
    await openAssetContextMenuItem(page, label, 'Delete Indexed Asset');
    await (await modal(page)).press('Delete');
    // Gone without a manual refresh.
    await row(page, label).waitFor({ state: 'detached', timeout: WAIT_MS });
    const deletes = fake.requestsMatching('DELETE');
    assert.deepEqual(
      deletes.map((r) => r.path),
      [`/indexes/${supportIndex._id}/indexed-assets/${asset._id}`],
    );
    assert.equal(deletes[0].apiKey, fake.apiKey);
    await waitUntil(
      async () => videoCount(await rowDescription(page, 'Support calls 2026')) === countBefore - 1,
      `the index's count goes from ${countBefore} to ${countBefore - 1}`,
    );
    deletedAsset = asset;
  });

  step('a 404 web page on DELETE (a proxy, say) is an error: the row stays, nothing is called deleted', async () => {
    const asset = newestAsset(supportIndex);
    const label = assetLabel(asset);
    fake.resetRequests();
    fake.inject({
      method: 'DELETE',
      times: 1,
      status: 404,
      body: '<html><body><h1>404 Not Found</h1></body></html>',
      headers: { 'content-type': 'text/html' },
    });
    await openAssetContextMenuItem(page, label, 'Delete Indexed Asset');
    await (await modal(page)).press('Delete');
    const error = notification(page, `Could not delete “${label}”`);
    await error.waitFor({ timeout: WAIT_MS });
    assert.match(await error.innerText(), /answered “not found” \(HTTP 404\).*twelvelabs\.apiBaseUrl/s);
    assert.equal(fake.requestsMatching('DELETE').length, 1);
    assert.ok(await row(page, label).isVisible(), 'the asset is still listed');
    assert.ok(fake.account.assets.includes(asset), 'and still in the account');
  });

  step('the palette flow (index, then a checked asset, then Delete) sends exactly one DELETE', async () => {
    const lecture = fake.account.indexes.find((i) => i.index_name === 'Lecture archive');
    const target = fake.account.assets.find((a) => a.index_id === lecture._id && a._id !== deletedAsset?._id);
    const countBefore = videoCount(await rowDescription(page, 'Lecture archive'));
    fake.resetRequests();
    await runCommand(page, 'TwelveLabs: Delete Indexed Asset');
    await pickRow(page, 'Lecture archive').waitFor({ timeout: WAIT_MS });
    await page.keyboard.type('Lecture archive');
    await page.keyboard.press('Enter');
    await pickRow(page, assetLabel(target)).waitFor({ timeout: WAIT_MS });
    // The asset picker takes several: search, check the one wanted, then OK.
    await page.keyboard.type(assetLabel(target));
    await pickRow(page, assetLabel(target)).click();
    await page
      .locator('.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button', { hasText: 'OK' })
      .first()
      .click();
    const dialog = await modal(page);
    assert.ok(
      dialog.message.includes(assetLabel(target)),
      `the modal names the asset: ${JSON.stringify(dialog.message)}`,
    );
    await dialog.press('Delete');
    await waitUntil(() => fake.requestsMatching('DELETE').length > 0, 'a DELETE arrives');
    await page.waitForTimeout(500); // room for a duplicate to show up
    assert.deepEqual(
      fake.requestsMatching('DELETE').map((r) => r.path),
      [`/indexes/${lecture._id}/indexed-assets/${target._id}`],
    );
    await waitUntil(
      async () => videoCount(await rowDescription(page, 'Lecture archive')) === countBefore - 1,
      `"Lecture archive" goes from ${countBefore} to ${countBefore - 1} videos`,
    );
  });

  step('Ctrl+click two assets and press Delete: one modal for both, both rows go, and a summary', async () => {
    const [first, second] = fake.account.assets
      .filter((a) => a.index_id === supportIndex._id)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    const countBefore = videoCount(await rowDescription(page, 'Support calls 2026'));
    fake.resetRequests();
    await row(page, assetLabel(first)).click();
    await row(page, assetLabel(second)).click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    const dialog = await modal(page);
    assert.equal(dialog.message, 'Delete 2 indexed assets from the index “Support calls 2026”?');
    assert.ok(
      dialog.detail.includes(`• ${assetLabel(first)}`) && dialog.detail.includes(`• ${assetLabel(second)}`),
      dialog.detail,
    );
    assert.deepEqual([...dialog.buttons].sort(), ['Cancel', 'Delete']);
    await dialog.press('Delete');
    await row(page, assetLabel(first)).waitFor({ state: 'detached', timeout: WAIT_MS });
    await row(page, assetLabel(second)).waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.deepEqual(
      fake
        .requestsMatching('DELETE')
        .map((r) => r.path)
        .sort(),
      [first, second].map((a) => `/indexes/${supportIndex._id}/indexed-assets/${a._id}`).sort(),
    );
    await page
      .locator('.notification-list-item-message', { hasText: 'Deleted 2 indexed assets.' })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await waitUntil(
      async () => videoCount(await rowDescription(page, 'Support calls 2026')) === countBefore - 2,
      `the index's count goes from ${countBefore} to ${countBefore - 2}`,
    );
  });

  step('a failed refresh shows an error row, and clicking it retries', async () => {
    fake.resetRequests();
    fake.inject({ path: '/indexes', status: 503, body: '<html>Service Unavailable</html>', times: 1 });
    await runCommand(page, 'TwelveLabs: Refresh');
    await row(page, 'HTTP 503').waitFor({ timeout: WAIT_MS });
    assert.equal(await row(page, 'Support calls 2026').count(), 0, 'the error row replaces the list');
    await row(page, 'HTTP 503').click();
    await row(page, 'Support calls 2026').waitFor({ timeout: WAIT_MS });
    await row(page, 'HTTP 503').waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  step('Clear API Key brings the welcome back', async () => {
    await runCommand(page, 'TwelveLabs: Clear API Key');
    await setApiKeyButton(page).waitFor({ timeout: WAIT_MS });
    assert.equal(await row(page, 'Support calls 2026').count(), 0, 'the indexes are gone');
  });

  step('the extension host log has no error or warning from this extension', async () => {
    const ours = extensionHostLines(env.cs.userDataDir);
    assert.ok(
      ours.some((line) => /activat/i.test(line)),
      'the log shows the extension activating',
    );
    assert.deepEqual(extensionHostErrors(env.cs.userDataDir), []);
  });
});

/** Polls `check` until it returns true, failing with `what` after `timeout` ms. */
async function waitUntil(check, what, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
