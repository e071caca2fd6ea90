/** The Delete All Matching command's flow, in plain Node; the paging runner's rules are matchingAssets.test.ts'. */
import { UiCall, ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DeletionRecord } from '../../src/core/history/deletionRecord';
import { COMMAND } from '../support/commands';
import { commandHarness } from './commandHarness';
import { accountWith, resetFake } from './support';

const DELETE_ALL = COMMAND.deleteAllMatching;
const modal = (count: number, index: string) => [
  `Delete all ${count} indexed assets in “${index}” whose status is failed?`,
  true,
  ['Delete All'],
];

describe('Delete All Matching, with the fake window and the fake API', { timeout: 20_000 }, async () => {
  const { api, start, run, item, indexRow, deletes, deletePath, only } = await commandHarness();
  type Session = Awaited<ReturnType<typeof start>>;

  const asset = (name: string) => api.account.assets.find((a) => a.system_metadata.filename === name) ?? assert.fail();
  /** Marks these assets failed, starts, and filters the index to failed with the Filter command. */
  async function filteredToFailed(index = 'Clips', failed = ['Clips-1.mp4', 'Clips-3.mp4']) {
    failed.forEach((name) => (asset(name).status = 'failed'));
    const s = await start();
    const row = await indexRow(s, index);
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', '');
    await run(COMMAND.filterAssets, row);
    assert.equal(item(s, row).contextValue, 'index.filtered');
    return { s, row, expected: failed.map(deletePath).sort() };
  }
  const storage = (s: Session) => (s.context as { globalStorageUri?: { fsPath: string } }).globalStorageUri?.fsPath;
  /** The record read back once no entry is pending: the outcome lines are written as deletes settle, not awaited. */
  async function recorded(s: Session) {
    for (;;) {
      const { entries } = await new DeletionRecord(storage(s) ?? '').read();
      if (entries.every((entry) => entry.outcome !== 'pending')) return entries;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const deleted = () => deletes().map(([path]) => path ?? '');
  const modals = () => ui.callsOf('showWarningMessage').map((m) => [m.message, m.options?.modal, m.items]);

  test('on a filtered index: the modal names the count; Escape sends nothing, Delete All deletes the matches', async () => {
    asset('Clips-3.mp4').user_metadata = { customer: 'ACME', priority: 2 };
    const { s, row, expected } = await filteredToFailed();
    for (const button of [undefined, 'Delete All']) {
      ui.answer('showWarningMessage', button);
      if (button) ui.answer('showInformationMessage', undefined);
      await run(DELETE_ALL, row);
      assert.deepEqual(deleted().sort(), button ? expected : []);
    }
    assert.deepEqual(modals(), [modal(2, 'Clips'), modal(2, 'Clips')]);
    assert.equal(only('showInformationMessage').message, 'Deleted 2 indexed assets.');
    assert.equal(api.account.assets.filter((a) => a.index_id === asset('Clips-0.mp4').index_id).length, 2);
    // The record: one pending line before each DELETE and one outcome line after, user_metadata where there was some.
    const entries = await recorded(s);
    assert.deepEqual(entries.map((e) => [e.filename, e.userMetadata, e.outcome, e.operation.kind]).sort(), [
      ['Clips-1.mp4', undefined, 'deleted', 'allMatching'],
      ['Clips-3.mp4', { customer: 'ACME', priority: 2 }, 'deleted', 'allMatching'],
    ]);
    assert.equal(readFileSync(join(storage(s) ?? '', 'deletion-history.jsonl'), 'utf8').split('\n').length, 4 + 1);
  });

  test('above 100 the count must be typed: a wrong number is refused, Escape sends nothing, the count deletes', async () => {
    resetFake(api, accountWith({ Big: 101, Clips: 1 }));
    const names = Array.from({ length: 101 }, (_, n) => `Big-${n}.mp4`);
    const { row, expected } = await filteredToFailed('Big', names);
    const typeTheCount = (typed: string | undefined) => (call: UiCall) => {
      assert.ok(call.fn === 'showInputBox');
      assert.equal(call.options.prompt, 'Type 101 to delete all 101 indexed assets in “Big”.');
      const refusals = ['100', '1O1', '101', '101 '].map((text) => call.options.validateInput?.(text));
      assert.deepEqual(refusals, ['Type 101 to confirm.', 'Type 101 to confirm.', undefined, undefined]);
      return typed;
    };
    for (const typed of [undefined, '101']) {
      ui.answer('showWarningMessage', 'Delete All');
      ui.answer('showInputBox', typeTheCount(typed));
      if (typed) ui.answer('showInformationMessage', undefined);
      await run(DELETE_ALL, row);
      assert.deepEqual(deleted().sort(), typed ? expected : []);
    }
    assert.deepEqual(modals(), [modal(101, 'Big'), modal(101, 'Big')]);
    assert.equal(only('showInformationMessage').message, 'Deleted 101 indexed assets.');
  });

  for (const choice of ['Go On Without Record', undefined]) {
    test(`a record that cannot be written: a modal says so; ${choice ?? 'Cancel'} ${choice ? 'deletes' : 'stops'}`, async () => {
      const { s, row, expected } = await filteredToFailed();
      mkdirSync(join(storage(s) ?? '', 'deletion-history.jsonl'), { recursive: true }); // a folder in the way
      ui.answer('showWarningMessage', 'Delete All');
      ui.answer('showWarningMessage', choice);
      ui.answer(choice ? 'showInformationMessage' : 'showWarningMessage', undefined); // the summary
      await run(DELETE_ALL, row);

      const [, record, cancelled] = ui.callsOf('showWarningMessage');
      const question = 'The deletion record could not be written. Go on deleting without it?';
      assert.deepEqual(modals()[1], [question, true, ['Go On Without Record']]);
      assert.match(record.options?.detail ?? '', /a file or folder is in the way/);
      assert.deepEqual(deleted().sort(), choice ? expected : []);
      const summary = choice ? only('showInformationMessage').message : cancelled.message;
      assert.equal(summary, choice ? 'Deleted 2 indexed assets.' : 'Deleted 0 of 2 indexed assets. 2 were cancelled.');
    });
  }

  test('from the palette, an index without a filter is filtered first; when nothing matches, it says so', async () => {
    const s = await start();
    ui.answer('createQuickPick', 'Clips');
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', '');
    ui.answer('showInformationMessage', undefined);
    await run(DELETE_ALL);
    const prompts = ui.calls.map((call) => call.fn).filter((fn) => fn !== 'withProgress');
    assert.deepEqual(prompts, ['createQuickPick', 'showQuickPick', 'showInputBox', 'showInformationMessage']);
    const nothing = 'Nothing in “Clips” matches the filter, so nothing was deleted.';
    assert.equal(only('showInformationMessage').message, nothing);
    assert.equal(item(s, await indexRow(s, 'Clips')).contextValue, 'index.filtered');
    assert.deepEqual(deletes(), []);
  });
});
