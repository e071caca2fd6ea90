import { MAX_PAGE_LIMIT, TwelveLabsClient } from './api/client';
import { isTwelveLabsError } from './api/errors';
import { FINISHED_STATUSES, IN_PROGRESS_STATUSES, isInProgress, readIndexedAsset } from './api/schemas';
import { AccountTree, ClientSource } from './accountTree';

/** The most pages of in-progress assets one index costs per round. */
const MAX_PAGES_PER_INDEX = 4;
/** The most assets retrieved one by one per round; the rest wait for the next round. */
const MAX_RETRIEVES_PER_ROUND = 5;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/**
 * Keeps the status of loaded, still-indexing assets current while the view is shown. Each round
 * costs one request per index (its in-progress assets, 50 a page), plus one when some of them
 * have finished (the recently updated ready or failed ones). An asset that left the in-progress
 * list but is not among the recently updated ones (the API reference does not promise that
 * `updated_at` changes when indexing ends) is retrieved by ID, a few per round. Errors back off.
 */
export class StatusPoller {
  private active = false;
  private handle: unknown;
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly model: AccountTree,
    private readonly clientSource: ClientSource,
    /** 0 turns polling off. */
    private readonly intervalMs: () => number,
    private readonly timer: Timer = realTimer,
  ) {}

  /** On while the view is visible and the window focused. */
  setActive(active: boolean): void {
    this.active = active;
    if (active) {
      this.schedule();
    } else {
      this.cancel();
    }
  }

  /** Something changed (a list loaded, a setting): poll if there is something to poll. */
  wake(): void {
    if (this.active && this.handle === undefined && this.running === undefined) {
      this.schedule();
    }
  }

  dispose(): void {
    this.active = false;
    this.cancel();
  }

  /** One round over every expanded index with in-progress assets. */
  async poll(): Promise<void> {
    const indexes = this.model.indexesWithAssetsIn(IN_PROGRESS_STATUSES);
    if (indexes.length === 0) {
      return;
    }
    try {
      const client = await this.clientSource();
      let retrievesLeft = MAX_RETRIEVES_PER_ROUND;
      for (const node of indexes) {
        const indexId = node.index._id;
        const watched = new Set(node.assets.all.filter((a) => isInProgress(a.status)).map((a) => a._id));
        const seen = new Set<string>();
        let readAll = false;
        for (let page = 1; page <= MAX_PAGES_PER_INDEX && !readAll; page++) {
          const result = await client.listIndexedAssets(
            indexId,
            { page, pageLimit: MAX_PAGE_LIMIT, sort: 'recentlyUpdated' },
            { statuses: IN_PROGRESS_STATUSES },
          );
          result.items.forEach((asset) => seen.add(asset._id));
          this.model.updateAssets(indexId, result.items);
          readAll = page >= result.pageInfo.totalPages;
        }
        // Unseen assets have left the in-progress list only if the whole list was read.
        const left = readAll ? [...watched].filter((id) => !seen.has(id)) : [];
        if (left.length > 0) {
          // Some finished: they are usually among the most recently updated ready or failed ones.
          const finished = await client.listIndexedAssets(
            indexId,
            { page: 1, pageLimit: MAX_PAGE_LIMIT, sort: 'recentlyUpdated' },
            { statuses: FINISHED_STATUSES },
          );
          const found = finished.items.filter((asset) => watched.has(asset._id));
          this.model.updateAssets(indexId, found);
          const missed = left.filter((id) => !found.some((asset) => asset._id === id));
          const batch = missed.slice(0, retrievesLeft);
          retrievesLeft -= batch.length;
          await this.retrieveEach(client, indexId, batch);
        }
      }
      this.failures = 0;
    } catch {
      // The tree shows errors when the user acts; polling only slows down.
      this.failures++;
    }
  }

  /** Asks for each asset by ID: a new status updates its row, and one deleted elsewhere leaves. */
  private async retrieveEach(client: TwelveLabsClient, indexId: string, assetIds: string[]): Promise<void> {
    for (const assetId of assetIds) {
      try {
        const asset = readIndexedAsset(await client.getIndexedAsset(indexId, assetId));
        this.model.updateAssets(indexId, [asset]);
      } catch (error) {
        if (!isTwelveLabsError(error, 'notFound')) {
          throw error;
        }
        this.model.removeAsset(indexId, assetId, false);
      }
    }
  }

  private schedule(): void {
    this.cancel();
    const interval = this.intervalMs();
    if (!this.active || interval <= 0 || this.model.indexesWithAssetsIn(IN_PROGRESS_STATUSES).length === 0) {
      return;
    }
    const delay = Math.min(MAX_BACKOFF_MS, interval * 2 ** this.failures);
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      this.running = this.poll().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, delay);
  }

  private cancel(): void {
    if (this.handle !== undefined) {
      this.timer.clear(this.handle);
      this.handle = undefined;
    }
  }
}
