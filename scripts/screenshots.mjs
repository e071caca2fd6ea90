// Regenerates the README screenshots from the real workbench (code-server + Chromium) against the
// fake TwelveLabs API's sample account:
//
//   npm run package && npx tsc -p . && node scripts/screenshots.mjs
//
// Writes media/screenshots/tree.png (the Indexes view with "Support calls 2026" expanded) and
// media/screenshots/delete-modal.png (the delete confirmation for an asset, which is then cancelled).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../test/launch/ensureTools.mjs';
import {
  WAIT_MS,
  modal,
  openAssetContextMenuItem,
  openTwelveLabsView,
  row,
  runCommand,
  setApiKeyViaPalette,
  startWorkbenchWithFake,
} from '../test/ui/workbench.mjs';

const OUT_DIR = path.join(REPO_ROOT, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
// Wide enough for "support-call-<customer>-<topic>-t4xxx.mp4" plus its description.
const SIDEBAR_WIDTH = 520;
// A tidier window: no empty secondary sidebar, and no temp folder name in the title.
const SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'window.title': 'TwelveLabs Explorer',
};
const log = (m) => console.log(`[screenshots] ${m}`);

const env = await startWorkbenchWithFake({ log, viewport: VIEWPORT, settings: SETTINGS });
const { page, fake } = env;
try {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  await openTwelveLabsView(page);
  await setApiKeyViaPalette(page, fake.apiKey);
  await row(page, 'Support calls 2026').waitFor({ timeout: WAIT_MS });
  await widenSidebar(page, SIDEBAR_WIDTH);
  await runCommand(page, 'Notifications: Clear All Notifications'); // "API key saved" toast

  await row(page, 'Support calls 2026').click();
  const index = fake.account.indexes.find((i) => i.index_name === 'Support calls 2026');
  const newest = fake.account.assets
    .filter((a) => a.index_id === index._id)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  const label = newest.system_metadata.filename ?? newest._id;
  await row(page, label).waitFor({ timeout: WAIT_MS });
  await settle(page);
  await save(page, 'tree.png');

  await openAssetContextMenuItem(page, label, 'Delete Indexed Asset');
  const dialog = await modal(page);
  await settle(page);
  await save(page, 'delete-modal.png');
  await dialog.press('Cancel');
  if (fake.requestsMatching('DELETE').length) throw new Error('Cancel sent a DELETE');
} catch (error) {
  console.error(`[screenshots] failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await env.stop();
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
