// Issue 16's round in the real workbench: filter an index to failed, Delete All Matching, find the
// delete in Show Deletion History, Restore it. Steps share one workbench and run in order; each saves
// test-results/ui/history-<n>.png, and a failure also the fake's requests and the host log.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { extensionHostErrors } from '../launch/codeServer.mjs';
import {
  contextMenu,
  describeRequests,
  modal,
  openTwelveLabsView,
  pickRow,
  row,
  runCommand,
  screenshot,
  setApiKeyViaPalette,
  startWorkbenchWithFake,
  viewPane,
  workbenchSteps,
} from './workbench.mjs';

const SUPPORT = 'Support calls 2026';
const METADATA = { customer: 'acme', escalated: true };
const log = (message) => console.error(`[ui] ${message}`);

describe('Delete All Matching, Show Deletion History and Restore in a real VS Code', () => {
  let env;
  let page;
  let fake;
  let failed;
  let others;
  before(
    async () => {
      env = await startWorkbenchWithFake({ log });
      ({ page, fake } = env);
      const index = fake.account.indexes.find((i) => i.index_name === SUPPORT);
      const assets = fake.account.assets.filter((a) => a.index_id === index._id);
      [failed] = assets.filter((a) => a.status === 'failed');
      failed.user_metadata = METADATA; // for the Restore to send back
      others = fake.account.assets.filter((a) => a !== failed);
      assert.ok(assets.length > 50 && failed.system_metadata.filename);
    },
    { timeout: 120_000 },
  );
  after(() => env?.stop(), { timeout: 30_000 });

  const step = workbenchSteps(() => env, log);
  const name = () => failed.system_metadata.filename;
  const sent = (method) => describeRequests(fake).filter((line) => line.startsWith(method));
  /** Clicks an item of the index row's context menu. */
  const onIndex = async (item) => {
    await row(page, SUPPORT).click({ button: 'right' });
    await (await contextMenu(page, `right-clicking "${SUPPORT}"`)).press(item);
  };

  step('Filter Indexed Assets… on an expanded index, to failed: only its failed asset is left', async () => {
    await openTwelveLabsView(page);
    await setApiKeyViaPalette(page, fake.apiKey);
    await row(page, SUPPORT).click();
    const [newest] = others
      .filter((a) => a.index_id === failed.index_id)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((a) => row(page, a.system_metadata.filename));
    await newest.waitFor();
    await onIndex('Filter Indexed Assets');
    await pickRow(page, 'failed').click(); // checks it: the pick takes several
    const ok = '.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button';
    await page.locator(ok, { hasText: 'OK' }).first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: '(2/2)' }).waitFor();
    await page.keyboard.press('Enter'); // empty: any filename
    await row(page, SUPPORT).locator('.label-description', { hasText: 'filtered: failed' }).waitFor();
    await newest.waitFor({ state: 'detached' });
    await row(page, name()).waitFor();
    assert.equal(await viewPane(page, 'Indexes').locator('.monaco-list-row[aria-level="2"]').count(), 1);
    await screenshot(page, 'history-1-filtered', log);
  });

  step('Delete All Matching…: the modal names the count and index; Delete All deletes that one only', async () => {
    await onIndex('Delete All Matching');
    const dialog = await modal(page);
    assert.equal(dialog.message, `Delete the 1 indexed asset in “${SUPPORT}” whose status is failed?`);
    assert.deepEqual(dialog.buttons.sort(), ['Cancel', 'Delete All']);
    await screenshot(page, 'history-2-delete-all-modal', log);
    await dialog.press('Delete All');
    await row(page, name()).waitFor({ state: 'detached' });
    await page.waitForTimeout(500); // room for a stray DELETE to arrive
    assert.deepEqual(sent('DELETE'), [`DELETE /indexes/${failed.index_id}/indexed-assets/${failed._id} (key ok)`]);
    assert.deepEqual(fake.account.assets, others, 'every other asset remains');
  });

  step('Show Deletion History lists it; its Restore button: one POST, and the row is back as pending', async () => {
    await runCommand(page, 'TwelveLabs: Show Deletion History');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Deletion History' }).waitFor();
    await page.locator('.quick-input-widget .quick-input-box input').fill(name());
    const entry = pickRow(page, name());
    assert.match(await entry.innerText(), new RegExp(`${SUPPORT} · deleted`));
    await screenshot(page, 'history-3-history', log);
    await entry.hover();
    await entry.getByRole('button', { name: 'Restore' }).click();
    const dialog = await modal(page);
    assert.equal(dialog.message, `Restore “${name()}” to the index “${SUPPORT}”?`);
    assert.match(dialog.detail, /runs indexing again.*new ID/s);
    await dialog.press('Restore');
    await onIndex('Clear Filter');
    const restored = row(page, name()); // the deleted row is gone: this is the new one
    await restored.waitFor();
    assert.deepEqual(
      fake.requestsMatching('POST').map(({ path, body }) => [path, body]),
      [[`/indexes/${failed.index_id}/indexed-assets`, { asset_id: failed.asset_id, user_metadata: METADATA }]],
    );
    assert.match(await restored.getAttribute('aria-label'), /status: (pending|indexing)/);
    assert.match(await restored.locator('.label-description').innerText(), /(pending|indexing)$/);
    await screenshot(page, 'history-4-restored', log);
    assert.deepEqual(extensionHostErrors(env.cs.userDataDir), []);
  });
});
