// Opens a page (a code-server workbench, by default waited for) in Debian's Chromium, driven by
// playwright-core: no Playwright browser download.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './ensureTools.mjs';

const TIMEOUT_MS = 60_000;
const CHROMIUM_ARGS = [
  '--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-sync',
  '--disable-background-networking --disable-component-update',
].flatMap((flags) => flags.split(' '));

/**
 * `beforeGoto(page)` runs before the page loads (e.g. to expose functions to it).
 * @returns {Promise<{ page: import('playwright-core').Page, close: () => Promise<void> }>}
 */
export async function openWorkbench(
  url,
  { log = () => {}, viewport = { width: 1400, height: 900 }, beforeGoto, waitForWorkbench = true } = {},
) {
  const started = Date.now();
  // Chromium writes crash reports and dconf under the XDG folders whatever its profile (launch()
  // gives it a fresh one under os.tmpdir()): keep them out of $HOME too.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-chromium-'));
  const removeScratch = () => fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  process.once('exit', removeScratch);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(scratch, 'config'),
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
      },
      timeout: 30_000,
    });
  } catch (error) {
    process.removeListener('exit', removeScratch);
    removeScratch();
    const hint = fs.existsSync(CHROMIUM_PATH) ? '' : ' (not installed: sudo apt-get install -y chromium)';
    throw new Error(`could not start Chromium (${CHROMIUM_PATH}${hint}): ${error.message}`, { cause: error });
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.removeListener('exit', removeScratch);
    await Promise.race([browser.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    removeScratch();
  };
  const consoleErrors = [];
  try {
    const page = await (await browser.newContext({ viewport })).newPage();
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    await beforeGoto?.(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    if (waitForWorkbench) {
      await page
        .locator('.monaco-workbench .part.activitybar')
        .first()
        .waitFor({ timeout: TIMEOUT_MS })
        .catch(async (error) => {
          const title = JSON.stringify(await page.title().catch(() => '?'));
          const errors = consoleErrors.slice(-15).join('\n') || '(none)';
          throw new Error(
            `workbench did not show within ${TIMEOUT_MS} ms at ${url} (title ${title}): ` +
              `${error.message.split('\n')[0]}\nbrowser console errors:\n${errors}`,
            { cause: error },
          );
        });
    }
    log(`workbench ready in ${Date.now() - started} ms`);
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
