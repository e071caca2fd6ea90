/**
 * (f) Uploads, run as the extension runs them (src/core/upload/*), beside a plain Node stream of the
 * same bytes to the same fake. The fake runs in its own process (bench/fakeProcess.ts): its upload
 * origin MD5-hashes every byte, as storage does for the ETag, and that CPU and memory are not ours.
 *
 *   (f1) a 1 GiB file through a multipart upload session (uploadMultipart, default chunk concurrency)
 *        against one PUT of the whole file (fs.createReadStream piped into http.request);
 *   (f2) the memory the extension's process holds during (f1): its peak RSS in every run, and its heap after
 *        full collections in one more, untimed pass (a collection mid-upload slows what comes after it);
 *   (f3) 20 files of 5 MB, direct uploads, through addVideos (FILE_CONCURRENCY at once), to the moment
 *        the last asset exists; processing and indexing take no time in the fake and are not counted.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import * as http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TwelveLabsClient } from '../src/core/api/client';
import { addVideos, prepareUploads } from '../src/core/upload/addVideos';
import { FILE_CONCURRENCY, chunksInFlight } from '../src/core/upload/limits';
import { openLocalVideo } from '../src/core/upload/localFile';
import { uploadMultipart } from '../src/core/upload/multipart';
import { FakeReport, startFakeProcess } from './fakeProcess';
import { heapAfterGc, sampleRss } from './memory';

const MIB = 1024 ** 2;
const MB = 1e6;
/** The chunk sizes the fake's sessions are given: the SDK's documented example (5 MiB), and a large one. */
const CHUNK_SIZES = [5 * MIB, 64 * MIB];
const ROUNDS = 2;
/** Each measure is taken this many times in a run, interleaved, and the median is kept: the machine is shared. */
const REPEATS = 3;
const THROUGHPUT_TARGET = 0.9;
const MEMORY_TARGET_MB = 64;
const SMALL_FILES = 20;
const SMALL_FILE_BYTES = 5 * MB;
const SMALL_TIME_TARGET = 1.2;

interface Stream {
  seconds: number;
  mbPerSecond: number;
  load: number;
  clientCpuSeconds: number;
  fakeCpuSeconds: number;
  peakRssDeltaMb: number;
}

interface Multipart extends Stream {
  chunkBytes: number;
  presignedRequests: number;
  presignedBytes: number;
}

/** The same upload again, untimed, with the heap measured during it (full collections would slow a timed run). */
interface MultipartMemory {
  peakRssDeltaMb: number;
  /** Heap used, after a full collection, at ¼, ½ and ¾ of the bytes sent, less the heap before: the highest. */
  heapDuringMb: number;
  /** Array buffers (Buffers' memory) after those collections, less before: the highest. */
  buffersDuringMb: number;
}

interface Small {
  /** From prepareUploads to the last file's step "processing" (its asset exists). */
  uploadSeconds: number;
  /** To the last file indexed (0 ms processing and indexing in the fake). */
  totalSeconds: number;
  indexed: number;
  directUploads: number;
  directUploadBytes: number;
  load: number;
  clientCpuSeconds: number;
  fakeCpuSeconds: number;
}

interface Round {
  plain: Stream;
  multipart: (Multipart & MultipartMemory)[];
  small: Small;
}

/** The item whose `key` is the median (the middle one of an odd count). */
function median<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

const load = (): number => loadavg()[0];
const cpuSeconds = (cpu: NodeJS.CpuUsage): number => (cpu.user + cpu.system) / 1e6;

/**
 * Real bytes on disk: a random 1 MiB block repeated (a sparse file would be read as zeros, never from disk).
 * Synced, so that the kernel is not still writing it out while the first runs read it.
 */
async function makeFile(file: string, bytes: number): Promise<void> {
  const block = randomBytes(MIB);
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) {
      await handle.write(block, 0, Math.min(block.length, bytes - written));
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** One PUT of the whole file, as a script would send it: a read stream piped into the request. */
async function plainPut(url: string, file: string, bytes: number): Promise<void> {
  const request = http.request(url, { method: 'PUT', headers: { 'content-length': bytes } });
  createReadStream(file).pipe(request);
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  response.resume();
  await once(response, 'end');
  if (response.statusCode !== 200 || !response.headers.etag) {
    throw new Error(`the plain PUT got HTTP ${response.statusCode}`);
  }
}

export async function uploading(quick: boolean): Promise<Round[]> {
  const bigBytes = quick ? 256 * MIB : 1024 * MIB;
  const directory = await mkdtemp(path.join(tmpdir(), 'bench-upload-'));
  const fake = await startFakeProcess({
    ready: 0,
    failed: 0,
    latencyMs: 0,
    uploads: { assetProcessingMs: 0, indexingMs: 0 },
  });
  try {
    const client = new TwelveLabsClient({ baseUrl: fake.started.baseUrl, apiKey: fake.started.apiKey });
    const bigFile = path.join(directory, 'big.mp4');
    await makeFile(bigFile, bigBytes);
    const smallFiles = Array.from({ length: SMALL_FILES }, (_, i) => path.join(directory, `small-${i + 1}.mp4`));
    for (const file of smallFiles) await makeFile(file, SMALL_FILE_BYTES);
    const video = await openLocalVideo(bigFile);
    const target = { indexId: fake.started.index.id, indexName: fake.started.index.name };

    /** Runs `work` with the fake's counters reset, and measures the client's time, CPU and RSS. */
    const measured = async (work: () => Promise<void>): Promise<Stream & FakeReport> => {
      await fake.resetRequests();
      heapAfterGc();
      const rssBefore = process.memoryUsage.rss();
      const rss = sampleRss();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const loadAtStart = load();
      await work();
      const seconds = (performance.now() - started) / 1000;
      const clientCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
      const peakRssDeltaMb = (rss.stop() - rssBefore) / MB;
      const report = await fake.report();
      const mbPerSecond = bigBytes / MB / seconds;
      const result = { ...report, seconds, mbPerSecond, load: loadAtStart, clientCpuSeconds, peakRssDeltaMb };
      return { ...result, fakeCpuSeconds: report.cpuSeconds };
    };

    /** A multipart upload of the big file in chunks of `chunkBytes`, timed. */
    const multipartOnce = async (chunkBytes: number): Promise<Multipart> => {
      await fake.setChunkBytes(chunkBytes);
      const m = await measured(async () => {
        await uploadMultipart(client.uploads, video, {});
      });
      return { ...m, chunkBytes };
    };

    /** The same upload, untimed, with the heap sampled after full collections at ¼, ½ and ¾ of the bytes sent. */
    const multipartMemory = async (chunkBytes: number): Promise<MultipartMemory> => {
      await fake.setChunkBytes(chunkBytes);
      const heapBefore = heapAfterGc() ?? 0;
      const buffersBefore = process.memoryUsage().arrayBuffers;
      const rssBefore = process.memoryUsage.rss();
      const rss = sampleRss();
      let sent = 0;
      let quarter = 1;
      let heapDuring = 0;
      let buffersDuring = 0;
      const onSent = (bytes: number): void => {
        sent += bytes;
        if (quarter < 4 && sent >= (quarter * bigBytes) / 4) {
          quarter++;
          heapDuring = Math.max(heapDuring, (heapAfterGc() ?? 0) - heapBefore);
          buffersDuring = Math.max(buffersDuring, process.memoryUsage().arrayBuffers - buffersBefore);
        }
      };
      await uploadMultipart(client.uploads, video, { onSent });
      return {
        peakRssDeltaMb: (rss.stop() - rssBefore) / MB,
        heapDuringMb: heapDuring / MB,
        buffersDuringMb: buffersDuring / MB,
      };
    };

    const smallOnce = async (): Promise<Small> => {
      await fake.resetRequests();
      const loadAtStart = load();
      const cpu = process.cpuUsage();
      const started = performance.now();
      let uploaded = 0;
      let uploadSeconds = 0;
      const { ready } = await prepareUploads(smallFiles.map((file) => ({ kind: 'file', path: file })));
      const results = await addVideos(client, target, ready, {
        onStep: (_name, step) => {
          if (step === 'processing' && ++uploaded === SMALL_FILES) {
            uploadSeconds = (performance.now() - started) / 1000;
          }
        },
      });
      const totalSeconds = (performance.now() - started) / 1000;
      const clientCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
      const report = await fake.report();
      return {
        uploadSeconds,
        totalSeconds,
        indexed: results.filter((r) => r.outcome.kind === 'indexed').length,
        directUploads: report.directUploads,
        directUploadBytes: report.directUploadBytes,
        load: loadAtStart,
        clientCpuSeconds,
        fakeCpuSeconds: report.cpuSeconds,
      };
    };

    /** One PUT of the whole file, as a script would send it, timed. */
    const plainOnce = async (): Promise<Stream> => {
      // The fake only takes a whole file at a presigned URL whose session has one chunk of that size.
      await fake.setChunkBytes(bigBytes);
      const session = await client.uploads.startMultipart({ filename: 'plain.mp4', size: bigBytes });
      return measured(() => plainPut(session.urls[0].url, bigFile, bigBytes));
    };

    // Untimed: the first pass through each path runs code that is not compiled yet (the plain stream's is Node's own).
    console.error('(f) warm-up: each upload once, untimed');
    await plainOnce();
    for (const chunkBytes of CHUNK_SIZES) await multipartOnce(chunkBytes);
    await smallOnce();

    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`(f) run ${round}: ${bigBytes / MIB} MiB, ${REPEATS} times each, interleaved`);
      const plains: Stream[] = [];
      const multiparts: Multipart[][] = CHUNK_SIZES.map(() => []);
      const smalls: Small[] = [];
      for (let repeat = 1; repeat <= REPEATS; repeat++) {
        const plain = await plainOnce();
        plains.push(plain);
        console.error(`  plain stream: ${plain.mbPerSecond.toFixed(0)} MB/s, load ${plain.load.toFixed(2)}`);
        for (const [i, chunkBytes] of CHUNK_SIZES.entries()) {
          const m = await multipartOnce(chunkBytes);
          multiparts[i].push(m);
          console.error(
            `  multipart, ${chunkBytes / MIB} MiB chunks: ${m.mbPerSecond.toFixed(0)} MB/s ` +
              `(${(m.mbPerSecond / plain.mbPerSecond).toFixed(3)} of plain), ${m.presignedRequests} PUTs, load ${m.load.toFixed(2)}`,
          );
        }
        const small = await smallOnce();
        smalls.push(small);
        console.error(
          `  ${SMALL_FILES} × 5 MB direct: ${small.uploadSeconds.toFixed(3)} s, load ${small.load.toFixed(2)}`,
        );
      }
      const memory: MultipartMemory[] = [];
      for (const chunkBytes of CHUNK_SIZES) memory.push(await multipartMemory(chunkBytes));
      rounds.push({
        plain: median(plains, (p) => p.mbPerSecond),
        // The median run's time; the peak RSS is the highest of all the runs, the memory pass's too.
        multipart: multiparts.map((runs, i) => ({
          ...median(runs, (m) => m.mbPerSecond),
          ...memory[i],
          peakRssDeltaMb: Math.max(memory[i].peakRssDeltaMb, ...runs.map((m) => m.peakRssDeltaMb)),
        })),
        small: median(smalls, (s) => -s.uploadSeconds),
      });
    }
    return rounds;
  } finally {
    fake.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/** One row a measure, one column a round, then the target and whether each round met it. */
export function printUploadTable(rounds: Round[], quick: boolean): void {
  const bigMib = quick ? 256 : 1024;
  const smallBytes = SMALL_FILES * SMALL_FILE_BYTES;
  const rows: string[][] = [];
  const met = (checks: boolean[]) => checks.map((ok) => (ok ? 'yes' : 'NO')).join(' / ');
  const row = (measure: string, value: (r: Round) => string, target = '–', ok?: (r: Round) => boolean) =>
    rows.push([measure, ...rounds.map(value), target, ok ? met(rounds.map(ok)) : '–']);
  row('load average (1 min) at the plain PUT', (r) => r.plain.load.toFixed(2));
  row(`plain stream, one PUT of ${bigMib} MiB`, (r) => `${r.plain.mbPerSecond.toFixed(0)} MB/s`);
  row(
    '  its CPU: client; fake',
    (r) => `${r.plain.clientCpuSeconds.toFixed(2)} s; ${r.plain.fakeCpuSeconds.toFixed(2)} s`,
  );
  row('  its peak RSS − RSS before', (r) => `${r.plain.peakRssDeltaMb.toFixed(1)} MB`);
  CHUNK_SIZES.forEach((chunkBytes, i) => {
    const m = (r: Round) => r.multipart[i];
    const name = `(f1) multipart, ${chunkBytes / MIB} MiB chunks, ${chunksInFlight(chunkBytes)} in flight`;
    row(`${name}: load average at start`, (r) => m(r).load.toFixed(2));
    row(`${name}: throughput`, (r) => `${m(r).mbPerSecond.toFixed(0)} MB/s`);
    row(
      '  ÷ plain stream',
      (r) => (m(r).mbPerSecond / r.plain.mbPerSecond).toFixed(3),
      `≥ ${THROUGHPUT_TARGET}`,
      (r) => m(r).mbPerSecond >= THROUGHPUT_TARGET * r.plain.mbPerSecond,
    );
    row(
      '  PUTs to presigned URLs; their bytes',
      (r) => `${m(r).presignedRequests}; ${m(r).presignedBytes.toLocaleString('en-US')}`,
      `${Math.ceil((bigMib * MIB) / chunkBytes)}; ${(bigMib * MIB).toLocaleString('en-US')}`,
      (r) => m(r).presignedBytes === bigMib * MIB,
    );
    row('  CPU: client; fake', (r) => `${m(r).clientCpuSeconds.toFixed(2)} s; ${m(r).fakeCpuSeconds.toFixed(2)} s`);
    row(
      '  (f2) peak RSS − RSS before',
      (r) => `${m(r).peakRssDeltaMb.toFixed(1)} MB`,
      `≤ ${MEMORY_TARGET_MB} MB`,
      (r) => m(r).peakRssDeltaMb <= MEMORY_TARGET_MB,
    );
    row(
      '  (f2) heap after GC during − before (memory pass: highest of 3)',
      (r) => `${m(r).heapDuringMb.toFixed(1)} MB`,
      `≤ ${MEMORY_TARGET_MB} MB`,
      (r) => m(r).heapDuringMb <= MEMORY_TARGET_MB,
    );
    row('  Buffers after GC during − before', (r) => `${m(r).buffersDuringMb.toFixed(1)} MB`);
  });
  const smallTarget = (r: Round) => (SMALL_TIME_TARGET * smallBytes) / MB / r.plain.mbPerSecond;
  row(`(f3) ${SMALL_FILES} × 5 MB direct, ${FILE_CONCURRENCY} at once: load average at start`, (r) =>
    r.small.load.toFixed(2),
  );
  row(
    '  until the last asset exists',
    (r) => `${r.small.uploadSeconds.toFixed(3)} s`,
    `≤ ${SMALL_TIME_TARGET} × ${smallBytes / MB} MB ÷ plain`,
    (r) => r.small.uploadSeconds <= smallTarget(r),
  );
  row('  target in seconds', (r) => `${smallTarget(r).toFixed(3)} s`);
  row(
    '  ÷ target',
    (r) => (r.small.uploadSeconds / smallTarget(r)).toFixed(3),
    '≤ 1',
    (r) => r.small.uploadSeconds <= smallTarget(r),
  );
  row('  as MB/s', (r) => `${(smallBytes / MB / r.small.uploadSeconds).toFixed(0)} MB/s`);
  row('  CPU: client; fake', (r) => `${r.small.clientCpuSeconds.toFixed(2)} s; ${r.small.fakeCpuSeconds.toFixed(2)} s`);
  row('  to all indexed (not counted)', (r) => `${r.small.totalSeconds.toFixed(3)} s`);
  row(
    '  indexed; POST /assets with a file; their bytes',
    (r) => `${r.small.indexed}; ${r.small.directUploads}; ${r.small.directUploadBytes.toLocaleString('en-US')}`,
    `${SMALL_FILES}; ${SMALL_FILES}; ${smallBytes.toLocaleString('en-US')}`,
    (r) => r.small.indexed === SMALL_FILES && r.small.directUploadBytes === smallBytes,
  );
  const header = ['Measure', ...rounds.map((_, i) => `Run ${i + 1}`), 'Target', 'Met'];
  const out = [
    `(f) uploads to the fake on loopback (fake in its own process); MB = 10^6 bytes; Node ${process.version}; ` +
      `after one untimed warm-up of each; each run: the median of ${REPEATS}, interleaved; the heap from one more, untimed pass (peak RSS: the highest of all)`,
    `| ${header.join(' | ')} |`,
    `| --- | ${rounds.map(() => '---:').join(' | ')} | ---: | --- |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  console.log(`\n${out.join('\n')}`);
}
