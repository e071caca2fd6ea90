import { TwelveLabsClient } from './api/client';
import { AssetReference } from './api/assetSchemas';
import { TwelveLabsError } from './api/errors';
import { ItemOutcome, ItemResult, RunOptions, isGone, runDeletes } from './bulkDelete';

// Deleting uploaded source assets. TwelveLabs refuses (409) while an indexed asset uses one, and
// `force=true`, which would delete it anyway, does something undocumented to those indexed assets,
// so it is never sent. An asset is deleted only once every indexed asset that used it is gone.

export interface SourceAssetJob {
  assetId: string;
  /** Shown in the modal and the summary. */
  assetName: string;
  /** The indexed assets that used it when the delete was planned. */
  references: readonly AssetReference[];
}

export type SourceAssetOutcome =
  | ItemOutcome
  /**
   * Not sent: these indexed assets still use it. `error` is why the first of them could not be
   * deleted; without it, they were not to be deleted.
   */
  | { kind: 'kept'; stillUsedBy: readonly AssetReference[]; error?: TwelveLabsError; attempts: 0 };

/** An uploaded asset as its DELETE is sent. */
export interface SentUpload {
  assetId: string;
  job: SourceAssetJob;
}

export interface SourceAssetResult {
  job: SourceAssetJob;
  outcome: SourceAssetOutcome;
}

/**
 * Sends DELETE /assets/{id} (never with force) for each job whose every indexed asset the run
 * before it confirmed gone (`referenceResults`); keeps the others without a request. Resolves
 * with one result per job, in the order given; a 409 is a `failed` outcome with a `conflict` error.
 */
export async function deleteSourceAssets(
  client: TwelveLabsClient,
  jobs: readonly SourceAssetJob[],
  referenceResults: readonly ItemResult<{ assetId: string }>[],
  options: RunOptions<SentUpload>,
): Promise<SourceAssetResult[]> {
  const gone = new Set<string>();
  const errors = new Map<string, TwelveLabsError>();
  for (const { job, outcome } of referenceResults) {
    if (isGone(outcome)) gone.add(job.assetId);
    else if (outcome.kind === 'failed') errors.set(job.assetId, outcome.error);
  }
  const stillUsed = (job: SourceAssetJob) => job.references.filter((reference) => !gone.has(reference._id));
  const sendable = jobs.filter((job) => stillUsed(job).length === 0).map((job) => ({ assetId: job.assetId, job }));
  const sent = await runDeletes(sendable, ({ assetId }) => client.deleteAsset(assetId), options);
  const outcomes = new Map(sent.map(({ job, outcome }) => [job.job, outcome]));
  return jobs.map((job): SourceAssetResult => {
    const left = stillUsed(job);
    const error = left.map((reference) => errors.get(reference._id)).find((found) => found !== undefined);
    return { job, outcome: outcomes.get(job) ?? { kind: 'kept', stillUsedBy: left, error, attempts: 0 } };
  });
}
