import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DeletedThing, DeletionRecord, HistoryEntry, RecordWriteError } from '../../src/core/history/deletionRecord';
import { historyAsCsv, historyAsJson } from '../../src/core/history/exportHistory';

const scratch = fs.mkdtempSync(join(tmpdir(), 'deletion-record-test-'));
after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});
let directories = 0;
const freshDirectory = () => join(scratch, `record-${directories++}`);

const START = Date.UTC(2025, 0, 1);
/** The clock's nth reading: each reading is one second after the one before. */
const at = (n: number) => new Date(START + n * 1000).toISOString();

function recordIn(directory = freshDirectory(), maxBytes?: number): DeletionRecord {
  let readings = 0;
  return new DeletionRecord(directory, { maxBytes, now: () => new Date(at(++readings)) });
}

const thing = (n: number): DeletedThing => ({
  kind: 'indexedAsset',
  indexId: 'f'.repeat(24),
  indexName: 'Support calls',
  indexedAssetId: `ia-${n}`,
  assetId: `asset-${n}`,
  filename: `call-${n}.mp4`,
  durationSec: 61.5,
  userMetadata: { customer: 'Acme', n },
});

const upload: DeletedThing = { kind: 'asset', assetId: 'asset-2', userMetadataUnknown: true };
const fileLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);

describe('the deletion record', () => {
  test('a missing file reads as no entries', async () => {
    assert.deepEqual(await recordIn().read(), { entries: [], unreadableLines: 0 });
  });

  test('pending and outcome lines fold into entries, newest first; a crash in between reads as pending', async () => {
    const record = recordIn();
    const operation = record.newOperation('bulk', 'Delete 3 indexed assets'); // reading 1
    const [first, crashed, last] = [
      await record.writePending(operation, thing(1)), // 2
      await record.writePending(operation, upload), // 3
      await record.writePending(operation, thing(3)), // 4
    ];
    await record.writeOutcome(first, 'failed', 'The server failed (HTTP 500).'); // 5
    await record.writeOutcome(first, 'deleted'); // 6: the last outcome wins
    await record.writeOutcome(last, 'failed', 'Timed out.'); // 7
    await record.writeRestored(first, undefined); // 8
    await record.writeRestored(first, 'ia-new'); // 9: the latest restore wins
    await record.writeOutcome(last, 'cancelled'); // 10

    const { entries, unreadableLines } = await record.read();
    assert.equal(unreadableLines, 0);
    assert.deepEqual(entries, [
      { ...thing(3), id: last, operation, time: at(4), outcome: 'cancelled', outcomeTime: at(10) },
      { ...upload, id: crashed, operation, time: at(3), outcome: 'pending' },
      {
        ...thing(1),
        ...{ id: first, operation, time: at(2), outcome: 'deleted', outcomeTime: at(6) },
        restored: { time: at(9), indexedAssetId: 'ia-new' },
      },
    ]);
    assert.ok(fileLines(record.filePath).every((line) => /^\{"v":1,"type":"(pending|outcome|restored)",/.test(line)));
  });

  test('writes from many workers at once stay whole lines, each outcome after its pending line', async () => {
    const record = recordIn();
    const operation = record.newOperation('allMatching', 'Delete All Matching in “Support calls” (status failed)');
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < 400; n = next++) {
        await record.writeOutcome(await record.writePending(operation, thing(n)), 'deleted');
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const { entries, unreadableLines } = await record.read();
    assert.equal(unreadableLines, 0);
    assert.equal(entries.length, 400);
    assert.ok(entries.every((entry) => entry.outcome === 'deleted'));
    const lines = fileLines(record.filePath).map((line) => JSON.parse(line) as { type: string; id: string });
    assert.equal(lines.length, 800);
    const pendingAt = new Map(lines.map((line, i) => [line.type + line.id, i]));
    assert.ok(
      entries.every(({ id }) => (pendingAt.get('pending' + id) ?? 800) < (pendingAt.get('outcome' + id) ?? -1)),
    );
  });

  test('past maxBytes the file is rotated; an outcome in the new file finds its pending line in the old', async () => {
    const probe = recordIn();
    const operation = probe.newOperation('bulk', 'Delete 4 indexed assets');
    await probe.writePending(operation, thing(1));
    const lineBytes = fs.statSync(probe.filePath).size;
    const record = recordIn(freshDirectory(), 2 * lineBytes + 10);
    const rotated = join(record.filePath, '..', 'deletion-history.1.jsonl');
    const ids = [await record.writePending(operation, thing(1)), await record.writePending(operation, thing(2))];
    assert.equal(fs.existsSync(rotated), false);
    ids.push(await record.writePending(operation, thing(3)));
    for (const id of ids.slice(0, 2)) await record.writeOutcome(id, 'deleted');
    assert.deepEqual(
      [rotated, record.filePath].map(fileLines).map((lines) => lines.length),
      [2, 3],
    );
    const { entries, unreadableLines } = await record.read();
    assert.deepEqual([entries.map((entry) => entry.outcome), unreadableLines], [['pending', 'deleted', 'deleted'], 0]);

    // A second rotation replaces the older file: its entries go, and outcomes left without them are skipped.
    await record.writePending(operation, thing(4));
    const after = await record.read();
    assert.deepEqual(
      [after.entries.map((entry) => entry.filename), after.unreadableLines],
      [['call-4.mp4', 'call-3.mp4'], 2],
    );
    assert.ok([rotated, record.filePath].every((file) => fs.statSync(file).size <= 2 * lineBytes + 10));
  });

  test('corrupt and foreign lines are counted and skipped, and the next line starts on a line of its own', async () => {
    const record = recordIn();
    const operation = record.newOperation('single', 'Delete “call-1.mp4”');
    const id = await record.writePending(operation, thing(1));
    const valid = JSON.parse(fileLines(record.filePath)[0]) as Record<string, unknown>;
    const pending = (changes: Record<string, unknown>) => JSON.stringify({ ...valid, id: 'other', ...changes });
    const corrupt = [
      'not JSON at all',
      '',
      '[1, 2]',
      'null',
      pending({ v: 2 }),
      pending({ type: 'forgotten' }),
      pending({ time: 1735689600 }),
      pending({ thing: { ...thing(2), durationSec: '61.5' } }),
      pending({ thing: { ...thing(2), kind: 'video' } }),
      pending({ thing: undefined }),
      pending({ operation: { ...operation, kind: 'everything' } }),
      pending({ id }), // a second pending line for the same entry
      JSON.stringify({ v: 1, type: 'outcome', id: 'no-such-entry', time: at(9), outcome: 'deleted' }),
      JSON.stringify({ v: 1, type: 'outcome', id, time: at(9), outcome: 'exploded' }),
      JSON.stringify({ v: 1, type: 'outcome', id, time: at(9), outcome: 'failed', error: { message: 'x' } }),
      JSON.stringify({ v: 1, type: 'restored', id, time: at(9), indexedAssetId: 7 }),
    ];
    await record.read(); // idle: the file is closed, as after a crash
    fs.appendFileSync(record.filePath, corrupt.join('\n') + '\n' + pending({}).slice(0, 60)); // ends in half a line
    await record.writeOutcome(id, 'alreadyGone');
    const { entries, unreadableLines } = await record.read();
    assert.equal(unreadableLines, corrupt.length + 1);
    assert.deepEqual(
      entries.map((entry) => [entry.id, entry.outcome, entry.durationSec]),
      [[id, 'alreadyGone', 61.5]],
    );
  });

  // Something in the way of the record in <base>/storage; removing <base> clears it.
  const storage = (base: string, ...rest: string[]) => join(base, 'storage', ...rest);
  const failures: [string, RegExp, (base: string) => void][] = [
    [
      'a file where its folder should be',
      /a file or folder is in the way/,
      (base) => {
        fs.writeFileSync(base, '');
      },
    ],
    [
      'a folder where the file should be',
      /a file or folder is in the way/,
      (base) => fs.mkdirSync(storage(base, 'deletion-history.jsonl'), { recursive: true }),
    ],
    [
      'a full disk',
      /the disk is full/,
      (base) => {
        fs.mkdirSync(storage(base), { recursive: true });
        fs.symlinkSync('/dev/full', storage(base, 'deletion-history.jsonl'));
      },
    ],
  ];
  for (const [problem, reason, block] of failures) {
    test(`${problem}: the write fails with a message that says why and where; a later write succeeds`, async () => {
      const base = freshDirectory();
      block(base);
      const record = recordIn(storage(base));
      const operation = record.newOperation('single', 'Delete “call-1.mp4”');
      for (const attempt of [record.writePending(operation, thing(1)), record.writePending(operation, thing(2))]) {
        await assert.rejects(attempt, (error) => {
          assert.ok(error instanceof RecordWriteError);
          assert.match(error.message, /^The deletion record could not be written: /);
          assert.match(error.message, reason);
          assert.ok(error.message.endsWith(`(${record.filePath}).`), error.message);
          return true;
        });
      }
      fs.rmSync(base, { recursive: true });
      const id = await record.writePending(operation, thing(3));
      assert.deepEqual(
        (await record.read()).entries.map((entry) => entry.id),
        [id],
      );
    });
  }
});

describe('exporting the history', () => {
  const operation: HistoryEntry['operation'] = {
    id: 'op-1',
    kind: 'allMatching',
    label: 'Delete All Matching',
    startedAt: at(1),
  };
  const entry: HistoryEntry = {
    ...thing(1),
    ...{ id: 'e-1', operation, time: at(2), outcome: 'failed', outcomeTime: at(3), error: 'Timed out.' },
    restored: { time: at(4), indexedAssetId: 'ia-new' },
  };
  const bare: HistoryEntry = { ...upload, id: 'e-2', operation, time: at(5), outcome: 'pending' };

  test('JSON: every field comes back as it was, in the same key order whatever order it was given in', () => {
    const shuffled = Object.fromEntries(Object.entries(entry).reverse()) as unknown as HistoryEntry;
    assert.deepEqual(JSON.parse(historyAsJson([entry, bare])), [entry, bare]);
    assert.equal(historyAsJson([shuffled, bare]), historyAsJson([entry, bare]));
  });

  test('CSV: a header, one row per entry, user_metadata as compact JSON', () => {
    assert.equal(
      historyAsCsv([entry, bare]),
      'time,operation,operation_kind,outcome,error,index_id,index_name,indexed_asset_id,asset_id,filename,' +
        'duration_sec,user_metadata,restored_at,restored_as\r\n' +
        `${at(2)},Delete All Matching,allMatching,failed,Timed out.,${'f'.repeat(24)},Support calls,ia-1,asset-1,` +
        `call-1.mp4,61.5,"{""customer"":""Acme"",""n"":1}",${at(4)},ia-new\r\n` +
        `${at(5)},Delete All Matching,allMatching,pending,,,,,asset-2,,,,,\r\n`,
    );
  });

  const cells: [string, string][] = [
    ['a,b.mp4', '"a,b.mp4"'],
    ['say "hi".mp4', '"say ""hi"".mp4"'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1.mp4', "'+1.mp4"],
    ['-1.mp4', "'-1.mp4"],
    ['@sum.mp4', "'@sum.mp4"],
    ['\tx.mp4', "'\tx.mp4"],
    ['\rx.mp4', `"'\rx.mp4"`],
    ['plain 1=1.mp4', 'plain 1=1.mp4'],
  ];
  for (const [filename, cell] of cells) {
    test(`CSV: the filename ${JSON.stringify(filename)} is written as ${JSON.stringify(cell)}`, () => {
      assert.ok(historyAsCsv([{ ...entry, filename }]).includes(`,asset-1,${cell},61.5,`));
    });
  }
});
