// Regenerates the README screenshots from the real workbench (code-server + Chromium) against the
// fake TwelveLabs API's sample account:
//
//   npm run package && npx tsc -p . && node scripts/screenshots.mjs
//
// Writes to media/screenshots/:
//   tree.png           the Indexes view with "Support calls 2026" expanded
//   context-menu.png   an asset's context menu (Show Details, Copy ID, Copy Filename, Delete Indexed Asset)
//   delete-modal.png   the delete confirmation for one asset (then cancelled)
//   bulk-delete.png    several assets being deleted: the "Deleting N of M…" progress notification
//   filter-pick.png    "Filter Indexed Assets..." on an index: the statuses to show
//   filtered.png       the index filtered to the assets that are not ready ("filtered: …")
//   assets-view.png    the Assets view: unused uploads marked, and a shared upload expanded to its two indexes
//   asset-delete-modal.png  Delete Asset on that upload: the modal naming both indexes (then cancelled)
//   delete-all-modal.png    Delete All Matching on the filtered index: the modal with the server's count (then cancelled)
//   upload-progress.png     two workspace videos added to "Scratch" from the Explorer: the upload's progress notification
//
// The Indexes view's shots are taken with the Assets view collapsed, and the Assets view's with the Indexes view
// collapsed, so each has the sidebar's height.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../test/launch/ensureTools.mjs';
import {
  EXPLORER_SELECTS,
  WAIT_MS,
  addToIndexFromExplorer,
  contextMenu,
  expandView,
  focusRow,
  modal,
  notification,
  openAssetContextMenuItem,
  openTwelveLabsView,
  pickRow,
  row,
  runCommand,
  setApiKeyViaPalette,
  startWorkbenchWithFake,
} from '../test/ui/workbench.mjs';

const OUT_DIR = path.join(REPO_ROOT, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
// Wide enough for "support-call-<customer>-<topic>-t4xxx.mp4" plus its description, and for a
// filtered index row's "filtered: failed, pending, queued, indexing" beside its inline buttons.
const SIDEBAR_WIDTH = 620;
// A tidier window: no empty secondary sidebar, and no temp folder name in the title.
const SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'window.title': 'TwelveLabs Explorer',
};
// The bulk delete screenshot: how many assets, and how long the fake API takes over their deletes.
const BULK_COUNT = 10;
const QUICK_DELETE_MS = 300; // the first few, each 300 ms after the one before
const HELD_DELETE_MS = 5000; // the rest, while the screenshot is taken
// The Assets view's shots: an upload that "Product demos" and "Marketing b-roll" share, and how many
// rows to show below it, its two indexes included.
const SHARED_UPLOAD = 'dashboard-tour-2026-q1.mov';
const ASSETS_SCROLL_ROWS = 8;
// The upload screenshot: a workspace holding a short clip and a long recording (sparse), whose chunks the fake
// API answers this late, so that the notification shows a steady rate a few seconds in.
const UPLOADS = { 'customer-onboarding-call.mp4': 48_000_000, 'all-hands-2026-11.mov': 1_240_000_000 };
const UPLOAD_CHUNK_DELAY_MS = 800;
const UPLOAD_SHOT_AFTER_MS = 6000;
const log = (m) => console.log(`[screenshots] ${m}`);

const env = await startWorkbenchWithFake({
  log,
  viewport: VIEWPORT,
  settings: { ...SETTINGS, ...EXPLORER_SELECTS },
  prepareWorkspace: (dir) => {
    for (const [name, size] of Object.entries(UPLOADS)) {
      fs.writeFileSync(path.join(dir, name), '');
      fs.truncateSync(path.join(dir, name), size);
    }
  },
});
const { page, fake } = env;
try {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  await openTwelveLabsView(page);
  await setApiKeyViaPalette(page, fake.apiKey);
  await row(page, 'Support calls 2026').waitFor({ timeout: WAIT_MS });
  await expandView(page, 'Assets', false);
  await widenSidebar(page, SIDEBAR_WIDTH);
  await runCommand(page, 'Notifications: Clear All Notifications'); // "API key saved" toast

  await row(page, 'Support calls 2026').click();
  const index = fake.account.indexes.find((i) => i.index_name === 'Support calls 2026');
  const assets = fake.account.assets
    .filter((a) => a.index_id === index._id)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const labelOf = (asset) => asset.system_metadata.filename ?? asset._id;
  const label = labelOf(assets[0]);
  await row(page, label).waitFor({ timeout: WAIT_MS });
  await settle(page);
  await save(page, 'tree.png');

  // An asset's context menu; the pointer moves off it so no item is highlighted.
  const menuRow = labelOf(assets[4]);
  await row(page, menuRow).click({ button: 'right' });
  const menu = await contextMenu(page);
  if (!menu.items.includes('Delete Indexed Asset')) throw new Error(`menu: ${JSON.stringify(menu.items)}`);
  await settle(page);
  await save(page, 'context-menu.png');
  await page.keyboard.press('Escape');
  await menu.locator.waitFor({ state: 'hidden', timeout: WAIT_MS });

  await openAssetContextMenuItem(page, label, 'Delete Indexed Asset');
  const dialog = await modal(page);
  await settle(page);
  await save(page, 'delete-modal.png');
  await dialog.press('Cancel');
  if (fake.requestsMatching('DELETE').length) throw new Error('Cancel sent a DELETE');

  await assetsView(page, fake);
  await bulkDelete(page, fake, assets.slice(4, 4 + BULK_COUNT).map(labelOf));
  await filterNotReady(page, index, assets);
  await deleteAllModal(page, fake, index, assets);
  await uploadProgress(page, fake);
} catch (error) {
  console.error(`[screenshots] failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await env.stop();
}

/**
 * Selects `labels` (contiguous rows, with Shift+click), presses Delete and confirms, then captures
 * the progress notification half way. The fake API answers the first deletes quickly, one after
 * another, and holds the rest for a few seconds: the count and the rows stand still for the shot
 * (and the tree's scrollbar, shown while rows go, fades).
 */
async function bulkDelete(page, fake, labels) {
  const quick = Math.ceil(labels.length / 2) - 1;
  for (let n = 1; n <= labels.length; n++) {
    fake.inject({ method: 'DELETE', times: 1, delayMs: n <= quick ? n * QUICK_DELETE_MS : HELD_DELETE_MS });
  }
  await row(page, labels[0]).click();
  await row(page, labels.at(-1)).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Delete');
  const dialog = await modal(page);
  if (!dialog.message.startsWith(`Delete ${labels.length} indexed assets`)) {
    throw new Error(`unexpected modal: ${dialog.message}`);
  }
  await dialog.press('Delete');
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
  const progress = notification(page, `Deleting ${quick + 1} of ${labels.length}…`);
  await progress.waitFor({ timeout: WAIT_MS });
  await page.waitForTimeout(1500);
  if (!(await progress.isVisible())) throw new Error('the held deletes settled before the screenshot');
  await save(page, 'bulk-delete.png');
  await notification(page, `Deleted ${labels.length} indexed assets.`).waitFor({ timeout: WAIT_MS });
  fake.clearFaults();
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/**
 * Shows the Assets view in place of the Indexes view, waits for the scan to mark the unused uploads,
 * scrolls to the shared upload and expands it, then opens Delete Asset on it and cancels.
 */
async function assetsView(page, fake) {
  await expandView(page, 'Assets', true);
  await expandView(page, 'Indexes', false);
  const assetRow = (text) => row(page, text, 'Assets');
  const newest = assetRow('podcast-episode-13.m4a');
  await newest.filter({ hasText: 'unused' }).waitFor({ timeout: WAIT_MS });
  // Down to a few rows past the shared upload (newest first, as listed), so that the list scrolls to show them.
  const uploads = [...fake.account.sourceAssets].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const below = uploads[uploads.findIndex((upload) => upload.filename === SHARED_UPLOAD) + ASSETS_SCROLL_ROWS];
  await newest.click();
  await focusRow(page, below.filename ?? below._id, 'ArrowDown', uploads.length, 'Assets');
  const shared = assetRow(SHARED_UPLOAD);
  await shared.click(); // selects and expands it
  for (const index of ['Product demos', 'Marketing b-roll']) await assetRow(index).waitFor();
  await assetRow('unused').waitFor();
  await settle(page);
  await save(page, 'assets-view.png');

  await shared.click({ button: 'right' });
  await (await contextMenu(page, `right-clicking "${SHARED_UPLOAD}"`)).press('Delete Asset');
  const dialog = await modal(page);
  const buttons = ['Cancel', 'Delete', 'Delete Asset and Its Indexed Assets'];
  const namesBoth = ['“Product demos”', '“Marketing b-roll”'].every((name) => dialog.detail.includes(name));
  if (!namesBoth || String(dialog.buttons.sort()) !== String(buttons)) {
    throw new Error(`unexpected modal: ${JSON.stringify(dialog)}`);
  }
  await settle(page);
  await save(page, 'asset-delete-modal.png');
  await dialog.press('Cancel');
  await page.waitForTimeout(500); // a DELETE sent by mistake would arrive within this
  if (fake.requestsMatching('DELETE').length) throw new Error('Cancel sent a DELETE');
  await expandView(page, 'Indexes', true);
  await expandView(page, 'Assets', false);
}

/** Filters the index to its assets that are not ready, capturing the status picker and the result. */
async function filterNotReady(page, index, assets) {
  const notReady = ['failed', 'pending', 'queued', 'indexing'];
  await openAssetContextMenuItem(page, index.index_name, 'Filter Indexed Assets...');
  for (const status of notReady) {
    await pickRow(page, status).click(); // a click on a row checks it (the five labels differ)
  }
  await settle(page);
  await save(page, 'filter-pick.png');
  await page.keyboard.press('Enter'); // OK: the statuses are chosen
  await page.locator('.quick-input-widget .quick-input-title', { hasText: '(2/2)' }).waitFor();
  await page.keyboard.press('Enter'); // any filename
  await row(page, 'filtered: ').waitFor({ timeout: WAIT_MS });
  const shown = assets.filter((a) => notReady.includes(a.status));
  for (const asset of shown) await row(page, asset.system_metadata.filename ?? asset._id).waitFor();
  await settle(page);
  await save(page, 'filtered.png');
}

/** Delete All Matching on the index as filtered above: captures the modal with the server's count, then cancels. */
async function deleteAllModal(page, fake, index, assets) {
  const matching = assets.filter((a) => a.status !== 'ready').length;
  await openAssetContextMenuItem(page, index.index_name, 'Delete All Matching…');
  const dialog = await modal(page);
  if (!dialog.message.startsWith(`Delete all ${matching} indexed assets in “${index.index_name}”`)) {
    throw new Error(`unexpected modal: ${dialog.message}`);
  }
  await settle(page);
  await save(page, 'delete-all-modal.png');
  await dialog.press('Cancel');
  await page.waitForTimeout(500); // a DELETE sent by mistake would arrive within this
  if (fake.requestsMatching('DELETE').length !== BULK_COUNT) throw new Error('Cancel sent a DELETE');
}

/** Adds both workspace videos to "Scratch" from the Explorer, then captures the progress notification over the view. */
async function uploadProgress(page, fake) {
  await runCommand(page, 'Notifications: Clear All Notifications');
  fake.inject({ method: 'PUT', path: /^\/upload\//, delayMs: UPLOAD_CHUNK_DELAY_MS });
  await runCommand(page, 'View: Show Explorer');
  await addToIndexFromExplorer(page, Object.keys(UPLOADS), 'Scratch');
  await notification(page, /B of [\d.]+ [KMG]B/).waitFor({ timeout: WAIT_MS });
  await openTwelveLabsView(page);
  await row(page, 'Support calls 2026').click(); // collapses it: the filter of the shots before is of no interest
  await page.waitForTimeout(UPLOAD_SHOT_AFTER_MS);
  await settle(page);
  await save(page, 'upload-progress.png');
}

/** Drags the sash on the sidebar's right edge; no setting controls the sidebar width. */
async function widenSidebar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  const after = await page.locator('.part.sidebar').boundingBox();
  log(`sidebar ${Math.round(box.width)} px -> ${Math.round(after?.width ?? 0)} px`);
}

/** Moves the pointer out of the way (no hover highlight) and lets icons and fonts paint. */
async function settle(page) {
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
  await page.waitForTimeout(600);
}

async function save(page, name) {
  const file = path.join(OUT_DIR, name);
  await page.screenshot({ path: file });
  log(`wrote ${path.relative(REPO_ROOT, file)}`);
}
