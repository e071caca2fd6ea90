import { TwelveLabsClient } from './api/client';
import { TwelveLabsError, isTwelveLabsError } from './api/errors';
import { DEFAULT_CONCURRENCY, ItemResult, runDeletes } from './bulkDelete';
import { Confirmation, DeleteTally, DeleteTarget, deleteConfirmation } from './present';

export type DeleteOutcome =
  /** The modal was answered with Delete: one result per asset it named. */
  | { kind: 'ran'; results: ItemResult<DeleteTarget>[] }
  /** Nothing could be sent (no key, an unusable setting): nothing was asked. */
  | { kind: 'failed'; error: TwelveLabsError }
  /** The user did not confirm: nothing was sent. */
  | { kind: 'notConfirmed' }
  /** Every asset is already being confirmed or deleted by an earlier invocation: nothing more was sent. */
  | { kind: 'alreadyInProgress' };

/** Shows the modal and resolves true only when the user pressed the confirming button. */
export type Confirm = (confirmation: Confirmation) => Promise<boolean>;

/** What the caller may do to a running delete: cancel it, and hear of each asset as it settles. */
export interface RunControl {
  signal?: AbortSignal;
  onSettled?: (result: ItemResult<DeleteTarget>) => void;
}

type Results = Promise<ItemResult<DeleteTarget>[]>;

export interface DeleteOptions {
  concurrency?: number;
  /** Selected rows that are not indexed assets; the modal says they are left alone. */
  ignored?: number;
  /**
   * Runs the deletes once confirmed, e.g. inside a progress notification with a Cancel button.
   * `count` is how many the modal named (assets busy in another operation are left out).
   */
  execute?: (deleteAll: (control: RunControl) => Results, count: number) => Results;
}

const targetKey = (target: DeleteTarget): string => `${target.indexId}/${target.assetId}`;

/**
 * Confirms and deletes indexed assets. An asset is in at most one operation at a time: a second
 * invocation while the first is still in its modal or in flight leaves it out, and sends nothing
 * for it. Only the assets the modal named are ever sent.
 */
export class AssetDeleter {
  private readonly busy = new Set<string>();

  async confirmAndDelete(
    targets: readonly DeleteTarget[],
    confirm: Confirm,
    client: () => Promise<TwelveLabsClient>,
    { concurrency = DEFAULT_CONCURRENCY, ignored = 0, execute = (deleteAll) => deleteAll({}) }: DeleteOptions = {},
  ): Promise<DeleteOutcome> {
    const unique = [...new Map(targets.map((target) => [targetKey(target), target])).values()];
    const free = unique.filter((target) => !this.busy.has(targetKey(target)));
    if (free.length === 0) {
      return { kind: 'alreadyInProgress' };
    }
    free.forEach((target) => this.busy.add(targetKey(target)));
    try {
      let api: TwelveLabsClient;
      try {
        // No key or an unusable setting fails here, before asking for a confirmation that could not be acted on.
        api = await client();
      } catch (error) {
        if (isTwelveLabsError(error)) {
          return { kind: 'failed', error };
        }
        throw error;
      }
      if (!(await confirm(deleteConfirmation(free, ignored)))) {
        return { kind: 'notConfirmed' };
      }
      const results = await execute(
        (control) =>
          runDeletes(free, (target) => api.deleteIndexedAsset(target.indexId, target.assetId), {
            concurrency,
            ...control,
          }),
        free.length,
      );
      return { kind: 'ran', results };
    } finally {
      free.forEach((target) => this.busy.delete(targetKey(target)));
    }
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
