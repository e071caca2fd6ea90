import * as l10n from '@vscode/l10n';
import { AssetFilter, IndexFilter, MAX_PAGE_LIMIT, SortOrder, TwelveLabsClient } from './api/client';
import { Index, IndexedAsset } from './api/schemas';
import { recounted } from './indexCounts';
import { PagedList } from './paging';
import {
  AssetNode,
  IndexNode,
  LoadMoreNode,
  MessageNode,
  TreeNode,
  errorMessage,
  info,
  unreadableRow,
} from './treeNodes';

export type { AssetNode, IndexNode, LoadMoreNode, MessageAction, MessageNode, TreeNode } from './treeNodes';

// What the Indexes view shows, without VS Code: indexes, their assets, "Load more" rows
// and message rows. Lists load once and stay until a refresh; a delete edits them in place.

/** The client for the current key and settings. Throws TwelveLabsError: `noKey`, or `config` for a bad setting. */
export type ClientSource = () => Promise<TwelveLabsClient>;

type ChangeListener = (node: TreeNode | undefined) => void;

/** How lists are fetched: the page size and sort settings. */
export interface ListSettings {
  pageLimit: number;
  sort: SortOrder;
}

export const DEFAULT_LIST_SETTINGS: ListSettings = { pageLimit: MAX_PAGE_LIMIT, sort: 'newest' };

export class AccountTree {
  private indexes: PagedList<Index>;
  private readonly indexNodes = new Map<string, IndexNode>();
  private readonly assetNodes = new WeakMap<IndexedAsset, AssetNode>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly loadListeners = new Set<() => void>();
  private settings: ListSettings;
  private indexFilter: IndexFilter = {};
  private readonly assetFilters = new Map<string, AssetFilter>();

  constructor(
    private readonly clientSource: ClientSource,
    settings: ListSettings = DEFAULT_LIST_SETTINGS,
  ) {
    this.settings = settings;
    this.indexes = this.newIndexList();
  }

  /** New page size or sort: everything is fetched again. */
  configure(settings: ListSettings): void {
    this.settings = settings;
    this.refresh();
  }

  get indexNameFilter(): string | undefined {
    return this.indexFilter.name;
  }

  /** Lists only the indexes TwelveLabs matches with `name`; undefined lists all. */
  filterIndexes(name: string | undefined): void {
    this.indexFilter = name?.trim() ? { name: name.trim() } : {};
    this.refresh();
  }

  assetFilterOf(indexId: string): AssetFilter | undefined {
    return this.assetFilters.get(indexId);
  }

  /** Lists only the index's assets that match (on the server); undefined lists all. */
  filterAssets(indexId: string, filter: AssetFilter | undefined): void {
    const filename = filter?.filename?.trim() || undefined;
    const statuses = filter?.statuses?.length ? [...filter.statuses] : undefined;
    if (filename || statuses) {
      this.assetFilters.set(indexId, { ...(filename ? { filename } : {}), ...(statuses ? { statuses } : {}) });
    } else {
      this.assetFilters.delete(indexId);
    }
    this.reloadAssets(indexId);
  }

  /** Fetches the index's assets again from the first page, e.g. to show the `added` assets just added. */
  reloadAssets(indexId: string, added = 0): void {
    const node = this.indexNodes.get(indexId);
    if (node) {
      node.assets = this.newAssetList(indexId);
      node.index = recounted(node.index, added, undefined);
      this.fire(node);
    }
  }

  /** Every filter, to keep across reloads of the window. */
  get filters(): { indexName?: string; assets: [string, AssetFilter][] } {
    return { indexName: this.indexFilter.name, assets: [...this.assetFilters] };
  }

  /** Puts back filters kept from an earlier session; does not fetch. */
  restoreFilters(filters: { indexName?: string; assets?: [string, AssetFilter][] }): void {
    this.indexFilter = filters.indexName ? { name: filters.indexName } : {};
    this.assetFilters.clear();
    for (const [indexId, filter] of filters.assets ?? []) {
      this.assetFilters.set(indexId, filter);
    }
    this.refresh();
  }

  /** Called with the node whose row or children changed; undefined means the whole tree. */
  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Called after a page of a list has loaded, e.g. to start polling assets still indexing. */
  onDidLoad(listener: () => void): { dispose(): void } {
    this.loadListeners.add(listener);
    return { dispose: () => this.loadListeners.delete(listener) };
  }

  async children(node?: TreeNode): Promise<TreeNode[]> {
    if (node === undefined) {
      return this.rootChildren();
    }
    if (node.kind === 'index') {
      return this.assetChildren(node);
    }
    return [];
  }

  /** Fetches the next page under a "Load more" or error row, then redraws its parent. */
  async loadMore(node: LoadMoreNode | MessageNode): Promise<void> {
    if (node.parent && this.indexNodes.get(node.parent.index._id) !== node.parent) {
      return; // A row from before a refresh: its list is gone.
    }
    const list = node.parent ? node.parent.assets : this.indexes;
    await list.loadNext();
    this.loadListeners.forEach((listener) => {
      listener();
    });
    this.fire(node.parent);
  }

  /** Expanded indexes with loaded assets in one of these statuses. */
  indexesWithAssetsIn(statuses: readonly string[]): IndexNode[] {
    return [...this.indexNodes.values()].filter((node) =>
      node.assets.all.some((asset) => statuses.includes(asset.status ?? '')),
    );
  }

  /** Newer copies of loaded assets (e.g. a new status): updated in place, and the index redrawn once. */
  updateAssets(indexId: string, fresh: readonly IndexedAsset[]): void {
    const node = this.indexNodes.get(indexId);
    if (node && fresh.map((asset) => node.assets.replace(asset)).some(Boolean)) {
      this.fire(node);
    }
  }

  /** Drops everything loaded; the view asks again for what it shows. */
  refresh(): void {
    this.indexes = this.newIndexList();
    this.indexNodes.clear();
    this.fire(undefined);
  }

  /**
   * Takes a deleted asset out of the view and lowers its index's counts. Looks the index
   * up by ID, since the node that was clicked may be from before a refresh. `deletedNow`
   * says this delete removed it, so the counts included it even when its row was never
   * loaded (a delete from the palette); an asset found already gone lowers them only if shown.
   */
  removeAsset(indexId: string, assetId: string, deletedNow: boolean): void {
    const indexNode = this.indexNodes.get(indexId);
    if (!indexNode) {
      return;
    }
    const removed = indexNode.assets.remove(assetId);
    if (!removed) {
      if (!deletedNow) {
        return;
      }
      indexNode.assets.discountUnloaded();
    }
    // The duration is unknown for an asset never loaded.
    indexNode.index = recounted(indexNode.index, -1, removed?.system_metadata.duration);
    this.fire(indexNode);
  }

  private async rootChildren(): Promise<TreeNode[]> {
    const list = this.indexes;
    if (!list.started) {
      await list.loadNext();
    }
    if (list !== this.indexes) {
      // Refreshed while loading: the view has already been told to ask again.
      return [];
    }
    const rows: TreeNode[] = list.all.map((index) => this.nodeForIndex(index));
    if (list.error?.kind === 'noKey') {
      return [];
    }
    if (rows.length === 0 && !list.error) {
      return [
        info(
          undefined,
          this.indexFilter.name
            ? l10n.t('No index matches the name “{0}”.', this.indexFilter.name)
            : l10n.t('No indexes yet. Create one in the TwelveLabs Playground, then refresh.'),
        ),
      ];
    }
    return [...rows, ...unreadableRow(undefined, list), ...this.tail(undefined, list)];
  }

  private async assetChildren(node: IndexNode): Promise<TreeNode[]> {
    if (!node.assets.started) {
      await node.assets.loadNext();
      this.loadListeners.forEach((listener) => {
        listener();
      });
    }
    const rows: TreeNode[] = node.assets.all.map((asset) => this.nodeForAsset(asset, node));
    if (rows.length === 0 && !node.assets.error) {
      return [
        info(
          node,
          this.assetFilters.has(node.index._id)
            ? l10n.t('No indexed assets match the filter.')
            : l10n.t('No indexed assets in this index.'),
        ),
      ];
    }
    return [...rows, ...unreadableRow(node, node.assets), ...this.tail(node, node.assets)];
  }

  /** The row after a list: its error, or "Load more" when pages remain. */
  private tail(parent: IndexNode | undefined, list: PagedList<{ _id: string }>): TreeNode[] {
    if (list.error) {
      return [errorMessage(parent, list.error)];
    }
    if (list.hasMore) {
      return [{ kind: 'loadMore', parent, shown: list.all.length, total: list.total }];
    }
    return [];
  }

  private nodeForIndex(index: Index): IndexNode {
    let node = this.indexNodes.get(index._id);
    if (!node) {
      node = { kind: 'index', index, assets: this.newAssetList(index._id) };
      this.indexNodes.set(index._id, node);
    }
    return node;
  }

  private nodeForAsset(asset: IndexedAsset, parent: IndexNode): AssetNode {
    let node = this.assetNodes.get(asset);
    if (!node) {
      node = { kind: 'asset', asset, parent };
      this.assetNodes.set(asset, node);
    }
    return node;
  }

  private newIndexList(): PagedList<Index> {
    const { sort, pageLimit } = this.settings;
    const filter = this.indexFilter;
    return new PagedList(
      async (page, limit) => (await this.clientSource()).listIndexes({ page, pageLimit: limit, sort }, filter),
      pageLimit,
    );
  }

  private newAssetList(indexId: string): PagedList<IndexedAsset> {
    const { sort, pageLimit } = this.settings;
    const filter = this.assetFilters.get(indexId) ?? {};
    return new PagedList(
      async (page, limit) =>
        (await this.clientSource()).listIndexedAssets(indexId, { page, pageLimit: limit, sort }, filter),
      pageLimit,
    );
  }

  private fire(node: TreeNode | undefined): void {
    for (const listener of this.listeners) {
      listener(node);
    }
  }
}
