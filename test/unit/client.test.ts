import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { TwelveLabsClient } from '../../src/core/api/client';
import { RequestRecord, formatRequestRecord } from '../../src/core/api/http';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../src/core/api/baseUrl';
import { apiKeyProblem, normalizeApiKey } from '../../src/core/apiKey';
import { accountWith, clientFor, rejectsWith, startFake, throwsWith } from './support';

describe('client success paths', async () => {
  const fake = await startFake({ account: accountWith({ Big: 52, Small: 2 }) });
  const [big] = fake.account.indexes;
  beforeEach(() => {
    fake.resetRequests();
  });

  test('lists indexes with the key header, page, page_limit and newest first', async () => {
    const page = await clientFor(fake).listIndexes({ page: 1, pageLimit: 50 });
    assert.deepEqual(
      page.items.map((i) => i.index_name),
      ['Small', 'Big'],
    );
    assert.deepEqual(page.pageInfo, { page: 1, totalPages: 1, totalResults: 2 });
    const [request] = fake.requests;
    assert.equal(request.apiKey, fake.apiKey);
    assert.deepEqual(request.query, {
      page: ['1'],
      page_limit: ['50'],
      sort_by: ['created_at'],
      sort_option: ['desc'],
    });
  });

  test('lists indexed assets page by page', async () => {
    const client = clientFor(fake);
    const first = await client.listIndexedAssets(big._id, { page: 1, pageLimit: 50 });
    const second = await client.listIndexedAssets(big._id, { page: 2, pageLimit: 50 });
    assert.equal(first.items.length, 50);
    assert.equal(second.items.length, 2);
    assert.deepEqual(second.pageInfo, { page: 2, totalPages: 2, totalResults: 52 });
    assert.equal(new Set([...first.items, ...second.items].map((a) => a._id)).size, 52);
    const { filename, duration } = first.items[0].system_metadata;
    assert.deepEqual([filename, duration], ['Big-51.mp4', 111]);
  });

  test('reads leniently, item by item: what the official schema leaves optional is optional', async () => {
    const told: { what: string; problem: string; json: string }[] = [];
    const client = clientFor(fake, { onUnreadable: (what, item) => told.push({ what, ...item }) });
    fake.inject({
      times: 1,
      status: 200,
      body: {
        data: [
          { _id: 'a1' },
          { _id: 'a2', status: 42, system_metadata: { filename: `echo ${fake.apiKey}` } },
          { system_metadata: { filename: 'no id.mp4' } },
          { _id: 'a4', system_metadata: null, status: 'ready' },
        ],
      },
    });
    const page = await client.listIndexedAssets(big._id, { page: 3, pageLimit: 4 });
    assert.deepEqual(
      page.items.map((asset) => asset._id),
      ['a1', 'a4'],
    );
    // No page_info: the page asked for, and a full page means there may be another.
    assert.deepEqual(page.pageInfo, { page: 3, totalPages: 4, totalResults: undefined });
    assert.deepEqual(
      page.unreadable.map((item) => item.problem),
      ['data[1].status should be text', 'data[2]._id should be non-empty text'],
    );
    assert.deepEqual(
      told.map((item) => item.what),
      ['indexed asset', 'indexed asset'],
    );
    assert.ok(told.every((item) => !item.json.includes(fake.apiKey)));
    assert.match(told[0].json, /"filename":"echo \[redacted\]"/);

    fake.inject({ times: 1, status: 200, body: { data: [{ _id: 'i1', models: [{ model_options: ['visual'] }] }] } });
    const indexes = await client.listIndexes({ page: 1, pageLimit: 10 });
    assert.deepEqual(indexes.items[0].models, [{ model_name: undefined, model_options: ['visual'] }]);
    assert.deepEqual(indexes.pageInfo, { page: 1, totalPages: 1, totalResults: undefined });
    fake.inject({ times: 1, status: 200, body: {} });
    assert.deepEqual((await client.listIndexes({ page: 1, pageLimit: 10 })).items, []);
  });

  test('deletes an indexed asset: 204 resolves and it is gone', async () => {
    const client = clientFor(fake);
    const asset = fake.account.assets.find((a) => a.index_id === big._id) ?? assert.fail('an asset of Big');
    await client.deleteIndexedAsset(big._id, asset._id);
    assert.equal(fake.requestsMatching('DELETE').length, 1);
    await rejectsWith(client.deleteIndexedAsset(big._id, asset._id), 'notFound');
  });

  test('refuses implausible IDs and page sizes before any request', async () => {
    const client = clientFor(fake);
    for (const id of ['', 'abc', '../../indexes', '6298D673F1090F1100476D4C', `${big._id}/x`, `${big._id}?page=2`]) {
      await rejectsWith(client.listIndexedAssets(id, { page: 1, pageLimit: 10 }), 'invalidInput');
      await rejectsWith(client.deleteIndexedAsset(big._id, id), 'invalidInput');
    }
    await rejectsWith(client.listIndexes({ page: 1, pageLimit: 51 }), 'invalidInput');
    await rejectsWith(client.listIndexes({ page: 0, pageLimit: 10 }), 'invalidInput');
    assert.equal(fake.requests.length, 0);
  });

  test('a base URL with a trailing slash works', async () => {
    const page = await clientFor(fake, { baseUrl: `${fake.baseUrl}/` }).listIndexes({ page: 1, pageLimit: 1 });
    assert.equal(page.items.length, 1);
    assert.equal(fake.requests[0].path, '/indexes');
  });

  test('checkKey makes one cheap request', async () => {
    await clientFor(fake).checkKey();
    assert.deepEqual(
      fake.requests.map((r) => [r.path, r.query.page_limit]),
      [['/indexes', ['1']]],
    );
    await rejectsWith(clientFor(fake, { apiKey: 'tlk_not_the_key' }).checkKey(), 'invalidKey');
  });

  test('a key with surrounding spaces or a newline is trimmed', async () => {
    await clientFor(fake, { apiKey: `  ${fake.apiKey}\n` }).checkKey();
    assert.equal(fake.requests[0].apiKey, fake.apiKey);
  });
});

describe('base URL rules', () => {
  test('empty means the default', () => {
    assert.equal(parseBaseUrl('').href, DEFAULT_BASE_URL);
    assert.equal(parseBaseUrl(undefined).href, DEFAULT_BASE_URL);
    assert.equal(parseBaseUrl('https://api.twelvelabs.io/v1.3/').href, DEFAULT_BASE_URL);
  });

  test('plain http only on loopback', () => {
    for (const ok of [
      'http://127.0.0.1:8080/v1.3',
      'http://localhost/v1.3',
      'http://[::1]:9/v1.3',
      'http://127.1.2.3/v1.3',
    ]) {
      assert.equal(parseBaseUrl(ok).protocol, 'http:');
    }
    for (const bad of [
      'http://api.twelvelabs.io/v1.3',
      'http://10.0.0.1/v1.3',
      'http://localhost.evil.com/v1.3',
      'http://127.0.0.1.nip.io/v1.3',
    ]) {
      const error = throwsWith(() => parseBaseUrl(bad), 'config');
      assert.match(error.message, /plain http/);
    }
  });

  test('malformed, queries, credentials, other schemes and a missing version are refused with a message', () => {
    const cases: [string, RegExp][] = [
      ['not a url', /not a valid URL/],
      ['ftp://api.twelvelabs.io/v1.3', /https/],
      ['https://api.twelvelabs.io/v1.3?x=1', /query/],
      ['https://api.twelvelabs.io/v1.3#top', /fragment/],
      ['https://user:pw@api.twelvelabs.io/v1.3', /user name or password/],
      ['https://api.twelvelabs.io', /API version/],
      ['https://api.twelvelabs.io/indexes', /API version/],
    ];
    for (const [value, message] of cases) {
      const error = throwsWith(() => parseBaseUrl(value), 'config');
      assert.match(error.message, message, value);
      assert.match(error.message, /twelvelabs\.apiBaseUrl/);
    }
  });

  test('the client refuses to be built on an unusable setting, so no request can leave', () => {
    throwsWith(() => new TwelveLabsClient({ baseUrl: 'http://example.com/v1.3', apiKey: 'k' }), 'config');
  });
});

describe('API key rules', () => {
  test('empty, very long, inner spaces and non-ASCII keys are refused with a reason', () => {
    assert.match(apiKeyProblem('   ') ?? '', /Enter/);
    assert.match(apiKeyProblem('k'.repeat(513)) ?? '', /too long/);
    assert.match(apiKeyProblem('tlk abc') ?? '', /spaces/);
    assert.match(apiKeyProblem('tlk_ключ') ?? '', /non-ASCII/);
    assert.match(apiKeyProblem('tlk_a\nb') ?? '', /line breaks/);
    assert.equal(apiKeyProblem(' tlk_valid\n'), undefined);
    assert.equal(normalizeApiKey(' tlk_valid\n'), 'tlk_valid');
  });

  test('a refused key never appears in the message', () => {
    const key = 'tlk_секрет_abc';
    const error = throwsWith(() => normalizeApiKey(key), 'invalidInput');
    assert.ok(!error.message.includes(key));
  });
});

describe('request log', async () => {
  const fake = await startFake();

  test('records method, path, status, duration and request ID, and never the key', async () => {
    const records: RequestRecord[] = [];
    const client = clientFor(fake, { onRequest: (record) => records.push(record) });
    fake.inject({ method: 'GET', times: 1, headers: { 'x-request-id': 'req-123' } });
    await client.listIndexes({ page: 1, pageLimit: 10 });
    fake.inject({ method: 'GET', times: 1, status: 503, headers: { 'x-request-id': 'req-456' } });
    await rejectsWith(client.listIndexes({ page: 2, pageLimit: 10 }), 'server');

    assert.deepEqual(
      records.map(({ method, path, status, requestId, failure }) => ({ method, path, status, requestId, failure })),
      [
        {
          method: 'GET',
          path: '/indexes?page=1&page_limit=10&sort_by=created_at&sort_option=desc',
          status: 200,
          requestId: 'req-123',
          failure: undefined,
        },
        {
          method: 'GET',
          path: '/indexes?page=2&page_limit=10&sort_by=created_at&sort_option=desc',
          status: 503,
          requestId: 'req-456',
          failure: 'server',
        },
      ],
    );
    const lines = records.map(formatRequestRecord);
    assert.match(
      lines[1],
      /^GET \/indexes\?page=2&page_limit=10&sort_by=created_at&sort_option=desc → 503 in \d+ ms \(request req-456\)$/,
    );
    assert.ok(lines.every((line) => !line.includes(fake.apiKey)));
  });

  test('a request that got no answer is logged with its failure', async () => {
    const records: RequestRecord[] = [];
    const client = clientFor(fake, { onRequest: (record) => records.push(record), timeoutMs: 200 });
    fake.inject({ method: 'GET', times: 1, delayMs: 2000 });
    await rejectsWith(client.listIndexes({ page: 1, pageLimit: 10 }), 'timeout');
    assert.equal(records.length, 1);
    assert.equal(records[0].status, undefined);
    assert.match(formatRequestRecord(records[0]), /→ timeout in \d+ ms$/);
  });
});
