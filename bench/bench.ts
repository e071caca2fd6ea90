/**
 * `npm run bench`: our delete runner and paging against the official SDK (twelvelabs-js), side by
 * side in one process, against the project's fake TwelveLabs API with latency and a rate limit.
 * Prints its tables; docs/benchmarks.md holds a copy and how to read them.
 *
 *   npm run bench                   every scenario (about 13 minutes)
 *   npm run bench -- --quick        smaller numbers and a 10 s window, for a smoke check (about 1.5 minutes)
 *   npm run bench -- --usage        only (d), finding the unused uploads
 *   npm run bench -- --all-matching only (e), Delete All Matching (bench/allMatching.ts; about 1.5 minutes)
 *   npm run bench -- --upload       only (f), uploads (bench/upload.ts; about 3 minutes, 1.2 GB in a temp folder)
 */
import { performance } from 'node:perf_hooks';
import { TwelveLabs } from 'twelvelabs-js';
import { MAX_PAGE_LIMIT, TwelveLabsClient } from '../src/core/api/client';
import { DEFAULT_CONCURRENCY, runDeletes } from '../src/core/bulkDelete';
import { PagedList } from '../src/core/paging';
import { findUnusedAssets } from '../src/core/assetUsage';
import { FakeTwelveLabsApi, accountWithAssets, accountWithUsage } from '../test/fake-api/server';
import { AllMatchingMeasured, deletingAllMatching, printAllMatchingTable } from './allMatching';
import { heapAfterGc } from './memory';
import { printUploadTable, uploading } from './upload';

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
const onlyUsage = process.argv.includes('--usage');
const UPLOADS = quick ? 1000 : 5000;
const USAGE_INDEXES = 20;
/** The one-request-per-asset approach, as a script would run it: this many at once. */
const PER_ASSET_POOL = 8;
const onlyAllMatching = process.argv.includes('--all-matching');
/** (e): the failed assets Delete All Matching removes, and the ready ones it must leave. */
const ALL_MATCHING = quick ? { ready: 400, failed: 2000 } : { ready: 2000, failed: 10_000 };

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
  if (onlyAllMatching) {
    printAllMatchingTable(await allMatching());
    return;
  }
  if (process.argv.includes('--upload')) {
    printUploadTable(await uploading(quick), quick);
    return;
  }
  const fake = await FakeTwelveLabsApi.start({ account: accountWithAssets(0) });
  if (onlyUsage) {
    printUsageTable(await findingUnused(fake));
    await fake.close();
    return;
  }
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
  const d = await findingUnused(fake);
  const e = await allMatching();
  await fake.close();
  const f = await uploading(quick);

  printTable(a, b, bGateway, c, oursDefault);
  printUsageTable(d);
  printAllMatchingTable(e);
  printUploadTable(f, quick);
}

const allMatching = (): Promise<AllMatchingMeasured> => deletingAllMatching({ ...ALL_MATCHING, latencyMs: LATENCY_MS });

interface UsageMeasured {
  name: string;
  seconds: number;
  requests: number;
  /** Heap still held by the result after a full collection, in MB; undefined without --expose-gc. */
  heldMb: number | undefined;
  correct: boolean;
}

/**
 * (d) Which of UPLOADS uploads no index uses, across USAGE_INDEXES indexes, at LATENCY_MS: ours
 * (one pass over each list) beside one request per upload. Each run must find exactly the unused.
 */
async function findingUnused(fake: FakeTwelveLabsApi): Promise<{ measured: UsageMeasured[]; target: number }> {
  const account = accountWithUsage(UPLOADS, USAGE_INDEXES);
  fake.account.indexes.splice(0, Infinity, ...account.indexes);
  fake.account.assets.splice(0, Infinity, ...account.assets);
  fake.account.sourceAssets = account.sourceAssets;
  fake.latencyMs = LATENCY_MS;
  fake.setRateLimit(undefined);
  const used = new Set(account.assets.map((asset) => asset.asset_id));
  const truth = (account.sourceAssets ?? []).filter((asset) => !used.has(asset._id)).map((asset) => asset._id);
  // The issue's target: one pass over each list, plus one partial page per index.
  const target =
    Math.ceil(UPLOADS / MAX_PAGE_LIMIT) + Math.ceil(account.assets.length / MAX_PAGE_LIMIT) + account.indexes.length;
  console.error(
    `(d) find the unused among ${UPLOADS} uploads, ${account.assets.length} indexed assets in ${USAGE_INDEXES} indexes (${LATENCY_MS} ms latency)`,
  );
  const client = new TwelveLabsClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  // Each run's result stays referenced here while the heap is measured, as the extension holds it.
  const held: unknown[] = [];
  const measure = async (
    name: string,
    find: () => Promise<{ found: string[]; kept: unknown }>,
  ): Promise<UsageMeasured> => {
    fake.resetRequests();
    const before = heapAfterGc();
    const started = performance.now();
    const { found, kept } = await find();
    const seconds = (performance.now() - started) / 1000;
    held.push(kept);
    const after = heapAfterGc();
    held.length = 0;
    const heldMb = before === undefined || after === undefined ? undefined : (after - before) / 1e6;
    const correct = [...found].sort().join() === [...truth].sort().join();
    console.error(`  ${name}: ${seconds.toFixed(2)} s, ${fake.requests.length} requests, correct: ${correct}`);
    return { name, seconds, requests: fake.requests.length, heldMb, correct };
  };
  const measured = [
    await measure('ours: one pass over each list', async () => {
      // What the Assets view keeps: the unused list and the usage map behind the marks.
      const kept = await findUnusedAssets(client, {});
      return { found: kept.unused.map((asset) => asset._id), kept };
    }),
    await measure(`one request per upload (GET /assets/{id}/indexed-assets, ${PER_ASSET_POOL} at a time)`, async () => {
      const list = new PagedList((page, pageLimit) => client.listAssets({ page, pageLimit }), MAX_PAGE_LIMIT);
      do await list.loadNext();
      while (list.hasMore);
      const queue = [...list.all];
      const unused: string[] = [];
      const worker = async () => {
        for (let asset = queue.shift(); asset; asset = queue.shift()) {
          const page = await client.listAssetReferences(asset._id, { page: 1, pageLimit: 1 });
          if (page.items.length === 0) unused.push(asset._id);
        }
      };
      await Promise.all(Array.from({ length: PER_ASSET_POOL }, worker));
      return { found: unused, kept: list };
    }),
  ];
  return { measured, target };
}

function printUsageTable({ measured, target }: { measured: UsageMeasured[]; target: number }): void {
  const ours = measured[0];
  const out = [
    '| Scenario | Variant | Requests | Target | Requests ÷ target | Wall time | Time ÷ ours | Memory held | Found exactly the unused |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...measured.map(
      (m) =>
        `| (d) find the unused among ${UPLOADS} uploads in ${USAGE_INDEXES} indexes, ${LATENCY_MS} ms | ${m.name} | ${m.requests} | ${target} | ${(m.requests / target).toFixed(2)} | ${m.seconds.toFixed(2)} s | ${(m.seconds / ours.seconds).toFixed(2)} | ${m.heldMb === undefined ? 'n/a' : `${m.heldMb.toFixed(1)} MB`} | ${m.correct ? 'yes' : 'NO'} |`,
    ),
  ];
  console.log(`\n${out.join('\n')}`);
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
