import { MAX_PAGE_LIMIT, TwelveLabsClient } from './api/client';
import { AssetReference, SourceAsset } from './api/assetSchemas';
import { isTwelveLabsError } from './api/errors';
import { Page } from './api/schemas';
import { isRetryable } from './bulkDelete';
import { allLimited } from './limited';
import { realTiming } from './requestGate';
import type { SourceAssetJob } from './sourceAssetDelete';

// Which uploaded assets the indexes use, without one request per asset: one pass over every
// index's indexed assets, whose `asset_id` names the source. That is ceil(indexes / 50) requests,
// plus one per 50 indexed assets of each index.

export interface AssetUsage {
  /** asset_id → the indexed assets that use it. An asset not here is unused. */
  readonly byAsset: Map<string, AssetReference[]>;
  /** Indexed assets listed without an asset_id (older indexes), whose source is unknown. */
  readonly withoutSource: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Pages in flight at once. */
  concurrency?: number;
}

const DEFAULT_SCAN_CONCURRENCY = 4;
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 1000;

export async function scanUsage(client: TwelveLabsClient, options: ScanOptions = {}): Promise<AssetUsage> {
  const indexes = await allPages(
    (page) => client.listIndexes({ page, pageLimit: MAX_PAGE_LIMIT, signal: options.signal }),
    options,
  );
  const byAsset = new Map<string, AssetReference[]>();
  let withoutSource = 0;
  await allLimited(
    indexes.map((index) => async () => {
      const assets = await allPages(
        (page) => client.listIndexedAssets(index._id, { page, pageLimit: MAX_PAGE_LIMIT, signal: options.signal }),
        options,
      );
      for (const asset of assets) {
        if (asset.asset_id === undefined) {
          withoutSource++;
          continue;
        }
        const references = byAsset.get(asset.asset_id) ?? [];
        references.push({ _id: asset._id, indexId: index._id, indexName: index.index_name });
        byAsset.set(asset.asset_id, references);
      }
    }),
    options.concurrency ?? DEFAULT_SCAN_CONCURRENCY,
  );
  return { byAsset, withoutSource };
}

/** Every uploaded asset (matching `filename`), then those no index uses: one pass over each list. */
export async function findUnusedAssets(
  client: TwelveLabsClient,
  filter: { filename?: string },
  options: ScanOptions = {},
): Promise<{ unused: SourceAsset[]; usage: AssetUsage }> {
  const [usage, assets] = await Promise.all([
    scanUsage(client, options),
    allPages((page) => client.listAssets({ page, pageLimit: MAX_PAGE_LIMIT, signal: options.signal }, filter), options),
  ]);
  return { unused: assets.filter((asset) => !usage.byAsset.has(asset._id)), usage };
}

/** Every indexed asset that uses one uploaded asset: what its delete must go through first. */
export function referencesOf(
  client: TwelveLabsClient,
  assetId: string,
  options: ScanOptions = {},
): Promise<AssetReference[]> {
  return allPages(
    (page) => client.listAssetReferences(assetId, { page, pageLimit: MAX_PAGE_LIMIT, signal: options.signal }),
    options,
  );
}

/** Each asset with the indexed assets that use it now: what the modal shows and the delete goes through. */
export async function withReferences(
  client: TwelveLabsClient,
  assets: readonly { assetId: string; assetName: string }[],
  options: ScanOptions = {},
): Promise<SourceAssetJob[]> {
  const jobs: SourceAssetJob[] = [];
  await allLimited(
    assets.map((asset, i) => async () => {
      jobs[i] = { ...asset, references: await referencesOf(client, asset.assetId, options) };
    }),
    options.concurrency ?? DEFAULT_SCAN_CONCURRENCY,
  );
  return jobs;
}

/** Up to this many sources are asked about one by one; more cost less with one pass over the indexes. */
const ASKED_ONE_BY_ONE = 20;

/**
 * The uploaded assets that deleting these indexed assets would leave unused: those that nothing
 * outside them uses. Indexed assets without an asset_id (older indexes) have no known source.
 * Costs one request per source, or for many sources one pass over the indexes, whichever is less.
 */
export async function sourcesLeftUnused(
  client: TwelveLabsClient,
  deleting: readonly { assetId: string; assetName: string; sourceAssetId?: string }[],
  options: ScanOptions = {},
): Promise<SourceAssetJob[]> {
  const ids = new Set(deleting.map((target) => target.assetId));
  const sources = new Map<string, string>();
  for (const { sourceAssetId, assetName } of deleting) {
    if (sourceAssetId !== undefined && !sources.has(sourceAssetId)) sources.set(sourceAssetId, assetName);
  }
  const assets = [...sources].map(([assetId, assetName]) => ({ assetId, assetName }));
  let jobs: SourceAssetJob[];
  if (assets.length <= ASKED_ONE_BY_ONE) {
    jobs = await withReferences(client, assets, options);
  } else {
    const { byAsset } = await scanUsage(client, options);
    jobs = assets.map((asset) => ({ ...asset, references: byAsset.get(asset.assetId) ?? [] }));
  }
  return jobs.filter((job) => job.references.every((reference) => ids.has(reference._id)));
}

/**
 * All pages of a list: the first says how many there are, the rest are fetched a few at a time.
 * Each ID once, in case an item moved to a later page while we read.
 */
async function allPages<T extends { _id: string }>(
  fetch: (page: number) => Promise<Page<T>>,
  options: ScanOptions,
): Promise<T[]> {
  const first = await retried(() => fetch(1), options.signal);
  const rest = Array.from({ length: Math.max(0, first.pageInfo.totalPages - 1) }, (_, i) => i + 2);
  const pages: Page<T>[] = [first];
  await allLimited(
    rest.map((page) => async () => {
      pages[page - 1] = await retried(() => fetch(page), options.signal);
    }),
    options.concurrency ?? DEFAULT_SCAN_CONCURRENCY,
  );
  const seen = new Set<string>();
  return pages.flatMap((page) => page.items).filter((item) => !seen.has(item._id) && Boolean(seen.add(item._id)));
}

/** A read is safe to repeat: a 429, a timeout or a 502–504 is tried again, a few times. */
export async function retried<T>(read: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!isTwelveLabsError(error) || !isRetryable(error) || attempt >= ATTEMPTS) {
        throw error;
      }
      const delay = error.retryAfterMs ?? RETRY_DELAY_MS * attempt;
      await realTiming.sleep(delay, signal ?? new AbortController().signal, new Promise(() => {}));
    }
  }
}
