/**
 * (e) Delete All Matching, run as the extension runs it (src/ui/commands/deleteAllMatching.ts with
 * src/ui/deleteRun.ts and src/ui/recording.ts), without VS Code: the server's count for the modal,
 * then the matches deleted as they are listed, each one's user_metadata read ahead of its DELETE
 * and written to a real deletion record (the pending line before the DELETE, the outcome after).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AssetFilter, MAX_PAGE_LIMIT, TwelveLabsClient } from '../src/core/api/client';
import { DEFAULT_CONCURRENCY } from '../src/core/bulkDelete';
import { IndexedAssetJob, deleteIndexedAssetJobs, recordedIndexedAsset } from '../src/core/deletionFacts';
import { DeletionRecord } from '../src/core/history/deletionRecord';
import { MatchingAssets, countMatching } from '../src/core/matchingAssets';
import { allMatchingLabel } from '../src/core/presentRuns';
import { FakeReport, FakeSetup, startFakeProcess } from './fakeProcess';
import { heapAfterGc, sampleRss } from './memory';

/** The memory target: what the run holds beyond what was held before it. */
const MEMORY_TARGET_MB = 50;

/** Where the time goes: each kind of request's round trip as the client sees it, summed. */
interface Timed {
  count: number;
  totalMs: number;
}

export interface AllMatchingMeasured extends FakeSetup, FakeReport {
  /** From the count to the end of the run. */
  seconds: number;
  /** What the modal would say. */
  counted: number;
  /** As MatchingAssets counted them, plus the count's. */
  listRequestsCounted: number;
  outcomes: Record<string, number>;
  heldMb: number | undefined;
  peakRssDeltaMb: number;
  clientCpuSeconds: number;
  firstDeleteSeconds: number;
  timed: { list: Timed; get: Timed; delete: Timed; pendingLine: Timed };
  recordBytes: number;
  recordDeleted: number;
  /** Of the failed assets that have user_metadata: how many, and for how many the record holds it. */
  metadataExpected: number;
  metadataRecorded: number;
}

/** Deletes every failed asset of a fresh index of `ready + failed` at `latencyMs`, no rate limit. */
export async function deletingAllMatching(setup: FakeSetup): Promise<AllMatchingMeasured> {
  const { ready, failed, latencyMs } = setup;
  console.error(
    `(e) Delete All Matching: the ${failed} failed of ${ready + failed} indexed assets, ${latencyMs} ms latency, no limit`,
  );
  const fake = await startFakeProcess(setup);
  const { index, failedWithMetadata } = fake.started;
  const filter: AssetFilter = { statuses: ['failed'] };
  const client = new TwelveLabsClient({ baseUrl: fake.started.baseUrl, apiKey: fake.started.apiKey });
  const timed = { list: timing(), get: timing(), delete: timing(), pendingLine: timing() };
  client.listIndexedAssets = timedCall(timed.list, client.listIndexedAssets.bind(client));
  client.getIndexedAsset = timedCall(timed.get, client.getIndexedAsset.bind(client));
  client.deleteIndexedAsset = timedCall(timed.delete, client.deleteIndexedAsset.bind(client));
  const directory = await mkdtemp(path.join(tmpdir(), 'bench-record-'));
  const record = new DeletionRecord(directory);
  const writePending = timedCall(timed.pendingLine, record.writePending.bind(record));

  await fake.resetRequests();
  const heapBefore = heapAfterGc();
  const rssBefore = process.memoryUsage.rss();
  const rss = sampleRss();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let firstDelete: number | undefined;

  const count = await countMatching(client, index.id, filter);
  const counted = count.total;
  const matching = new MatchingAssets(client, index, filter, { count });
  // As RunRecorder does: the pending line before each DELETE, the outcome line after it.
  const operation = record.newOperation('allMatching', allMatchingLabel(index.name, filter));
  const entries = new Map<IndexedAssetJob, string>();
  let outcomeWriteFailures = 0;
  const results = await deleteIndexedAssetJobs(client, matching, {
    concurrency: DEFAULT_CONCURRENCY,
    beforeDelete: async (job) => {
      entries.set(job, await writePending(operation, recordedIndexedAsset(job)));
      firstDelete ??= performance.now();
      return true;
    },
    onSettled: ({ job, outcome }) => {
      const entry = entries.get(job);
      if (entry === undefined) return;
      entries.delete(job);
      const error = outcome.kind === 'failed' ? outcome.error.message : undefined;
      record.writeOutcome(entry, outcome.kind, error).catch(() => outcomeWriteFailures++);
    },
  });

  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const peakRss = rss.stop();
  // Measured while the run's results and job source are still referenced, as the command holds them.
  const heapAfter = heapAfterGc();
  const outcomes: Record<string, number> = {};
  for (const { outcome } of results) outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
  const listRequestsCounted = matching.listRequests + 1;
  const report = await fake.report();
  fake.close();

  const ours = (await record.read()).entries.filter((entry) => entry.operation.id === operation.id);
  const withMetadata = new Set(failedWithMetadata);
  const measured: AllMatchingMeasured = {
    ...setup,
    ...report,
    seconds,
    counted,
    listRequestsCounted,
    outcomes,
    heldMb: heapBefore === undefined || heapAfter === undefined ? undefined : (heapAfter - heapBefore) / 1e6,
    peakRssDeltaMb: (peakRss - rssBefore) / 1e6,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    firstDeleteSeconds: ((firstDelete ?? started) - started) / 1000,
    timed,
    recordBytes: (await stat(record.filePath)).size,
    recordDeleted: ours.filter((entry) => entry.outcome === 'deleted').length,
    metadataExpected: withMetadata.size,
    metadataRecorded: ours.filter(
      (entry) => withMetadata.has(entry.indexedAssetId ?? '') && entry.userMetadata !== undefined,
    ).length,
  };
  if (outcomeWriteFailures > 0) console.error(`  ${outcomeWriteFailures} outcome lines could not be written`);
  await rm(directory, { recursive: true, force: true });
  console.error(
    `  ${seconds.toFixed(2)} s, ${report.listRequests} list requests, ${report.detailGets} GETs, ${report.deletes} DELETEs`,
  );
  return measured;
}

const timing = (): Timed => ({ count: 0, totalMs: 0 });

function timedCall<A extends unknown[], R>(into: Timed, call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await call(...args);
    } finally {
      into.count++;
      into.totalMs += performance.now() - started;
    }
  };
}

/** The run against the targets, one measure a row, then where the time went. */
export function printAllMatchingTable(m: AllMatchingMeasured): void {
  const latency = m.latencyMs / 1000;
  const targetSeconds = 1.1 * (m.listRequests * latency + (m.failed / DEFAULT_CONCURRENCY) * latency);
  const listTarget = Math.ceil(m.failed / MAX_PAGE_LIMIT) + 5;
  const met = (ok: boolean) => (ok ? 'yes' : 'NO');
  const mb = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} MB`);
  const mean = ({ count, totalMs }: Timed) => `${count} × ${(totalMs / Math.max(1, count)).toFixed(1)} ms`;
  const inFlight = (t: Timed) => (t.totalMs / 1000 / m.seconds).toFixed(2);
  // Each worker's time is its DELETEs, its pending lines and the wait for its next job.
  const busyMs = m.timed.delete.totalMs + m.timed.pendingLine.totalMs;
  const waitingMs = (m.seconds * 1000 * DEFAULT_CONCURRENCY - busyMs) / Math.max(1, m.deletes);
  const outcomes = Object.entries(m.outcomes).map(([kind, n]) => `${kind} ${n}`);
  const rows: [measure: string, measured: string | number, target: string | number, met: string][] = [
    [
      'wall time, count to end',
      `${m.seconds.toFixed(2)} s`,
      `${targetSeconds.toFixed(2)} s`,
      met(m.seconds <= targetSeconds),
    ],
    ['wall ÷ target', (m.seconds / targetSeconds).toFixed(3), '≤ 1', met(m.seconds <= targetSeconds)],
    ['list requests (the count’s included)', m.listRequests, `≤ ${listTarget}`, met(m.listRequests <= listTarget)],
    [
      '  as MatchingAssets counted them, + 1',
      m.listRequestsCounted,
      m.listRequests,
      met(m.listRequestsCounted === m.listRequests),
    ],
    ['the modal’s count', m.counted, m.failed, met(m.counted === m.failed)],
    ['GETs of one asset (user_metadata)', m.detailGets, m.failed, met(m.detailGets === m.failed)],
    ['DELETEs', m.deletes, m.failed, met(m.deletes === m.failed)],
    ['outcomes', outcomes.join(', '), `deleted ${m.failed}`, met(m.outcomes.deleted === m.failed)],
    [
      'heap held after GC, results referenced',
      mb(m.heldMb),
      `≤ ${MEMORY_TARGET_MB} MB`,
      met(m.heldMb !== undefined && m.heldMb <= MEMORY_TARGET_MB),
    ],
    ['peak RSS − RSS before', mb(m.peakRssDeltaMb), '–', '–'],
    ['ready assets left', m.readyLeft, m.ready, met(m.readyLeft === m.ready)],
    ['failed assets left', m.failedLeft, 0, met(m.failedLeft === 0)],
    ['DELETEs sent outside the filter', m.wrongDeletes, 0, met(m.wrongDeletes === 0)],
    ['DELETEs sent twice', m.deletedTwice, 0, met(m.deletedTwice === 0)],
    ['deletion record: file size', `${m.recordBytes.toLocaleString('en-US')} bytes`, '–', '–'],
    ['deletion record: entries deleted', m.recordDeleted, m.failed, met(m.recordDeleted === m.failed)],
    [
      'deletion record: user_metadata kept',
      m.metadataRecorded,
      m.metadataExpected,
      met(m.metadataRecorded === m.metadataExpected),
    ],
  ];
  const times: [measure: string, value: string][] = [
    ['first DELETE after', `${m.firstDeleteSeconds.toFixed(2)} s`],
    ['list round trips', mean(m.timed.list)],
    ['GET round trips; mean in flight', `${mean(m.timed.get)}; ${inFlight(m.timed.get)}`],
    ['DELETE round trips; mean in flight', `${mean(m.timed.delete)}; ${inFlight(m.timed.delete)}`],
    ['pending line written in', mean(m.timed.pendingLine)],
    ['rest of a worker’s cycle (waiting for its next job)', `${waitingMs.toFixed(1)} ms`],
    ['CPU time: client; fake (own process)', `${m.clientCpuSeconds.toFixed(1)} s; ${m.cpuSeconds.toFixed(1)} s`],
  ];
  const out = [
    `(e) Delete All Matching: ${m.failed} failed of ${m.ready + m.failed}, ${m.latencyMs} ms, no limit, concurrency ${DEFAULT_CONCURRENCY}`,
    '| Measure | Measured | Target | Met |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    '| Where the time went | |',
    '| --- | ---: |',
    ...times.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  console.log(`\n${out.join('\n')}`);
}
