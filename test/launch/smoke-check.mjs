#!/usr/bin/env node
// Self-check of the real-VS-Code test environment: tools present (installing them if needed),
// code-server starts, Chromium renders the workbench. No extension involved.
//
//   node test/launch/smoke-check.mjs
//
// Writes test-results/codeserver-smoke.png and prints timings. Exit code 0 on success.

import fs from 'node:fs';
import path from 'node:path';
import { ensureTools, REPO_ROOT } from './ensureTools.mjs';
import { startCodeServer } from './codeServer.mjs';
import { openWorkbench } from './browser.mjs';

const log = (msg) => console.log(`[smoke] ${msg}`);
const timings = {};
const t = async (name, fn) => {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = Math.round(performance.now() - t0);
  }
};

const screenshot = path.join(REPO_ROOT, 'test-results', 'codeserver-smoke.png');
let cs;
let wb;
let failed = false;
const tAll = performance.now();
try {
  const tools = await t('ensureTools', () => ensureTools({ log }));
  cs = await t('startCodeServer', () => startCodeServer({ tools, log }));
  wb = await t('openWorkbench', () => openWorkbench(cs.url, { log }));
  // Let the first paint settle (fonts, codicons) before taking the picture.
  await wb.page.waitForTimeout(500);
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await t('screenshot', () => wb.page.screenshot({ path: screenshot }));
  const title = await wb.page.title();
  const activityItems = await wb.page.locator('.part.activitybar .action-item a[aria-label]').count();
  log(`title ${JSON.stringify(title)}, ${activityItems} activity bar items, screenshot ${screenshot}`);
  if (activityItems === 0) throw new Error('activity bar has no items');
} catch (err) {
  failed = true;
  console.error(`[smoke] FAILED: ${err.stack || err}`);
} finally {
  const userDataDir = cs?.userDataDir;
  await t('close', async () => {
    await wb?.close();
    await cs?.stop();
  });
  if (userDataDir && fs.existsSync(userDataDir)) {
    failed = true;
    console.error(`[smoke] FAILED: scratch dir still present after stop(): ${userDataDir}`);
  }
}
timings.total = Math.round(performance.now() - tAll);
log(`timings (ms): ${JSON.stringify(timings)}`);
process.exit(failed ? 1 : 0);
