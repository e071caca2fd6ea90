// Every bad answer, network fault, race, setting and hostile name we survive, with what the user sees.
// Run by test/unit/faultMatrix.test.ts; the `ui` cases also by test/integration/faultMatrix.test.ts.
// The Assets view's cases are in assetCases.ts.
import type { FakeTwelveLabsApi } from '../fake-api/server';
import type { Fault, FakeIndex } from '../fake-api/types';

/** listIndexes: open the view; expandIndex: expand "Support calls 2026" to the end; delete: its newest asset. */
export type Action = 'listIndexes' | 'expandIndex' | 'delete';

export interface FaultCase<A extends string = Action> {
  group: string;
  name: string;
  action: A;
  /** What the user sees (rows, messages) must match `shows` and not `hides`. */
  shows: RegExp;
  hides?: RegExp;
  /** Faults and account edits before the action. */
  arrange?: (fake: FakeTwelveLabsApi) => void;
  /** Delete only: runs after the tree was listed and before the delete (a race). */
  meanwhile?: (fake: FakeTwelveLabsApi) => void;
  /** The twelvelabs.apiBaseUrl setting and the key as typed; default the fake's. */
  baseUrl?: (fake: FakeTwelveLabsApi) => string;
  apiKey?: (fake: FakeTwelveLabsApi) => string;
  /** Request timeout; the default (MATRIX_TIMEOUT_MS) only guards against a hang. */
  timeoutMs?: number;
  /** A further check on the rows' labels (or the messages) and the fake; returns what is wrong, if anything. */
  verify?: (labels: string[], fake: FakeTwelveLabsApi) => string | undefined;
  /** Delete only: invoked twice at once; or while the index is refreshed and expanded again. */
  twice?: boolean;
  duringRefresh?: boolean;
  /** Also run inside a real VS Code. */
  ui?: boolean;
}

export const SUPPORT = 'Support calls 2026';
// A hang guard, generous so a loaded machine cannot trip it; the cases that need our timer set their own.
export const MATRIX_TIMEOUT_MS = 30_000;

export function supportIndex(fake: FakeTwelveLabsApi): FakeIndex {
  const index = fake.account.indexes.find((candidate) => candidate.index_name === SUPPORT);
  if (!index) throw new Error(`the sample account has no "${SUPPORT}"`);
  return index;
}

/** The assets of "Support calls 2026" in the order the fake lists them: newest first. */
function supportAssets(fake: FakeTwelveLabsApi) {
  const index = supportIndex(fake);
  return fake.account.assets
    .filter((a) => a.index_id === index._id)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** The asset the delete cases delete: the newest of "Support calls 2026". */
export function deleteTarget(fake: FakeTwelveLabsApi) {
  return supportAssets(fake)[0];
}

const assetsPath = (fake: FakeTwelveLabsApi) => `/indexes/${supportIndex(fake)._id}/indexed-assets`;
const JSON_TYPE = { 'content-type': 'application/json' };

/** An arrange step that injects one fault into GET /indexes (a function: into that path). */
const onIndexes =
  (fault: Fault | ((fake: FakeTwelveLabsApi) => Fault)) =>
  (fake: FakeTwelveLabsApi): void => {
    fake.inject({ method: 'GET', path: '/indexes', ...(typeof fault === 'function' ? fault(fake) : fault) });
  };

/** A case of a group; its action is listIndexes unless it says otherwise. */
type Listed = Omit<FaultCase, 'group' | 'action'> & { action?: Action };
const listing = (group: string, cases: Listed[]): FaultCase[] =>
  cases.map((c) => ({ group, action: 'listIndexes', ...c }));

/** The next listing of "Support calls 2026" answers with this JSON instead. */
function answerAssetsOnce(fake: FakeTwelveLabsApi, body: object): void {
  fake.inject({ method: 'GET', path: assetsPath(fake), times: 1, status: 200, headers: JSON_TYPE, body });
}

// ---- Error statuses: while listing with four kinds of body, and while deleting -------------

interface StatusCase {
  status: number;
  code: string;
  label?: string;
  /** What the user sees for the JSON body, and for the others (no code to go by). */
  json: RegExp;
  other?: RegExp;
  /** What a delete shows; "Deleted" when it is retried and then succeeds. */
  deleting: RegExp;
  headers?: Record<string, string>;
  ui?: boolean;
}

const REFUSED_400 = /refused the request \(HTTP 400\)/;
const NOT_FOUND_404 = /answered “not found” \(HTTP 404\) for \/v1\.3\/indexes/;
const COULD_NOT = (reason: string) => new RegExp(`^Could not delete “.+”\\. ${reason}`);
const DELETED = /^Deleted “.+”/;
const ALREADY_DELETED = /was already deleted/;
const refused = (status: number) => `TwelveLabs refused the request \\(HTTP ${status}\\)`;
const problem = (status: number) => `TwelveLabs had a problem \\(HTTP ${status}\\)`;
const serverError = (status: number) => new RegExp(`server error \\(HTTP ${status}\\).*${problem(status)}`, 's');

const STATUSES: StatusCase[] = [
  {
    status: 400,
    code: 'parameter_invalid',
    json: /refused the request \(HTTP 400\)\. TwelveLabs said: “The page_limit parameter is invalid\.”/,
    other: REFUSED_400,
    deleting: COULD_NOT(refused(400)),
  },
  {
    status: 400,
    code: 'resource_not_exist',
    json: /could not find it/,
    other: REFUSED_400,
    deleting: ALREADY_DELETED,
  },
  {
    status: 401,
    code: 'api_key_invalid',
    json: /The API key was rejected\. Click to set a new one\./,
    deleting: COULD_NOT('TwelveLabs rejected the API key'),
    ui: true,
  },
  {
    status: 403,
    code: 'forbidden',
    json: /plan or region does not allow this request/,
    deleting: COULD_NOT('Your TwelveLabs plan or region does not allow'),
  },
  {
    status: 404,
    code: 'not_found',
    json: /answered “not found” \(HTTP 404\) for \/v1\.3\/indexes without saying.*twelvelabs\.apiBaseUrl/s,
    deleting: COULD_NOT('.+ answered “not found” \\(HTTP 404\\).*twelvelabs\\.apiBaseUrl'),
  },
  {
    status: 404,
    code: 'resource_not_exist',
    json: /could not find it: it may have been deleted already/,
    other: NOT_FOUND_404,
    deleting: ALREADY_DELETED,
  },
  { status: 409, code: 'conflict', json: /refused the request \(HTTP 409\)/, deleting: COULD_NOT(refused(409)) },
  {
    status: 429,
    code: 'too_many_requests',
    label: '429 with Retry-After',
    json: /rate limited.*limiting the request rate\. Try again in 7 s\./s,
    deleting: DELETED,
    headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0' },
    ui: true,
  },
  {
    status: 429,
    code: 'too_many_requests',
    label: '429 without headers',
    json: /rate limited.*limiting the request rate\. Try again in a moment\./s,
    deleting: DELETED,
  },
  { status: 500, code: 'internal_error', json: serverError(500), deleting: COULD_NOT(problem(500)) },
  { status: 502, code: 'bad_gateway', json: serverError(502), deleting: DELETED },
  { status: 503, code: 'service_unavailable', json: serverError(503), deleting: DELETED, ui: true },
  { status: 504, code: 'gateway_timeout', json: serverError(504), deleting: DELETED },
];

const BODIES = {
  'a JSON body': (c: StatusCase) =>
    JSON.stringify({
      code: c.code,
      message: c.code === 'parameter_invalid' ? 'The page_limit parameter is invalid.' : `Failure ${c.code}.`,
    }),
  'an HTML body': () => '<html><head><title>Error</title></head><body><h1>Bad things</h1></body></html>',
  'an empty body': () => '',
  'a truncated body': (c: StatusCase) => JSON.stringify({ code: c.code, message: 'cut' }).slice(0, 12),
};

const labelOf = (c: StatusCase) => c.label ?? `${c.status} ${c.code}`;

const statusCases: Listed[] = STATUSES.flatMap((c) =>
  Object.entries(BODIES).map(([body, make]) => {
    const isJson = body === 'a JSON body';
    return {
      name: `${labelOf(c)} with ${body}`,
      shows: isJson ? c.json : (c.other ?? c.json),
      hides: /<html|<h1/,
      arrange: onIndexes({ status: c.status, body: make(c), headers: { ...(isJson ? JSON_TYPE : {}), ...c.headers } }),
      ui: c.ui === true && isJson,
    };
  }),
);

/** The delete answers: retried ones succeed on the next attempt; the rest are shown. */
const deleteStatusCases: Listed[] = STATUSES.map((c) => ({
  name: `${labelOf(c)}${c.deleting === DELETED ? ' once, then retried' : ''}`,
  action: 'delete' as const,
  shows: c.deleting,
  arrange: (fake: FakeTwelveLabsApi) => {
    // Retry-After: 1, so the retried case does not wait the 7 s of the listing case.
    const headers = c.headers ? { ...c.headers, 'retry-after': '1' } : undefined;
    const body = { code: c.code, message: `Failure ${c.code}.` };
    fake.inject({ method: 'DELETE', times: 1, status: c.status, body, headers });
  },
  ui: c.status === 500 || c.status === 404 || c.status === 503 || c.code === 'resource_not_exist',
}));

/** A proxy's or a wrong version's 404 page says nothing about the asset: it is not "already gone". */
const deletePageCase: Listed = {
  name: '404 with a web page (a proxy), the row stays',
  action: 'delete',
  shows:
    /^Could not delete “.+”\. 127\.0\.0\.1:\d+ answered “not found” \(HTTP 404\) for \/v1\.3\/indexes\/.+\/indexed-assets\/.+ without saying/,
  hides: /already deleted|<html/,
  arrange: (fake: FakeTwelveLabsApi) => {
    const body = '<html><body><h1>404 Not Found</h1>nginx</body></html>';
    fake.inject({ method: 'DELETE', status: 404, body, headers: { 'content-type': 'text/html' } });
  },
  ui: true,
};

// ---- 200s that are not what the API documents -----------------------------------------------

const BAD_200 = 'A 200 that is not what the API documents';

/** The real first page of indexes, with `patch` over it (and `info` over its page_info). */
const page = (fake: FakeTwelveLabsApi, patch: Record<string, unknown>, info: object = {}) => ({
  data: fake.account.indexes.map((index) => ({ ...index })),
  page_info: { page: 1, limit_per_page: 50, total_page: 1, total_results: fake.account.indexes.length, ...info },
  ...patch,
});

/** GET /indexes answers 200 once, with this body (a string as is, else as JSON). */
const answerIndexesOnce = (body: (fake: FakeTwelveLabsApi) => string | object) =>
  onIndexes((fake) => {
    const made = body(fake);
    return { times: 1, status: 200, body: made, headers: typeof made === 'string' ? {} : JSON_TYPE };
  });

const bad200s = listing(BAD_200, [
  {
    name: 'a body that is not JSON',
    shows: /unreadable answer.*answered with something that is not JSON instead of data/s,
    arrange: answerIndexesOnce(() => 'hello'),
  },
  {
    name: 'an HTML page',
    shows: /a web page \(a proxy or gateway may be in the way\)/,
    arrange: answerIndexesOnce(() => '<!doctype html><p>Sign in to the proxy</p>'),
    ui: true,
  },
  {
    name: '`data` that is not an array',
    shows: /could not read \(data should be a list\)/,
    arrange: answerIndexesOnce((fake) => page(fake, { data: {} })),
  },
  {
    // Optional in the official schema: the page asked for stands in, and a short page is the last.
    name: '`page_info` missing',
    shows: new RegExp(SUPPORT),
    hides: /Load more|could not/,
    arrange: answerIndexesOnce((fake) => page(fake, { page_info: undefined })),
  },
  {
    name: 'an index with a field of the wrong type, among good ones',
    shows: new RegExp(`${SUPPORT}.*1 index could not be read`, 's'),
    arrange: answerIndexesOnce((fake) =>
      page(fake, { data: fake.account.indexes.map((index, i) => ({ ...index, ...(i === 0 ? { _id: 5 } : {}) })) }),
    ),
  },
  {
    name: 'a total_page of 1e9',
    shows: new RegExp(SUPPORT),
    hides: /Load more/,
    arrange: answerIndexesOnce((fake) => page(fake, {}, { total_page: 1e9 })),
  },
  {
    name: 'two unreadable indexed assets on page 1 of 2',
    action: 'expandIndex',
    // The rest of page 1 shows, page 2 still loads, and one row says what was left out.
    shows: /2 indexed assets could not be read/,
    verify: (labels) => {
      // An asset's row shows its filename, or its ID when it has none.
      const shown = labels.filter((label) => /^support-call-.*\.mp4$|^[0-9a-f]{24}$/.test(label)).length;
      return shown === 50 ? undefined : `${shown} of the 50 readable assets shown`;
    },
    arrange: (fake) => {
      const assets = supportAssets(fake);
      const noId: Partial<(typeof assets)[number]> = { ...assets[3] };
      delete noId._id;
      answerAssetsOnce(fake, {
        data: assets.slice(0, 50).map((asset, i) => (i === 3 ? noId : i === 7 ? { ...asset, status: 42 } : asset)),
        page_info: { page: 1, limit_per_page: 50, total_page: 2, total_results: 52 },
      });
    },
  },
  {
    name: 'the same asset IDs again on page 2',
    action: 'expandIndex',
    shows: /support-call-/,
    // 52 assets in two pages; page 2 repeats two of page 1: each shows once.
    verify: (labels) => {
      const assets = labels.filter((label) => /^support-call-.*\.mp4$/.test(label));
      const unique = new Set(assets);
      return unique.size === assets.length ? undefined : `${assets.length - unique.size} asset rows shown twice`;
    },
    arrange: (fake) => {
      const assets = supportAssets(fake);
      // Faults match in order: the first request (page 1) gets the real answer, the second the repeats.
      fake.inject({ method: 'GET', path: assetsPath(fake), times: 1 });
      answerAssetsOnce(fake, {
        data: [assets[0], assets[50], assets[1], assets[51]],
        page_info: { page: 2, limit_per_page: 50, total_page: 2, total_results: 52 },
      });
    },
  },
  {
    name: 'a 10 MB body',
    shows: /sent a response far larger than expected, so it was not read/,
    arrange: onIndexes({ times: 1, status: 200, body: `{"data":[${'"x",'.repeat(2_600_000)}"x"]}` }),
  },
]);

// ---- The network, the base URL setting, the key as typed --------------------------------------

/** A port beside the fake's: a different origin on the same host. */
const otherPort = (fake: FakeTwelveLabsApi) => Number(new URL(fake.origin).port) + 1;

const network: Listed[] = [
  {
    name: 'a slow server: our timeout fires and says so',
    shows: /timed out.*did not answer within 1\.5 s/s,
    timeoutMs: 1500,
    arrange: onIndexes({ times: 1, delayMs: 5000 }),
  },
  {
    name: 'a connection reset in the middle of a body',
    shows: /connection problem.*stopped part-way/s,
    // node-fetch notices no cut inside a body of known length: our timer ends it, so keep it short.
    timeoutMs: 3000,
    arrange: onIndexes({ times: 1, destroy: 'mid-body' }),
  },
  {
    name: 'a connection cut before any answer',
    shows: /connection problem.*failed or was interrupted/s,
    arrange: onIndexes({ times: 1, destroy: 'before-response' }),
  },
  {
    name: 'DNS failure',
    shows: /Could not find the server nonexistent\.invalid|connection to nonexistent\.invalid failed/,
    baseUrl: () => 'https://nonexistent.invalid/v1.3',
  },
  {
    name: 'connection refused',
    shows: /127\.0\.0\.1:1 refused the connection/,
    baseUrl: () => 'http://127.0.0.1:1/v1.3',
  },
];

const baseUrls: Listed[] = [
  { name: 'empty: the default, api.twelvelabs.io', baseUrl: () => '', shows: /api\.twelvelabs\.io/ },
  {
    name: 'malformed',
    baseUrl: () => 'not a url',
    shows: /The API base URL setting is not usable\. Click to open Settings\..*is not a valid URL/s,
  },
  { name: 'missing /v1.3', baseUrl: (fake) => fake.origin, shows: /must end with \/v1\.3/ },
  {
    name: 'another API version (/v1.2)',
    baseUrl: (fake) => `${fake.origin}/v1.2`,
    shows: /must end with \/v1\.3, the TwelveLabs API version this extension speaks/,
  },
  { name: 'a trailing slash (accepted)', baseUrl: (fake) => `${fake.baseUrl}/`, shows: new RegExp(SUPPORT) },
  { name: 'a query', baseUrl: (fake) => `${fake.baseUrl}?region=eu`, shows: /must not contain a query/ },
  {
    name: 'plain http to a remote host (refused, nothing sent)',
    baseUrl: () => 'http://example.com/v1.3',
    shows: /uses plain http to a remote host\. Your API key would be sent unencrypted, so the request was not made/,
  },
  ...[301, 302, 307].map((status) => ({
    name: `a ${status} redirect to another origin (not followed with the key)`,
    shows:
      /tried to redirect the request to http:\/\/127\.0\.0\.1:\d+\. It was not followed, so your API key was not sent there/,
    arrange: onIndexes((fake) => ({
      times: 1,
      status,
      headers: { location: `http://127.0.0.1:${otherPort(fake)}/v1.3/indexes` },
    })),
    ui: status === 301,
  })),
];

const keys: Listed[] = [
  {
    name: 'surrounding spaces and a newline (trimmed, accepted)',
    apiKey: (fake) => `  ${fake.apiKey}\n`,
    shows: new RegExp(SUPPORT),
  },
  {
    name: 'a very long key (refused before sending)',
    apiKey: () => `tlk_${'x'.repeat(1000)}`,
    shows: /too long to be an API key \(1004 characters\)/,
  },
  {
    name: 'a non-ASCII key (refused before sending)',
    apiKey: () => 'tlk_ключ_0123456789',
    shows: /no spaces, line breaks or non-ASCII characters/,
  },
];

// ---- Races ---------------------------------------------------------------------------------

const races: Omit<FaultCase, 'group'>[] = [
  {
    name: 'the asset is deleted elsewhere between listing and deleting',
    action: 'delete',
    shows: /was already deleted from TwelveLabs/,
    meanwhile: (fake) => fake.account.assets.splice(fake.account.assets.indexOf(deleteTarget(fake)), 1),
    ui: true,
  },
  {
    name: 'the index is deleted elsewhere while it is expanded',
    action: 'expandIndex',
    shows: /Could not load the indexed assets\. Click to retry\..*could not find it/s,
    arrange: (fake) => {
      // Page 1 loads; then the index goes, so page 2 finds nothing.
      const body = { code: 'resource_not_exist', message: `Index ${supportIndex(fake)._id} does not exist.` };
      fake.inject({ method: 'GET', path: assetsPath(fake), times: 1 });
      fake.inject({ method: 'GET', path: assetsPath(fake), status: 404, body });
    },
  },
  {
    name: 'a delete while the same index is refreshing',
    action: 'delete',
    shows: /^Deleted “.+”/,
    duringRefresh: true,
    arrange: (fake) => {
      fake.inject({ method: 'GET', path: assetsPath(fake), delayMs: 200 });
    },
  },
  // The second invocation finds it in progress and sends nothing.
  {
    name: 'two deletes of one asset at once',
    action: 'delete',
    shows: /^Deleted “.+”[\s\S]*already in progress/,
    twice: true,
  },
];

// ---- Hostile names: each in an index name and in a filename ---------------------------------

const LONG_NAME = `long-${'x'.repeat(9990)}.mp4`;
// Without `shows`, the value must show as it is, on a line of its own (markup stays text).
const hostile: { name: string; value: string; shows?: RegExp; hides?: RegExp; ui?: boolean }[] = [
  { name: 'markdown', value: '**bold** _it_ [click](https://evil.example)' },
  { name: 'HTML', value: '<img src=x onerror=alert(1)><b>hi</b>' },
  { name: 'a command: link', value: '[Delete everything](command:workbench.action.quit)', ui: true },
  {
    name: 'control characters',
    value: 'bell\u0007 escape\u001b[31m newline\nend',
    shows: /^bell\uFFFD escape\uFFFD\[31m newline\uFFFDend$/m,
    hides: /[\u0000-\u0009\u000b-\u001f]/,
  },
  {
    name: 'a right-to-left override',
    value: 'invoice\u202Egpj.exe',
    shows: /^invoice\uFFFDgpj\.exe$/m,
    hides: /\u202E/,
    ui: true,
  },
  { name: '10,000 characters', value: LONG_NAME, shows: new RegExp(`^long-x{74}…$[\\s\\S]*^${LONG_NAME}$`, 'm') },
  { name: 'an empty string (the ID is shown)', value: '', shows: /^[0-9a-f]{24}$/m },
];

const literally = (value: string) => new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm');
const names: Listed[] = hostile.flatMap(({ name, value, shows = literally(value), hides, ui }) => [
  {
    name: `an index name with ${name}`,
    shows,
    hides,
    // The index listed first (newest first), so its row leads what the user sees.
    arrange: (fake: FakeTwelveLabsApi) => {
      [...fake.account.indexes].sort((a, b) => b.created_at.localeCompare(a.created_at))[0].index_name = value;
    },
    ui,
  },
  {
    name: `a filename with ${name}`,
    action: 'expandIndex' as const,
    shows,
    hides,
    arrange: (fake: FakeTwelveLabsApi) => {
      deleteTarget(fake).system_metadata.filename = value;
    },
  },
]);

export const FAULT_CASES: FaultCase[] = [
  ...listing('Error status while listing', statusCases),
  ...listing('Error status while deleting', [...deleteStatusCases, deletePageCase]),
  ...bad200s,
  ...listing('Network', network),
  ...races.map((c) => ({ group: 'Races', ...c })),
  ...listing('The base URL setting', baseUrls),
  ...listing('The key as typed', keys),
  ...listing('Hostile names', names),
];
