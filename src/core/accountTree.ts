import { TwelveLabsClient, MAX_PAGE_LIMIT } from './api/client';
import { TwelveLabsError } from './api/errors';
import { Index, IndexedAsset } from './api/schemas';
import { PagedList } from './paging';

/**
 * What the Indexes view shows, without VS Code: indexes, their assets, "Load more" rows
 * and message rows. Lists load once and stay until a refresh; a delete edits them in place.
 */

export interface IndexNode {
  readonly kind: 'index';
  index: Index;
  readonly assets: PagedList<IndexedAsset>;
}

export interface AssetNode {
  readonly kind: 'asset';
  readonly asset: IndexedAsset;
  readonly parent: IndexNode;
}

export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly parent: IndexNode | undefined;
  readonly shown: number;
  readonly total: number | undefined;
}

/** What clicking a message row does. */
export type MessageAction = 'retry' | 'setKey' | 'openSettings';

export interface MessageNode {
  readonly kind: 'message';
  readonly parent: IndexNode | undefined;
  readonly text: string;
  readonly tone: 'info' | 'error';
  readonly action?: MessageAction;
  /** A few words on the cause, shown beside the text. */
  readonly reason?: string;
  /** The full message, for the tooltip. */
  readonly detail?: string;
}

export type TreeNode = IndexNode | AssetNode | LoadMoreNode | MessageNode;

/** The client for the current key and settings. Throws TwelveLabsError: `noKey`, or `config` for a bad setting. */
export type ClientSource = () => Promise<TwelveLabsClient>;

type ChangeListener = (node: TreeNode | undefined) => void;

export class AccountTree {
  private indexes: PagedList<Index>;
  private readonly indexNodes = new Map<string, IndexNode>();
  private readonly assetNodes = new WeakMap<IndexedAsset, AssetNode>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly clientSource: ClientSource,
    private readonly pageLimit = MAX_PAGE_LIMIT,
  ) {
    this.indexes = this.newIndexList();
  }

  /** Called with the node whose row or children changed; undefined means the whole tree. */
  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
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
    this.fire(node.parent);
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
    const { video_count, total_duration } = indexNode.index;
    const duration = removed?.system_metadata.duration;
    indexNode.index = {
      ...indexNode.index,
      video_count: video_count === undefined ? undefined : Math.max(0, video_count - 1),
      // Unknown for an asset never loaded: better unchanged than wrong.
      total_duration:
        total_duration === undefined || duration === undefined ? total_duration : Math.max(0, total_duration - duration),
    };
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
      return [info(undefined, 'No indexes yet. Create one in the TwelveLabs Playground, then refresh.')];
    }
    return [...rows, ...this.tail(undefined, list)];
  }

  private async assetChildren(node: IndexNode): Promise<TreeNode[]> {
    if (!node.assets.started) {
      await node.assets.loadNext();
    }
    const rows: TreeNode[] = node.assets.all.map((asset) => this.nodeForAsset(asset, node));
    if (rows.length === 0 && !node.assets.error) {
      return [info(node, 'No indexed assets in this index.')];
    }
    return [...rows, ...this.tail(node, node.assets)];
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
    return new PagedList(async (page, pageLimit) => (await this.clientSource()).listIndexes({ page, pageLimit }), this.pageLimit);
  }

  private newAssetList(indexId: string): PagedList<IndexedAsset> {
    return new PagedList(
      async (page, pageLimit) => (await this.clientSource()).listIndexedAssets(indexId, { page, pageLimit }),
      this.pageLimit,
    );
  }

  private fire(node: TreeNode | undefined): void {
    for (const listener of this.listeners) {
      listener(node);
    }
  }
}

function info(parent: IndexNode | undefined, text: string): MessageNode {
  return { kind: 'message', parent, tone: 'info', text };
}

function errorMessage(parent: IndexNode | undefined, error: TwelveLabsError): MessageNode {
  const base = { kind: 'message', parent, tone: 'error', detail: error.message } as const;
  switch (error.kind) {
    case 'invalidKey':
    case 'noKey':
      return { ...base, text: 'The API key was rejected. Click to set a new one.', action: 'setKey' };
    case 'config':
      return { ...base, text: 'The API base URL setting is not usable. Click to open Settings.', action: 'openSettings' };
    default:
      return {
        ...base,
        text: `Could not load ${parent ? 'the indexed assets' : 'your indexes'}. Click to retry.`,
        action: 'retry',
        reason: briefReason(error),
      };
  }
}

/** The cause in a few words; the tooltip has the whole message. */
function briefReason(error: TwelveLabsError): string {
  const http = error.status === undefined ? '' : ` (HTTP ${error.status})`;
  switch (error.kind) {
    case 'network':
      return 'connection problem';
    case 'timeout':
      return 'timed out';
    case 'rateLimited':
      return 'rate limited';
    case 'server':
      return `server error${http}`;
    case 'malformed':
      return 'unreadable answer';
    case 'forbidden':
      return `not allowed${http}`;
    default:
      return `refused${http}`;
  }
}
