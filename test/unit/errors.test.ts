import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { beforeEach, describe, test } from 'node:test';
import { ErrorKind } from '../../src/core/api/errors';
import { accountWith, clientFor, rejectsWith, startFake } from './support';

describe('every failure is a typed error with a human message', async () => {
  const fake = await startFake({ account: accountWith({ Clips: 3 }) });
  const client = clientFor(fake, { timeoutMs: 300 });
  const list = () => client.listIndexes({ page: 1, pageLimit: 10 });
  beforeEach(() => {
    fake.clearFaults();
    fake.resetRequests();
  });

  const statusCases: {
    status: number;
    body?: string | object;
    headers?: Record<string, string>;
    kind: ErrorKind;
    message: RegExp;
  }[] = [
    { status: 401, body: { code: 'api_key_invalid', message: 'bad key' }, kind: 'invalidKey', message: /Set API Key/ },
    { status: 401, body: '', kind: 'invalidKey', message: /rejected the API key/ },
    {
      status: 403,
      body: { code: 'api_allowed_for_paid_plan', message: 'Upgrade to use this.' },
      kind: 'forbidden',
      message: /Upgrade to use this/,
    },
    // Only TwelveLabs' code says something is gone; a bare 404 names the address to check.
    {
      status: 404,
      body: '<html>nope</html>',
      kind: 'badRequest',
      message: /127\.0\.0\.1:\d+ answered “not found” \(HTTP 404\) for \/v1\.3\/indexes .*twelvelabs\.apiBaseUrl/,
    },
    { status: 404, body: '', kind: 'badRequest', message: /HTTP 404/ },
    { status: 404, body: { code: 'not_found', message: 'no route' }, kind: 'badRequest', message: /HTTP 404/ },
    {
      status: 404,
      body: { code: 'resource_not_exist', message: 'Resource with id x does not exist' },
      kind: 'notFound',
      message: /deleted already/,
    },
    {
      status: 400,
      body: { code: 'resource_not_exist', message: 'Resource with id x does not exist' },
      kind: 'notFound',
      message: /deleted already/,
    },
    {
      status: 400,
      body: { code: 'parameter_invalid', message: 'page_limit must be at most 50' },
      kind: 'badRequest',
      message: /page_limit must be at most 50/,
    },
    { status: 409, body: '{"code":"conflict","mess', kind: 'badRequest', message: /HTTP 409/ },
    { status: 429, headers: { 'Retry-After': '7' }, kind: 'rateLimited', message: /in 7 s/ },
    { status: 429, body: '', kind: 'rateLimited', message: /in a moment/ },
    { status: 500, body: { code: 'internal', message: 'oops' }, kind: 'server', message: /HTTP 500.*oops/ },
    {
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
      kind: 'server',
      message: /HTTP 502\) and sent a web page/,
    },
    { status: 503, body: '', kind: 'server', message: /HTTP 503/ },
    {
      status: 504,
      body: 'upstream timed out',
      kind: 'server',
      message: /HTTP 504\) and sent something that is not JSON/,
    },
    {
      status: 408,
      body: { code: 'request_canceled_or_timed_out', message: 'slow' },
      kind: 'timeout',
      message: /timed out/,
    },
  ];
  for (const c of statusCases) {
    test(`HTTP ${c.status} ${typeof c.body === 'object' ? (c.body as { code: string }).code : JSON.stringify(c.body ?? null).slice(0, 20)} is ${c.kind}`, async () => {
      fake.inject({ status: c.status, body: c.body, headers: c.headers });
      const error = await rejectsWith(list(), c.kind);
      assert.equal(error.status, c.status);
      assert.match(error.message, c.message);
    });
  }

  test('429 takes its wait from Retry-After as a date, or from X-Ratelimit-Reset', async () => {
    fake.inject({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() }, times: 1 });
    const byDate = await rejectsWith(list(), 'rateLimited');
    const byDateMs = byDate.retryAfterMs ?? Number.NaN;
    assert.ok(byDateMs > 25_000 && byDateMs <= 30_000, String(byDate.retryAfterMs));
    fake.inject({ status: 429, headers: { 'X-Ratelimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) }, times: 1 });
    const byReset = await rejectsWith(list(), 'rateLimited');
    const byResetMs = byReset.retryAfterMs ?? Number.NaN;
    assert.ok(byResetMs > 55_000 && byResetMs <= 61_000, String(byReset.retryAfterMs));
  });

  const malformed: [string, string | object, RegExp][] = [
    ['not JSON', 'hello', /not JSON/],
    ['an HTML page', '<!doctype html><p>Login</p>', /web page/],
    ['truncated JSON', '{"data": [', /not JSON/],
    ['data that is not a list', { data: {}, page_info: { page: 1, total_page: 1 } }, /data should be a list/],
    ['page_info that is not an object', { data: [], page_info: 'one' }, /page_info should be an object/],
    ['a fractional total_page', { data: [], page_info: { page: 1, total_page: 1.5 } }, /total_page/],
    ['null', 'null', /should be an object/],
  ];
  for (const [what, body, message] of malformed) {
    test(`a 200 with ${what} is malformed, never data`, async () => {
      fake.inject({ status: 200, body });
      const error = await rejectsWith(list(), 'malformed');
      assert.match(error.message, message);
    });
  }

  test('a body far larger than any page is refused', async () => {
    fake.inject({ status: 200, body: `{"data":[],"pad":"${'x'.repeat(10 * 1024 * 1024)}"}` });
    // Megabytes take longer than this suite's short timeout on a busy machine; the size limit is
    // what is tested here, not the clock.
    const patient = clientFor(fake, { timeoutMs: 60_000 });
    const error = await rejectsWith(patient.listIndexes({ page: 1, pageLimit: 10 }), 'malformed');
    assert.match(error.message, /far larger/);
  });

  test('a slow server hits our timeout, and the message says so', async () => {
    fake.inject({ delayMs: 1000 });
    const error = await rejectsWith(list(), 'timeout');
    assert.match(error.message, /did not answer within/);
  });

  test('a connection cut before the answer, or in the middle of the body, is a network error', async () => {
    fake.inject({ destroy: 'before-response', times: 1 });
    assert.match((await rejectsWith(list(), 'network')).message, /failed or was interrupted/);
    fake.inject({ destroy: 'mid-body', times: 1 });
    assert.match((await rejectsWith(list(), 'network')).message, /stopped part-way/);
  });

  test('the caller can cancel', async () => {
    fake.inject({ delayMs: 1000 });
    const abort = new AbortController();
    const pending = client.listIndexes({ page: 1, pageLimit: 10, signal: abort.signal });
    setTimeout(() => {
      abort.abort();
    }, 20);
    await rejectsWith(pending, 'cancelled');
  });

  test('connection refused and DNS failure are network errors that name the host', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await rejectsWith(
      clientFor(fake, { baseUrl: `http://127.0.0.1:${port}/v1.3` }).checkKey(),
      'network',
    );
    assert.match(refused.message, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
    const dns = await rejectsWith(
      clientFor(fake, { baseUrl: 'https://no-such-host.invalid/v1.3' }).checkKey(),
      'network',
    );
    assert.match(dns.message, /Could not find the server no-such-host\.invalid/);
  });

  test('the key never appears in an error, even when the server echoes it', async () => {
    fake.inject({ status: 400, body: { code: 'parameter_invalid', message: `bad key ${fake.apiKey}!` } });
    const error = await rejectsWith(list(), 'badRequest');
    assert.ok(!error.message.includes(fake.apiKey));
    assert.ok(!JSON.stringify(error).includes(fake.apiKey));
    assert.match(error.message, /\[redacted\]/);
  });

  test('server text is shown on one line without control characters', async () => {
    fake.inject({ status: 400, body: { code: 'x', message: 'line1\nline2\u202Eevil\u0007' } });
    const error = await rejectsWith(list(), 'badRequest');
    assert.doesNotMatch(error.message, /[\n\u202E\u0007]/);
  });
});

describe('redirects never carry the key to another origin', async () => {
  const fake = await startFake({ account: accountWith({ Clips: 1 }) });
  const other = await startFake();
  beforeEach(() => {
    fake.clearFaults();
    fake.resetRequests();
    other.resetRequests();
  });

  for (const status of [301, 302, 307, 308]) {
    test(`HTTP ${status} to another origin is refused, and nothing reaches it`, async () => {
      fake.inject({ status, headers: { Location: `${other.baseUrl}/indexes` } });
      const error = await rejectsWith(clientFor(fake).checkKey(), 'redirect');
      assert.match(error.message, new RegExp(`redirect the request to ${other.origin.replace(/\./g, '\\.')}`));
      assert.match(error.message, /not sent there/);
      assert.equal(other.requests.length, 0);
    });
  }

  test('a redirect within the same origin is followed, with the key', async () => {
    fake.inject({ status: 307, headers: { Location: `${fake.baseUrl}/indexes?page=1&page_limit=1` }, times: 1 });
    await clientFor(fake).checkKey();
    assert.deepEqual(
      fake.requests.map((r) => r.apiKey),
      [fake.apiKey, fake.apiKey],
    );
  });

  test('a redirect loop stops', async () => {
    fake.inject({ status: 302, headers: { Location: `${fake.baseUrl}/indexes` } });
    const error = await rejectsWith(clientFor(fake).checkKey(), 'server');
    assert.match(error.message, /too many times/);
    assert.ok(fake.requests.length <= 5);
  });
});
