import { DeleteJob, ItemResult } from './bulkDelete';
import { DeleteTally, DeleteTarget } from './present';

// The rules a delete follows that are not the runner's: an asset is in at most one delete at a time,
// and the end of a bulk delete is counted. The command (src/ui/commands/deleteIndexedAsset.ts) reads
// from top to bottom: claim, client, modal, run, report.

const targetKey = (target: DeleteJob): string => `${target.indexId ?? ''}/${target.assetId}`;

/** What a caller holds from claim() until release(): the assets no other delete has. */
export interface Claim<T extends DeleteJob> {
  /** Each asset once, and none that an earlier delete still holds (in its modal or in flight). */
  readonly targets: T[];
  release(): void;
}

/**
 * The assets in a delete right now, from its modal to its last answer. A second invocation while
 * the first is open leaves those assets out and sends nothing for them.
 */
export class DeletesInFlight {
  private readonly busy = new Set<string>();

  claim<T extends DeleteJob>(targets: readonly T[]): Claim<T> {
    const unique = [...new Map(targets.map((target) => [targetKey(target), target])).values()];
    const free = unique.filter((target) => !this.busy.has(targetKey(target)));
    free.forEach((target) => this.busy.add(targetKey(target)));
    return {
      targets: free,
      release: () => {
        free.forEach((target) => this.busy.delete(targetKey(target)));
      },
    };
  }
}

export function tally(results: readonly ItemResult<DeleteTarget>[]): DeleteTally {
  const count = (kind: string) => results.filter((result) => result.outcome.kind === kind).length;
  const alreadyGone = count('alreadyGone');
  return {
    deleted: count('deleted') + alreadyGone,
    alreadyGone,
    failed: count('failed'),
    cancelled: count('cancelled'),
  };
}
