// The fault matrix of Restore: the newest assets of "Support calls 2026" with user_metadata, deleted with the Delete
// command, then twelvelabs.restore on their record entries through the fake `vscode`, "Restore" pressed when offered.
// test/unit/faultMatrix.test.ts checks the POSTs, the restored rows and the record after each (docs/reliability.md).
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { FakeTwelveLabsApi } from '../fake-api/server';
import type { Fault } from '../fake-api/types';
import { supportIndex, type FaultCase } from './cases';

export interface RestoreRun {
  fake: FakeTwelveLabsApi;
  /** The extension's global storage folder, and the record in it. */
  storage: string;
  /** Made /dev/full by a case, it gets its lines back after the run. */
  recordFile: string;
}

export interface RestoreCase extends FaultCase<'restore'> {
  /** How many are deleted, then restored; default 1. */
  deletes?: number;
  /** Those (by position, newest first) whose upload is deleted elsewhere, or whose check answers `skip`. */
  skipped?: number[];
  skip?: Fault;
  /** After the delete, before Restore. */
  before?: (run: RestoreRun) => void;
  /** Cancel in the modal. */
  cancel?: true;
  /** How many POSTs create an asset; default every one sent. */
  restored?: number;
  /** The record cannot note the restores. */
  unnoted?: true;
}

/** What a case deletes, and which of those it skips. */
export function restoreTargets(fake: FakeTwelveLabsApi, testCase: RestoreCase) {
  const index = supportIndex(fake)._id;
  const deleted = fake.account.assets
    .filter((a) => a.index_id === index && a.user_metadata !== undefined)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, testCase.deletes ?? 1);
  return { deleted, skipped: deleted.filter((_, i) => testCase.skipped?.includes(i)) };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const apiError = (status: number, code: string, times?: number): Fault => ({
  status,
  body: { code, message: `Failure ${code}.` },
  headers: JSON_TYPE,
  times,
});
const onPost = (fault: Fault) => (run: RestoreRun) => {
  run.fake.inject({ method: 'POST', ...fault });
};
const NAME = '“support-call-[^”]+”';
const MISSING = 'Not restored: the uploaded asset no longer exists\\.';
const UNCHECKED = 'Not restored: TwelveLabs could not say whether the uploaded asset exists\\.';
const ASK_ONE = `^Restore ${NAME} to the index “Support calls 2026”\\?$`;
const DONE_ONE = `^Restored ${NAME}: TwelveLabs is indexing it again\\.$`;
const DONE_TWO = '^Restored 2 indexed assets\\. TwelveLabs is indexing them again\\.$';
const shows = (...parts: string[]) => new RegExp(parts.join('[\\s\\S]*'), 'm');

type Case = Omit<RestoreCase, 'group' | 'action'>;

const GONE = shows(`^${NAME} cannot be restored\\.\\n${MISSING}\\n• support-call-`);
const NOT_FOUND = apiError(404, 'resource_not_exist');

const missing: Case[] = [
  { name: 'its upload was deleted elsewhere: the modal says so and offers no Restore', skipped: [0], shows: GONE },
  { name: 'GET /assets/{id} answers 404 resource_not_exist: the same', skipped: [0], skip: NOT_FOUND, shows: GONE },
  {
    name: 'all 3 uploads deleted elsewhere: none is offered',
    deletes: 3,
    skipped: [0, 1, 2],
    shows:
      /^None of the 3 indexed assets can be restored\.\nNot restored: .*no longer exists\.(\n• support-call-.*){3}$/,
  },
  {
    name: '1 of 3 uploads deleted elsewhere: the modal names it, the other 2 are restored',
    deletes: 3,
    skipped: [1],
    shows: shows('^Restore 2 indexed assets to the index “Support calls 2026”\\?$', `^${MISSING}\\n• `, DONE_TWO),
  },
];

const CHECK_FAULTS: [name: string, fault: Fault][] = [
  ['500', apiError(500, 'internal_error')],
  ['429 without headers', { status: 429 }],
  ['a connection cut', { destroy: 'before-response' }],
];
const unchecked: Case[] = CHECK_FAULTS.map(([name, skip]) => ({
  name: `GET /assets/{id} of 1 of 2 answers ${name}: it is not restored, and said so; the other is`,
  deletes: 2,
  skipped: [0],
  skip,
  shows: shows(ASK_ONE, `^${UNCHECKED}\\n• support-call-`, DONE_ONE),
}));

const POST_FAULTS: [name: string, fault: Fault, reason: string][] = [
  ['400 parameter_invalid (the upload is not ready)', apiError(400, 'parameter_invalid'), 'refused the request'],
  ['404 resource_not_exist', apiError(404, 'resource_not_exist'), 'could not find it'],
  ['500', apiError(500, 'internal_error'), 'had a problem \\(HTTP 500\\)'],
  ['429 without headers', { status: 429 }, 'limiting the request rate'],
];
/** Answers lost after the POST went out: the user cannot know, so is told it may be indexing (here it is not). */
const LOST_ANSWERS: [name: string, fault: Fault][] = [
  ['a connection cut', { destroy: 'before-response' }],
  ['a 202 with an HTML page', { status: 202, body: '<!doctype html><p>Sign in</p>' }],
];
const MAY_HAVE_STARTED = `^Could not confirm the restore of ${NAME}: TwelveLabs may have started indexing it`;
const posts: Case[] = [
  ...POST_FAULTS.map(([name, fault, reason]) => ({
    name: `the POST answers ${name}: reported, not retried, still restorable`,
    before: onPost(fault),
    restored: 0,
    shows: shows(ASK_ONE, `^Could not restore ${NAME}\\. .*${reason}`),
    hides: /<p>|Sign in/,
  })),
  ...LOST_ANSWERS.map(([name, fault]) => ({
    name: `the POST answers ${name}: it may have started, said so; not retried, still restorable`,
    before: onPost(fault),
    restored: 0,
    shows: shows(ASK_ONE, MAY_HAVE_STARTED),
    hides: /<p>|Sign in|Try again/,
  })),
  {
    // TwelveLabs indexes it, but the answer is lost: "Try again" would index it twice.
    name: 'the POST’s answer is cut after TwelveLabs took it: the user is told it may be indexing, and its row shows',
    before: (run) => {
      // node-fetch notices a cut inside a body of known length only at the 30 s timeout: keep the new row pending past it.
      run.fake.indexingMs = 5 * 60_000;
      onPost({ destroy: 'mid-body' })(run);
    },
    restored: 1,
    unnoted: true,
    shows: shows(ASK_ONE, `^Could not .*${NAME}.* (may|might) (have|be)`),
    hides: /Try again/,
  },
  {
    name: '1 of 2 POSTs answers 500: the summary counts it',
    deletes: 2,
    before: onPost(apiError(500, 'internal_error', 1)),
    restored: 1,
    shows: /^Restored 1 of 2 indexed assets\. 1 failed\.$/m,
  },
];

const NOT_NOTED = '^The restore stands, but the deletion history could not note it, so it still offers Restore\\.';
const record: Case[] = [
  {
    name: 'the record is full (/dev/full) when noting it: the restore stands, the user is warned',
    before: ({ recordFile }) => {
      rmSync(recordFile);
      symlinkSync('/dev/full', recordFile);
    },
    unnoted: true,
    shows: shows(`${NOT_NOTED} .*disk is full`, DONE_ONE),
  },
  {
    name: 'a file where the record’s folder should be: the same',
    before: (run) => {
      rmSync(run.storage, { recursive: true });
      writeFileSync(run.storage, 'not a folder');
    },
    unnoted: true,
    shows: shows(`${NOT_NOTED} .*in the way`, DONE_ONE),
  },
];
const cancel: Case[] = [
  { name: 'Cancel in the modal: nothing is sent', cancel: true, shows: new RegExp(`${ASK_ONE}(?![\\s\\S]*Restored)`) },
];

const group = (name: string, cases: Case[]): RestoreCase[] =>
  cases.map((c) => ({ group: `Restore: ${name}`, action: 'restore', ...c }));

export const RESTORE_FAULT_CASES: RestoreCase[] = [
  ...group('the upload is missing', missing),
  ...group('the upload cannot be checked', unchecked),
  ...group('the POST fails', posts),
  ...group('the record cannot note it', record),
  ...group('Cancel', cancel),
];
