import { AssetFilter, MAX_PAGE_LIMIT, TwelveLabsClient } from './api/client';
import { TwelveLabsError, isTwelveLabsError } from './api/errors';
import { IndexedAsset, Page } from './api/schemas';
import { retried } from './assetUsage';
import { IndexedAssetJob, indexedAssetJob } from './deletionFacts';
import { JobSource } from './jobSource';

// Everything a filter matches in an index, read page by page while it is being deleted, without
// holding the list. Offsets shift as assets go, so the pages are read from the last to the first:
// deleting what page k held moves nothing on pages before k. The list is newest first and each
// page is handed out from its end, so the oldest matches go first. A match created after the
// count (a new upload that fails) is left alone, and so is any beyond the confirmed count. What
// moved anyway (someone else deleted or added) is found by counting and reading the pages once
// more at the end. Each page is read just before its assets are deleted, so that what stopped
// matching meanwhile is not deleted.

/** How many rounds over the pages at most: the first, and sweeps for what moved. */
const MAX_ROUNDS = 3;

export interface MatchingCount {
  total: number;
  /** When the newest match was created, as the count saw it: a match created later came after the count. */
  newest?: string;
}

/** How many indexed assets the filter matches, as the server counts them, and the newest: one request. */
export async function countMatching(
  client: TwelveLabsClient,
  indexId: string,
  filter: AssetFilter,
  signal?: AbortSignal,
): Promise<MatchingCount> {
  // One to a page, so the page count is the count too, should the total be left out.
  const { items, pageInfo } = await client.listIndexedAssets(
    indexId,
    { page: 1, pageLimit: 1, sort: 'newest', signal },
    filter,
  );
  return { total: pageInfo.totalResults ?? pageInfo.totalPages, newest: items[0]?.created_at };
}

export interface MatchingOptions {
  /** The count the user confirmed: never more is handed out, nor a match created after it. */
  count: MatchingCount;
  signal?: AbortSignal;
  pageLimit?: number;
}

/** A job source over the filter's matches; each asset is handed out once. Never rejects. */
export class MatchingAssets implements JobSource<IndexedAssetJob> {
  readonly reportsEveryJob = false;
  /** List requests sent, retries included. */
  listRequests = 0;
  /** Set when a page could not be read (after retries): the run ends there. */
  error: TwelveLabsError | undefined;
  /** Matches seen but left alone: created after the count, or past the confirmed count. */
  beyondLimit = 0;
  private readonly handedOut = new Set<string>();
  private readonly seenBeyond = new Set<string>();
  private buffer: IndexedAsset[] = [];
  private readonly pageLimit: number;
  /** The pages still to read in this round, last first; undefined before a round starts. */
  private pagesLeft: number[] | undefined;
  private rounds = 0;
  private foundThisRound = 0;
  private prefetch: Promise<Page<IndexedAsset> | undefined> | undefined;

  constructor(
    private readonly client: TwelveLabsClient,
    private readonly index: { id: string; name: string },
    private readonly filter: AssetFilter,
    private readonly options: MatchingOptions,
  ) {
    this.pageLimit = options.pageLimit ?? MAX_PAGE_LIMIT;
  }

  get handedOutCount(): number {
    return this.handedOut.size;
  }

  async next(): Promise<IndexedAssetJob | undefined> {
    for (;;) {
      const asset = this.buffer.shift();
      if (asset !== undefined) {
        if (this.handedOut.has(asset._id) || !this.matches(asset)) {
          continue;
        }
        if (this.handedOut.size >= this.options.count.total || this.createdAfterCount(asset)) {
          this.noteBeyond(asset);
          continue;
        }
        this.handedOut.add(asset._id);
        return indexedAssetJob(this.index, asset);
      }
      if (this.error !== undefined || this.options.signal?.aborted || !(await this.readMore())) {
        return undefined;
      }
    }
  }

  /** Fills the buffer with the next page of this round, or starts another round; false at the end. */
  private async readMore(): Promise<boolean> {
    if (this.pagesLeft === undefined) {
      if (this.rounds >= MAX_ROUNDS || (this.rounds > 0 && this.foundThisRound === 0)) {
        return false;
      }
      return this.startRound();
    }
    const page = this.pagesLeft.shift();
    if (page === undefined) {
      this.pagesLeft = undefined;
      return this.readMore();
    }
    const read = await (this.prefetch ?? this.read(page));
    // The page before it is unchanged by what this page's deletes remove: read it meanwhile.
    this.prefetch = this.pagesLeft.length > 0 ? this.read(this.pagesLeft[0]) : undefined;
    if (read === undefined) {
      return false;
    }
    // Oldest first within a page too: what began to match during the run, the newest, goes last.
    this.buffer = read.items.reverse();
    this.foundThisRound += read.items.filter((asset) => !this.handedOut.has(asset._id)).length;
    return true;
  }

  /** The first round pages through what the user confirmed; later ones count again, for what moved. */
  private async startRound(): Promise<boolean> {
    this.rounds++;
    this.foundThisRound = 0;
    const count =
      this.rounds === 1
        ? this.options.count
        : await this.attempt(() => countMatching(this.client, this.index.id, this.filter, this.options.signal));
    if (count === undefined) {
      return false;
    }
    // A server that claims far more than the confirmed count needs is not followed there.
    const pagesNeeded = 2 * Math.ceil(this.options.count.total / this.pageLimit) + 1;
    const lastPage = Math.min(Math.ceil(count.total / this.pageLimit), pagesNeeded);
    this.pagesLeft = Array.from({ length: lastPage }, (_, k) => lastPage - k);
    this.prefetch = undefined;
    return true;
  }

  private read(page: number): Promise<Page<IndexedAsset> | undefined> {
    const request = { page, pageLimit: this.pageLimit, sort: 'newest', signal: this.options.signal } as const;
    return this.attempt(() => this.client.listIndexedAssets(this.index.id, request, this.filter));
  }

  /** One list request, retried where that is safe; undefined when it failed (then `error` says why) or was cancelled. */
  private async attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await retried(() => {
        this.listRequests++;
        return call();
      }, this.options.signal);
    } catch (error) {
      if (!this.options.signal?.aborted) {
        this.error ??= isTwelveLabsError(error)
          ? error
          : new TwelveLabsError({ kind: 'network', message: String(error) });
      }
      return undefined;
    }
  }

  private createdAfterCount(asset: IndexedAsset): boolean {
    const newest = Date.parse(this.options.count.newest ?? '');
    return Date.parse(asset.created_at ?? '') > newest; // false when either is missing or unreadable
  }

  /** The server filters; the statuses are checked again here, so a wrong answer deletes nothing outside them. */
  private matches(asset: IndexedAsset): boolean {
    const { statuses } = this.filter;
    return statuses === undefined || statuses.length === 0 || statuses.includes(asset.status ?? '');
  }

  private noteBeyond(asset: IndexedAsset): void {
    if (!this.seenBeyond.has(asset._id)) {
      this.seenBeyond.add(asset._id);
      this.beyondLimit++;
    }
  }
}
