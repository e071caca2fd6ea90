import assert from 'node:assert/strict';
import { after } from 'node:test';
import { ClientOptions, TwelveLabsClient } from '../../src/core/api/client';
import { ErrorKind, TwelveLabsError } from '../../src/core/api/errors';
import { FakeApiOptions, FakeTwelveLabsApi } from '../fake-api/server';
import { FakeAccount, FakeSourceAsset } from '../fake-api/types';

/** A fake API for the current test file, closed when the file's tests end. */
export async function startFake(options: FakeApiOptions = {}): Promise<FakeTwelveLabsApi> {
  const fake = await FakeTwelveLabsApi.start(options);
  after(() => fake.close());
  return fake;
}

/** For a new test: no faults, no recorded requests and, when given, this account instead. Returns the fake. */
export function resetFake(fake: FakeTwelveLabsApi, account?: FakeAccount): FakeTwelveLabsApi {
  if (account) {
    fake.account.indexes.splice(0, Infinity, ...account.indexes);
    fake.account.assets.splice(0, Infinity, ...account.assets);
    fake.account.sourceAssets = account.sourceAssets;
  }
  fake.clearFaults();
  fake.resetRequests();
  return fake;
}

export function clientFor(fake: FakeTwelveLabsApi, options: Partial<ClientOptions> = {}): TwelveLabsClient {
  return new TwelveLabsClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey, timeoutMs: 2000, ...options });
}

function assertKind(error: unknown, kind: ErrorKind): TwelveLabsError {
  assert.ok(error instanceof TwelveLabsError, `expected a TwelveLabsError, got ${String(error)}`);
  assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
  return error;
}

/** Awaits a rejection with a TwelveLabsError of this kind and returns it. */
export async function rejectsWith(promise: Promise<unknown>, kind: ErrorKind): Promise<TwelveLabsError> {
  try {
    await promise;
  } catch (error) {
    return assertKind(error, kind);
  }
  assert.fail(`expected a ${kind} error, but it resolved`);
}

/** For constructors and path builders that refuse before any request. */
export function throwsWith(fn: () => unknown, kind: ErrorKind): TwelveLabsError {
  try {
    fn();
  } catch (error) {
    return assertKind(error, kind);
  }
  assert.fail(`expected a ${kind} error`);
}

const hexId = (n: number): string => n.toString(16).padStart(24, '0');

/** A small account: one index per entry, with that many ready assets, newest first by number. */
export function accountWith(sizes: Record<string, number>): FakeAccount {
  let next = 1;
  const account: FakeAccount = { indexes: [], assets: [] };
  Object.entries(sizes).forEach(([name, count], i) => {
    const indexId = hexId(0xa00000 + i);
    account.indexes.push({
      _id: indexId,
      index_name: name,
      created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      updated_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      expires_at: null,
      models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
      addons: [],
    });
    for (let a = 0; a < count; a++) {
      account.assets.push({
        _id: hexId(next++),
        index_id: indexId,
        status: 'ready',
        system_metadata: { filename: `${name}-${a}.mp4`, duration: 60 + a },
        created_at: new Date(Date.UTC(2026, 1, 1, 0, a)).toISOString(),
        updated_at: new Date(Date.UTC(2026, 1, 1, 0, a)).toISOString(),
      });
    }
  });
  return account;
}

/** In sampleAccount(): the uploads that no index uses, newest first, and one that two indexes use. */
export const SAMPLE = {
  unused: [
    'podcast-episode-13.m4a',
    'screen-recording-2026-06-02.webm',
    'podcast-episode-12.mp4',
    'webinar-2025-12-raw.mov',
    'old-onboarding-walkthrough-v2.mp4',
  ],
  shared: 'dashboard-tour-2026-q1.mov',
};

export const sourceNamed = (fake: FakeTwelveLabsApi, filename: string): FakeSourceAsset =>
  fake.account.sourceAssets?.find((a) => a.filename === filename) ?? assert.fail(filename);
