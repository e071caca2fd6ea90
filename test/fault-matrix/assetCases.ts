// The fault matrix of the Assets view: its lists, its usage scan, and Delete Asset (never with force).
import type { FakeTwelveLabsApi } from '../fake-api/server';
import type { Fault, FakeSourceAsset } from '../fake-api/types';
import { deleteTarget, type Action, type FaultCase } from './cases';

type Case = Omit<FaultCase<AssetAction>, 'group'>;

/**
 * listAssets: the Assets view's rows to the end, once its usage scan has answered; expandAsset: the
 * indexed assets that use SHARED; deleteAsset: UNUSED, answered "Delete"; deleteAssetWithIndexed:
 * SHARED, answered "Delete Asset and Its Indexed Assets". A delete's `meanwhile` runs while its modal is open.
 */
export type AssetAction = 'listAssets' | 'expandAsset' | 'deleteAsset' | 'deleteAssetWithIndexed';
/** A case of either view (FaultCase alone is the Indexes view's, which the integration layer also runs). */
export type MatrixCase = FaultCase<Action | AssetAction>;

/** An upload no index uses, and one that "Product demos" and "Marketing b-roll" both use. */
export const UNUSED = 'podcast-episode-12.mp4';
export const SHARED = 'api-keys-in-60-seconds.mp4';

export function upload(fake: FakeTwelveLabsApi, filename: string): FakeSourceAsset {
  const found = fake.account.sourceAssets?.find((asset) => asset.filename === filename);
  if (!found) throw new Error(`the sample account has no upload "${filename}"`);
  return found;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const apiError = (status: number, code: string, extra?: Fault): Fault => ({
  status,
  body: { code, message: `Failure ${code}.` },
  headers: JSON_TYPE,
  ...extra,
});
const referencesPath = (fake: FakeTwelveLabsApi) => `/assets/${upload(fake, SHARED)._id}/indexed-assets`;
const inject = (method: string, path: (fake: FakeTwelveLabsApi) => string | RegExp, fault: Fault) => ({
  arrange: (fake: FakeTwelveLabsApi) => {
    fake.inject({ method, path: path(fake), ...fault });
  },
});
const answerOnce = (fake: FakeTwelveLabsApi, path: string, body: object) => {
  fake.inject({ method: 'GET', path, times: 1, status: 200, headers: JSON_TYPE, body });
};
/** The check for its indexed assets, or one of their deletes, failed: no DELETE /assets/{id} may follow. */
const noUploadDelete = (_: string[], fake: FakeTwelveLabsApi) =>
  fake.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/assets/')) ? 'it was sent' : undefined;

// ---- GET /assets and GET /assets/{id}/indexed-assets: bad answers ----------------------------

/** A bad answer, and what its list's error row says after "Click to retry." */
const BAD_ANSWERS: [name: string, fault: Fault, reason: RegExp][] = [
  ['429 with Retry-After', { status: 429, headers: { 'retry-after': '7' } }, /rate limited\n.*Try again in 7 s\./],
  ['429 without headers', { status: 429 }, /rate limited\n.*Try again in a moment\./],
  ['500', apiError(500, 'internal_error'), /server error \(HTTP 500\)\nTwelveLabs had a problem \(HTTP 500\)/],
  ['502', apiError(502, 'bad_gateway'), /server error \(HTTP 502\)/],
  ['503', apiError(503, 'service_unavailable'), /server error \(HTTP 503\)/],
  ['a 200 with an HTML page', { status: 200, body: '<!doctype html><p>Sign in</p>' }, /unreadable answer\n.*web page/],
  ['a 200 with truncated JSON', { status: 200, body: '{"data":[{"_id":"6' }, /unreadable answer\n.*not JSON/],
  ['a 200 whose `data` is not a list', { status: 200, body: { data: {} } }, /unreadable answer\n.*should be a list/],
];

const LISTS = [
  ['GET /assets', 'listAssets', () => '/assets', 'Could not load your assets'],
  ['GET /assets/{id}/indexed-assets', 'expandAsset', referencesPath, 'Could not load the indexed assets that use it'],
] as const;

const badAnswers: Case[] = LISTS.flatMap(([list, action, path, retry]) =>
  BAD_ANSWERS.map(([name, fault, reason]) => ({
    name: `${list}: ${name}`,
    action,
    shows: new RegExp(`^${retry}\\. Click to retry\\.\\n${reason.source}`, 'm'),
    hides: /<p>|Sign in/,
    ...inject('GET', path, fault),
  })),
);

/** One item the client cannot read among good ones: the rest still shows, and a row says so. */
const unreadable: Case[] = [
  {
    name: 'GET /assets: one unreadable upload on page 1 of 2',
    action: 'listAssets',
    shows: /^1 asset could not be read$/m,
    verify: (labels) => (labels.length === 63 + 1 ? undefined : `${labels.length} rows, not 63 uploads and 1 message`),
    arrange: (fake) => {
      const newest = [...(fake.account.sourceAssets ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));
      const data = newest.slice(0, 50).map((asset, i) => (i === 5 ? { ...asset, _id: 5 } : asset));
      answerOnce(fake, '/assets', { data, page_info: { page: 1, total_page: 2, total_results: newest.length } });
    },
  },
  {
    name: 'GET /assets/{id}/indexed-assets: one without its index, beside a good one',
    action: 'expandAsset',
    shows: /^Marketing b-roll$[\s\S]*^1 indexed asset could not be read$/m,
    arrange: (fake) => {
      const [one, other] = fake.account.assets.filter((asset) => asset.asset_id === upload(fake, SHARED)._id);
      const marketing = fake.account.indexes.find((index) => index.index_name === 'Marketing b-roll');
      const data = [{ _id: one._id }, { _id: other._id, index: { _id: marketing?._id, name: marketing?.index_name } }];
      answerOnce(fake, referencesPath(fake), { data, page_info: { page: 1, total_page: 1, total_results: 2 } });
    },
  },
];

const scan: Case[] = [
  {
    // The rows stay; nothing is called unused on a guess. (Every case checks the marks once the fault is gone.)
    name: 'an index’s indexed assets answer 500 while the view loads',
    action: 'listAssets',
    shows: /^Could not check which assets are in use\. Click to retry\.\nserver error \(HTTP 500\)[\s\S]*^podcast-/m,
    hides: /^unused|Unused:/m,
    ...inject('GET', () => /^\/indexes\/[^/]+\/indexed-assets$/, apiError(500, 'internal_error')),
  },
];

// ---- DELETE /assets/{id} ----------------------------------------------------------------------

const quoted = (name: string) => `“${name.replace(/\./g, '\\.')}”`;
const DELETED = (name = UNUSED) => new RegExp(`^Deleted the asset ${quoted(name)}\\.$`);
const KEPT_IN_USE = new RegExp(`^Kept the asset ${quoted(UNUSED)}: TwelveLabs says indexed assets still use it\\.`);
const ALREADY_GONE = new RegExp(`^The asset ${quoted(UNUSED)} was already deleted\\.$`);
const COULD_NOT = (reason: string) => new RegExp(`^Could not delete the asset ${quoted(UNUSED)}\\. ${reason}`);

/** How DELETE /assets/{id} answers the unused upload, and the one message the command then shows. */
const DELETE_ANSWERS: [name: string, fault: Fault, shows: RegExp][] = [
  ['409 asset_in_use', apiError(409, 'asset_in_use'), KEPT_IN_USE],
  ['400 resource_not_exist', apiError(400, 'resource_not_exist'), ALREADY_GONE],
  ['404 resource_not_exist', apiError(404, 'resource_not_exist'), ALREADY_GONE],
  [
    '404 with a web page (a proxy)',
    { status: 404, body: '<html><h1>404</h1></html>', headers: { 'content-type': 'text/html' } },
    COULD_NOT('127\\.0\\.0\\.1:\\d+ answered “not found” \\(HTTP 404\\) for /v1\\.3/assets/'),
  ],
  ['429 with Retry-After once, then retried', { times: 1, status: 429, headers: { 'retry-after': '1' } }, DELETED()],
  ['429 without headers once, then retried', { times: 1, status: 429 }, DELETED()],
  ['500', apiError(500, 'internal_error'), COULD_NOT('TwelveLabs had a problem \\(HTTP 500\\)')],
  ['502 once, then retried', apiError(502, 'bad_gateway', { times: 1 }), DELETED()],
  ['503 once, then retried', apiError(503, 'service_unavailable', { times: 1 }), DELETED()],
  ['a connection cut before any answer, once, then retried', { times: 1, destroy: 'before-response' }, DELETED()],
];

const deletes: Case[] = [
  ...DELETE_ANSWERS.map(([name, fault, shows]) => ({
    name,
    action: 'deleteAsset' as const,
    shows,
    hides: /<h1>/,
    ...inject('DELETE', (fake) => `/assets/${upload(fake, UNUSED)._id}`, fault),
  })),
  {
    name: 'the check for indexed assets that use it answers 500: nothing sent',
    action: 'deleteAsset',
    shows: /^Nothing was deleted\. TwelveLabs had a problem \(HTTP 500\)/,
    verify: noUploadDelete,
    ...inject('GET', (fake) => `/assets/${upload(fake, UNUSED)._id}/indexed-assets`, apiError(500, 'internal_error')),
  },
];

// ---- Delete Asset and Its Indexed Assets --------------------------------------------------------

const KEPT_SHARED = (reason: string) =>
  new RegExp(`^Kept the asset ${quoted(SHARED)}: its indexed asset in “(Product demos|Marketing b-roll)” ${reason}`);

const withIndexed: Case[] = [
  // The fake answers 409 while an indexed asset still uses it: "Deleted" means they went first.
  { name: 'as documented: its two indexed assets, then it', action: 'deleteAssetWithIndexed', shows: DELETED(SHARED) },
  {
    name: 'one of its indexed assets answers 500: the upload is kept, no DELETE /assets',
    action: 'deleteAssetWithIndexed',
    shows: KEPT_SHARED('could not be deleted\\. TwelveLabs had a problem \\(HTTP 500\\)'),
    verify: noUploadDelete,
    ...inject('DELETE', () => /^\/indexes\/[^/]+\/indexed-assets\//, apiError(500, 'internal_error', { times: 1 })),
  },
];

// ---- Races: the account changes while the modal is open ----------------------------------------

const races: Case[] = [
  {
    name: 'an indexed asset starts using the unused upload (the API answers 409)',
    action: 'deleteAsset',
    shows: KEPT_IN_USE,
    // A copy of an indexed asset of "Support calls 2026", made from the upload.
    meanwhile: (fake) =>
      fake.account.assets.push({ ...deleteTarget(fake), _id: '7'.repeat(24), asset_id: upload(fake, UNUSED)._id }),
  },
  {
    name: 'the upload is deleted elsewhere',
    action: 'deleteAsset',
    shows: ALREADY_GONE,
    meanwhile: (fake) => fake.account.sourceAssets?.splice(fake.account.sourceAssets.indexOf(upload(fake, UNUSED)), 1),
  },
  {
    name: 'one of its indexed assets is deleted elsewhere (already gone: the upload goes)',
    action: 'deleteAssetWithIndexed',
    shows: DELETED(SHARED),
    meanwhile: (fake) => {
      const used = fake.account.assets.findIndex((asset) => asset.asset_id === upload(fake, SHARED)._id);
      fake.account.assets.splice(used, 1);
    },
  },
];

const group = (name: string, cases: Case[]) => cases.map((c) => ({ group: `Assets view: ${name}`, ...c }));

export const ASSET_FAULT_CASES: FaultCase<AssetAction>[] = [
  ...group('a bad answer to a list', [...badAnswers, ...unreadable]),
  ...group('the usage scan', scan),
  ...group('error status while deleting an asset', deletes),
  ...group('deleting an asset and its indexed assets', withIndexed),
  ...group('races while the modal is open', races),
];
