// What a screen reader says for each kind of row: what it is, its name and its status in words.
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMAND } from '../support/commands';
import { commandHarness } from './commandHarness';

describe('accessibility information of the tree rows', { timeout: 10_000 }, async () => {
  const { api, start, run, item, roots, children, indexRow } = await commandHarness();
  const spoken = (s: Awaited<ReturnType<typeof start>>, node: Parameters<typeof item>[1]) =>
    item(s, node).accessibilityInformation?.label;

  test('an index says it is one, with its name, count and filter; an asset its status even when ready', async () => {
    const indexing = api.account.assets.find((a) => a.system_metadata.filename === 'Clips-2.mp4') ?? assert.fail();
    indexing.status = 'indexing';
    delete indexing.system_metadata.duration;
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    assert.equal(spoken(s, clips), 'Index Clips, 4 videos');
    // The icon that shows the status is silent.
    assert.deepEqual(
      (await children(s, clips)).map((row) => spoken(s, row)),
      [
        'Indexed asset Clips-3.mp4, status: ready, duration: 1:03',
        'Indexed asset Clips-2.mp4, status: indexing',
        'Indexed asset Clips-1.mp4, status: ready, duration: 1:01',
        'Indexed asset Clips-0.mp4, status: ready, duration: 1:00',
      ],
    );
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', '');
    await run(COMMAND.filterAssets, clips);
    assert.equal(spoken(s, await indexRow(s, 'Clips')), 'Index Clips, 4 videos, filtered: failed');
  });

  test('an error row says what failed and why', async () => {
    api.inject({ path: '/indexes', status: 502 });
    const s = await start();
    const [row] = await roots(s);
    assert.equal(spoken(s, row), 'Could not load your indexes. Click to retry. Reason: server error (HTTP 502).');
  });
});
