/**
 * The fake TwelveLabs API in a process of its own, for (e) and (f). (e)'s routes scan the whole
 * account on every request (30 s of CPU over the 20,000 requests of the run), and (f)'s upload
 * origin hashes every byte it receives: in the benchmark's process that work would delay the
 * client's own, and count in its memory, which a real server's never does. The parent starts it
 * with startFakeProcess() and, after the run, asks it what it saw.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { FakeApiOptions, FakeTwelveLabsApi } from '../test/fake-api/server';
import { accountWithStatuses } from '../test/fake-api/sampleAccount';

export interface FakeSetup {
  ready: number;
  failed: number;
  latencyMs: number;
  /** The fake's upload options; chunkBytes can be changed later with setChunkBytes(). */
  uploads?: Pick<FakeApiOptions, 'chunkBytes' | 'assetProcessingMs' | 'indexingMs'>;
}

export interface FakeStarted {
  baseUrl: string;
  apiKey: string;
  index: { id: string; name: string };
  /** The failed assets that have user_metadata: the record must keep it for each. */
  failedWithMetadata: string[];
}

/** What the fake saw of the run, and what is left of the account. */
export interface FakeReport {
  /** GET …/indexed-assets. */
  listRequests: number;
  /** GET …/indexed-assets/{id}. */
  detailGets: number;
  deletes: number;
  /** DELETEs beyond the first to the same asset. */
  deletedTwice: number;
  /** Assets outside the filter that were sent a DELETE. */
  wrongDeletes: number;
  readyLeft: number;
  failedLeft: number;
  /** The fake's own CPU time during the run. */
  cpuSeconds: number;
  /** PUTs to presigned URLs (the upload origin), and the body bytes they brought. */
  presignedRequests: number;
  presignedBytes: number;
  /** POST /assets with a file (direct uploads), and the file bytes they brought. */
  directUploads: number;
  directUploadBytes: number;
}

const LIST_PATH = /^\/indexes\/[^/]+\/indexed-assets$/;
const ONE_ASSET_PATH = /^\/indexes\/[^/]+\/indexed-assets\/[^/]+$/;

/** Forks this file as the fake; close() ends it. */
export async function startFakeProcess(setup: FakeSetup): Promise<{
  started: FakeStarted;
  resetRequests(): Promise<void>;
  setChunkBytes(bytes: number): Promise<void>;
  report(): Promise<FakeReport>;
  close(): void;
}> {
  const child = fork(__filename, ['--fake'], { stdio: 'inherit' });
  const ask = async <T>(message: object): Promise<T> => {
    child.send(message);
    const [answer] = (await once(child, 'message')) as [T];
    return answer;
  };
  return {
    started: await ask<FakeStarted>({ start: setup }),
    resetRequests: () => ask<true>({ resetRequests: true }).then(() => undefined),
    setChunkBytes: (bytes) => ask<true>({ chunkBytes: bytes }).then(() => undefined),
    report: () => ask<FakeReport>({ report: true }),
    close: () => void child.kill(),
  };
}

/** The child's side: answers the parent's messages until it disconnects. */
function serve(): void {
  let fake: FakeTwelveLabsApi | undefined;
  let readyIds = new Set<string>();
  let failedIds = new Set<string>();
  let cpuBefore = process.cpuUsage();
  process.on('message', (message: { start?: FakeSetup; resetRequests?: true; chunkBytes?: number; report?: true }) => {
    void (async () => {
      if (message.start) {
        const { ready, failed, latencyMs } = message.start;
        const account = accountWithStatuses(ready, failed);
        const ids = (status: string) => account.assets.filter((a) => a.status === status).map((a) => a._id);
        [readyIds, failedIds] = [new Set(ids('ready')), new Set(ids('failed'))];
        const failedWithMetadata = account.assets.filter((a) => a.status === 'failed' && a.user_metadata);
        fake = await FakeTwelveLabsApi.start({ account, latencyMs, ...message.start.uploads });
        const index = { id: account.indexes[0]._id, name: account.indexes[0].index_name };
        const started: FakeStarted = {
          baseUrl: fake.baseUrl,
          apiKey: fake.apiKey,
          index,
          failedWithMetadata: failedWithMetadata.map((a) => a._id),
        };
        process.send?.(started);
      } else if (message.resetRequests && fake) {
        fake.resetRequests();
        fake.presignedRequests.length = 0;
        cpuBefore = process.cpuUsage();
        process.send?.(true);
      } else if (message.chunkBytes !== undefined && fake) {
        fake.chunkBytes = message.chunkBytes;
        process.send?.(true);
      } else if (message.report && fake) {
        process.send?.(reportOf(fake, readyIds, failedIds, process.cpuUsage(cpuBefore)));
      }
    })();
  });
  process.on('disconnect', () => void fake?.close().then(() => process.exit(0)));
}

function reportOf(
  fake: FakeTwelveLabsApi,
  readyIds: Set<string>,
  failedIds: Set<string>,
  cpu: NodeJS.CpuUsage,
): FakeReport {
  const remaining = new Set(fake.account.assets.map((a) => a._id));
  const deletes = fake.requestsMatching('DELETE', ONE_ASSET_PATH);
  const deletesPerAsset = new Map<string, number>();
  for (const r of deletes) {
    const assetId = r.path.slice(r.path.lastIndexOf('/') + 1);
    deletesPerAsset.set(assetId, (deletesPerAsset.get(assetId) ?? 0) + 1);
  }
  const count = (ids: Set<string>, keep: (assetId: string) => boolean) => [...ids].filter(keep).length;
  const fileBytes = fake
    .requestsMatching('POST', '/assets')
    .map((r) => (r.body as { file?: { bytes: number } } | undefined)?.file?.bytes)
    .filter((bytes) => bytes !== undefined);
  return {
    listRequests: fake.requestsMatching('GET', LIST_PATH).length,
    detailGets: fake.requestsMatching('GET', ONE_ASSET_PATH).length,
    deletes: deletes.length,
    deletedTwice: [...deletesPerAsset.values()].reduce((sum, n) => sum + n - 1, 0),
    wrongDeletes: [...deletesPerAsset.keys()].filter((assetId) => !failedIds.has(assetId)).length,
    readyLeft: count(readyIds, (assetId) => remaining.has(assetId)),
    failedLeft: count(failedIds, (assetId) => remaining.has(assetId)),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    presignedRequests: fake.presignedRequests.length,
    presignedBytes: fake.presignedRequests.reduce((sum, r) => sum + r.bytes, 0),
    directUploads: fileBytes.length,
    directUploadBytes: fileBytes.reduce((sum, bytes) => sum + bytes, 0),
  };
}

if (process.argv.includes('--fake')) serve();
