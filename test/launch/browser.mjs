// Opens a code-server workbench in Debian's Chromium, driven by playwright-core (no Playwright
// browser download needed).
//
//   import { openWorkbench } from './browser.mjs';
//   const wb = await openWorkbench(cs.url, { log: console.log });
//   await wb.page.locator('.part.activitybar').screenshot({ path: 'x.png' });
//   await wb.close();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './ensureTools.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const WORKBENCH_SELECTOR = '.monaco-workbench';
export const ACTIVITY_BAR_SELECTOR = '.part.activitybar';

/**
 * @param {string} url workbench URL (startCodeServer(...).url or .workbenchUrl(...)).
 * @param {object} [options]
 * @param {(msg: string) => void} [options.log]
 * @param {boolean} [options.headless] default true (set HEADED=1 to watch, needs a display).
 * @param {{ width: number, height: number }} [options.viewport] default 1400x900.
 * @param {number} [options.timeoutMs] how long to wait for the workbench, default 60000.
 * @param {(page: import('playwright-core').Page) => Promise<void>} [options.beforeGoto] runs before
 *   navigation, e.g. `page.exposeFunction('codeAutomationExit', ...)` for the test-runner layer.
 * @param {boolean} [options.waitForWorkbench] default true; false returns right after navigation.
 * @param {string} [options.executablePath] default /usr/bin/chromium.
 * @returns {Promise<{ browser: import('playwright-core').Browser,
 *   context: import('playwright-core').BrowserContext, page: import('playwright-core').Page,
 *   consoleErrors: string[], close: () => Promise<void> }>}
 */
export async function openWorkbench(
  url,
  {
    log = () => {},
    headless = !process.env.HEADED,
    viewport = { width: 1400, height: 900 },
    timeoutMs = 60_000,
    beforeGoto,
    waitForWorkbench = true,
    executablePath = CHROMIUM_PATH,
  } = {},
) {
  const t0 = Date.now();
  // Chromium writes "Crash Reports" under $XDG_CONFIG_HOME/chromium and dconf under
  // $XDG_CACHE_HOME whatever its --user-data-dir: point both at a scratch folder, not at $HOME.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-chromium-'));
  const removeScratch = () => fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  process.once('exit', removeScratch);
  let browser;
  try {
    // launch() (not launchPersistentContext) gives every run a fresh temporary profile
    // (user-data-dir under os.tmpdir()), deleted again by browser.close().
    browser = await chromium.launch({
      executablePath,
      headless,
      args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(scratch, 'config'),
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
      },
      timeout: 30_000,
    });
  } catch (err) {
    process.removeListener('exit', removeScratch);
    removeScratch();
    throw new Error(`could not start Chromium (${executablePath}): ${err.message}`, { cause: err });
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    process.removeListener('exit', removeScratch);
    removeScratch();
  };
  const consoleErrors = [];
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    if (beforeGoto) await beforeGoto(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    if (waitForWorkbench) {
      const deadline = Date.now() + timeoutMs;
      const left = () => Math.max(1000, deadline - Date.now());
      try {
        await page.locator(WORKBENCH_SELECTOR).first().waitFor({ state: 'visible', timeout: left() });
        await page.locator(ACTIVITY_BAR_SELECTOR).first().waitFor({ state: 'visible', timeout: left() });
      } catch (err) {
        const title = await page.title().catch(() => '?');
        throw new Error(
          `workbench did not show within ${timeoutMs} ms at ${url} (title ${JSON.stringify(title)}): ` +
            `${err.message.split('\n')[0]}\nbrowser console errors:\n${consoleErrors.slice(-15).join('\n') || '(none)'}`,
          { cause: err },
        );
      }
    }
    log(`workbench ready in ${Date.now() - t0} ms`);
    return { browser, context, page, consoleErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}
