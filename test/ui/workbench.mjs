// Steps in a real workbench (code-server + Chromium) with the packaged extension against the fake
// API, for the UI tests (test/ui/*.test.mjs), `npm run demo` and `npm run screenshots`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { openWorkbench } from '../launch/browser.mjs';
import { extensionHostLog, startCodeServer } from '../launch/codeServer.mjs';
import { REPO_ROOT } from '../launch/ensureTools.mjs';

export const VSIX_PATH = path.join(REPO_ROOT, 'twelvelabs-explorer.vsix');
export const FAKE_API_JS = path.join(REPO_ROOT, 'out', 'test', 'fake-api', 'server.js');
export const WAIT_MS = 15_000;
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'ui');

/** Settings under which a click in the Explorer (or any list) selects a file and opens no editor. */
export const EXPLORER_SELECTS = { 'workbench.list.openMode': 'doubleClick' };
const MENU_SETTLE_MS = 400; // VS Code ignores a click within ~100 ms of a menu opening
const PALETTE_SETTLE_MS = 300; // Enter before the palette's filter settles runs an earlier match
const SIDEBAR = '.part.sidebar';
const QUICK_INPUT = '.quick-input-widget';
const DIALOG = '.monaco-dialog-box';

/** A view's pane in the TwelveLabs sidebar, by its title: 'Indexes' or 'Assets'. */
export function viewPane(page, title) {
  const header = page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) });
  return page.locator(`${SIDEBAR} .pane`, { has: header });
}

/** Expands or collapses a view's pane, with a click on its header as the user would. */
export async function expandView(page, title, expanded) {
  const pane = viewPane(page, title);
  const done = pane.and(page.locator(expanded ? '.pane.expanded' : '.pane:not(.expanded)'));
  if (!(await done.count())) await pane.locator('.pane-header .title').click();
  await done.waitFor();
  // A click during the panes' 200 ms animation may land on a header pushed out of place for the moment.
  await page.locator(`${SIDEBAR} .monaco-pane-view.animated`).waitFor({ state: 'detached' });
}

/** The tree row whose text contains `text` (string or RegExp), in the Indexes view unless `view` says otherwise. */
export function row(page, text, view = 'Indexes') {
  return viewPane(page, view).locator('.monaco-list-row', { hasText: text }).first();
}

/** Presses `key` until the view's focused row's text matches `text` (string or RegExp). */
export async function focusRow(page, text, key, max = 10, view = 'Indexes') {
  const focused = viewPane(page, view).locator('.monaco-list-row.focused').first();
  await focused.waitFor();
  const at = () => focused.innerText();
  const matches = async () => (typeof text === 'string' ? (await at()).includes(text) : text.test(await at()));
  for (let i = 0; i < max && !(await matches()); i++) await page.keyboard.press(key);
  if (!(await matches())) throw new Error(`${key} does not reach "${text}" (stopped at "${await at()}")`);
}

/** An index row's description ("52 videos"); with `videos`, only once it shows that count. */
export function indexDescription(page, indexName, videos) {
  return row(page, indexName).locator('.label-description', { hasText: new RegExp(`^${videos ?? '\\d+'} videos?$`) });
}

export function pickRow(page, text) {
  return page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: text }).first();
}

export function setApiKeyButton(page) {
  return viewPane(page, 'Indexes').getByRole('button', { name: 'Set API Key' });
}

/** Runs a command by its palette title, e.g. 'TwelveLabs: Refresh'. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ timeout: WAIT_MS });
  await page.keyboard.type(title);
  await page.locator(`${QUICK_INPUT} .monaco-list-row.focused`, { hasText: title }).waitFor({ timeout: WAIT_MS });
  await page.waitForTimeout(PALETTE_SETTLE_MS);
  await page.keyboard.press('Enter');
}

/** Shows the TwelveLabs view container (clicking its icon while it is shown would hide it). */
export async function openTwelveLabsView(page) {
  const title = page.locator(`${SIDEBAR} .composite.title .title-label`, { hasText: /TwelveLabs/i });
  if (await title.isVisible()) return;
  const icon = page.locator('.part.activitybar .action-item a[aria-label^="TwelveLabs"]');
  await icon.waitFor({ timeout: 60_000 }); // shown once the extension host has scanned the extensions
  await icon.click();
  await title.waitFor({ timeout: WAIT_MS });
}

export async function setApiKeyViaPalette(page, key) {
  await runCommand(page, 'TwelveLabs: Set API Key');
  await page.locator(`${QUICK_INPUT} input[type="password"]`).fill(key, { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

export async function openAssetContextMenuItem(page, rowText, itemLabel) {
  await row(page, rowText).click({ button: 'right' });
  await (await contextMenu(page, `right-clicking "${rowText}"`)).press(itemLabel);
}

/** A file or folder's row in the Explorer (its sidebar must be shown: runCommand(page, 'View: Show Explorer')). */
export function explorerRow(page, name) {
  return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

/**
 * Selects the workspace files `names` in the Explorer (click, Ctrl+click) and adds them to `indexName` from their
 * menu. Needs the setting EXPLORER_SELECTS: else the first click opens an editor, whose file, once it has loaded,
 * the Explorer selects alone again. A selection or menu that went wrong (a click that landed while the Explorer
 * was still laying itself out) is tried again twice, each time logged; the picker must then offer the index.
 */
export async function addToIndexFromExplorer(page, names, indexName, log = () => {}) {
  const problems = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await selectInExplorer(page, names);
      await explorerRow(page, names.at(-1)).click({ button: 'right' });
      await (await contextMenu(page, `right-clicking ${names.length} selected files`)).press('Add to TwelveLabs Index');
      break;
    } catch (error) {
      problems.push(`attempt ${attempt}: ${error.message.split('\n')[0]}`);
      log(`Explorer: ${problems.at(-1)}`);
      if (attempt === 3)
        throw new Error(`Add to TwelveLabs Index from the Explorer failed: ${problems.join('; ')}`, { cause: error });
      await dismissOverlays(page);
    }
  }
  const index = pickRow(page, indexName);
  await index.waitFor().catch(async () => {
    const shown = await page
      .locator(`${QUICK_INPUT}:visible`)
      .innerText()
      .catch(() => '(no picker)');
    throw new Error(`the index picker did not offer "${indexName}"; it showed: ${JSON.stringify(shown.slice(0, 300))}`);
  });
  await index.click();
  await page.locator(`${QUICK_INPUT}:visible`).waitFor({ state: 'hidden' });
}

/** Clicks the first of `names` and Ctrl+clicks the others in the Explorer, once its panes stand still. */
async function selectInExplorer(page, names) {
  await page.locator(`${SIDEBAR} .monaco-pane-view.animated`).waitFor({ state: 'detached' });
  for (const [i, name] of names.entries()) {
    await explorerRow(page, name).click({ modifiers: i ? ['Control'] : [] });
    await explorerRow(page, name).and(page.locator('.selected')).waitFor({ timeout: 5000 });
  }
  const selected = await page.locator('.explorer-folders-view .monaco-list-row.selected').allInnerTexts();
  if (selected.length !== names.length) {
    throw new Error(`${JSON.stringify(selected)} selected in the Explorer, not the ${names.length} files`);
  }
}

/** Waits for a context menu and reads it; `press(label)` clicks the item whose label contains `label`. */
export async function contextMenu(page, opened = 'the context menu') {
  const menu = page.locator('.monaco-menu').first();
  // VS Code opens no menu at all when no item applies: do not wait a whole WAIT_MS for none.
  await menu.waitFor({ timeout: 5000 }).catch(() => Promise.reject(new Error(`${opened} opened no menu`)));
  await page.waitForTimeout(MENU_SETTLE_MS);
  const items = (await menu.locator('a.action-menu-item .action-label').allInnerTexts()).map((t) => t.trim());
  return {
    items: items.filter(Boolean),
    locator: menu,
    async press(label) {
      if (!items.some((item) => item.includes(label))) {
        await page.keyboard.press('Escape');
        throw new Error(`${opened} offers no "${label}", only ${JSON.stringify(items)}`);
      }
      await menu.locator('a.action-menu-item', { hasText: label }).first().click();
    },
  };
}

/** A notification (toast or in the center) whose message contains `text` (string or RegExp). */
export function notification(page, text) {
  return page.locator('.notification-list-item-message', { hasText: text }).first();
}

/** Waits for a modal dialog and reads it; `press(label)` clicks the button labelled exactly that. */
export async function modal(page) {
  const box = page.locator(DIALOG);
  await box.waitFor({ timeout: WAIT_MS });
  const text = async (part) =>
    (await box.locator(part).count()) ? (await box.locator(part).first().innerText()).trim() : '';
  const buttons = box.locator('.dialog-buttons .monaco-button');
  return {
    message: await text('.dialog-message-text'),
    detail: await text('.dialog-message-detail'),
    buttons: (await buttons.allInnerTexts()).map((label) => label.trim()),
    async press(label) {
      await buttons.filter({ hasText: new RegExp(`^\\s*${label.replace(/\W/g, '\\$&')}\\s*$`) }).click();
      await box.waitFor({ state: 'detached', timeout: WAIT_MS });
    },
  };
}

/** Closes the menus, pickers and dialogs a failed step may have left open (Escape = Cancel). */
export async function dismissOverlays(page) {
  for (let i = 0; i < 3 && (await page.locator(`${DIALOG}, .monaco-menu, ${QUICK_INPUT}:visible`).count()); i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(150);
  }
}

/** One line per request the fake API recorded, for failure output. */
export function describeRequests(fake) {
  return fake.requests.map((r) => {
    const query = new URLSearchParams(Object.entries(r.query ?? {}).flatMap(([k, v]) => v.map((x) => [k, x])));
    const key = r.apiKey === fake.apiKey ? 'key ok' : `key ${JSON.stringify(r.apiKey)}`;
    return `${r.method} ${r.path}${String(query) ? `?${query}` : ''} (${key})`;
  });
}

/**
 * The fake API (sample account, `fakeOptions`) and a code-server with the .vsix pointed at it, its workspace folder
 * filled by `prepareWorkspace(dir)`; nothing left running on a throw.
 */
export async function startCodeServerWithFake({
  log = () => {},
  settings = {},
  tools,
  fakeOptions,
  prepareWorkspace,
} = {}) {
  const missing = [VSIX_PATH, FAKE_API_JS].find((file) => !fs.existsSync(file));
  if (missing) throw new Error(`${missing} is missing: run \`npm run package && npx tsc -p .\` first`);
  const { FakeTwelveLabsApi } = createRequire(import.meta.url)(FAKE_API_JS);
  const fake = await FakeTwelveLabsApi.start(fakeOptions);
  const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-ui-ws-'));
  const cleanUp = async () => {
    await fake.close().catch((error) => log(`cleanup: ${error.message}`));
    fs.rmSync(workspaceDir, { recursive: true, force: true });
  };
  try {
    await prepareWorkspace?.(workspaceDir);
    settings = { 'twelvelabs.apiBaseUrl': fake.baseUrl, ...settings };
    const cs = await startCodeServer({ vsixPath: VSIX_PATH, settings, workspaceDir, log, tools });
    return { fake, cs, stop: () => cs.stop().finally(cleanUp) };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** startCodeServerWithFake() (given the other options), then the workbench opened in Chromium. */
export async function startWorkbenchWithFake({ log = () => {}, viewport, ...options } = {}) {
  const server = await startCodeServerWithFake({ log, ...options });
  const wb = await openWorkbench(server.cs.url, { log, viewport }).catch((error) =>
    server.stop().then(() => Promise.reject(error)),
  );
  wb.page.setDefaultTimeout(WAIT_MS);
  return { ...server, page: wb.page, stop: () => wb.close().finally(server.stop) };
}

/** Saves the page as test-results/ui/<name>.png; a screenshot that fails is logged, never thrown. */
export async function screenshot(page, name, log) {
  const file = path.join(RESULTS_DIR, `${name.replace(/\W+/g, '-').slice(0, 80)}.png`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true, timeout: 10_000 }).then(
    () => log(`screenshot: ${path.relative(REPO_ROOT, file)}`),
    (error) => log(`screenshot failed: ${error.message}`),
  );
}

/**
 * `step(name, body)`: an `it` on the shared workbench that `env()` returns (startWorkbenchWithFake's). It starts
 * with no overlay open (and `timeout` ms, 45 s unless given, to finish); a failure saves test-results/ui/<step>.png and logs the fake's requests and the host log.
 */
export function workbenchSteps(env, log) {
  return (name, body, timeout = 45_000) =>
    it(name, { timeout }, async () => {
      const { page, fake, cs } = env() ?? {};
      assert.ok(page, 'the workbench did not start (see the before hook)');
      await dismissOverlays(page);
      try {
        await body();
      } catch (error) {
        await screenshot(page, name, log);
        log(`fake API requests in this step:\n  ${describeRequests(fake).join('\n  ') || '(none)'}`);
        const hostLog = extensionHostLog(cs.userDataDir).trimEnd().split('\n');
        log(`extension host log (tail):\n${hostLog.slice(-40).join('\n')}`);
        throw error;
      } finally {
        fake.resetRequests();
      }
    });
}
