import { TwelveLabsClient } from './api/client';
import { isTwelveLabsError } from './api/errors';
import { IndexedAsset, isJsonObject } from './api/schemas';
import { retried } from './assetUsage';
import { ItemResult, RunOptions, runDeletes } from './bulkDelete';
import { JobSource, asJobSource, preparedAhead } from './jobSource';
import { DeletedThing } from './history/deletionRecord';
import { DeleteTarget, assetName } from './present';
import { SourceAssetJob } from './sourceAssetDelete';

// What the deletion record keeps of each asset, gathered before its DELETE is sent: what the list
// said, and the user_metadata that only a read of the one asset returns, so that Restore can put it back.

/** An indexed asset to delete, with what the record keeps of it. */
export interface IndexedAssetJob extends DeleteTarget {
  filename?: string;
  durationSec?: number;
  userMetadata?: Record<string, unknown>;
  /** The read of user_metadata failed: a Restore would lack it. */
  userMetadataUnknown?: boolean;
}

export function indexedAssetJob(index: { id: string; name: string }, asset: IndexedAsset): IndexedAssetJob {
  return {
    indexId: index.id,
    indexName: index.name,
    assetId: asset._id,
    assetName: assetName(asset),
    sourceAssetId: asset.asset_id,
    filename: asset.system_metadata.filename,
    durationSec: asset.system_metadata.duration,
  };
}

/**
 * The job with its user_metadata, read from TwelveLabs. Never rejects: an asset already gone is
 * returned as it is (its DELETE will say so), and a read that fails marks the metadata unknown.
 */
export async function withUserMetadata(
  client: TwelveLabsClient,
  job: IndexedAssetJob,
  signal?: AbortSignal,
): Promise<IndexedAssetJob> {
  try {
    const retrieved = await retried(() => client.getIndexedAsset(job.indexId, job.assetId, signal), signal);
    const metadata = retrieved.user_metadata;
    return isJsonObject(metadata) ? { ...job, userMetadata: metadata } : job;
  } catch (error) {
    return isTwelveLabsError(error) && error.kind === 'notFound' ? job : { ...job, userMetadataUnknown: true };
  }
}

/**
 * Deletes indexed assets as the extension does: each one's user_metadata read just ahead of its
 * DELETE (overlapping with the deletes in flight), then runDeletes with `options`.
 */
export function deleteIndexedAssetJobs(
  client: TwelveLabsClient,
  jobs: readonly IndexedAssetJob[] | JobSource<IndexedAssetJob>,
  options: RunOptions<IndexedAssetJob>,
): Promise<ItemResult<IndexedAssetJob>[]> {
  const source = preparedAhead(
    asJobSource(jobs),
    (job) => withUserMetadata(client, job, options.signal),
    (job) => job,
    options.concurrency,
    options.signal,
  );
  return runDeletes(source, (job) => client.deleteIndexedAsset(job.indexId, job.assetId), options);
}

export function recordedIndexedAsset(job: IndexedAssetJob): DeletedThing {
  return {
    kind: 'indexedAsset',
    indexId: job.indexId,
    indexName: job.indexName,
    indexedAssetId: job.assetId,
    assetId: job.sourceAssetId,
    filename: job.filename,
    durationSec: job.durationSec,
    userMetadata: job.userMetadata,
    userMetadataUnknown: job.userMetadataUnknown,
  };
}

export function recordedUpload(job: SourceAssetJob): DeletedThing {
  return { kind: 'asset', assetId: job.assetId, filename: job.assetName };
}
