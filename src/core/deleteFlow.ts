import { TwelveLabsClient } from './api/client';
import { TwelveLabsError, isTwelveLabsError } from './api/errors';
import { Confirmation, DeleteTarget, deleteConfirmation } from './present';

export type DeleteOutcome =
  | { kind: 'deleted' }
  | { kind: 'alreadyGone' }
  | { kind: 'failed'; error: TwelveLabsError }
  /** The user did not confirm: nothing was sent. */
  | { kind: 'notConfirmed' }
  /** A delete of this asset is already being confirmed or sent: nothing more was sent. */
  | { kind: 'alreadyInProgress' };

/** Shows the modal and resolves true only when the user pressed the confirming button. */
export type Confirm = (confirmation: Confirmation) => Promise<boolean>;

/**
 * Confirms and deletes one indexed asset, at most once at a time per asset: a second
 * invocation while the first is still in its modal or in flight sends nothing.
 */
export class AssetDeleter {
  private readonly busy = new Set<string>();

  async confirmAndDelete(
    target: DeleteTarget,
    confirm: Confirm,
    client: () => Promise<TwelveLabsClient>,
  ): Promise<DeleteOutcome> {
    const key = `${target.indexId}/${target.assetId}`;
    if (this.busy.has(key)) {
      return { kind: 'alreadyInProgress' };
    }
    this.busy.add(key);
    try {
      // No key or an unusable setting fails here, before asking for a confirmation that could not be acted on.
      const api = await client();
      if (!(await confirm(deleteConfirmation(target)))) {
        return { kind: 'notConfirmed' };
      }
      await api.deleteIndexedAsset(target.indexId, target.assetId);
      return { kind: 'deleted' };
    } catch (error) {
      if (isTwelveLabsError(error, 'notFound')) {
        return { kind: 'alreadyGone' };
      }
      if (isTwelveLabsError(error)) {
        return { kind: 'failed', error };
      }
      throw error;
    } finally {
      this.busy.delete(key);
    }
  }
}
