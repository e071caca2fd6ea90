// Walks the core path in a real VS Code (code-server) with Chromium, against the fake API:
// set the key through the palette, open the view, expand an index, right-click an asset,
// Cancel the modal (no DELETE), then Delete (one DELETE, row gone). Screenshots go to
// test-results/. Run `npm run package` and `npx tsc -p .` first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench } from '../launch/browser.mjs';
import { startCodeServer } from '../launch/codeServer.mjs';
import { REPO_ROOT } from '../launch/ensureTools.mjs';

const { FakeTwelveLabsApi } = createRequire(import.meta.url)('../../out/test/fake-api/server.js');
const shots = path.join(REPO_ROOT, 'test-results');
fs.mkdirSync(shots, { recursive: true });
const log = (m) => console.log(`[ui] ${m}`);

const fake = await FakeTwelveLabsApi.start();
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-ui-ws-'));
const cs = await startCodeServer({
  vsixPath: path.join(REPO_ROOT, 'twelvelabs-explorer.vsix'),
  settings: { 'twelvelabs.apiBaseUrl': fake.baseUrl },
  workspaceDir: ws,
  log,
});
const wb = await openWorkbench(cs.url, { log });
const { page } = wb;
const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) });
const row = (text) => page.locator('.monaco-list-row', { hasText: text }).first();
const t0 = Date.now();
try {
  await page.locator('.part.activitybar .action-item a[aria-label^="TwelveLabs"]').click();
  await page.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 15000 });
  await shot('1-welcome');
  log(`welcome shown after ${Date.now() - t0} ms; requests so far: ${fake.requests.length}`);

  await page.keyboard.press('F1');
  await page.keyboard.type('TwelveLabs: Set API Key');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor();
  await input.fill(`  ${fake.apiKey}  `);
  await page.keyboard.press('Enter');
  await row('Support calls 2026').waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
  await shot('2-indexes');
  log(`requests after key + first paint: ${fake.requests.map((r) => `${r.method} ${r.path}?${new URLSearchParams(Object.entries(r.query).flatMap(([k, v]) => v.map((x) => [k, x])))}`).join(' | ')}`);
  assert.ok(fake.requests.every((r) => r.apiKey === fake.apiKey), 'key trimmed and sent');

  fake.resetRequests();
  await row('Support calls 2026').click();
  await row('support-call').waitFor({ timeout: 15000 });
  // The list is virtual: End brings the last row, "Load more", into the DOM.
  await page.keyboard.press('End');
  await row('Load more').waitFor({ timeout: 15000 });
  await page.waitForTimeout(300);
  await shot('3-assets-end');
  await page.keyboard.press('Home');
  log(`requests for expanding the index: ${fake.requests.map((r) => `${r.method} ${r.path}`).join(' | ')}`);
  const index = fake.account.indexes.find((i) => i.index_name === 'Support calls 2026');
  const newest = fake.account.assets
    .filter((a) => a.index_id === index._id)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  const name = newest.system_metadata.filename ?? newest._id;

  const openModal = async () => {
    await row(name).click({ button: 'right' });
    await page.waitForTimeout(400);
    await page.locator('.monaco-menu a.action-menu-item', { hasText: 'Delete Indexed Asset' }).click();
    await page.locator('.monaco-dialog-box').waitFor();
  };
  fake.resetRequests();
  await openModal();
  const message = await page.locator('.monaco-dialog-box .dialog-message-container').innerText();
  const buttons = await page.locator('.monaco-dialog-box .monaco-button').allInnerTexts();
  log(`modal: ${JSON.stringify(message)} buttons ${JSON.stringify(buttons)}`);
  await shot('4-modal');
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Cancel' }).click();
  await page.waitForTimeout(500);
  assert.equal(fake.requestsMatching('DELETE').length, 0, 'Cancel sends nothing');

  await openModal();
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Delete$/ }).click();
  await row(name).waitFor({ state: 'detached', timeout: 10000 });
  await page.waitForTimeout(300);
  await shot('5-deleted');
  const deletes = fake.requestsMatching('DELETE');
  log(`after Delete: ${fake.requests.map((r) => `${r.method} ${r.path}`).join(' | ')}`);
  assert.equal(deletes.length, 1);
  assert.equal(deletes[0].path, `/indexes/${index._id}/indexed-assets/${newest._id}`);
  assert.equal(deletes[0].apiKey, fake.apiKey);
  const description = await row('Support calls 2026').innerText();
  log(`index row now: ${JSON.stringify(description)}`);

  // The palette flow: pick an index, then an asset, then confirm.
  fake.resetRequests();
  const lecture = fake.account.indexes.find((i) => i.index_name === 'Lecture archive');
  const target = fake.account.assets.find((a) => a.index_id === lecture._id);
  await page.keyboard.press('F1');
  await page.keyboard.type('TwelveLabs: Delete Indexed Asset');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  const pickRow = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await pickRow('Lecture archive').waitFor();
  await page.keyboard.type('Lecture');
  await page.keyboard.press('Enter');
  await pickRow(target.system_metadata.filename).waitFor();
  await shot('6-palette-assets');
  await page.keyboard.type(target.system_metadata.filename.slice(0, 30));
  await page.keyboard.press('Enter');
  await page.locator('.monaco-dialog-box').waitFor();
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Delete$/ }).click();
  await page.waitForTimeout(800);
  log(`palette flow: ${fake.requests.map((r) => `${r.method} ${r.path}`).join(' | ')}`);
  assert.deepEqual(fake.requestsMatching('DELETE').map((r) => r.path), [`/indexes/${lecture._id}/indexed-assets/${target._id}`]);
  assert.match(await row('Lecture archive').innerText(), /2 videos/);

  // A failing list shows an error row; clicking it retries.
  fake.inject({ path: '/indexes', status: 503, body: '<html>Service Unavailable</html>', times: 1 });
  await page.keyboard.press('F1');
  await page.keyboard.type('TwelveLabs: Refresh');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await row('HTTP 503').waitFor({ timeout: 10000 });
  await shot('7-error-row');
  await row('HTTP 503').click();
  await row('Support calls 2026').waitFor({ timeout: 10000 });
  log('error row shown, and its retry loaded the indexes');

  // Clearing the key brings the welcome back.
  await page.keyboard.press('F1');
  await page.keyboard.type('TwelveLabs: Clear API Key');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 10000 });
  log('Clear API Key brought the welcome back');

  // The extension host logged no error from this extension.
  const hostLogs = fs
    .readdirSync(cs.userDataDir, { recursive: true })
    .filter((file) => /exthost\.log$/.test(file))
    .map((file) => fs.readFileSync(path.join(cs.userDataDir, file), 'utf8'));
  const ours = hostLogs.join('\n').split('\n').filter((line) => /twelvelabs/i.test(line));
  assert.ok(ours.some((line) => /activat/i.test(line)), 'the log shows the extension activating');
  assert.deepEqual(ours.filter((line) => /\[error\]|\[warning\]/.test(line)), [], 'extension host errors');
  log(`extension host log: ${ours.length} line(s) about this extension, none an error or warning`);
  log('walkthrough passed');
} catch (error) {
  await shot('failure');
  await page.keyboard.press('Escape');
  await page.locator('.statusbar-item a[aria-label*="otification"], .statusbar-item[id*="notifications"] a').first().click().catch(() => {});
  await page.waitForTimeout(500);
  const notes = await page.locator('.notification-list-item-message').allInnerTexts();
  for (const file of fs.readdirSync(cs.userDataDir, { recursive: true }).filter((f) => /exthost.*\.log$|remoteexthost\.log$/.test(f))) {
    console.error(`--- ${file}\n${fs.readFileSync(path.join(cs.userDataDir, file), 'utf8').slice(-3000)}`);
  }
  console.error(`requests: ${fake.requests.map((r) => `${r.method} ${r.path}`).join(' | ')}; notifications: ${JSON.stringify(notes)}`);
  console.error(error);
  process.exitCode = 1;
} finally {
  await wb.close();
  await cs.stop();
  await fake.close();
  fs.rmSync(ws, { recursive: true, force: true });
}
