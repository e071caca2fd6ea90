/**
 * Tests of the fake TwelveLabs API itself (test/fake-api), over real HTTP with Node's global fetch.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeTwelveLabsApi, accountWithAssets, sampleAccount } from '../fake-api/server';
import type { FakeAccount } from '../fake-api/server';

interface PageInfo {
  limit_per_page: number;
  page: number;
  total_page: number;
  total_results: number;
}
interface ListBody {
  data: Record<string, unknown>[];
  page_info: PageInfo;
}

const SUPPORT = 'Support calls 2026';

function indexByName(account: FakeAccount, name: string): string {
  const index = account.indexes.find((i) => i.index_name === name);
  assert.ok(index, `index ${name}`);
  return index._id;
}

describe('sampleAccount', () => {
  test('is deterministic and realistic', () => {
    const a = sampleAccount();
    assert.deepEqual(sampleAccount(), a);
    assert.ok(a.indexes.length >= 4 && a.indexes.length <= 5);
    assert.ok(a.assets.length >= 55 && a.assets.length <= 65);
    const ids = [...a.indexes.map((i) => i._id), ...a.assets.map((x) => x._id)];
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
    const counts = a.indexes.map((i) => a.assets.filter((x) => x.index_id === i._id).length);
    assert.equal(counts.filter((n) => n > 50).length, 1);
    assert.equal(counts.filter((n) => n === 0).length, 1);
    assert.equal(a.assets.filter((x) => x.system_metadata.filename === undefined).length, 2);
    assert.equal(a.assets.filter((x) => x.system_metadata.duration === undefined).length, 1);
    assert.equal(a.indexes.filter((i) => i.expires_at !== null).length, 1);
    for (const s of ['ready', 'indexing', 'pending', 'queued', 'failed']) {
      assert.ok(
        a.assets.some((x) => x.status === s),
        s,
      );
    }
    assert.ok(a.assets.filter((x) => x.status === 'ready').length > a.assets.length / 2);
    for (const x of a.assets) {
      const d = x.system_metadata.duration;
      if (d !== undefined) assert.ok(d >= 5 && d <= 7200, String(d));
      assert.ok(x.created_at.startsWith('2026-') && !Number.isNaN(Date.parse(x.created_at)));
    }
  });
});

describe('FakeTwelveLabsApi', () => {
  let api: FakeTwelveLabsApi;
  const get = (path: string, key: string | null = api.apiKey, method = 'GET') =>
    fetch(api.baseUrl + path, { method, headers: key === null ? {} : { 'x-api-key': key } });
  const getJson = async (path: string): Promise<{ status: number; body: ListBody & Record<string, unknown> }> => {
    const res = await get(path);
    return { status: res.status, body: (await res.json()) as ListBody & Record<string, unknown> };
  };

  before(async () => {
    api = await FakeTwelveLabsApi.start();
  });
  after(async () => {
    await api.close();
  });
  beforeEach(() => {
    api.clearFaults();
    api.resetRequests();
  });

  test('addresses and defaults', () => {
    assert.match(api.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.baseUrl, `${api.origin}/v1.3`);
    assert.equal(api.apiKey, 'tlk_demo_key_0123456789');
  });

  test('GET /indexes: default paging, page_info, headers, live counts', async () => {
    const res = await get('/indexes');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-api-version'), '1.3');
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = (await res.json()) as ListBody;
    assert.deepEqual(body.page_info, {
      limit_per_page: 10,
      page: 1,
      total_page: 1,
      total_results: api.account.indexes.length,
    });
    const support = body.data.find((i) => i.index_name === SUPPORT);
    assert.ok(support);
    const assets = api.account.assets.filter((a) => a.index_id === support._id);
    assert.equal(support.video_count, assets.length);
    const sum = assets.reduce((s, a) => s + (a.system_metadata.duration ?? 0), 0);
    assert.ok(Math.abs((support.total_duration as number) - sum) < 0.01);
    for (const k of ['_id', 'created_at', 'updated_at', 'expires_at', 'models', 'addons']) assert.ok(k in support, k);
    const created = body.data.map((i) => Date.parse(i.created_at as string));
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
  });

  test('paging across 2 pages at page_limit 50, past the end, and page_limit > 50', async () => {
    const id = indexByName(api.account, SUPPORT);
    const total = api.account.assets.filter((a) => a.index_id === id).length;
    const p1 = await getJson(`/indexes/${id}/indexed-assets?page_limit=50`);
    assert.equal(p1.body.data.length, 50);
    assert.deepEqual(p1.body.page_info, { limit_per_page: 50, page: 1, total_page: 2, total_results: total });
    const p2 = await getJson(`/indexes/${id}/indexed-assets?page_limit=50&page=2`);
    assert.equal(p2.body.data.length, total - 50);
    const seen = new Set([...p1.body.data, ...p2.body.data].map((a) => a._id));
    assert.equal(seen.size, total);
    const p3 = await getJson(`/indexes/${id}/indexed-assets?page_limit=50&page=3`);
    assert.equal(p3.status, 200);
    assert.deepEqual(p3.body.data, []);
    for (const bad of ['51', '0', 'abc', '2.5']) {
      const r = await getJson(`/indexes/${id}/indexed-assets?page_limit=${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.code, 'parameter_invalid');
      assert.match(r.body.message as string, /page_limit/);
    }
    assert.equal((await getJson('/indexes?page_limit=51')).status, 400);
    assert.equal((await getJson('/indexes?page=0')).status, 400);
    const empty = await getJson(`/indexes/${indexByName(api.account, 'Scratch')}/indexed-assets`);
    assert.deepEqual(empty.body, {
      data: [],
      page_info: { limit_per_page: 10, page: 1, total_page: 0, total_results: 0 },
    });
  });

  test('API key check', async () => {
    for (const key of [null, 'wrong']) {
      const res = await get('/indexes', key);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('x-api-version'), '1.3');
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.code, 'api_key_invalid');
      assert.equal(body.message, 'The API key is invalid or expired.');
    }
  });

  test('sorting', async () => {
    const id = indexByName(api.account, SUPPORT);
    const times = async (q: string, field: string) =>
      (await getJson(`/indexes/${id}/indexed-assets?page_limit=50&${q}`)).body.data.map((a) =>
        Date.parse(a[field] as string),
      );
    const desc = await times('', 'created_at');
    assert.deepEqual(
      desc,
      [...desc].sort((a, b) => b - a),
    );
    const asc = await times('sort_option=asc', 'created_at');
    assert.deepEqual(
      asc,
      [...asc].sort((a, b) => a - b),
    );
    const upd = await times('sort_by=updated_at&sort_option=asc', 'updated_at');
    assert.deepEqual(
      upd,
      [...upd].sort((a, b) => a - b),
    );
    const idx = (await getJson('/indexes?sort_option=asc')).body.data.map((i) => i.index_name);
    assert.equal(idx[0], 'Product demos');
    assert.equal((await getJson('/indexes?sort_by=name')).body.code, 'parameter_invalid');
    assert.equal((await getJson('/indexes?sort_option=up')).status, 400);
  });

  test('filters: index_name, status (repeatable), filename', async () => {
    const byName = await getJson('/indexes?index_name=SUPPORT');
    assert.deepEqual(
      byName.body.data.map((i) => i.index_name),
      [SUPPORT],
    );
    const id = indexByName(api.account, SUPPORT);
    const st = await getJson(`/indexes/${id}/indexed-assets?status=failed&status=queued`);
    assert.deepEqual(st.body.data.map((a) => a.status).sort(), ['failed', 'queued']);
    assert.equal((await getJson(`/indexes/${id}/indexed-assets?status=bogus`)).status, 400);
    const fn = await getJson(`/indexes/${id}/indexed-assets?filename=ACME&page_limit=50`);
    assert.ok(fn.body.data.length > 0);
    for (const a of fn.body.data) {
      assert.match((a.system_metadata as { filename: string }).filename, /acme/);
      assert.ok(!('user_metadata' in a) && !('index_id' in a) && !('hls' in a));
    }
  });

  test('GET index / asset detail, not found, unknown routes', async () => {
    const id = indexByName(api.account, 'Product demos');
    const index = await getJson(`/indexes/${id}`);
    assert.equal(index.body.index_name, 'Product demos');
    assert.equal(index.body.video_count, 4);
    // As the API reference documents: 400 for an index, 404 (with docs_url) for an indexed asset.
    const missing = await getJson('/indexes/0123456789abcdef01234567');
    assert.equal(missing.status, 400);
    assert.deepEqual(Object.keys(missing.body), ['code', 'message']);
    assert.deepEqual(missing.body.code, 'resource_not_exist');
    assert.match(missing.body.message as string, /Resource with id 0123456789abcdef01234567 does not exist/);
    assert.equal((await getJson('/indexes/0123456789abcdef01234567/indexed-assets')).status, 400);
    const missingAsset = await getJson(`/indexes/${id}/indexed-assets/0123456789abcdef01234567`);
    assert.equal(missingAsset.status, 404);
    assert.deepEqual(Object.keys(missingAsset.body), ['code', 'message', 'docs_url']);
    const ready = api.account.assets.find((a) => a.index_id === id && a.status === 'ready' && a.user_metadata);
    assert.ok(ready);
    const detail = await getJson(`/indexes/${id}/indexed-assets/${ready._id}`);
    assert.deepEqual(detail.body.user_metadata, ready.user_metadata);
    assert.equal((detail.body.hls as { status: string }).status, 'COMPLETE');
    const failed = api.account.assets.find((a) => a.index_id === id && a.status === 'failed');
    assert.ok(failed);
    assert.ok(!('hls' in (await getJson(`/indexes/${id}/indexed-assets/${failed._id}`)).body));
    const nf = await getJson('/nope');
    assert.equal(nf.status, 404);
    assert.equal(nf.body.code, 'not_found');
    const outside = await fetch(`${api.origin}/v1.2/indexes`, { headers: { 'x-api-key': api.apiKey } });
    assert.equal(outside.status, 404);
    await outside.arrayBuffer();
  });

  test('percent-encoded ids: decoded for lookup, recorded raw', async () => {
    const id = indexByName(api.account, 'Marketing b-roll');
    const encoded = id.replace(/[0-9a-f]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    const res = await getJson(`/indexes/${encoded}`);
    assert.equal(res.body._id, id);
    assert.equal(api.requests.at(-1)?.path, `/indexes/${encoded}`);
  });

  test('DELETE, then 400 resource_not_exist', async () => {
    const id = indexByName(api.account, 'Lecture archive');
    const target = api.account.assets.find((a) => a.index_id === id);
    assert.ok(target);
    const before = api.account.assets.length;
    const del = await get(`/indexes/${id}/indexed-assets/${target._id}`, api.apiKey, 'DELETE');
    assert.equal(del.status, 204);
    assert.equal(await del.text(), '');
    assert.equal(del.headers.get('x-api-version'), '1.3');
    assert.equal(api.account.assets.length, before - 1);
    assert.equal((await getJson(`/indexes/${id}`)).body.video_count, 2);
    assert.equal((await getJson(`/indexes/${id}/indexed-assets/${target._id}`)).status, 404);
    const again = await get(`/indexes/${id}/indexed-assets/${target._id}`, api.apiKey, 'DELETE');
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { code: string }).code, 'resource_not_exist');
    assert.equal(api.requestsMatching('delete', /indexed-assets/).length, 2);
  });

  test('request recording', async () => {
    const id = indexByName(api.account, SUPPORT);
    await (await get(`/indexes/${id}/indexed-assets?status=ready&status=failed&filename=a+b`)).arrayBuffer();
    await (await get('/indexes', null)).arrayBuffer();
    assert.equal(api.requests.length, 2);
    const [first, second] = api.requests;
    assert.equal(first.method, 'GET');
    assert.equal(first.path, `/indexes/${id}/indexed-assets`);
    assert.deepEqual(first.query, { status: ['ready', 'failed'], filename: ['a b'] });
    assert.equal(first.apiKey, api.apiKey);
    assert.equal(first.headers['x-api-key'], api.apiKey);
    assert.equal(second.apiKey, undefined);
    assert.equal(api.requestsMatching('GET', '/indexes').length, 1);
    assert.equal(api.requestsMatching('GET').length, 2);
    api.resetRequests();
    assert.equal(api.requests.length, 0);
  });

  test('faults: status, body, headers, times, method/path matching, order', async () => {
    api.inject({ method: 'DELETE', status: 500 }); // does not match GET
    api.inject({ path: /^\/indexes$/, times: 1, status: 429, headers: { 'Retry-After': '2' } });
    api.inject({
      path: '/indexes',
      times: 1,
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'Content-Type': 'text/html' },
    });
    api.inject({ path: '/indexes', times: 1, status: 503, body: { code: 'busy', message: 'try later' } });
    api.inject({ path: '/indexes', times: 1, status: 200, body: '{"data": [' });
    const r1 = await get('/indexes');
    assert.equal(r1.status, 429);
    assert.equal(r1.headers.get('retry-after'), '2');
    assert.equal(r1.headers.get('x-api-version'), '1.3');
    assert.equal(await r1.text(), '');
    const r2 = await get('/indexes');
    assert.equal(r2.status, 502);
    assert.equal(r2.headers.get('content-type'), 'text/html');
    assert.equal(await r2.text(), '<html>Bad gateway</html>');
    const r3 = await get('/indexes', null); // faults come before the key check
    assert.equal(r3.status, 503);
    assert.equal(r3.headers.get('content-type'), 'application/json');
    assert.deepEqual(await r3.json(), { code: 'busy', message: 'try later' });
    const r4 = await get('/indexes');
    assert.equal(r4.status, 200);
    await assert.rejects(r4.json());
    const r5 = await get('/indexes');
    assert.equal(r5.status, 200);
    assert.ok(Array.isArray(((await r5.json()) as ListBody).data));
    assert.equal(api.requests.length, 5);
    api.clearFaults();
    api.inject({ headers: { 'X-Ratelimit-Remaining': '7' } }); // headers only: real answer
    const r6 = await get('/indexes');
    assert.equal(r6.status, 200);
    assert.equal(r6.headers.get('x-ratelimit-remaining'), '7');
    await r6.arrayBuffer();
  });

  test('faults: delay (with and without status)', async () => {
    api.inject({ times: 1, delayMs: 80 });
    let t0 = Date.now();
    const r1 = await get('/indexes');
    assert.ok(Date.now() - t0 >= 75);
    assert.equal(r1.status, 200);
    await r1.arrayBuffer();
    api.inject({ times: 1, delayMs: 60, status: 504 });
    t0 = Date.now();
    const r2 = await get('/indexes');
    assert.ok(Date.now() - t0 >= 55);
    assert.equal(r2.status, 504);
    await r2.arrayBuffer();
    t0 = Date.now();
    await (await get('/indexes')).arrayBuffer();
    assert.ok(Date.now() - t0 < 50);
  });

  test('faults: destroy before-response and mid-body', async () => {
    const id = indexByName(api.account, SUPPORT);
    const victim = api.account.assets.find((a) => a.index_id === id);
    assert.ok(victim);
    const before = api.account.assets.length;
    api.inject({ method: 'DELETE', times: 1, destroy: 'before-response' });
    await assert.rejects(get(`/indexes/${id}/indexed-assets/${victim._id}`, api.apiKey, 'DELETE'));
    assert.equal(api.account.assets.length, before); // the real handler did not run
    api.inject({ times: 1, destroy: 'mid-body' });
    const res = await get('/indexes');
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    api.inject({ times: 1, status: 500, body: { code: 'x', message: 'a long enough message' }, destroy: 'mid-body' });
    const res2 = await get('/indexes');
    assert.equal(res2.status, 500);
    await assert.rejects(res2.json());
    const ok = await get('/indexes');
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
  });
});

describe('FakeTwelveLabsApi options and close', () => {
  test('notFoundStatus 404 everywhere (the old variant), custom key, base path and account', async () => {
    const account: FakeAccount = { indexes: [], assets: [] };
    const api = await FakeTwelveLabsApi.start({ notFoundStatus: 404, apiKey: 'k1', basePath: '/api/', account });
    try {
      assert.equal(api.baseUrl, `${api.origin}/api`);
      assert.equal(api.account, account);
      const res = await fetch(`${api.baseUrl}/indexes/abc`, { headers: { 'x-api-key': 'k1' } });
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { code: string }).code, 'resource_not_exist');
      const list = await fetch(`${api.baseUrl}/indexes`, { headers: { 'x-api-key': 'k1' } });
      assert.deepEqual(((await list.json()) as ListBody).page_info, {
        limit_per_page: 10,
        page: 1,
        total_page: 0,
        total_results: 0,
      });
    } finally {
      await api.close();
    }
  });

  test('close() does not hang on delayed requests', async () => {
    const api = await FakeTwelveLabsApi.start();
    api.inject({ delayMs: 60_000 });
    const pending = fetch(`${api.baseUrl}/indexes`, { headers: { 'x-api-key': api.apiKey } });
    while (api.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await api.close();
    await api.close(); // idempotent
    assert.ok(Date.now() - t0 < 500);
    await assert.rejects(pending);
  });
});

const call = (api: FakeTwelveLabsApi, path: string, method = 'GET', key: string | null = api.apiKey) =>
  fetch(api.baseUrl + path, { method, headers: key === null ? {} : { 'x-api-key': key } });

describe('FakeTwelveLabsApi latency and rate limit', () => {
  const rateHeaders = (res: Response) =>
    ['limit', 'remaining', 'used', 'reset'].map((h) => res.headers.get(`x-ratelimit-${h}`));
  /** 2027-01-15T08:00:00.250Z: a quarter second into its window. */
  const T0 = Date.parse('2027-01-15T08:00:00.250Z');
  const NEXT = String(Math.floor(T0 / 1000) + 1);

  test('latencyMs delays every answer, adds to a fault delay, can be changed after start', async () => {
    const api = await FakeTwelveLabsApi.start({ latencyMs: 60 });
    try {
      const elapsed = async (key: string | null = api.apiKey): Promise<number> => {
        const t0 = Date.now();
        await (await call(api, '/indexes', 'GET', key)).arrayBuffer();
        return Date.now() - t0;
      };
      assert.ok((await elapsed()) >= 55);
      assert.ok((await elapsed(null)) >= 55); // a 401 too
      api.inject({ times: 1, status: 503, delayMs: 40 });
      assert.ok((await elapsed()) >= 95);
      api.latencyMs = 120;
      assert.ok((await elapsed()) >= 115);
    } finally {
      await api.close();
    }
  });

  test('close() clears pending latency timers', async () => {
    const api = await FakeTwelveLabsApi.start({ latencyMs: 60_000 });
    const pending = call(api, '/indexes');
    while (api.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await api.close();
    assert.ok(Date.now() - t0 < 500);
    await assert.rejects(pending);
  });

  test('rateLimit, as documented: a minute’s budget, then a 429 with the headers and an empty body', async () => {
    const account = accountWithAssets(3);
    const api = await FakeTwelveLabsApi.start({ account, rateLimit: { requests: 2 }, now: () => T0 });
    try {
      const nextMinute = String((Math.floor(T0 / 60_000) + 1) * 60);
      const indexId = account.indexes[0]._id;
      const ids = account.assets.map((a) => a._id);
      for (const [i, id] of ids.slice(0, 2).entries()) {
        const res = await call(api, `/indexes/${indexId}/indexed-assets/${id}`, 'DELETE');
        assert.equal(res.status, 204);
        assert.deepEqual(rateHeaders(res), ['2', String(1 - i), String(i + 1), nextMinute]);
      }
      const limited = await call(api, `/indexes/${indexId}/indexed-assets/${ids[2]}`, 'DELETE');
      assert.equal(limited.status, 429);
      assert.deepEqual(rateHeaders(limited), ['2', '0', '2', nextMinute]);
      assert.equal(limited.headers.get('retry-after'), null);
      assert.equal(limited.headers.get('content-type'), null);
      assert.equal(await limited.text(), '');
      assert.deepEqual(
        account.assets.map((a) => a._id),
        ids.slice(2),
      );
    } finally {
      await api.close();
    }
  });

  test('rateLimit, as gateways answer: exactly N per window, then a 429 with Retry-After and JSON', async () => {
    const account = accountWithAssets(5);
    const api = await FakeTwelveLabsApi.start({
      account,
      rateLimit: { requests: 3, windowSeconds: 1, answer: 'gateway' },
      now: () => T0,
    });
    try {
      const indexId = account.indexes[0]._id;
      const ids = account.assets.map((a) => a._id);
      for (const [i, id] of ids.slice(0, 3).entries()) {
        const res = await call(api, `/indexes/${indexId}/indexed-assets/${id}`, 'DELETE');
        assert.equal(res.status, 204);
        assert.deepEqual(rateHeaders(res), ['3', String(2 - i), String(i + 1), NEXT]);
        assert.equal(res.headers.get('retry-after'), null);
      }
      const limited = await call(api, `/indexes/${indexId}/indexed-assets/${ids[3]}`, 'DELETE');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('content-type'), 'application/json');
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.deepEqual(rateHeaders(limited), ['3', '0', '3', NEXT]);
      assert.deepEqual(await limited.json(), {
        code: 'too_many_requests',
        message: 'You have exceeded the rate limit. Please try again later.',
      });
      assert.deepEqual(
        account.assets.map((a) => a._id),
        ids.slice(3),
      );
      assert.equal(api.rateLimited, 1);
      assert.equal(api.requests.length, 4);
      const get = await call(api, '/indexes');
      assert.equal(get.status, 429);
      await get.arrayBuffer();
      assert.equal(api.rateLimited, 2);
    } finally {
      await api.close();
    }
  });

  test('rateLimit: unauthenticated requests and faults with a status take no token', async () => {
    const api = await FakeTwelveLabsApi.start({ rateLimit: { requests: 1, windowSeconds: 1 }, now: () => T0 });
    try {
      const unauthorised = await call(api, '/indexes', 'GET', null);
      assert.equal(unauthorised.status, 401);
      assert.deepEqual(rateHeaders(unauthorised), [null, null, null, null]);
      await unauthorised.arrayBuffer();
      api.inject({ times: 1, status: 503 });
      const faulted = await call(api, '/indexes');
      assert.equal(faulted.status, 503);
      assert.equal(faulted.headers.get('x-ratelimit-limit'), null);
      await faulted.arrayBuffer();
      api.inject({ times: 1, headers: { 'X-Ratelimit-Limit': '99' } }); // headers only: takes a token
      const ok = await call(api, '/indexes');
      assert.equal(ok.status, 200);
      assert.deepEqual(rateHeaders(ok), ['99', '0', '1', NEXT]);
      await ok.arrayBuffer();
      assert.equal((await call(api, '/indexes')).status, 429);
    } finally {
      await api.close();
    }
  });

  test('rateLimit: windows are whole multiples of their length in epoch time; the next one refills', async () => {
    let now = T0;
    const api = await FakeTwelveLabsApi.start({
      rateLimit: { requests: 2, windowSeconds: 1, answer: 'gateway' },
      now: () => now,
    });
    try {
      const status = async (): Promise<Response> => {
        const res = await call(api, '/indexes');
        await res.arrayBuffer();
        return res;
      };
      assert.deepEqual(rateHeaders(await status()), ['2', '1', '1', NEXT]);
      assert.equal((await status()).status, 200);
      now = T0 + 740; // xx.990: still the same window, Retry-After still rounds up to 1
      const limited = await status();
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.equal(limited.headers.get('x-ratelimit-reset'), NEXT);
      now = Number(NEXT) * 1000; // the very start of the next second
      const refilled = await status();
      assert.equal(refilled.status, 200);
      assert.deepEqual(rateHeaders(refilled), ['2', '1', '1', String(Number(NEXT) + 1)]);
    } finally {
      await api.close();
    }
  });

  test('setRateLimit: set, change and remove after start; rateLimited resets; bad limits refused', async () => {
    const api = await FakeTwelveLabsApi.start({ now: () => T0 });
    try {
      const statuses = async (n: number): Promise<number[]> => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          const res = await call(api, '/indexes');
          await res.arrayBuffer();
          out.push(res.status);
        }
        return out;
      };
      assert.deepEqual(await statuses(3), [200, 200, 200]);
      api.setRateLimit({ requests: 1 });
      assert.deepEqual(await statuses(3), [200, 429, 429]);
      assert.equal(api.rateLimited, 2);
      api.setRateLimit({ requests: 2 }); // a fresh window
      assert.deepEqual(await statuses(3), [200, 200, 429]);
      api.setRateLimit(undefined);
      const free = await call(api, '/indexes');
      assert.equal(free.status, 200);
      assert.equal(free.headers.get('x-ratelimit-limit'), null);
      await free.arrayBuffer();
      assert.equal(api.rateLimited, 3);
      api.resetRequests();
      assert.equal(api.rateLimited, 0);
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        assert.throws(() => {
          api.setRateLimit({ requests: bad });
        }, RangeError);
        assert.throws(() => {
          api.setRateLimit({ requests: 1, windowSeconds: bad });
        }, RangeError);
      }
    } finally {
      await api.close();
    }
    await assert.rejects(FakeTwelveLabsApi.start({ rateLimit: { requests: 0 } }), RangeError);
  });
});

describe('accountWithAssets', () => {
  test('deterministic, valid shapes, unique ids, newest first in filename order', () => {
    assert.deepEqual(accountWithAssets(3, 'Three'), accountWithAssets(3, 'Three'));
    const account = accountWithAssets(500);
    assert.equal(account.indexes.length, 1);
    const [index] = account.indexes;
    assert.equal(index.index_name, 'Bulk');
    assert.equal(account.assets.length, 500);
    const ids = [index._id, ...account.assets.map((a) => a._id)];
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
    assert.equal(account.assets[0].system_metadata.filename, 'bulk-00001.mp4');
    assert.equal(account.assets[499].system_metadata.filename, 'bulk-00500.mp4');
    const created = account.assets.map((a) => Date.parse(a.created_at));
    for (let i = 1; i < created.length; i++) assert.ok(created[i] < created[i - 1]);
    assert.ok(Date.parse(index.created_at) < created[499]);
    for (const a of account.assets) {
      assert.equal(a.index_id, index._id);
      assert.equal(a.status, 'ready');
      assert.ok(a.indexed_at !== undefined && Date.parse(a.updated_at) >= Date.parse(a.created_at));
      const d = a.system_metadata.duration ?? 0;
      assert.ok(d >= 5 && d <= 7200);
    }
  });

  test('10,000 assets: the last page of 50 holds the oldest, in filename order', async () => {
    const account = accountWithAssets(10_000);
    const api = await FakeTwelveLabsApi.start({ account });
    try {
      const list = `/indexes/${account.indexes[0]._id}/indexed-assets?page_limit=50`;
      const body = (await (await call(api, `${list}&page=200`)).json()) as ListBody;
      assert.deepEqual(body.page_info, { limit_per_page: 50, page: 200, total_page: 200, total_results: 10_000 });
      assert.equal((body.data[0].system_metadata as { filename: string }).filename, 'bulk-09951.mp4');
    } finally {
      await api.close();
    }
  });
});
