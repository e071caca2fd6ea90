// Helpers for driving the TwelveLabs Explorer in a real VS Code workbench (code-server + Chromium),
// shared by test/ui/smoke.test.mjs and scripts/screenshots.mjs. Selectors and timings:
// each helper says what it waits for and why.
//
//   const { fake, cs, page, stop } = await startWorkbenchWithFake({ log: console.log });
//   await openTwelveLabsView(page);
//   await setApiKeyViaPalette(page, fake.apiKey);
//   await row(page, 'Support calls 2026').click();
//   ...
//   await stop();
//
// Needs `npm run package` (the .vsix) and `npx tsc -p .` (the compiled fake API) first.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench } from '../launch/browser.mjs';
import { startCodeServer } from '../launch/codeServer.mjs';

export { extensionHostErrors, extensionHostLines, extensionHostLog } from '../launch/codeServer.mjs';
import { REPO_ROOT } from '../launch/ensureTools.mjs';

export const VSIX_PATH = path.join(REPO_ROOT, 'twelvelabs-explorer.vsix');
export const FAKE_API_JS = path.join(REPO_ROOT, 'out', 'test', 'fake-api', 'server.js');
export const WAIT_MS = 15_000;

// VS Code ignores a menu click that comes within ~100 ms of the menu opening.
const MENU_SETTLE_MS = 400;
const MENU_OPEN_MS = 5_000; // a menu shows within ~100 ms; do not spend a whole WAIT_MS on none
// The palette filters as you type; Enter before it settles can run the previous top match.
const PALETTE_SETTLE_MS = 300;

const SIDEBAR = '.part.sidebar';
const QUICK_INPUT = '.quick-input-widget';
const DIALOG = '.monaco-dialog-box';

/** A row of the tree in the sidebar whose text contains `text` (string or RegExp). */
export function row(page, text) {
  return page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: text }).first();
}

/** The grey description next to a tree row's label (e.g. "52 videos"). */
export async function rowDescription(page, text) {
  const description = row(page, text).locator('.label-description');
  return (await description.count()) ? (await description.innerText()).trim() : '';
}

/** A row of the open quick pick (palette or the extension's pickers). */
export function pickRow(page, text) {
  return page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: text }).first();
}

/** The welcome view's "Set API Key" button. */
export function setApiKeyButton(page) {
  return page.locator(SIDEBAR).getByRole('button', { name: 'Set API Key' });
}

/** Runs a command by its palette title, e.g. 'TwelveLabs: Refresh'. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type(title);
  // Enter runs the focused row: make sure it is this command and not an earlier match.
  await page
    .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row.focused`, { hasText: title })
    .waitFor({ timeout: WAIT_MS });
  await page.waitForTimeout(PALETTE_SETTLE_MS);
  await page.keyboard.press('Enter');
}

/** Shows the TwelveLabs view container; clicking its icon while it is shown would hide it. */
export async function openTwelveLabsView(page) {
  // The sidebar's title names the container (its only view's own header is hidden).
  const title = page.locator(`${SIDEBAR} .composite.title .title-label`, { hasText: /TwelveLabs/i });
  if (await title.isVisible()) return;
  await page.locator('.part.activitybar .action-item a[aria-label^="TwelveLabs"]').click();
  await title.waitFor({ timeout: WAIT_MS });
}

/** Sets the key through the palette's password box, typed exactly as given. */
export async function setApiKeyViaPalette(page, key) {
  await runCommand(page, 'TwelveLabs: Set API Key');
  const input = page.locator(`${QUICK_INPUT} input[type="password"]`);
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(key);
  await page.keyboard.press('Enter');
}

/** Right-clicks a tree row and clicks an item of its context menu. */
export async function openAssetContextMenuItem(page, rowText, itemLabel) {
  await row(page, rowText).click({ button: 'right' });
  // VS Code opens no menu at all when no item applies to the row.
  const menu = await contextMenu(page).catch(() => {
    throw new Error(`right-clicking "${rowText}" opened no context menu (so no "${itemLabel}")`);
  });
  if (!menu.items.some((label) => label.includes(itemLabel))) {
    await page.keyboard.press('Escape');
    throw new Error(`context menu of "${rowText}" has no "${itemLabel}"; it offers ${JSON.stringify(menu.items)}`);
  }
  await menu.press(itemLabel);
}

/** The focused row of the tree in the sidebar (the one the arrow keys move and Enter opens). */
export function focusedRow(page) {
  return page.locator(`${SIDEBAR} .monaco-list-row.focused`).first();
}

/**
 * Waits for a context menu opened by any means (right-click, Shift+F10, the menu key) and reads it:
 * { items, locator, press(label) }. `items` are the labels of its commands, without keybindings.
 * `press` clicks the item whose label contains `label`.
 */
export async function contextMenu(page, { timeout = MENU_OPEN_MS } = {}) {
  const menu = page.locator('.monaco-menu').first();
  await menu.waitFor({ state: 'visible', timeout });
  await page.waitForTimeout(MENU_SETTLE_MS); // a click sooner than this is ignored
  const labels = menu.locator('a.action-menu-item .action-label');
  const items = (await labels.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  return {
    items,
    locator: menu,
    async press(label) {
      await menu.locator('a.action-menu-item', { hasText: label }).first().click();
    },
  };
}

/** A notification (toast or in the center) whose message contains `text` (string or RegExp). */
export function notification(page, text) {
  return page.locator('.notification-list-item-message', { hasText: text }).first();
}

/**
 * Waits for a modal dialog and reads it: { message, detail, buttons, press(label) }.
 * `press` clicks the button whose label is exactly `label` and waits for the dialog to close.
 */
export async function modal(page, { timeout = WAIT_MS } = {}) {
  const box = page.locator(DIALOG);
  await box.waitFor({ state: 'visible', timeout });
  const text = async (selector) => {
    const el = box.locator(selector);
    return (await el.count()) ? (await el.first().innerText()).trim() : '';
  };
  const buttons = (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim());
  return {
    message: await text('.dialog-message-text'),
    detail: await text('.dialog-message-detail'),
    buttons,
    async press(label) {
      await box
        .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
        .click();
      await box.waitFor({ state: 'detached', timeout });
    },
  };
}

/** Closes menus, pickers and dialogs a failed step may have left open (Escape = Cancel). */
export async function dismissOverlays(page) {
  for (let i = 0; i < 3; i++) {
    const open = await page.locator(`${DIALOG}, .monaco-menu, ${QUICK_INPUT}:visible`).count();
    if (!open) return;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(150);
  }
}

/** One line per recorded request of the fake API, for failure output. */
export function describeRequests(fake) {
  return fake.requests.map((r) => {
    const query = new URLSearchParams(Object.entries(r.query ?? {}).flatMap(([k, v]) => v.map((x) => [k, x])));
    const q = String(query);
    const key = r.apiKey === fake.apiKey ? 'key ok' : `key ${JSON.stringify(r.apiKey)}`;
    return `${r.method} ${r.path}${q ? `?${q}` : ''} (${key})`;
  });
}

/**
 * Starts the fake TwelveLabs API (sample account) and a code-server with the packaged extension
 * installed and `twelvelabs.apiBaseUrl` pointing at the fake. Used by `npm run demo` too.
 * Nothing is left running when it throws; call stop() when done.
 *
 * @param {object} [options]
 * @param {(msg: string) => void} [options.log]
 * @param {Record<string, unknown>} [options.settings] extra user settings
 * @param {{ nodeBin: string, codeServerBin: string }} [options.tools] result of ensureTools()
 * @returns {Promise<{ fake: any, cs: any, workspaceDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServerWithFake({ log = () => {}, settings = {}, tools } = {}) {
  for (const [file, how] of [
    [VSIX_PATH, 'npm run package'],
    [FAKE_API_JS, 'npx tsc -p .'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`${how}\` first`);
  }
  const { FakeTwelveLabsApi } = createRequire(import.meta.url)(FAKE_API_JS);
  const closers = [];
  const stop = async () => {
    // Each step on its own, so one failing close still runs the others.
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        log(`cleanup: ${error.message}`);
      }
    }
  };
  try {
    const fake = await FakeTwelveLabsApi.start();
    closers.push(() => fake.close());
    const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-ui-ws-'));
    closers.push(() => fs.rmSync(workspaceDir, { recursive: true, force: true }));
    const cs = await startCodeServer({
      vsixPath: VSIX_PATH,
      settings: { 'twelvelabs.apiBaseUrl': fake.baseUrl, ...settings },
      workspaceDir,
      log,
      tools,
    });
    closers.push(() => cs.stop());
    return { fake, cs, workspaceDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * startCodeServerWithFake(), then the workbench opened in Chromium.
 *
 * @param {object} [options]
 * @param {(msg: string) => void} [options.log]
 * @param {{ width: number, height: number }} [options.viewport]
 * @param {Record<string, unknown>} [options.settings] extra user settings
 * @returns {Promise<{ fake: any, cs: any, wb: any, page: import('playwright-core').Page,
 *   workspaceDir: string, stop: () => Promise<void> }>}
 */
export async function startWorkbenchWithFake({ log = () => {}, viewport, settings = {} } = {}) {
  const server = await startCodeServerWithFake({ log, settings });
  try {
    const wb = await openWorkbench(server.cs.url, { log, ...(viewport ? { viewport } : {}) });
    wb.page.setDefaultTimeout(WAIT_MS);
    const stop = async () => {
      await wb.close().catch((error) => log(`cleanup: ${error.message}`));
      await server.stop();
    };
    return { ...server, wb, page: wb.page, stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
