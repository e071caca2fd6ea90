// The client's own rules. The requests' exact shape is the contract test's, the lists as the tree
// shows them accountTree.test.ts', and failures errors.test.ts'.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { RequestRecord, formatRequestRecord } from '../../src/core/api/http';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../src/core/api/baseUrl';
import { apiKeyProblem, normalizeApiKey } from '../../src/core/apiKey';
import type { ErrorKind } from '../../src/core/api/errors';
import { sampleAccount } from '../fake-api/server';
import type { Fault } from '../fake-api/types';
import { accountWith, clientFor, rejectsWith, resetFake, startFake, throwsWith } from './support';

describe('the client', async () => {
  const fake = await startFake({ account: accountWith({ Clips: 1 }) });
  const [clips] = fake.account.indexes;
  beforeEach(() => resetFake(fake));

  test('reads leniently, item by item: what the official schema leaves optional is optional', async () => {
    const told: { what: string; problem: string; json: string }[] = [];
    const client = clientFor(fake, { onUnreadable: (what, item) => told.push({ what, ...item }) });
    const data = [
      { _id: 'a1' },
      { _id: 'a2', status: 42, system_metadata: { filename: `echo ${fake.apiKey}` } },
      { system_metadata: { filename: 'no id.mp4' } },
      { _id: 'a4', system_metadata: null, status: 'ready' },
    ];
    fake.inject({ times: 1, status: 200, body: { data } });
    const page = await client.listIndexedAssets(clips._id, { page: 3, pageLimit: 4 });
    const read = page.items.map((asset) => asset._id);
    assert.deepEqual(read, ['a1', 'a4']);
    // No page_info: the page asked for, and a full page means there may be another.
    assert.deepEqual(page.pageInfo, { page: 3, totalPages: 4, totalResults: undefined });
    const problems = page.unreadable.map((item) => item.problem);
    assert.deepEqual(problems, ['data[1].status should be text', 'data[2]._id should be non-empty text']);
    const toldOf = told.map((item) => item.what);
    assert.deepEqual(toldOf, ['indexed asset', 'indexed asset']);
    assert.match(told[0].json, /"filename":"echo \[redacted\]"/);

    fake.inject({ times: 1, status: 200, body: { data: [{ _id: 'i1', models: [{ model_options: ['visual'] }] }] } });
    const indexes = await client.listIndexes({ page: 1, pageLimit: 10 });
    assert.deepEqual(indexes.items[0].models, [{ model_name: undefined, model_options: ['visual'] }]);
    assert.deepEqual(indexes.pageInfo, { page: 1, totalPages: 1, totalResults: undefined });
    fake.inject({ times: 1, status: 200, body: {} });
    assert.deepEqual((await client.listIndexes({ page: 1, pageLimit: 10 })).items, []);
  });

  test('refuses implausible IDs and page sizes before any request', async () => {
    const client = clientFor(fake);
    for (const id of [
      '',
      'abc',
      '../../indexes',
      '6298D673F1090F1100476D4C',
      `${clips._id}/x`,
      `${clips._id}?page=2`,
    ]) {
      await rejectsWith(client.listIndexedAssets(id, { page: 1, pageLimit: 10 }), 'invalidInput');
      await rejectsWith(client.deleteIndexedAsset(clips._id, id), 'invalidInput');
    }
    await rejectsWith(client.listIndexes({ page: 1, pageLimit: 51 }), 'invalidInput');
    await rejectsWith(client.listIndexes({ page: 0, pageLimit: 10 }), 'invalidInput');
    assert.equal(fake.requests.length, 0);
  });

  test('checkKey makes one cheap request', async () => {
    await clientFor(fake).checkKey();
    const sent = fake.requests.map((r) => [r.path, r.query.page_limit]);
    assert.deepEqual(sent, [['/indexes', ['1']]]);
    await rejectsWith(clientFor(fake, { apiKey: 'tlk_not_the_key' }).checkKey(), 'invalidKey');
  });

  test('the request log has method, path, status, duration, request ID or failure, and never the key', async () => {
    const records: RequestRecord[] = [];
    const onRequest = (record: RequestRecord) => records.push(record);
    const client = clientFor(fake, { onRequest });
    fake.inject({ method: 'GET', times: 1, headers: { 'x-request-id': 'req-123' } });
    await client.listIndexes({ page: 1, pageLimit: 10 });
    fake.inject({ method: 'GET', times: 1, status: 503, headers: { 'x-request-id': 'req-456' } });
    await rejectsWith(client.listIndexes({ page: 2, pageLimit: 10 }), 'server');
    fake.inject({ method: 'GET', times: 1, delayMs: 2000 });
    // Only the request meant to time out gets a short timeout: a loaded machine may be slow to answer the others.
    await rejectsWith(
      clientFor(fake, { onRequest, timeoutMs: 200 }).listIndexes({ page: 3, pageLimit: 10 }),
      'timeout',
    );

    assert.deepEqual(
      records.map(({ status, requestId, failure }) => [status, requestId, failure]),
      [
        [200, 'req-123', undefined],
        [503, 'req-456', 'server'],
        [undefined, undefined, 'timeout'],
      ],
    );
    const lines = records.map(formatRequestRecord);
    const path = 'GET /indexes\\?page=2&page_limit=10&sort_by=created_at&sort_option=desc';
    assert.match(lines[1], new RegExp(`^${path} → 503 in \\d+ ms \\(request req-456\\)$`));
    assert.match(lines[2], /^GET \/indexes\?page=3.* → timeout in \d+ ms$/);
    assert.ok(lines.every((line) => !line.includes(fake.apiKey)));
  });
});

describe('createIndexedAsset', async () => {
  const fake = await startFake();
  const client = clientFor(fake);
  const index = fake.account.indexes[0]._id;
  const upload = fake.account.sourceAssets?.find((candidate) => candidate.status === 'ready')?._id ?? '';
  const path = `/indexes/${index}/indexed-assets`;
  const sent = () => fake.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.body]);
  beforeEach(() => resetFake(fake, sampleAccount()));

  test('POSTs {asset_id, user_metadata} as JSON, without user_metadata when there is none; answers the new ID', async () => {
    const made = await client.createIndexedAsset(index, upload, { customer: 'acme', minutes: 3 });
    const again = await client.createIndexedAsset(index, upload);
    assert.deepEqual(sent(), [
      ['POST', path, 'application/json', { asset_id: upload, user_metadata: { customer: 'acme', minutes: 3 } }],
      ['POST', path, 'application/json', { asset_id: upload }],
    ]);
    const newest = fake.account.assets.slice(-2).map((asset) => asset._id);
    assert.deepEqual([made.indexedAssetId, again.indexedAssetId], newest);
    await rejectsWith(client.createIndexedAsset(index, '0123456789abcdef01234567'), 'notFound');
    await rejectsWith(client.createIndexedAsset(index, 'not-an-id'), 'invalidInput');
    assert.equal(fake.requests.length, 3);
  });

  test('any 2xx with an object is read; another shape is malformed; a fault on the POST is its error', async () => {
    const cases: [Fault, { indexedAssetId: string | undefined } | ErrorKind][] = [
      [{ status: 200, body: {} }, { indexedAssetId: undefined }],
      [{ status: 201, body: { _id: 'x', asset_id: upload, extra: 1 } }, { indexedAssetId: 'x' }],
      [{ status: 202, body: { _id: 42 } }, 'malformed'],
      [{ status: 202, body: '[]' }, 'malformed'],
      [{ status: 202 }, 'malformed'],
      [{ status: 500 }, 'server'],
      [{ destroy: 'before-response' }, 'network'],
    ];
    for (const [fault, expected] of cases) {
      fake.inject({ method: 'POST', times: 1, ...fault });
      const answer = client.createIndexedAsset(index, upload);
      if (typeof expected === 'string') await rejectsWith(answer, expected);
      else assert.deepEqual(await answer, expected);
    }
    assert.equal(fake.account.assets.length, 64); // every answer was the fault's: nothing was indexed
  });

  test('a 307 or 308 is followed with the same POST and body; a 301, 302 or 303 is refused, not made a GET', async () => {
    const location = fake.baseUrl + path;
    for (const status of [307, 308]) {
      fake.inject({ method: 'POST', times: 1, status, headers: { location } });
      await client.createIndexedAsset(index, upload, { status });
    }
    const body = (status: number) => ({ asset_id: upload, user_metadata: { status } });
    const twice = [307, 307, 308, 308].map((status) => ['POST', path, 'application/json', body(status)]);
    assert.deepEqual(sent(), twice);
    fake.resetRequests();
    for (const status of [301, 302, 303]) {
      fake.inject({ method: 'POST', times: 1, status, headers: { location } });
      const error = await rejectsWith(client.createIndexedAsset(index, upload), 'server');
      assert.match(error.message, new RegExp(`\\(HTTP ${status}\\).* GET`));
    }
    assert.equal(fake.requests.map((r) => r.method).join(), 'POST,POST,POST');
  });
});

test('the base URL setting: empty is the default; plain http only on loopback; the rest is refused with a message', () => {
  for (const value of ['', undefined, 'https://api.twelvelabs.io/v1.3/'])
    assert.equal(parseBaseUrl(value).href, DEFAULT_BASE_URL);
  for (const ok of [
    'http://127.0.0.1:8080/v1.3',
    'http://localhost/v1.3',
    'http://[::1]:9/v1.3',
    'http://127.1.2.3/v1.3',
  ]) {
    assert.equal(parseBaseUrl(ok).protocol, 'http:');
  }
  const refused: [string, RegExp][] = [
    ['http://api.twelvelabs.io/v1.3', /plain http/],
    ['http://10.0.0.1/v1.3', /plain http/],
    ['http://localhost.evil.com/v1.3', /plain http/],
    ['http://127.0.0.1.nip.io/v1.3', /plain http/],
    ['not a url', /not a valid URL/],
    ['ftp://api.twelvelabs.io/v1.3', /https/],
    ['https://api.twelvelabs.io/v1.3?x=1', /query/],
    ['https://api.twelvelabs.io/v1.3#top', /fragment/],
    ['https://user:pw@api.twelvelabs.io/v1.3', /user name or password/],
    ['https://api.twelvelabs.io', /API version/],
    ['https://api.twelvelabs.io/indexes', /API version/],
  ];
  for (const [value, message] of refused) {
    const error = throwsWith(() => parseBaseUrl(value), 'config');
    assert.match(error.message, message, value);
    assert.match(error.message, /twelvelabs\.apiBaseUrl/);
  }
});

test('an API key is trimmed; empty, very long, spaced or non-ASCII keys are refused, and never quoted', () => {
  const refused: [string, RegExp][] = [
    ['   ', /Enter/],
    ['k'.repeat(513), /too long/],
    ['tlk abc', /spaces/],
    ['tlk_ключ', /non-ASCII/],
    ['tlk_a\nb', /line breaks/],
  ];
  for (const [key, reason] of refused) assert.match(apiKeyProblem(key) ?? '', reason);
  assert.equal(apiKeyProblem(' tlk_valid\n'), undefined);
  assert.equal(normalizeApiKey(' tlk_valid\n'), 'tlk_valid');
  const key = 'tlk_секрет_abc';
  assert.ok(!throwsWith(() => normalizeApiKey(key), 'invalidInput').message.includes(key));
});
