import { MAX_PAGE_LIMIT } from './api/client';
import { AccountTree, ClientSource } from './accountTree';

/** Statuses that change by themselves; assets in them are polled until they are ready or failed. */
export const IN_PROGRESS_STATUSES = ['pending', 'queued', 'indexing'] as const;
const FINISHED_STATUSES = ['ready', 'failed'];
/** The most pages of in-progress assets one index costs per round. */
const MAX_PAGES_PER_INDEX = 4;
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
 * have finished (the recently updated ready or failed ones), never one per asset. Errors back off.
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
      for (const node of indexes) {
        const indexId = node.index._id;
        const watched = new Set(
          node.assets.all.filter((a) => IN_PROGRESS_STATUSES.includes(a.status as never)).map((a) => a._id),
        );
        const seen = new Set<string>();
        for (let page = 1; page <= MAX_PAGES_PER_INDEX; page++) {
          const result = await client.listIndexedAssets(
            indexId,
            { page, pageLimit: MAX_PAGE_LIMIT, sort: 'recentlyUpdated' },
            { statuses: IN_PROGRESS_STATUSES },
          );
          result.items.forEach((asset) => seen.add(asset._id));
          this.model.updateAssets(indexId, result.items);
          if (page >= result.pageInfo.totalPages) break;
        }
        if ([...watched].some((id) => !seen.has(id))) {
          // Some finished: they are among the most recently updated ready or failed ones.
          const finished = await client.listIndexedAssets(
            indexId,
            { page: 1, pageLimit: MAX_PAGE_LIMIT, sort: 'recentlyUpdated' },
            { statuses: FINISHED_STATUSES },
          );
          this.model.updateAssets(
            indexId,
            finished.items.filter((asset) => watched.has(asset._id)),
          );
        }
      }
      this.failures = 0;
    } catch {
      // The tree shows errors when the user acts; polling only slows down.
      this.failures++;
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
