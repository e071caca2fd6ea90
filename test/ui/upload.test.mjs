// Issue 17's "Done when" in the real workbench: two videos of the workspace selected in the Explorer, "Add to
// TwelveLabs Index…" on them, an index picked; both rows then turn ready under it. The small file goes as one
// direct POST /assets, the one over 200,000,000 bytes (sparse) through a multipart session whose chunks go keyless
// to the fake's upload origin. Steps share one workbench and run in order; a failure saves test-results/ui/<step>.png.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { extensionHostErrors } from '../launch/codeServer.mjs';
import {
  EXPLORER_SELECTS,
  addToIndexFromExplorer,
  explorerRow,
  indexDescription,
  openTwelveLabsView,
  row,
  runCommand,
  screenshot,
  setApiKeyViaPalette,
  startWorkbenchWithFake,
  viewPane,
  workbenchSteps,
} from './workbench.mjs';

const INDEX = 'Scratch'; // empty: only the two new rows show under it
const SMALL = { name: 'support-call-short.mp4', size: 3_000_000 };
const LARGE = { name: 'all-hands-recording.mov', size: 210_000_000 };
const CHUNK_BYTES = 32 * 1024 ** 2;
const CHUNKS = Math.ceil(LARGE.size / CHUNK_BYTES);
// Indexing long enough for the new rows to show as pending or indexing before live status (every 5 s) finds them ready.
const FAKE_OPTIONS = { assetProcessingMs: 1500, indexingMs: 10_000, chunkBytes: CHUNK_BYTES };
const log = (message) => console.error(`[ui] ${message}`);

describe('Add to TwelveLabs Index… from the Explorer in a real VS Code', () => {
  let env;
  let page;
  let fake;
  let sent = []; // the fake's requests during the upload step, for the steps after it
  let puts = []; // and its upload origin's
  before(
    async () => {
      env = await startWorkbenchWithFake({
        log,
        fakeOptions: FAKE_OPTIONS,
        settings: { ...EXPLORER_SELECTS, 'twelvelabs.liveStatusInterval': 5 },
        prepareWorkspace: (dir) => {
          fs.writeFileSync(path.join(dir, SMALL.name), Buffer.alloc(SMALL.size, 7));
          fs.writeFileSync(path.join(dir, LARGE.name), '');
          fs.truncateSync(path.join(dir, LARGE.name), LARGE.size); // sparse: no 210 MB written to disk
        },
      });
      ({ page, fake } = env);
    },
    { timeout: 120_000 },
  );
  after(() => env?.stop(), { timeout: 30_000 });

  const step = workbenchSteps(() => env, log);
  /** The row of `name` under the index once its aria label says one of `statuses`. */
  const assetRow = (name, ...statuses) => {
    const rows = statuses.map((status) => `.monaco-list-row[aria-label*="status: ${status}"]`).join(', ');
    return viewPane(page, 'Indexes').locator(rows, { hasText: name });
  };
  const indexId = () => fake.account.indexes.find((i) => i.index_name === INDEX)._id;
  const uploaded = (file) => fake.account.sourceAssets.filter((a) => a.filename === file.name);

  step(
    'with a key set, the Explorer lists both videos of the workspace folder',
    async () => {
      await openTwelveLabsView(page);
      await setApiKeyViaPalette(page, fake.apiKey);
      await row(page, INDEX).waitFor();
      await runCommand(page, 'View: Show Explorer');
      for (const file of [SMALL, LARGE]) await explorerRow(page, file.name).waitFor();
    },
    90_000,
  ); // the first step waits for the extension host to start

  step(
    'both selected, Add to TwelveLabs Index… → the index: a cancellable notification counts the bytes, the rows go ready',
    async () => {
      // The chunk PUTs are answered only once the notification has been seen, however slowly it shows.
      let answerChunks;
      fake.inject({ method: 'PUT', path: /^\/upload\//, until: new Promise((resolve) => (answerChunks = resolve)) });
      try {
        await addToIndexFromExplorer(page, [SMALL.name, LARGE.name], INDEX, log);
        const total = `${(SMALL.size + LARGE.size) / 1e6} MB`; // both files' bytes in one count
        const progress = page.locator('.notification-list-item', { hasText: ` MB of ${total}` }).first();
        await progress.waitFor();
        await progress.locator('.monaco-button', { hasText: /^Cancel$/ }).waitFor();
        await screenshot(page, 'upload-1-progress', log);
      } finally {
        fake.clearFaults();
        answerChunks();
      }

      await openTwelveLabsView(page);
      await row(page, INDEX).click(); // expands it, while the large file still uploads
      await assetRow(LARGE.name, 'pending', 'indexing').waitFor({ timeout: 60_000 }); // shown once indexed
      for (const file of [SMALL, LARGE]) await assetRow(file.name, 'ready').waitFor({ timeout: 60_000 });
      await indexDescription(page, INDEX, 2).waitFor(); // the index counts them, as it does deletes
      await screenshot(page, 'upload-2-ready', log);
      [sent, puts] = [[...fake.requests], fake.presignedRequests.filter((r) => r.method === 'PUT')];
      assert.deepEqual(extensionHostErrors(env.cs.userDataDir), []);
    },
    120_000,
  );

  step('one direct POST /assets for the small file, one multipart session for the large one', async () => {
    const posts = (route) => sent.filter((r) => r.method === 'POST' && r.path === route).map((r) => r.body);
    assert.deepEqual(posts('/assets'), [
      {
        method: 'direct',
        filename: SMALL.name,
        file: { filename: SMALL.name, contentType: 'video/mp4', bytes: SMALL.size },
      },
    ]);
    assert.deepEqual(posts('/assets/multipart-uploads'), [
      { filename: LARGE.name, type: 'video', total_size: LARGE.size },
    ]);
    assert.deepEqual(
      [SMALL, LARGE].map((file) => uploaded(file).map((a) => [a.method, a.status])),
      [[['direct', 'ready']], [['multipart', 'ready']]],
    );
  });

  step('every chunk PUT reached the upload origin without the key, each chunk answered 200', async () => {
    assert.ok(puts.length >= CHUNKS, `${puts.length} chunk PUTs for ${CHUNKS} chunks`);
    assert.deepEqual(new Set(puts.map((r) => r.apiKey)), new Set([undefined]), 'no PUT carried an API key');
    assert.equal(new Set(puts.map((r) => r.uploadId)).size, 1, 'one session');
    const done = puts.filter((r) => r.status === 200);
    assert.deepEqual(
      [...new Set(done.map((r) => r.chunkIndex))].sort((a, b) => a - b),
      [...Array(CHUNKS)].map((_, i) => i + 1),
    );
    const bytes = new Map(done.map((r) => [r.chunkIndex, r.bytes]));
    assert.equal(
      [...bytes.values()].reduce((a, b) => a + b),
      LARGE.size,
      'the chunks add up to the file',
    );
  });

  step('one POST /indexes/{id}/indexed-assets per uploaded file', async () => {
    const indexed = sent.filter((r) => r.method === 'POST' && r.path === `/indexes/${indexId()}/indexed-assets`);
    const expected = [SMALL, LARGE].map((file) => uploaded(file)[0]?._id).sort();
    assert.deepEqual(indexed.map((r) => r.body.asset_id).sort(), expected);
    assert.equal(fake.account.assets.filter((a) => a.index_id === indexId()).length, 2);
  });
});
