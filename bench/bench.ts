/**
 * `npm run bench`: our delete runner and paging against the official SDK (twelvelabs-js), side by
 * side in one process, against the project's fake TwelveLabs API with latency and a rate limit.
 * Prints one table; docs/benchmarks.md holds a copy and how to read it.
 *
 *   npm run bench                 every scenario (about 5 minutes)
 *   npm run bench -- --quick      smaller numbers and a 10 s window, for a smoke check (about 1 minute)
 */
import { performance } from 'node:perf_hooks';
import { TwelveLabs } from 'twelvelabs-js';
import { MAX_PAGE_LIMIT, TwelveLabsClient } from '../src/core/api/client';
import { DEFAULT_CONCURRENCY, runDeletes } from '../src/core/bulkDelete';
import { PagedList } from '../src/core/paging';
import { FakeTwelveLabsApi, accountWithAssets } from '../test/fake-api/server';

const quick = process.argv.includes('--quick');
const DELETES = quick ? 100 : 500;
const LATENCY_MS = 50;
const RATE_PER_SECOND = 20;
/** The documented shape: a per-minute window, and a 429 with only the X-Ratelimit-* headers. */
const DOCUMENTED_WINDOW_SECONDS = quick ? 10 : 60;
const DOCUMENTED_REQUESTS_PER_WINDOW = quick ? 40 : 200;
const LISTED = quick ? 2000 : 10_000;
const SDK_POOL = 8;
const CONCURRENCY_SWEEP = [1, 4, 8, 16];

interface Measured {
  name: string;
  seconds: number;
  ideal: number;
  requests: number;
  rateLimited: number;
  /** Given up on: reported failed, still there. */
  lost: number;
  /** Still in the account after a run that reported success for them, or never tried. */
  leftOver: number;
  /** DELETEs that reached an asset already deleted by an earlier DELETE of the same run. */
  deletedTwice: number;
}

type Deleter = (indexId: string, ids: string[]) => Promise<{ failed: number }>;

/** The ideal time in seconds, or how to work it out from when the run started (epoch ms). */
type Ideal = number | ((startedAtMs: number) => number);

/**
 * Under R requests a window of W seconds, with windows aligned to the epoch as the fake's are:
 * no client can finish before the last window it needs opens. A run that starts part-way into a
 * window gets the rest of it with a full budget, so this is under N ÷ R × W.
 */
function windowedIdeal(requests: number, perWindow: number, windowSeconds: number): Ideal {
  return (startedAtMs) => {
    const intoFirstWindow = (startedAtMs / 1000) % windowSeconds;
    return (Math.ceil(requests / perWindow) - 1) * windowSeconds - intoFirstWindow;
  };
}

async function main(): Promise<void> {
  const fake = await FakeTwelveLabsApi.start({ account: accountWithAssets(0) });
  process.env.TWELVELABS_BASE_URL = fake.baseUrl;
  const sdk = new TwelveLabs({ apiKey: fake.apiKey });
  const client = new TwelveLabsClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });

  const ours =
    (concurrency: number): Deleter =>
    async (indexId, ids) => {
      const results = await runDeletes(
        ids.map((assetId) => ({ indexId, assetId })),
        (job) => client.deleteIndexedAsset(job.indexId, job.assetId),
        { concurrency },
      );
      return { failed: results.filter((result) => result.outcome.kind === 'failed').length };
    };
  const sdkSequential: Deleter = async (indexId, ids) => {
    let failed = 0;
    for (const id of ids) {
      await sdk.indexes.indexedAssets.delete(indexId, id).catch(() => failed++);
    }
    return { failed };
  };
  const sdkPool: Deleter = async (indexId, ids) => {
    let failed = 0;
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        await sdk.indexes.indexedAssets.delete(indexId, id).catch(() => failed++);
      }
    };
    await Promise.all(Array.from({ length: SDK_POOL }, worker));
    return { failed };
  };

  /** Deletes every asset of a fresh account of DELETES assets and measures it. */
  const measure = async (name: string, deleter: Deleter, ideal: Ideal): Promise<Measured> => {
    const account = accountWithAssets(DELETES);
    fake.account.indexes.splice(0, Infinity, ...account.indexes);
    fake.account.assets.splice(0, Infinity, ...account.assets);
    fake.resetRequests();
    const ids = account.assets.map((asset) => asset._id);
    const startedAtMs = Date.now();
    const started = performance.now();
    const { failed } = await deleter(account.indexes[0]._id, ids);
    const seconds = (performance.now() - started) / 1000;
    const handled = fake.requestsMatching('DELETE').filter((request) => request.status !== 429);
    const perAsset = new Map<string, number>();
    for (const request of handled) perAsset.set(request.path, (perAsset.get(request.path) ?? 0) + 1);
    const result: Measured = {
      name,
      seconds,
      ideal: typeof ideal === 'number' ? ideal : ideal(startedAtMs),
      requests: fake.requests.length,
      rateLimited: fake.rateLimited,
      lost: failed,
      leftOver: fake.account.assets.length,
      deletedTwice: [...perAsset.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    };
    console.error(`  ${name}: ${seconds.toFixed(2)} s, ${result.requests} requests, ${result.rateLimited} × 429`);
    return result;
  };

  console.error(`(a) delete ${DELETES} at ${LATENCY_MS} ms latency, no limit`);
  fake.latencyMs = LATENCY_MS;
  fake.setRateLimit(undefined);
  const sweep: Measured[] = [];
  for (const concurrency of CONCURRENCY_SWEEP) {
    sweep.push(
      await measure(`ours, concurrency ${concurrency}`, ours(concurrency), (DELETES * LATENCY_MS) / concurrency / 1000),
    );
  }
  const oursDefault = sweep[CONCURRENCY_SWEEP.indexOf(DEFAULT_CONCURRENCY)];
  const a = [
    ...sweep,
    await measure('SDK, sequential loop', sdkSequential, (DELETES * LATENCY_MS) / 1000),
    await measure(`SDK, pool of ${SDK_POOL}`, sdkPool, (DELETES * LATENCY_MS) / SDK_POOL / 1000),
  ];

  const limited = async (ideal: Ideal): Promise<Measured[]> => [
    await measure(`ours, concurrency ${DEFAULT_CONCURRENCY}`, ours(DEFAULT_CONCURRENCY), ideal),
    await measure('SDK, sequential loop', sdkSequential, ideal),
    await measure(`SDK, pool of ${SDK_POOL}`, sdkPool, ideal),
  ];
  console.error(
    `(b) delete ${DELETES} under ${DOCUMENTED_REQUESTS_PER_WINDOW} requests per ${DOCUMENTED_WINDOW_SECONDS} s, ` +
      `as documented: X-Ratelimit-* only, an empty 429 (${LATENCY_MS} ms latency)`,
  );
  fake.setRateLimit({ requests: DOCUMENTED_REQUESTS_PER_WINDOW, windowSeconds: DOCUMENTED_WINDOW_SECONDS });
  const b = await limited(windowedIdeal(DELETES, DOCUMENTED_REQUESTS_PER_WINDOW, DOCUMENTED_WINDOW_SECONDS));
  console.error(
    `(b') delete ${DELETES} under ${RATE_PER_SECOND} requests per second, ` +
      `as gateways answer: Retry-After and a JSON 429 (${LATENCY_MS} ms latency)`,
  );
  fake.setRateLimit({ requests: RATE_PER_SECOND, windowSeconds: 1, answer: 'gateway' });
  const bGateway = await limited(DELETES / RATE_PER_SECOND);
  fake.setRateLimit(undefined);

  console.error(`(c) list an index of ${LISTED} assets to the end`);
  fake.latencyMs = 0;
  const big = accountWithAssets(LISTED);
  fake.account.indexes.splice(0, Infinity, ...big.indexes);
  fake.account.assets.splice(0, Infinity, ...big.assets);
  const indexId = big.indexes[0]._id;
  const listing = async (name: string, list: () => Promise<number>) => {
    fake.resetRequests();
    const started = performance.now();
    const count = await list();
    const seconds = (performance.now() - started) / 1000;
    const bytes = fake.requests.reduce((sum, request) => sum + (request.responseBytes ?? 0), 0);
    return { name, count, requests: fake.requests.length, bytes, seconds };
  };
  const c = [
    await listing('ours (the tree’s PagedList)', async () => {
      const list = new PagedList(
        (page, pageLimit) => client.listIndexedAssets(indexId, { page, pageLimit }),
        MAX_PAGE_LIMIT,
      );
      do {
        await list.loadNext();
      } while (list.hasMore);
      return list.all.length;
    }),
    await listing('SDK paginator', async () => {
      // Keeps every item, as the tree's PagedList does.
      const all: unknown[] = [];
      const pages = await sdk.indexes.indexedAssets.list(indexId, { pageLimit: MAX_PAGE_LIMIT });
      for await (const item of pages) all.push(item);
      return all.length;
    }),
  ];
  await fake.close();

  printTable(a, b, bGateway, c, oursDefault);
}

/** One table: every variant against its ideal, and against ours. */
function printTable(
  a: Measured[],
  b: Measured[],
  bGateway: Measured[],
  c: { name: string; count: number; requests: number; bytes: number; seconds: number }[],
  oursDefault: Measured,
): void {
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  const out = [
    row([
      'Scenario',
      'Variant',
      'Measured',
      'Ideal',
      'Measured ÷ ideal',
      'Measured ÷ ours',
      'Requests',
      '429s',
      'Lost',
      'Left over',
      'Deleted twice',
    ]),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  const deletes = (scenario: string, list: Measured[], ours: Measured) => {
    for (const m of list) {
      out.push(
        row([
          scenario,
          m.name,
          `${m.seconds.toFixed(2)} s`,
          `${m.ideal.toFixed(2)} s`,
          ratio(m.seconds, m.ideal),
          ratio(m.seconds, ours.seconds),
          m.requests,
          `${m.rateLimited} (${((100 * m.rateLimited) / m.requests).toFixed(1)} %)`,
          m.lost,
          m.leftOver,
          m.deletedTwice,
        ]),
      );
    }
  };
  deletes(`(a) delete ${DELETES}, ${LATENCY_MS} ms, no limit`, a, oursDefault);
  deletes(
    `(b) delete ${DELETES}, ${DOCUMENTED_REQUESTS_PER_WINDOW} per ${DOCUMENTED_WINDOW_SECONDS} s, documented 429`,
    b,
    b[0],
  );
  deletes(`(b') delete ${DELETES}, ${RATE_PER_SECOND} per second, gateway 429`, bGateway, bGateway[0]);
  const ideal = Math.ceil(c[0].count / MAX_PAGE_LIMIT);
  for (const m of c) {
    out.push(
      row([
        `(c) list ${m.count}`,
        m.name,
        `${m.requests} requests, ${m.bytes.toLocaleString('en-US')} bytes`,
        `${ideal} requests`,
        ratio(m.requests, ideal),
        ratio(m.requests, c[0].requests),
        m.requests,
        '–',
        '–',
        '–',
        '–',
      ]),
    );
  }
  console.log(out.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
