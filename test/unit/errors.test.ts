// The kind and message of every failure. What the user then sees for each status, body, network
// fault and setting is the fault matrix's (test/fault-matrix/cases.ts).
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { ErrorKind, TwelveLabsError, errorDetails } from '../../src/core/api/errors';
import { accountWith, clientFor, rejectsWith, resetFake, startFake } from './support';

describe('every failure is a typed error with a human message', async () => {
  const fake = await startFake({ account: accountWith({ Clips: 3 }) });
  const client = clientFor(fake);
  const list = () => client.listIndexes({ page: 1, pageLimit: 10 });
  beforeEach(() => resetFake(fake));

  const notExist = { code: 'resource_not_exist', message: 'Resource with id x does not exist' };
  // [status, body, kind, message, headers]
  const statusCases: [number, string | object, ErrorKind, RegExp, Record<string, string>?][] = [
    [401, { code: 'api_key_invalid', message: 'bad key' }, 'invalidKey', /Set API Key/],
    [401, '', 'invalidKey', /rejected the API key/],
    [403, { code: 'api_allowed_for_paid_plan', message: 'Upgrade to use this.' }, 'forbidden', /Upgrade to use this/],
    // Only TwelveLabs' code says something is gone; any other 404 names the address to check.
    [
      404,
      '<html>nope</html>',
      'badRequest',
      /127\.0\.0\.1:\d+ answered “not found” \(HTTP 404\) for \/v1\.3\/indexes .*twelvelabs\.apiBaseUrl/,
    ],
    [404, { code: 'not_found', message: 'no route' }, 'badRequest', /HTTP 404.*twelvelabs\.apiBaseUrl/],
    [404, notExist, 'notFound', /deleted already/],
    [400, notExist, 'notFound', /deleted already/],
    [400, { code: 'parameter_invalid', message: 'page_limit must be at most 50' }, 'badRequest', /at most 50/],
    [400, { code: 'x', message: 'line1\nline2\u202Eevil\u0007' }, 'badRequest', /^[^\n\u202E\u0007]+$/],
    [429, '', 'rateLimited', /in 7 s/, { 'Retry-After': '7' }],
    [504, 'upstream timed out', 'server', /HTTP 504\) and sent something that is not JSON/],
    [408, { code: 'request_canceled_or_timed_out', message: 'slow' }, 'timeout', /timed out/],
  ];
  for (const [status, body, kind, message, headers] of statusCases) {
    test(`HTTP ${status} ${JSON.stringify(body).slice(0, 40)} is ${kind}`, async () => {
      fake.inject({ status, body, headers });
      const error = await rejectsWith(list(), kind);
      assert.equal(error.status, status);
      assert.match(error.message, message);
    });
  }

  test('a 429 without Retry-After takes its wait from X-Ratelimit-Reset', async () => {
    fake.inject({ status: 429, headers: { 'X-Ratelimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) } });
    const { retryAfterMs = Number.NaN } = await rejectsWith(list(), 'rateLimited');
    assert.ok(retryAfterMs > 55_000 && retryAfterMs <= 61_000, String(retryAfterMs));
  });

  const malformed: [string, string | object, RegExp][] = [
    ['truncated JSON', '{"data": [', /not JSON/],
    ['page_info that is not an object', { data: [], page_info: 'one' }, /page_info should be an object/],
    ['a fractional total_page', { data: [], page_info: { page: 1, total_page: 1.5 } }, /total_page/],
    ['null', 'null', /should be an object/],
  ];
  for (const [what, body, message] of malformed) {
    test(`a 200 with ${what} is malformed, never data`, async () => {
      fake.inject({ status: 200, body });
      assert.match((await rejectsWith(list(), 'malformed')).message, message);
    });
  }

  test('a body far larger than any page is refused', async () => {
    fake.inject({ status: 200, body: `{"data":[],"pad":"${'x'.repeat(10 * 1024 * 1024)}"}` });
    // A patient client: what is tested is the size limit, not the clock of a busy machine.
    const patient = clientFor(fake, { timeoutMs: 60_000 });
    const error = await rejectsWith(patient.listIndexes({ page: 1, pageLimit: 10 }), 'malformed');
    assert.match(error.message, /far larger/);
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

  test('the key never appears in an error, even when the server echoes it', async () => {
    fake.inject({ status: 400, body: { code: 'parameter_invalid', message: `bad key ${fake.apiKey}!` } });
    const error = await rejectsWith(list(), 'badRequest');
    assert.ok(!JSON.stringify([error, error.message, errorDetails(error)]).includes(fake.apiKey));
    assert.match(error.message, /\[redacted\]/);
  });

  test('errorDetails: what the log adds to the message, if anything; the stack of an error nobody expected', () => {
    assert.equal(errorDetails(new TwelveLabsError({ kind: 'config', message: 'Bad setting.' })), undefined);
    assert.equal(errorDetails('a string thrown'), undefined);
    const unexpected = new RangeError('index out of range');
    assert.equal(errorDetails(unexpected), unexpected.stack);
  });
});

describe('redirects never carry the key to another origin', async () => {
  const fake = await startFake({ account: accountWith({ Clips: 1 }) });
  const other = await startFake();
  beforeEach(() => {
    resetFake(fake);
    resetFake(other);
  });

  for (const status of [301, 302, 307, 308]) {
    test(`HTTP ${status} to another origin is refused, and nothing reaches it`, async () => {
      fake.inject({ status, headers: { Location: `${other.baseUrl}/indexes` } });
      const error = await rejectsWith(clientFor(fake).checkKey(), 'redirect');
      assert.ok(error.message.includes(`redirect the request to ${other.origin}`), error.message);
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
