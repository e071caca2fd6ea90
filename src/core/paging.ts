import { TwelveLabsError } from './api/errors';
import { Page, Unreadable } from './api/schemas';

export type PageFetcher<T> = (page: number, pageLimit: number) => Promise<Page<T>>;

/**
 * The pages of one list loaded so far, in the API's order, each ID once.
 *
 * The API pages by offset, so a delete shifts later items one place forward. After a
 * removal the next request goes back to the page that now holds the first unseen item,
 * and IDs already shown are skipped, so nothing is missed and nothing shows twice.
 */
export class PagedList<T extends { _id: string }> {
  private items: T[] = [];
  /** Every ID ever shown, removed ones included. */
  private readonly ids = new Set<string>();
  /** Items the API sent that could not be read, each once; they hold places in the API's pages. */
  private readonly unreadableItems = new Map<string, Unreadable>();
  private nextPage = 1;
  private totalPages: number | undefined;
  private totalResults: number | undefined;
  private endReached = false;
  private loading: Promise<void> | undefined;
  private lastError: TwelveLabsError | undefined;

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    readonly pageLimit: number,
  ) {}

  get all(): readonly T[] {
    return this.items;
  }

  get unreadable(): readonly Unreadable[] {
    return [...this.unreadableItems.values()];
  }

  /** Places taken in the API's list by what was loaded, readable or not. */
  private get placesLoaded(): number {
    return this.items.length + this.unreadableItems.size;
  }

  /** True once the first page has been answered, with data or an error. */
  get started(): boolean {
    return this.totalPages !== undefined || this.lastError !== undefined;
  }

  /** The error of the last load; cleared when a load succeeds. */
  get error(): TwelveLabsError | undefined {
    return this.lastError;
  }

  /** The API's count, kept current as items are removed here. */
  get total(): number | undefined {
    return this.totalResults;
  }

  get hasMore(): boolean {
    if (this.endReached || this.totalPages === undefined || this.nextPage > this.totalPages) {
      return false;
    }
    return this.totalResults === undefined || this.placesLoaded < this.totalResults;
  }

  /** Loads the next page. Concurrent callers share one request; failures are kept in `error`. */
  loadNext(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const page = this.nextPage;
    try {
      const result = await this.fetchPage(page, this.pageLimit);
      const fresh = result.items.filter((item) => !this.ids.has(item._id));
      for (const item of fresh) {
        this.ids.add(item._id);
        this.items.push(item);
      }
      for (const item of result.unreadable) {
        this.unreadableItems.set(item.json, item);
      }
      this.nextPage = page + 1;
      this.totalPages = result.pageInfo.totalPages;
      this.totalResults = result.pageInfo.totalResults;
      // An empty page means the end, whatever page_info claims.
      this.endReached = result.items.length === 0 && result.unreadable.length === 0;
      this.lastError = undefined;
    } catch (error) {
      if (!(error instanceof TwelveLabsError)) {
        throw error;
      }
      this.lastError = error;
    }
  }

  /** Counts one fewer in the total, for an item deleted before its page was loaded. */
  discountUnloaded(): void {
    if (this.totalResults !== undefined) {
      this.totalResults = Math.max(0, this.totalResults - 1);
    }
  }

  /** Puts a newer copy of a loaded item in its place. Returns whether it was loaded and differs. */
  replace(fresh: T): boolean {
    const position = this.items.findIndex((item) => item._id === fresh._id);
    if (position < 0 || JSON.stringify(this.items[position]) === JSON.stringify(fresh)) {
      return false;
    }
    this.items[position] = fresh;
    return true;
  }

  /** Removes an item that no longer exists. Returns it, or undefined when it was not here. */
  remove(id: string): T | undefined {
    const position = this.items.findIndex((item) => item._id === id);
    if (position < 0) {
      return undefined;
    }
    // The ID stays in `ids`, so a page fetched before the delete took effect cannot bring it back.
    const [removed] = this.items.splice(position, 1);
    if (this.totalResults !== undefined) {
      this.totalResults = Math.max(0, this.totalResults - 1);
    }
    this.nextPage = Math.min(this.nextPage, Math.floor(this.placesLoaded / this.pageLimit) + 1);
    return removed;
  }
}
