// The words of a delete run: progress with the time left, and Delete All Matching's modal and notes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as runs from '../../src/core/presentRuns';

describe('the words of a delete run', () => {
  test('progress counts what is being deleted, and the time left once five have settled', () => {
    const cases: [number, number, number | undefined, string][] = [
      [0, 4812, undefined, 'Deleting 1 of 4,812…'],
      [4, 4812, 1000, 'Deleting 5 of 4,812…'],
      [100, 4812, 60_000, 'Deleting 101 of 4,812… about 47 min left'],
      [10, 20, 5000, 'Deleting 11 of 20… about 5 s left'],
      [1000, 100_000, 120_000, 'Deleting 1,001 of 100,000… about 3 h left'],
      [20, 20, 5000, 'Deleting 20 of 20…'],
    ];
    for (const [settled, total, elapsed, text] of cases) assert.equal(runs.progressText(settled, total, elapsed), text);
  });

  test('a filter in words', () => {
    const cases: [Parameters<typeof runs.filterText>[0], string][] = [
      [{ statuses: ['failed'] }, 'whose status is failed'],
      [{ statuses: ['failed', 'pending', 'queued'] }, 'whose status is failed, pending or queued'],
      [{ statuses: ['failed'], filename: 'call' }, 'whose status is failed and whose filename matches “call”'],
      [{ statuses: [], filename: 'call' }, 'whose filename matches “call”'],
    ];
    for (const [filter, text] of cases) assert.equal(runs.filterText(filter), text);
  });

  test('the count may be typed with or without thousands separators', () => {
    for (const typed of ['4812', '4,812', '4 812', ' 4812 ', '4.812', '4\u202f812'])
      assert.ok(runs.isTheCount(typed, 4812));
    for (const typed of ['481', '48120', '4813', '', 'all', '48,12', '4,81,2'])
      assert.ok(!runs.isTheCount(typed, 4812), typed);
  });

  test('the modal names the count, the index and the filter; above 100 the count must be typed', () => {
    const failed = { statuses: ['failed'] };
    const many = runs.allMatchingConfirmation('Support calls', failed, 4812);
    assert.equal(many.message, 'Delete all 4,812 indexed assets in “Support calls” whose status is failed?');
    assert.equal(many.confirmLabel, 'Delete All');
    assert.equal(many.typeTheCount, 'Type 4812 to delete all 4,812 indexed assets in “Support calls”.');
    const one = runs.allMatchingConfirmation('Support calls', failed, 1);
    assert.equal(one.message, 'Delete the 1 indexed asset in “Support calls” whose status is failed?');
    const typed = [1, 100, 101].map((total) => runs.allMatchingConfirmation('x', failed, total).typeTheCount);
    assert.deepEqual(typed.map(Boolean), [false, false, true]);
  });

  test('the notes say what the bulk summary does not', () => {
    const cases: [Parameters<typeof runs.allMatchingNotes>[0], string[]][] = [
      [{ confirmed: 10, taken: 10, beyondLimit: 0, cancelled: false }, []],
      [{ confirmed: 10, taken: 9, beyondLimit: 0, cancelled: true }, ['1 matching asset was not reached.']],
      [
        { confirmed: 10, taken: 9, beyondLimit: 0, cancelled: false },
        ['1 of the 10 counted was no longer listed: deleted elsewhere, or no longer matching.'],
      ],
      [{ confirmed: 5000, taken: 3000, beyondLimit: 0, cancelled: true }, ['2,000 matching assets were not reached.']],
      [
        { confirmed: 10, taken: 10, beyondLimit: 1, cancelled: false },
        ['1 asset began to match after the count and was left alone.'],
      ],
      [
        { confirmed: 10, taken: 6, beyondLimit: 0, cancelled: false, listError: 'Down.' },
        ['Stopped: the list of matching assets could not be read. Down.', '4 matching assets were not reached.'],
      ],
    ];
    for (const [run, notes] of cases) assert.deepEqual(runs.allMatchingNotes(run), notes);
  });
});
