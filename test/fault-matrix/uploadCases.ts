// The fault matrix of uploads: files made in a temp folder are selected in the Explorer and "Add to TwelveLabs
// Index…" runs on them, "Support calls 2026" picked in its picker (or "Add Video from URL…" on an address); the
// fake API's faults and the case's edits to the files strike mid-run. uploadRunner.ts runs them and checks each.
import { appendFileSync, rmSync } from 'node:fs';
import { DIRECT_UPLOAD_MAX_BYTES, UPLOAD_MAX_BYTES } from '../../src/core/upload/limits';
import type { FakeTwelveLabsApi } from '../fake-api/server';
import type { Fault, PresignedRequest, RecordedRequest } from '../fake-api/types';
import { supportIndex, type FaultCase } from './cases';

export type UploadAction = 'addToIndex' | 'addVideoFromUrl';
/** What reaches the fake: an API request, or a chunk PUT received in full. */
export type Sent = RecordedRequest | PresignedRequest;

export interface UploadRun {
  fake: FakeTwelveLabsApi;
  /** The path of one of the case's files. */
  path(name: string): string;
  /** Files the case itself changed or removed: the run does not check that they were left alone. */
  touched: Set<string>;
  /** Presses the progress notification's Cancel. */
  cancel(): void;
}

export interface UploadCase extends FaultCase<UploadAction> {
  /** The files selected in the Explorer, by name, with their size (sparse: zeros). */
  files?: Record<string, number>;
  /** Add Video from URL: the address typed. */
  url?: string;
  /** The names that end indexed; default every one. */
  indexed?: string[];
  /** The fake's settings for the case; otherwise assets are ready at once, and chunks are 20 MiB. */
  settings?: Partial<Pick<FakeTwelveLabsApi, 'failProcessing' | 'presignedTtlMs' | 'uploadHeaders'>>;
  /** As each request reaches the fake, before it answers. */
  onRequest?: (run: UploadRun, request: Sent) => void;
  /** "Resume Uploads…" is pressed in the summary and the upload picked: it must send only the missing chunks. */
  resume?: true;
}

/** Just over the direct upload's limit: a multipart upload of 10 chunks. */
const BIG = DIRECT_UPLOAD_MAX_BYTES + 1;
const SMALL = 3 * 1024 ** 2;
const JSON_TYPE = { 'content-type': 'application/json' };
const apiError = (status: number, code: string, message: string): Fault => ({
  status,
  body: { code, message },
  headers: JSON_TYPE,
});
const isChunk = (request: Sent): request is PresignedRequest => 'chunkIndex' in request;
const onChunk = (index: number, fault: Fault) => (fake: FakeTwelveLabsApi) => {
  fake.inject({ method: 'PUT', path: new RegExp(`^/upload/[^/]+/${index}$`), times: 1, ...fault });
};
/** Once chunk `index` has arrived. */
const afterChunk = (index: number, act: (run: UploadRun) => void) => (run: UploadRun, r: Sent) => {
  if (isChunk(r) && r.chunkIndex === index) act(run);
};
const indexPost = (r: Sent) => !isChunk(r) && r.path.endsWith('/indexed-assets');
const onIndexPost = (fault: Fault) => (fake: FakeTwelveLabsApi) => {
  fake.inject({ method: 'POST', path: `/indexes/${supportIndex(fake)._id}/indexed-assets`, ...fault });
};
const edit = (name: string, how: (path: string) => void) => (run: UploadRun) => {
  run.touched.add(name);
  how(run.path(name));
};
const grow = (path: string) => {
  appendFileSync(path, 'edited');
};
const remove = (path: string) => {
  rmSync(path, { force: true });
};

const shows = (...parts: string[]) => new RegExp(parts.join('[\\s\\S]*'), 'm');
const ADDED = (name: string) => `^Added “${name}” to “Support calls 2026”\\. It is being indexed\\.$`;
const NOT_ADDED = (name: string) => `^Did not add “${name}” to “Support calls 2026”\\.`;
/** The summary, then the problem line of the log (Show Details) that names the file and the step. */
const failed = (name: string, step: string, why: string) =>
  shows(NOT_ADDED(name), `^“${name}”: ${step} failed\\. ${why}`);
const CHANGED = 'changed, moved or was deleted while it was being uploaded, so the upload stopped\\.';

type Case = Omit<UploadCase, 'group' | 'action'> & { action?: UploadAction };

const file: Case[] = [
  {
    name: 'a 0-byte file: refused before anything is sent',
    files: { 'empty.mp4': 0 },
    indexed: [],
    shows: failed('empty.mp4', 'reading the file', '“empty.mp4” is empty \\(0 bytes\\)\\.'),
  },
  {
    name: 'a file over 10 GB (sparse): refused before anything is sent',
    files: { 'huge.mkv': UPLOAD_MAX_BYTES + 1 },
    indexed: [],
    shows: failed('huge.mkv', 'reading the file', '“huge.mkv” is larger than the 10 GB TwelveLabs accepts\\.'),
  },
  {
    name: 'the file grows while its chunks upload: the upload stops, nothing is indexed',
    files: { 'big.mp4': BIG },
    indexed: [],
    onRequest: afterChunk(2, edit('big.mp4', grow)),
    shows: failed('big.mp4', 'upload', `“big.mp4” ${CHANGED}`),
  },
  {
    name: 'the file is deleted while its chunks upload: the same',
    files: { 'big.mp4': BIG },
    indexed: [],
    onRequest: afterChunk(2, edit('big.mp4', remove)),
    shows: failed('big.mp4', 'upload', `“big.mp4” ${CHANGED}`),
  },
  {
    name: 'of 4 files, the one waiting its turn changes: it is not sent, the other 3 are indexed',
    files: { 'a.mp4': SMALL, 'b.mp4': SMALL, 'c.mp4': SMALL, 'd.mp4': SMALL },
    indexed: ['a.mp4', 'b.mp4', 'c.mp4'],
    onRequest: (run, r) => {
      if (indexPost(r)) edit('d.mp4', grow)(run);
    },
    shows: shows('^Added 3 of 4 videos to “Support calls 2026”\\. They are being indexed\\. 1 failed\\.', CHANGED),
  },
];

const postAssets = (fault: Fault) => (fake: FakeTwelveLabsApi) => {
  fake.inject({ method: 'POST', path: '/assets', ...fault });
};
const direct: Case[] = [
  {
    name: 'POST /assets answers 413: the limit is named',
    files: { 'a.mp4': SMALL },
    indexed: [],
    arrange: postAssets(apiError(413, 'parameter_invalid', 'Direct uploads are up to 200 MB.')),
    shows: failed(
      'a.mp4',
      'upload',
      'The file is larger than TwelveLabs accepts for a direct upload \\(200 MB, HTTP 413\\)',
    ),
  },
  {
    name: 'POST /assets answers 415: TwelveLabs’ reason is shown',
    files: { 'a.mp4': SMALL },
    indexed: [],
    arrange: postAssets(apiError(415, 'parameter_invalid', 'The file type is not supported.')),
    shows: failed('a.mp4', 'upload', '.*HTTP 415.*The file type is not supported'),
  },
  {
    name: 'the answer to POST /assets is lost: failed, not sent again, and no "Try again"',
    files: { 'a.mp4': SMALL },
    indexed: [],
    arrange: postAssets({ destroy: 'before-response' }),
    verify: (_, fake) =>
      fake.requestsMatching('POST', '/assets').length === 1 ? undefined : 'POST /assets sent again',
    shows: shows(
      `${NOT_ADDED('a.mp4')}\\n“a.mp4”: the answer to the upload was lost, so TwelveLabs may have the file anyway\\. Look in the Assets view before adding it again\\.$`,
    ),
  },
];

const NOT_PROCESSED = 'TwelveLabs could not process the file';
const processing: Case[] = [
  {
    name: 'the uploaded asset ends failed: not indexed',
    files: { 'damaged.mp4': SMALL },
    indexed: [],
    settings: { failProcessing: () => true },
    shows: failed('damaged.mp4', 'processing', NOT_PROCESSED),
  },
  {
    name: 'of 2 files, one ends failed: the other is indexed',
    files: { 'damaged.mp4': SMALL, 'fine.mp4': SMALL },
    indexed: ['fine.mp4'],
    settings: { failProcessing: (name) => name === 'damaged.mp4' },
    shows: shows('^Added 1 of 2 videos to “Support calls 2026”\\. It is being indexed\\. 1 failed\\.', NOT_PROCESSED),
  },
];

const EXPIRED = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
const renewed = (_: string[], fake: FakeTwelveLabsApi) =>
  fake.requestsMatching('POST', /\/presigned-urls$/).length > 0 ? undefined : 'no URL was renewed';
const chunks: Case[] = [
  { name: 'chunk 2 answered 500 once: sent again', arrange: onChunk(2, { status: 500 }) },
  {
    name: 'chunk 3’s connection cut before the answer: sent again',
    arrange: onChunk(3, { destroy: 'before-response' }),
  },
  { name: 'chunk 3’s answer cut mid-body', arrange: onChunk(3, { destroy: 'mid-body' }) },
  {
    name: 'chunk 3’s URL expired (403 Request has expired): renewed, sent again',
    arrange: onChunk(3, { status: 403, body: EXPIRED, headers: { 'content-type': 'application/xml' } }),
    verify: renewed,
  },
  {
    name: 'the URLs expire within a minute of being given: renewed before use',
    settings: { presignedTtlMs: 30_000 },
    verify: renewed,
  },
].map((c) => ({ ...c, files: { 'big.mp4': BIG }, shows: shows(ADDED('big.mp4')) }));

const indexing: Case[] = [
  {
    name: 'the index POST answers 500: failed at indexing, not sent again',
    files: { 'a.mp4': SMALL },
    indexed: [],
    arrange: onIndexPost(apiError(500, 'internal_error', 'Failure.')),
    shows: failed('a.mp4', 'indexing', 'TwelveLabs had a problem \\(HTTP 500\\)'),
  },
  {
    name: 'the index POST’s answer is lost: it may be indexed anyway, said so; not sent again',
    files: { 'a.mp4': SMALL },
    indexed: [],
    arrange: onIndexPost({ destroy: 'before-response' }),
    shows: shows(
      NOT_ADDED('a.mp4'),
      '^“a.mp4”: the answer to the request to index it was lost, so it may be indexed anyway\\. Look at the index before adding it again\\.$',
    ),
    hides: /Try again/,
  },
];

const key: Case[] = [
  {
    name: 'the key is revoked once the small file is indexed: the large one stops with the key named, kept for Resume',
    files: { 'small.mp4': SMALL, 'big.mp4': BIG },
    indexed: ['small.mp4'],
    onRequest: (run, r) => {
      if (indexPost(r)) run.fake.inject({ path: /^\/assets/, ...apiError(401, 'api_key_invalid', 'Invalid key.') });
    },
    shows: shows(
      '^Added 1 of 2 videos.* Resume Uploads… can finish 1 upload\\.$',
      '^“big.mp4”: upload failed\\. TwelveLabs rejected the API key.* Resume Uploads… can finish it\\. ',
    ),
  },
];

const cancel: Case[] = [
  {
    name: 'Cancel mid-upload, then Resume Uploads… in the summary: only the missing chunks are sent',
    files: { 'big.mp4': BIG },
    onRequest: afterChunk(6, (run) => {
      run.cancel();
    }),
    resume: true,
    // The two summaries, then the log's line.
    shows: shows(
      `${NOT_ADDED('big.mp4')} Resume Uploads… can finish 1 upload\\.$`,
      ADDED('big.mp4'),
      'cancelled during the upload',
    ),
  },
  {
    name: 'storage signs upload headers: every chunk carries them, after Cancel and Resume too',
    files: { 'big.mp4': BIG },
    settings: { uploadHeaders: { 'x-amz-server-side-encryption': 'AES256' } },
    onRequest: afterChunk(6, (run) => {
      run.cancel();
    }),
    resume: true,
    shows: shows(`${NOT_ADDED('big.mp4')} Resume Uploads… can finish 1 upload\\.$`, ADDED('big.mp4')),
  },
];

const url: Case[] = [
  { name: 'a video from a URL is indexed', url: 'https://example.com/talk.mp4', shows: shows(ADDED('talk.mp4')) },
  {
    name: 'a video from a URL ends failed: not indexed',
    url: 'https://example.com/talk.mp4',
    indexed: [],
    settings: { failProcessing: () => true },
    shows: failed('talk.mp4', 'processing', NOT_PROCESSED),
  },
].map((c) => ({ ...c, action: 'addVideoFromUrl' as const }));

const group = (name: string, cases: Case[]): UploadCase[] =>
  cases.map((c) => ({ group: `Upload: ${name}`, action: 'addToIndex', ...c }));

export const UPLOAD_FAULT_CASES: UploadCase[] = [
  ...group('the file', file),
  ...group('POST /assets fails', direct),
  ...group('processing fails', processing),
  ...group('a chunk fails', chunks),
  ...group('the index POST fails', indexing),
  ...group('the key', key),
  ...group('Cancel and Resume', cancel),
  ...group('from a URL', url),
];
