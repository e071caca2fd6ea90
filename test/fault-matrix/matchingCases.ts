// The fault matrix of Delete All Matching and the deletion record: "Support calls 2026" filtered to failed,
// then twelvelabs.deleteAllMatching on its row, through the fake `vscode`, answered "Delete All" (and the count
// above 100). Besides the matrix's checks, test/unit/faultMatrix.test.ts checks after each of these that no DELETE
// went outside the matches or was sent again once answered, and that each found its pending line in the record
// (unless the user had chosen to go on without it). Restore has its own cases, in restoreCases.ts.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { RecordRead } from '../../src/core/history/deletionRecord';
import type { FakeTwelveLabsApi } from '../fake-api/server';
import type { FakeAsset, Fault, RecordedRequest } from '../fake-api/types';
import { supportIndex, type FaultCase } from './cases';

export const GO_ON = 'Go On Without Record';

export interface MatchingRun {
  fake: FakeTwelveLabsApi;
  /** The extension's global storage folder, and the record in it. */
  storage: string;
  recordFile: string;
  /** The matches' IDs as the run began. */
  matches: ReadonlySet<string>;
  /** Presses the progress notification's Cancel. */
  cancel(): void;
  /** The disk fills: the record file becomes /dev/full (its lines are put back after the run, to read). */
  fillDisk(): void;
}

export interface MatchingCase extends FaultCase<'deleteAllMatching'> {
  /** How many failed assets "Support calls 2026" holds; default 120 (so the count is typed). */
  matches?: number;
  /** The twelvelabs.delete.concurrency setting; the extension's default when absent. */
  concurrency?: number;
  /** Before the extension starts. */
  prepare?: (run: MatchingRun) => void;
  /** As the fake receives each request, before it answers; `deletes` counts the DELETEs so far. */
  onRequest?: (request: RecordedRequest, run: MatchingRun, deletes: number) => void;
  /** The button pressed when the record cannot be written; Cancel when absent. */
  recordAnswer?: typeof GO_ON;
  /** After the run, with the record as read back: what is wrong, if anything. */
  check?: (run: MatchingRun, record: RecordRead) => string | undefined;
}

const hex = (n: number) => n.toString(16).padStart(24, '0');

/** A failed asset of "Support calls 2026", created at `ms`; no upload, so the Assets view's marks stay as they were. */
function failedAsset(fake: FakeTwelveLabsApi, n: number, ms: number): FakeAsset {
  const created_at = new Date(ms).toISOString();
  return {
    _id: hex(0xfa0000 + n),
    index_id: supportIndex(fake)._id,
    status: 'failed',
    system_metadata: { filename: `failed-${n}.mp4`, duration: 30 },
    created_at,
    updated_at: created_at,
    user_metadata: { ticket: n },
  };
}

/** Gives "Support calls 2026" `count` failed assets, created among its others; returns their IDs, newest first. */
export function withMatches(fake: FakeTwelveLabsApi, count: number): string[] {
  const failed = () => newestFailed(fake).map((a) => a._id);
  const start = Date.UTC(2026, 1, 1);
  for (let n = failed().length; n < count; n++) fake.account.assets.push(failedAsset(fake, n, start + n * 3_600_000));
  return failed();
}

function newestFailed(fake: FakeTwelveLabsApi): FakeAsset[] {
  const index = supportIndex(fake)._id;
  return fake.account.assets
    .filter((a) => a.index_id === index && a.status === 'failed')
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b._id.localeCompare(a._id));
}

const leaves = (count: number) => (run: MatchingRun) => {
  const left = run.fake.account.assets.filter((a) => run.matches.has(a._id)).length;
  return left === count ? undefined : `${left} of the matches remain, not ${count}`;
};
const onDelete = (at: number, act: (run: MatchingRun) => void) => (r: RecordedRequest, run: MatchingRun, n: number) => {
  if (r.method === 'DELETE' && n === at) act(run);
};
/** Someone else deletes the matches at these places in the filtered list (newest first). */
const deletedElsewhere = (from: number, to: number) => (run: MatchingRun) => {
  const gone = new Set(newestFailed(run.fake).slice(from, to));
  run.fake.account.assets.splice(0, Infinity, ...run.fake.account.assets.filter((a) => !gone.has(a)));
};

const JSON_TYPE = { 'content-type': 'application/json' };
const apiError = (status: number, code: string, times: number): Fault => ({
  status,
  body: { code, message: `Failure ${code}.` },
  headers: JSON_TYPE,
  times,
});
const listPath = (fake: FakeTwelveLabsApi) => `/indexes/${supportIndex(fake)._id}/indexed-assets`;
/** The count and the first pages read as they are; then `fault` on the list. With 120: count, 1, 3, then 2. */
const onListAfter = (passed: number, fault: (fake: FakeTwelveLabsApi) => Fault) => (fake: FakeTwelveLabsApi) => {
  fake.inject({ method: 'GET', path: listPath(fake), times: passed });
  fake.inject({ method: 'GET', path: listPath(fake), ...fault(fake) });
};

type Case = Omit<MatchingCase, 'group' | 'action'>;

/** Some DELETEs fail: the summary counts them and they stay (a 400 resource_not_exist is taken at its word). */
const PARTIAL: [name: string, fault: Fault, shows: RegExp, stay: number][] = [
  ['500', apiError(500, 'internal_error', 5), /^Deleted 115 of 120 indexed assets\. 5 failed\./, 5],
  ['502, retried', apiError(502, 'bad_gateway', 5), /^Deleted 120 indexed assets\.$/, 0],
  ['429 without headers, retried', { status: 429, times: 5 }, /^Deleted 120 indexed assets\.$/, 0],
  ['400 resource_not_exist', apiError(400, 'resource_not_exist', 5), /^Deleted 120 .*5 of them were already gone/, 5],
  ['a connection cut, retried', { destroy: 'before-response', times: 5 }, /^Deleted 120 indexed assets\.$/, 0],
];
const partial: Case[] = PARTIAL.map(([name, fault, shows, stay]) => ({
  name: `${name} on 5 of 120 DELETEs`,
  shows,
  arrange: (fake) => {
    fake.inject({ method: 'DELETE', ...fault });
  },
  check: leaves(stay),
}));

// One at a time, so that what was on its way when Cancel was pressed is exactly the DELETE that triggered it.
const pressCancel = (run: MatchingRun) => {
  run.cancel();
};
const cancels: Case[] = [
  {
    name: 'Cancel at the 30th DELETE (the middle of page 2): nothing is sent after it, the rest stays',
    concurrency: 1,
    shows: /^Deleted 30 indexed assets\. 90 matching assets were not reached\.$/,
    onRequest: onDelete(30, pressCancel),
    check: leaves(90),
  },
  {
    name: 'Cancel while a DELETE that answered 502 waits for its retry: the retry is not sent',
    concurrency: 1,
    shows: /^Deleted 29 of 30 indexed assets\. 1 was cancelled\. 90 matching assets were not reached\.$/,
    arrange: (fake) => {
      fake.inject({ method: 'DELETE', times: 29 });
      fake.inject({ method: 'DELETE', ...apiError(502, 'bad_gateway', 1) });
    },
    onRequest: onDelete(30, pressCancel),
    check: leaves(91),
  },
];

const changes: Case[] = [
  {
    // Pages are read from the last: what goes from a page not yet read moves nothing still to come past it.
    // None is left, and the last round of reads saw so: the summary must not say some were not reached.
    name: 'offsets that shift: 40 matches on pages not yet read are deleted elsewhere',
    matches: 260,
    shows: /^Deleted 220 indexed assets\./,
    hides: /failed|not reached/,
    onRequest: onDelete(20, deletedElsewhere(100, 140)),
    check: leaves(0),
  },
  {
    name: 'matches removed: the 10 newest (on the page read last) are deleted elsewhere during the run',
    shows:
      /^Deleted 110 indexed assets\. 10 of the 120 counted were no longer listed: deleted elsewhere, or no longer matching\.$/,
    onRequest: onDelete(5, deletedElsewhere(0, 10)),
    check: leaves(0),
  },
  {
    name: 'matches added: 3 new failed assets during the run are left alone, and said so',
    shows: /^Deleted 120 indexed assets\. 3 assets began to match after the count and were left alone\.$/,
    onRequest: onDelete(5, ({ fake }) => {
      for (let n = 0; n < 3; n++) fake.account.assets.push(failedAsset(fake, 900 + n, Date.UTC(2027, 0, 1 + n)));
    }),
    check: (run) => leaves(0)(run) ?? (newestFailed(run.fake).length === 3 ? undefined : 'the new ones did not stay'),
  },
];

const STOPPED = (reason: string) =>
  new RegExp(
    `^Deleted 20 indexed assets\\. Stopped: the list of matching assets could not be read\\. .*${reason}.* 100 matching assets were not reached\\.$`,
  );
const LIST_FAULTS: [name: string, fault: Fault, reason: string][] = [
  ['500, and again on any retry', apiError(500, 'internal_error', 3), 'TwelveLabs had a problem \\(HTTP 500\\)'],
  ['a 200 with an HTML page', { status: 200, body: '<!doctype html><p>Sign in</p>', times: 1 }, 'web page'],
  ['a 200 with truncated JSON', { status: 200, body: '{"data":[{"_id":"6', times: 1 }, 'not JSON'],
  ['a 200 whose `data` is not a list', { status: 200, body: { data: {} }, headers: JSON_TYPE, times: 1 }, 'a list'],
];
/** Page 2 of 3, once, with these items. */
const pageTwo = (data: object[]): Fault => {
  const page_info = { page: 2, limit_per_page: 50, total_page: 3, total_results: 120 };
  return { status: 200, body: { data, page_info }, headers: JSON_TYPE, times: 1 };
};
const listFaults: Case[] = [
  ...LIST_FAULTS.map(([name, fault, reason]) => ({
    name: `page 2 of 3 answers ${name}: page 3’s 20 go, then it stops`,
    shows: STOPPED(reason),
    hides: /<p>|Sign in/,
    arrange: onListAfter(2, () => fault),
    check: leaves(100),
  })),
  {
    name: 'a page answers 502 twice, retried',
    shows: /^Deleted 120 indexed assets\.$/,
    arrange: onListAfter(2, () => apiError(502, 'bad_gateway', 2)),
    check: leaves(0),
  },
  {
    name: 'a page that ignores the filter (5 ready assets among the failed): those 5 are left alone',
    shows: /^Deleted 120 indexed assets\.$/,
    arrange: onListAfter(2, (fake) => {
      const ready = fake.account.assets.filter((a) => a.index_id === supportIndex(fake)._id && a.status === 'ready');
      return pageTwo([...ready.slice(0, 5), ...newestFailed(fake).slice(50, 100)]);
    }),
    check: leaves(0),
  },
  {
    name: 'a page with an item that cannot be read: the others go, and the next round finds it',
    shows: /^Deleted 120 indexed assets\.$/,
    arrange: onListAfter(2, (fake) =>
      pageTwo(
        newestFailed(fake)
          .slice(50, 100)
          .map((asset, i) => (i === 3 ? { ...asset, _id: 5 } : asset)),
      ),
    ),
    check: leaves(0),
  },
];

const RECORD_FAILED = /^The deletion record could not be written\. Go on deleting without it\?$/m;
const fullDisk = (run: MatchingRun) => {
  symlinkSync('/dev/full', run.recordFile);
};
const fileInTheWay = (run: MatchingRun) => {
  rmSync(run.storage, { recursive: true });
  writeFileSync(run.storage, 'not a folder');
};
const BROKEN: [name: string, reason: string, breakIt: (run: MatchingRun) => void][] = [
  ['full (/dev/full)', 'the disk is full', fullDisk],
  ['not writable (a file where its folder should be)', 'a file or folder is in the way', fileInTheWay],
];
const record: Case[] = [
  ...BROKEN.flatMap(([name, reason, breakIt]): Case[] => [
    {
      name: `a record file that is ${name}: told, “${GO_ON}” goes on`,
      shows: new RegExp(`${RECORD_FAILED.source}\\n.*${reason}[\\s\\S]*^Deleted 120 indexed assets\\.$`, 'm'),
      prepare: breakIt,
      recordAnswer: GO_ON,
      check: leaves(0),
    },
    {
      name: `a record file that is ${name}: told, Cancel deletes nothing`,
      concurrency: 1, // so the one asset taken is the one cancelled
      shows: new RegExp(`${RECORD_FAILED.source}\\n.*${reason}`, 'm'),
      prepare: breakIt,
      check: leaves(120),
    },
  ]),
  {
    name: 'a corrupt record file: the run still records, and reading skips the bad lines',
    shows: /^Deleted 120 indexed assets\.$/,
    prepare: (run) => {
      mkdirSync(run.storage, { recursive: true });
      const lines = 'not json\n{"v":2,"type":"pending"}\n{"v":1,"type":"outcome","id":"x","time":"t"}\nhalf a li';
      writeFileSync(run.recordFile, lines);
    },
    check: (run, read) => {
      const deleted = read.entries.filter((e) => e.outcome === 'deleted');
      // Each keeps what Restore needs: the added ones have user_metadata.
      const kept = deleted.filter((e) => !e.filename?.startsWith('failed-') || e.userMetadata?.ticket !== undefined);
      return (
        leaves(0)(run) ??
        (read.unreadableLines === 4 && deleted.length === 120 && kept.length === 120
          ? undefined
          : `read back: ${deleted.length} deleted (${kept.length} with what Restore needs), ${read.unreadableLines} unreadable lines`)
      );
    },
  },
  {
    // The third DELETE's answer comes late; by then the disk is full, so its outcome cannot be written.
    name: 'a crash between a DELETE and its outcome (the disk fills): the entry reads as pending',
    concurrency: 1,
    shows: /outcome of a delete could not be written to the deletion record, so the history shows it as pending/,
    arrange: (fake) => {
      fake.inject({ method: 'DELETE', times: 2 });
      fake.inject({ method: 'DELETE', times: 1, delayMs: 300 });
    },
    onRequest: onDelete(3, (run) => {
      run.fillDisk();
    }),
    check: (run, read) => {
      const third = run.fake.requestsMatching('DELETE')[2].path.split('/').pop();
      const pending = read.entries.filter((e) => e.outcome === 'pending').map((e) => e.indexedAssetId);
      return leaves(117)(run) ?? (pending.join() === third ? undefined : `pending: ${pending.join() || 'none'}`);
    },
  },
];

const group = (name: string, cases: Case[]): MatchingCase[] =>
  cases.map((c) => ({ group: `Delete All Matching: ${name}`, action: 'deleteAllMatching', ...c }));

export const MATCHING_FAULT_CASES: MatchingCase[] = [
  ...group('some DELETEs fail', partial),
  ...group('Cancel', cancels),
  ...group('the matches change during the run', changes),
  ...group('a bad page of the list', listFaults),
  ...group('the deletion record', record),
];
