/** What the fake API promises beyond the shapes contract.test.ts holds to the SDK, over real HTTP. */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { FakeTwelveLabsApi, accountWithAssets, accountWithUsage, sampleAccount } from '../fake-api/server';
import type { FakeAccount } from '../fake-api/server';
import { resetFake, sourceNamed, startFake } from './support';

type Body = Record<string, unknown> & { data: Record<string, unknown>[]; page_info: Record<string, number> };

const SUPPORT = 'Support calls 2026';
const MISSING = '0123456789abcdef01234567';

async function call(api: FakeTwelveLabsApi, path: string, method = 'GET', key: string | null = api.apiKey, body = '') {
  const headers: Record<string, string> = key === null ? {} : { 'x-api-key': key };
  const res = await fetch(api.baseUrl + path, { method, headers, body: body || undefined });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    get body() {
      return JSON.parse(text) as Body;
    },
  };
}

/** How many uploads are used by no indexed asset, by one, by two. */
function usage({ assets, sourceAssets = [] }: FakeAccount): number[] {
  const uses = new Map<string | undefined, number>();
  for (const { asset_id } of assets) uses.set(asset_id, (uses.get(asset_id) ?? 0) + 1);
  const counts = sourceAssets.map((x) => uses.get(x._id) ?? 0);
  return [0, 1, 2].map((n) => counts.filter((c) => c === n).length);
}
const idOf = (api: FakeTwelveLabsApi, name: string) => api.account.indexes.find((i) => i.index_name === name)?._id;
const pageInfo = ([l, p, tp, tr]: number[]) => ({ limit_per_page: l, page: p, total_page: tp, total_results: tr });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** All unique ObjectId-like hex. */
function assertIds(ids: string[]): void {
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
}

describe('sample accounts', () => {
  test('sampleAccount: deterministic, the documented indexes and edge cases', () => {
    const a = sampleAccount();
    assert.deepEqual(sampleAccount(), a);
    const counts = Object.fromEntries(
      a.indexes.map((i) => [i.index_name, a.assets.filter((x) => x.index_id === i._id).length]),
    );
    assert.deepEqual(counts, {
      'Product demos': 4,
      [SUPPORT]: 52,
      'Marketing b-roll': 5,
      'Lecture archive': 3,
      Scratch: 0,
    });
    assertIds([...a.indexes, ...a.assets].map((x) => x._id));
    assert.equal(a.assets.filter((x) => x.system_metadata.filename === undefined).length, 2);
    assert.equal(a.assets.filter((x) => x.system_metadata.duration === undefined).length, 1);
    const expiring = a.indexes.filter((i) => i.expires_at !== null).map((i) => i.index_name);
    assert.deepEqual(expiring, ['Lecture archive']);
    const statuses = a.assets.map((x) => x.status);
    assert.deepEqual(new Set(statuses), new Set(['ready', 'indexing', 'pending', 'queued', 'failed']));
    assert.ok(statuses.filter((s) => s === 'ready').length > a.assets.length / 2);
    const sources = a.sourceAssets ?? [];
    assertIds([...a.indexes, ...a.assets, ...sources].map((x) => x._id));
    assert.deepEqual(new Set(sources.map((x) => x.status)), new Set(['ready', 'failed', 'processing']));
    for (const asset of a.assets.filter((x) => x.asset_id !== undefined)) {
      const source = sources.find((x) => x._id === asset.asset_id);
      assert.equal(source?.filename, asset.system_metadata.filename);
      assert.ok(Date.parse(source?.created_at ?? '') <= Date.parse(asset.created_at) - 40_000);
    }
    const withoutSource = a.assets.filter((x) => x.asset_id === undefined).map((x) => x.index_id);
    assert.deepEqual(new Set(withoutSource), new Set([a.indexes.find((i) => i.index_name === 'Lecture archive')?._id]));
    assert.deepEqual(usage(a), [5, 57, 2]);
  });

  test('accountWithUsage: deterministic, unique ids; every tenth upload unused, the next in two indexes', () => {
    assert.deepEqual(accountWithUsage(30, 3), accountWithUsage(30, 3));
    const account = accountWithUsage(5000, 20);
    const { indexes, assets, sourceAssets = [] } = account;
    assertIds([...indexes, ...assets, ...sourceAssets].map((x) => x._id));
    assert.deepEqual([indexes.length, sourceAssets.length, assets.length], [20, 5000, 5000]);
    assert.deepEqual(usage(account), [500, 4000, 500]);
    const uses = new Set(assets.map((x) => `${x.asset_id} in ${x.index_id}`));
    assert.equal(uses.size, assets.length, 'an upload twice in one index');
    assert.ok(indexes.every((i) => assets.some((x) => x.index_id === i._id)));
  });

  test('accountWithAssets: deterministic, unique ids, newest first in filename order', () => {
    assert.deepEqual(accountWithAssets(3, 'Three'), accountWithAssets(3, 'Three'));
    const { indexes, assets } = accountWithAssets(500);
    assert.equal(indexes.map((i) => i.index_name).join(), 'Bulk');
    assertIds([indexes[0]._id, ...assets.map((a) => a._id)]);
    assert.equal(assets.length, 500);
    assets.forEach((a, i) => {
      assert.equal(a.system_metadata.filename, `bulk-${String(i + 1).padStart(5, '0')}.mp4`);
      assert.ok(i === 0 || Date.parse(a.created_at) < Date.parse(assets[i - 1].created_at));
      assert.equal(a.index_id, indexes[0]._id);
      assert.equal(a.status, 'ready');
      assert.ok(a.indexed_at !== undefined && Date.parse(a.updated_at) >= Date.parse(a.created_at));
    });
    assert.ok(Date.parse(indexes[0].created_at) < Date.parse(assets[499].created_at));
  });
});

/** A listing: `{support}` and `{scratch}` stand for those indexes' IDs. Each field given is checked. */
interface Listing {
  path: string;
  status?: number;
  count?: number;
  info?: number[];
  sorted?: `${'created_at' | 'updated_at'} ${'asc' | 'desc'}`;
  names?: string[];
  statuses?: string[];
  filename?: RegExp;
  code?: string;
  message?: RegExp;
  keys?: string[];
}

const ASSETS = '/indexes/{support}/indexed-assets';
const BAD_PARAMS = ['page_limit=51', 'page_limit=0', 'page_limit=abc', 'page_limit=2.5', 'page=0', 'sort_by=name'];
const LISTINGS: Listing[] = [
  { path: '/indexes', info: [10, 1, 1, 5], sorted: 'created_at desc' },
  {
    path: '/indexes?sort_option=asc',
    names: ['Product demos', SUPPORT, 'Marketing b-roll', 'Lecture archive', 'Scratch'],
  },
  { path: '/indexes?index_name=SUPPORT', names: [SUPPORT] },
  { path: `${ASSETS}?page_limit=50`, count: 50, info: [50, 1, 2, 52], sorted: 'created_at desc' },
  { path: `${ASSETS}?page_limit=50&page=2`, count: 2, info: [50, 2, 2, 52] },
  { path: `${ASSETS}?page_limit=50&page=3`, count: 0, info: [50, 3, 2, 52] },
  { path: `${ASSETS}?page_limit=50&sort_option=asc`, count: 50, sorted: 'created_at asc' },
  { path: `${ASSETS}?page_limit=50&sort_by=updated_at&sort_option=asc`, sorted: 'updated_at asc' },
  { path: `${ASSETS}?status=failed&status=queued`, statuses: ['failed', 'queued'] },
  { path: `${ASSETS}?filename=ACME&page_limit=50`, filename: /acme/ },
  { path: '/indexes/{scratch}/indexed-assets', count: 0, info: [10, 1, 0, 0] },
  ...[...BAD_PARAMS, 'sort_option=up', 'status=bogus'].map((query) => ({
    path: `${ASSETS}?${query}`,
    status: 400,
    code: 'parameter_invalid',
    message: new RegExp(`^The ${query.split('=')[0]} parameter is invalid`),
  })),
  ...BAD_PARAMS.map((query) => ({ path: `/indexes?${query}`, status: 400, code: 'parameter_invalid' })),
  // As the API reference documents: 400 for an index, 404 (with docs_url) for an indexed asset.
  { path: `/indexes/${MISSING}`, status: 400, code: 'resource_not_exist', keys: ['code', 'message'] },
  { path: `/indexes/${MISSING}/indexed-assets`, status: 400, code: 'resource_not_exist', message: new RegExp(MISSING) },
  { path: `${ASSETS}/${MISSING}`, status: 404, code: 'resource_not_exist', keys: ['code', 'message', 'docs_url'] },
  { path: '/nope', status: 404, code: 'not_found' },
];

describe('FakeTwelveLabsApi', async () => {
  const api = await startFake();
  beforeEach(() => resetFake(api));
  const support = () => `/indexes/${idOf(api, SUPPORT)}/indexed-assets`;

  test('GET: defaults, headers, live counts, details; no or a wrong key: 401; outside the base path: 404', async () => {
    assert.match(api.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.baseUrl, `${api.origin}/v1.3`);
    assert.equal(api.apiKey, 'tlk_demo_key_0123456789');
    const { status, headers, body } = await call(api, '/indexes');
    assert.deepEqual([status, headers.get('x-api-version')], [200, '1.3']);
    assert.equal(headers.get('content-type'), 'application/json');
    const row = body.data.find((i) => i.index_name === SUPPORT);
    const assets = api.account.assets.filter((a) => a.index_id === row?._id);
    assert.equal(row?.video_count, 52);
    const sum = assets.reduce((s, a) => s + (a.system_metadata.duration ?? 0), 0);
    assert.ok(Math.abs((row.total_duration as number) - sum) < 0.01);
    const id = idOf(api, 'Product demos');
    assert.equal((await call(api, `/indexes/${id}`)).body.video_count, 4);
    const ready = api.account.assets.find((a) => a.index_id === id && a.status === 'ready' && a.user_metadata);
    const detail = (await call(api, `/indexes/${id}/indexed-assets/${ready?._id}`)).body;
    assert.deepEqual(detail.user_metadata, ready?.user_metadata);
    assert.equal((detail.hls as { status: string }).status, 'COMPLETE');
    const failed = api.account.assets.find((a) => a.index_id === id && a.status === 'failed');
    assert.ok(!('hls' in (await call(api, `/indexes/${id}/indexed-assets/${failed?._id}`)).body));
    for (const key of [null, 'wrong']) {
      const unauthorised = await call(api, '/indexes', 'GET', key);
      assert.deepEqual([unauthorised.status, unauthorised.headers.get('content-type')], [401, 'application/json']);
      assert.deepEqual(unauthorised.body, { code: 'api_key_invalid', message: 'The API key is invalid or expired.' });
    }
    const outside = await fetch(`${api.origin}/v1.2/indexes`, { headers: { 'x-api-key': api.apiKey } });
    assert.equal(outside.status, 404);
    await outside.arrayBuffer();
  });

  for (const listing of LISTINGS) {
    test(`GET ${listing.path} answers ${listing.status ?? 200}`, async () => {
      const path = listing.path
        .replace('{support}', idOf(api, SUPPORT) ?? '')
        .replace('{scratch}', idOf(api, 'Scratch') ?? '');
      const { status, body } = await call(api, path);
      assert.equal(status, listing.status ?? 200);
      const { count, info, sorted, names, statuses, filename, code, message, keys } = listing;
      if (count !== undefined) assert.equal(body.data.length, count);
      if (info) assert.deepEqual(body.page_info, pageInfo(info));
      const field = (name: string) => body.data.map((item) => item[name]);
      if (sorted) {
        const [name, order] = sorted.split(' ');
        const times = field(name).map((time) => Date.parse(time as string));
        const expected = [...times].sort((a, b) => (order === 'asc' ? a - b : b - a));
        assert.deepEqual(times, expected);
      }
      if (names) assert.deepEqual(field('index_name'), names);
      if (statuses) assert.deepEqual(field('status').sort(), statuses);
      if (filename) {
        assert.ok(body.data.length > 0);
        for (const x of body.data) assert.match((x.system_metadata as { filename: string }).filename, filename);
      }
      if (code) assert.equal(body.code, code);
      if (message) assert.match(body.message as string, message);
      if (keys) assert.deepEqual(Object.keys(body), keys);
    });
  }

  test('DELETE: 204 with no body, the count drops, then 404 on GET and 400 resource_not_exist on DELETE', async () => {
    const id = idOf(api, 'Lecture archive');
    const path = `/indexes/${id}/indexed-assets/${api.account.assets.find((a) => a.index_id === id)?._id}`;
    const del = await call(api, path, 'DELETE');
    assert.deepEqual([del.status, del.text, del.headers.get('x-api-version')], [204, '', '1.3']);
    assert.equal(api.account.assets.length, 63);
    assert.equal((await call(api, `/indexes/${id}`)).body.video_count, 2);
    assert.equal((await call(api, path)).status, 404);
    const again = await call(api, path, 'DELETE');
    assert.deepEqual([again.status, again.body.code], [400, 'resource_not_exist']);
    assert.equal(api.requestsMatching('delete', /indexed-assets/).length, 2);
  });

  test('request recording; percent-encoded ids are decoded for lookup and recorded raw', async () => {
    const answer = await call(api, `${support()}?status=ready&status=failed&filename=a+b`);
    await call(api, '/indexes', 'GET', null);
    const [first, second] = api.requests;
    assert.equal(api.requests.length, 2);
    assert.deepEqual([first.method, first.path], ['GET', support()]);
    assert.equal(first.rawQuery, 'status=ready&status=failed&filename=a+b');
    assert.deepEqual(first.query, { status: ['ready', 'failed'], filename: ['a b'] });
    assert.deepEqual([first.apiKey, first.headers['x-api-key'], second.apiKey], [api.apiKey, api.apiKey, undefined]);
    assert.deepEqual([first.status, first.responseBytes, second.status], [200, Buffer.byteLength(answer.text), 401]);
    assert.equal(api.requestsMatching('GET', '/indexes').length, 1);
    assert.equal(api.requestsMatching('get').length, 2);
    api.resetRequests();
    assert.equal(api.requests.length, 0);
    const id = idOf(api, 'Marketing b-roll') ?? '';
    const encoded = id.replace(/[0-9a-f]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    assert.equal((await call(api, `/indexes/${encoded}`)).body._id, id);
    assert.equal(api.requests.at(-1)?.path, `/indexes/${encoded}`);
  });

  test('faults: status, body, headers, times, method/path matching, in order; before the key check', async () => {
    api.inject({ method: 'DELETE', status: 500 }); // does not match GET
    api.inject({ path: /^\/indexes$/, times: 1, status: 429, headers: { 'Retry-After': '2' } });
    const html = '<html>Bad gateway</html>';
    api.inject({ path: '/indexes', times: 1, status: 502, body: html, headers: { 'Content-Type': 'text/html' } });
    api.inject({ path: '/indexes', times: 1, status: 503, body: { code: 'busy', message: 'try later' } });
    api.inject({ path: '/indexes', times: 1, status: 200, body: '{"data": [' });
    api.inject({ path: '/indexes', times: 1, headers: { 'X-Ratelimit-Remaining': '7' } }); // headers only: real answer
    const answers = [];
    for (const key of [api.apiKey, api.apiKey, null, api.apiKey, api.apiKey, api.apiKey]) {
      answers.push(await call(api, '/indexes', 'GET', key));
    }
    assert.deepEqual(
      answers.map((a) => [a.status, a.headers.get('content-type'), a.headers.get('x-api-version'), a.text.slice(0, 9)]),
      [
        [429, null, '1.3', ''],
        [502, 'text/html', '1.3', '<html>Bad'],
        [503, 'application/json', '1.3', '{"code":"'],
        [200, null, '1.3', '{"data": '],
        [200, 'application/json', '1.3', '{"data":['],
        [200, 'application/json', '1.3', '{"data":['],
      ],
    );
    assert.equal(answers[0].headers.get('retry-after'), '2');
    assert.equal(answers[1].text, html);
    assert.deepEqual(answers[2].body, { code: 'busy', message: 'try later' });
    assert.equal(answers[4].headers.get('x-ratelimit-remaining'), '7');
    assert.equal(answers[5].headers.get('x-ratelimit-remaining'), null);
  });

  test('faults: destroy before the answer (the handler does not run) and mid-body', async () => {
    const victim = api.account.assets.find((a) => a.index_id === idOf(api, SUPPORT));
    api.inject({ method: 'DELETE', times: 1, destroy: 'before-response' });
    await assert.rejects(call(api, `${support()}/${victim?._id}`, 'DELETE'));
    assert.ok(api.account.assets.includes(victim as never));
    for (const fault of [{}, { status: 500, body: { code: 'x', message: 'a long enough message' } }]) {
      api.inject({ times: 1, destroy: 'mid-body', ...fault });
      const res = await fetch(`${api.baseUrl}/indexes`, { headers: { 'x-api-key': api.apiKey } });
      assert.equal(res.status, fault.status ?? 200);
      await assert.rejects(res.text());
    }
    assert.equal((await call(api, '/indexes')).status, 200);
  });

  test('delays: a fault’s delayMs holds back its answer (real or not); later requests overtake it', async () => {
    api.inject({ times: 1, delayMs: 300 });
    api.inject({ times: 1, delayMs: 300, status: 504 });
    const order: number[] = [];
    const answers = [0, 1, 2].map(async (n) => {
      while (api.requests.length < n) await sleep(5); // arrive in order
      const { status } = await call(api, '/indexes');
      order.push(status);
    });
    await Promise.all(answers);
    assert.deepEqual(order, [200, 200, 504]);
  });
});

/** `{used}` is a shared upload's ID, `{unused}` an unused one's; `names` are filenames, or index names of references. */
type SourceCall = { path: string; method?: string; status?: number; info?: number[]; names?: string[]; code?: string };

const WEBINAR = 'webinar-2025-12-raw.mov';
const SOURCE_CALLS: SourceCall[] = [
  { path: '/assets', info: [10, 1, 7, 64] },
  { path: '/assets?page_limit=50&page=2', info: [50, 2, 2, 64] },
  { path: '/assets?filename=PODCAST', names: ['podcast-episode-13.m4a', 'podcast-episode-12.mp4'] },
  { path: '/assets?asset_types=audio', names: ['podcast-episode-13.m4a'] },
  { path: '/assets?asset_types=image&asset_types=document', info: [10, 1, 0, 0] },
  { path: '/assets?asset_types=video&asset_types=audio&page_limit=50', info: [50, 1, 2, 64] },
  { path: '/assets?asset_ids={unused}&asset_ids={used}', names: ['dashboard-tour-2026-q1.mov', WEBINAR] },
  { path: '/assets?asset_ids={used}&filename=webinar', info: [10, 1, 0, 0] },
  ...['page_limit=51', 'page_limit=0', 'page=0', 'asset_types=pdf'].map((query) => ({
    path: `/assets?${query}`,
    status: 400,
    code: 'parameter_invalid',
  })),
  { path: '/assets/{used}/indexed-assets', info: [10, 1, 1, 2], names: ['Marketing b-roll', 'Product demos'] },
  { path: '/assets/{used}/indexed-assets?page_limit=1&page=2', info: [1, 2, 2, 2], names: ['Product demos'] },
  { path: '/assets/{unused}/indexed-assets', info: [10, 1, 0, 0] },
  { path: '/assets/{used}/indexed-assets?page_limit=51', status: 400, code: 'parameter_invalid' },
  { path: `/assets/${MISSING}`, status: 404, code: 'resource_not_exist' },
  { path: `/assets/${MISSING}/indexed-assets`, status: 400, code: 'resource_not_exist' },
  { path: `/assets/${MISSING}`, method: 'DELETE', status: 400, code: 'resource_not_exist' },
  { path: '/assets/{used}/nope', status: 404, code: 'not_found' },
  { path: '/assets', method: 'DELETE', status: 404, code: 'not_found' },
];

describe('FakeTwelveLabsApi: uploaded source assets', async () => {
  const api = await startFake();
  const upload = (filename: string) => api.account.sourceAssets?.find((x) => x.filename === filename)?._id ?? '';
  const [used, unused] = [() => upload('dashboard-tour-2026-q1.mov'), () => upload(WEBINAR)];
  beforeEach(() => Object.assign(resetFake(api).account, sampleAccount()));

  for (const { path, method = 'GET', status = 200, info, names, code } of SOURCE_CALLS) {
    test(`${method} ${path} answers ${status}`, async () => {
      const answer = await call(api, path.replace('{used}', used()).replace('{unused}', unused()), method);
      assert.equal(answer.status, status);
      const { data, page_info } = answer.body;
      if (info) assert.deepEqual(page_info, pageInfo(info));
      const name = (x: Record<string, unknown>) => (x.index ? (x.index as { name: string }).name : x.filename);
      if (names) assert.deepEqual(data.map(name), names);
      if (code) assert.equal(answer.body.code, code);
    });
  }

  test('GET /assets is newest first; it and GET /assets/{id} answer the uploads as stored', async () => {
    const stored = [...(api.account.sourceAssets ?? [])];
    for (const upload of stored) assert.deepEqual((await call(api, `/assets/${upload._id}`)).body, upload);
    stored.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    assert.deepEqual((await call(api, '/assets?page_limit=50')).body.data, stored.slice(0, 50));
  });

  test('DELETE: 409 while indexed assets use it; 204 when unused or with force=true, which keeps them', async () => {
    const [path, users] = [`/assets/${used()}`, api.account.assets.filter((x) => x.asset_id === used())];
    for (const query of ['', '?force=false', '?force=1']) {
      const { status, body } = await call(api, path + query, 'DELETE');
      assert.deepEqual([status, Object.keys(body)], [409, ['code', 'message', 'docs_url']]);
      assert.equal(body.code, 'asset_in_use');
      assert.match(body.message as string, /is used by 2 indexed asset\(s\)/);
    }
    assert.equal((await call(api, `/assets/${unused()}`, 'DELETE')).status, 204);
    assert.equal((await call(api, `${path}?force=true`, 'DELETE')).status, 204);
    assert.equal(api.account.sourceAssets?.length, 62);
    const kept = api.account.assets.filter((x) => x.asset_id === users[0].asset_id);
    assert.deepEqual(kept, users);
    assert.equal((await call(api, path)).status, 404);
    assert.equal((await call(api, `${path}/indexed-assets`)).status, 400);
    const deletes = api.requestsMatching('DELETE', /^\/assets\//).map((r) => r.query.force?.join());
    assert.deepEqual(deletes, [undefined, 'false', '1', undefined, 'true']);
  });
});

describe('FakeTwelveLabsApi options, latency and close', () => {
  test('a custom key and account, served live', async () => {
    const account = { indexes: [], assets: [] };
    const api = await startFake({ apiKey: 'k1', account });
    assert.equal(api.account, account);
    for (const list of ['/indexes', '/assets'])
      assert.deepEqual((await call(api, list)).body.page_info, pageInfo([10, 1, 0, 0]));
  });

  test('latencyMs holds back every answer (a 401 too), adds to a fault’s delay, and can change after start', async () => {
    const api = await startFake({ latencyMs: 400 });
    const order: string[] = [];
    const send = async (name: string, key: string | null = api.apiKey) => {
      await call(api, '/indexes', 'GET', key);
      order.push(name);
    };
    api.inject({ times: 1, delayMs: 300 });
    const slow = [send('latency + fault delay'), send('latency, 401', null)];
    while (api.requests.length < 2) await sleep(5);
    api.latencyMs = 100;
    const fast = send('latency changed');
    await Promise.all([...slow, fast]);
    assert.deepEqual(order, ['latency changed', 'latency, 401', 'latency + fault delay']);
  });

  test('close() ends pending delays (latency or a fault’s) and is idempotent', { timeout: 5000 }, async () => {
    for (const options of [{ latencyMs: 60_000 }, {}]) {
      const api = await FakeTwelveLabsApi.start(options);
      api.inject({ delayMs: 60_000 });
      const pending = call(api, '/indexes');
      while (api.requests.length === 0) await sleep(5);
      await api.close();
      await api.close();
      await assert.rejects(pending);
    }
  });
});

const GATEWAY_429 = { code: 'too_many_requests', message: 'You have exceeded the rate limit. Please try again later.' };

describe('FakeTwelveLabsApi rate limit', () => {
  const rateHeaders = (res: { headers: Headers }) =>
    ['limit', 'remaining', 'used', 'reset'].map((h) => res.headers.get(`x-ratelimit-${h}`));
  /** 2027-01-15T08:00:00.250Z: a quarter second into its window. */
  const T0 = Date.parse('2027-01-15T08:00:00.250Z');
  const NEXT = Math.floor(T0 / 1000) + 1;
  const NEXT_MINUTE = (Math.floor(T0 / 60_000) + 1) * 60;

  // The documented 429: a minute's window, the headers and an empty body. A gateway's: also Retry-After and JSON.
  for (const { requests, windowSeconds, answer, reset } of [
    { requests: 2, windowSeconds: undefined, answer: undefined, reset: NEXT_MINUTE },
    { requests: 3, windowSeconds: 1, answer: 'gateway' as const, reset: NEXT },
  ]) {
    test(`rateLimit (${answer ?? 'documented'}): N per window, then a 429 that deletes nothing`, async () => {
      const account = accountWithAssets(requests + 2);
      const api = await startFake({ account, rateLimit: { requests, windowSeconds, answer }, now: () => T0 });
      const ids = account.assets.map((a) => a._id);
      const del = (id: string) => call(api, `/indexes/${account.indexes[0]._id}/indexed-assets/${id}`, 'DELETE');
      for (const [i, id] of ids.slice(0, requests).entries()) {
        const res = await del(id);
        const expected = [...[requests, requests - i - 1, i + 1, reset].map(String), null];
        assert.deepEqual([res.status, ...rateHeaders(res), res.headers.get('retry-after')], [204, ...expected]);
      }
      const limited = await del(ids[requests]);
      assert.deepEqual([limited.status, ...rateHeaders(limited)], [429, ...[requests, 0, requests, reset].map(String)]);
      const seen = [limited.text, limited.headers.get('content-type'), limited.headers.get('retry-after')];
      assert.deepEqual(seen, answer ? [JSON.stringify(GATEWAY_429), 'application/json', '1'] : ['', null, null]);
      const left = account.assets.map((a) => a._id);
      assert.deepEqual(left, ids.slice(requests));
      assert.deepEqual([api.rateLimited, api.requests.length], [1, requests + 1]);
      assert.equal((await call(api, '/indexes')).status, 429);
      assert.equal(api.rateLimited, 2);
    });
  }

  test('unauthenticated requests and faults with a status take no token; header-only faults do', async () => {
    const api = await startFake({ rateLimit: { requests: 1, windowSeconds: 1 }, now: () => T0 });
    const unauthorised = await call(api, '/indexes', 'GET', null);
    assert.deepEqual([unauthorised.status, ...rateHeaders(unauthorised)], [401, null, null, null, null]);
    api.inject({ times: 1, status: 503 });
    const faulted = await call(api, '/indexes');
    assert.deepEqual([faulted.status, faulted.headers.get('x-ratelimit-limit')], [503, null]);
    api.inject({ times: 1, headers: { 'X-Ratelimit-Limit': '99' } });
    const ok = await call(api, '/indexes');
    assert.deepEqual([ok.status, ...rateHeaders(ok)], [200, '99', '0', '1', String(NEXT)]);
    assert.equal((await call(api, '/indexes')).status, 429);
  });

  test('windows are whole multiples of their length in epoch time; the next one refills', async () => {
    let now = T0;
    const api = await startFake({ rateLimit: { requests: 2, windowSeconds: 1, answer: 'gateway' }, now: () => now });
    assert.deepEqual(rateHeaders(await call(api, '/indexes')), ['2', '1', '1', String(NEXT)]);
    assert.equal((await call(api, '/indexes')).status, 200);
    now = T0 + 740; // xx.990: still the same window, Retry-After still rounds up to 1
    const limited = await call(api, '/indexes');
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '1']);
    assert.equal(rateHeaders(limited)[3], String(NEXT));
    now = NEXT * 1000; // the very start of the next second
    const refilled = await call(api, '/indexes');
    assert.deepEqual([refilled.status, ...rateHeaders(refilled)], [200, '2', '1', '1', String(NEXT + 1)]);
  });

  test('setRateLimit: set, change and remove after start; rateLimited resets; bad limits refused', async () => {
    const api = await startFake({ now: () => T0 });
    const statuses = async (n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push((await call(api, '/indexes')).status);
      return out;
    };
    assert.deepEqual(await statuses(3), [200, 200, 200]);
    api.setRateLimit({ requests: 1 });
    assert.deepEqual(await statuses(3), [200, 429, 429]);
    api.setRateLimit({ requests: 2 }); // a fresh window
    assert.deepEqual(await statuses(3), [200, 200, 429]);
    api.setRateLimit(undefined);
    assert.equal((await call(api, '/indexes')).headers.get('x-ratelimit-limit'), null);
    assert.equal(api.rateLimited, 3);
    api.resetRequests();
    assert.equal(api.rateLimited, 0);
    const bad = [0, -1, 1.5, Number.NaN].flatMap((n) => [{ requests: n }, { requests: 1, windowSeconds: n }]);
    for (const limit of bad) assert.throws(api.setRateLimit.bind(api, limit), RangeError);
    await assert.rejects(FakeTwelveLabsApi.start({ rateLimit: { requests: 0 } }), RangeError);
  });
});

describe('FakeTwelveLabsApi: indexing an upload (POST /indexes/{id}/indexed-assets)', async () => {
  const start = Date.parse('2027-03-01T10:00:00Z');
  let clock = start;
  const api = await startFake({ now: () => clock, indexingMs: 10_000 });
  const demos = `/indexes/${idOf(api, 'Product demos')}/indexed-assets`;
  const upload = (filename: string) => sourceNamed(api, filename)._id;
  const post = (path: string, body: unknown) =>
    call(api, path, 'POST', api.apiKey, typeof body === 'string' ? body : JSON.stringify(body));
  beforeEach(() => Object.assign(resetFake(api).account, sampleAccount()));

  test('202 {_id, asset_id}; the new asset goes pending, indexing, ready with the clock; the upload is in use', async () => {
    const [asset_id, user_metadata, { size }] = [upload(WEBINAR), { team: 'sales' }, sourceNamed(api, WEBINAR)];
    const created = await post(demos, { asset_id, user_metadata });
    const _id = created.body._id as string;
    assert.deepEqual([created.status, created.body], [202, { _id, asset_id }]);
    assertIds([_id]);
    assert.deepEqual(api.requests[0].body, { asset_id, user_metadata });
    for (const [ms, status] of Object.entries({ 0: 'pending', 4999: 'pending', 5000: 'indexing', 10000: 'ready' })) {
      clock = start + Number(ms);
      const listed = (await call(api, `${demos}?status=${status}`)).body.data.map((x) => x._id);
      const detail = (await call(api, `${demos}/${_id}`)).body;
      assert.deepEqual([listed.includes(_id), detail.status, 'hls' in detail], [true, status, status === 'ready']);
      assert.equal(detail.indexed_at, status === 'ready' ? '2027-03-01T10:00:10Z' : undefined);
      assert.deepEqual(
        [detail.user_metadata, detail.system_metadata],
        [user_metadata, { filename: WEBINAR, duration: 3611.2, size }],
      );
    }
    const users = (await call(api, `/assets/${asset_id}/indexed-assets`)).body.data.map((x) => x._id);
    assert.deepEqual(users, [_id]);
    assert.equal(api.requestsMatching('GET')[0].body, undefined);
  });

  test('404 for a missing index or upload (a deleted one too); 400 for no or a bad asset_id or field', async () => {
    const gone = upload('old-onboarding-walkthrough-v2.mp4');
    assert.equal((await call(api, `/assets/${gone}`, 'DELETE')).status, 204);
    const cases: [path: string, body: unknown, status: number, code: string][] = [
      [`/indexes/${MISSING}/indexed-assets`, { asset_id: upload(WEBINAR) }, 404, 'resource_not_exist'],
      [demos, { asset_id: MISSING }, 404, 'resource_not_exist'],
      [demos, { asset_id: gone }, 404, 'resource_not_exist'],
      [demos, {}, 400, 'parameter_not_provided'],
      [demos, 'asset_id=1', 400, 'parameter_not_provided'],
      [demos, { asset_id: 7 }, 400, 'parameter_invalid'],
      [demos, { asset_id: upload(WEBINAR), user_metadata: { nested: {} } }, 400, 'parameter_invalid'],
      [demos, { asset_id: upload(WEBINAR), enable_video_stream: 'yes' }, 400, 'parameter_invalid'],
      [demos, { asset_id: upload('podcast-episode-13.m4a') }, 400, 'parameter_invalid'],
    ];
    for (const [path, body, status, code] of cases) {
      const answer = await post(path, body);
      assert.deepEqual([answer.status, answer.body.code], [status, code], JSON.stringify(body));
    }
    assert.equal(api.account.assets.length, 64);
    assert.equal(api.requestsMatching('POST')[4].body, 'asset_id=1');
  });
});
