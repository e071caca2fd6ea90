import { AssetFilter, MAX_PAGE_LIMIT, TwelveLabsClient } from './api/client';
import { TwelveLabsError, isTwelveLabsError } from './api/errors';
import { IndexedAsset, Page } from './api/schemas';
import { retried } from './assetUsage';
import { IndexedAssetJob, indexedAssetJob } from './deletionFacts';
import { JobSource } from './jobSource';

// Everything a filter matches in an index, read page by page while it is being deleted, without
// holding the list. Offsets shift as assets go, so the pages are read from the last to the first:
// deleting what page k held moves nothing on pages before k. The list is newest first, so the
// oldest matches go first, and a match that appears during the run (a new upload that fails) lands
// on page 1, which is read last, and is left alone once the confirmed count is reached. What
// moved anyway (someone else deleted or added) is found by reading the pages once more at the end.

/** How many rounds over the pages at most: the first, and sweeps for what moved. */
const MAX_ROUNDS = 3;

/** How many indexed assets the filter matches, as the server counts them: one request. */
export async function countMatching(
  client: TwelveLabsClient,
  indexId: string,
  filter: AssetFilter,
  signal?: AbortSignal,
): Promise<number> {
  // One to a page, so the page count is the count too, should the total be left out.
  const { pageInfo } = await client.listIndexedAssets(
    indexId,
    { page: 1, pageLimit: 1, sort: 'newest', signal },
    filter,
  );
  return pageInfo.totalResults ?? pageInfo.totalPages;
}

export interface MatchingOptions {
  /** Never hands out more than this: the count the user confirmed. */
  limit: number;
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
  /** Matches seen but left alone because the confirmed count had been reached. */
  beyondLimit = 0;
  private readonly handedOut = new Set<string>();
  private readonly seenBeyond = new Set<string>();
  private buffer: IndexedAsset[] = [];
  private readonly pageLimit: number;
  /** The pages still to read in this round, last first; undefined before a round starts. */
  private pagesLeft: number[] | undefined;
  /** The round's first page, read first to learn the count and handed out last. */
  private firstPage: IndexedAsset[] = [];
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
        if (this.handedOut.size >= this.options.limit) {
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
      // Page 1 last: it was read first, and deleting the later pages cannot have changed it.
      this.buffer = this.firstPage.reverse();
      this.firstPage = [];
      this.pagesLeft = undefined;
      return true;
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

  private async startRound(): Promise<boolean> {
    this.rounds++;
    this.foundThisRound = 0;
    const first = await this.read(1);
    if (first === undefined) {
      return false;
    }
    // A server that claims far more pages than the confirmed count needs is not followed there.
    const pagesNeeded = 2 * Math.ceil(this.options.limit / this.pageLimit) + 1;
    const lastPage = Math.max(1, Math.min(first.pageInfo.totalPages, pagesNeeded));
    this.firstPage = first.items;
    this.foundThisRound += first.items.filter((asset) => !this.handedOut.has(asset._id)).length;
    this.pagesLeft = Array.from({ length: lastPage - 1 }, (_, k) => lastPage - k);
    this.prefetch = undefined;
    return true;
  }

  private async read(page: number): Promise<Page<IndexedAsset> | undefined> {
    try {
      return await retried(() => {
        this.listRequests++;
        return this.client.listIndexedAssets(
          this.index.id,
          { page, pageLimit: this.pageLimit, sort: 'newest', signal: this.options.signal },
          this.filter,
        );
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
