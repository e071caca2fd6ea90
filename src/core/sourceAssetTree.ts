import * as l10n from '@vscode/l10n';
import { AssetReference, SourceAsset } from './api/assetSchemas';
import { MAX_PAGE_LIMIT } from './api/client';
import { TwelveLabsError, toTwelveLabsError } from './api/errors';
import { ClientSource } from './accountTree';
import { AssetUsage, findUnusedAssets, scanUsage } from './assetUsage';
import { PagedList } from './paging';
import { Usage, assetsEmptyText } from './presentAssets';
import {
  AssetsViewNode,
  LoadMoreNode,
  MessageNode,
  ReferenceNode,
  SourceAssetNode,
  errorRow,
  unreadableIndexedAssetsText,
  unreadableRows,
} from './treeNodes';

// What the Assets view shows, without VS Code: the uploaded assets page by page, each marked
// unused once a scan of the indexes (see assetUsage.ts) says no indexed asset uses it, and under
// each the indexed assets that use it. "Show only unused" lists the scan's result instead.

type ChangeListener = (node: AssetsViewNode | undefined) => void;
type Row = AssetsViewNode;
const VIEW = 'assets';

export class SourceAssetTree {
  private list: PagedList<SourceAsset>;
  private filter: { filename?: string } = {};
  private unusedOnly = false;
  /** With "only unused": what the one pass found, less what was deleted since. */
  private unusedAssets: SourceAsset[] | undefined;
  private usage: AssetUsage | undefined;
  private usageError: TwelveLabsError | undefined;
  private scanStarted = false;
  /** Bumped by refresh(), so an answer to an older request is dropped. */
  private generation = 0;
  private readonly nodes = new Map<string, SourceAssetNode>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly clientSource: ClientSource,
    private pageLimit = MAX_PAGE_LIMIT,
  ) {
    this.list = this.newList();
  }

  get filenameFilter(): string | undefined {
    return this.filter.filename;
  }

  get showsOnlyUnused(): boolean {
    return this.unusedOnly;
  }

  /** Lists only the assets whose filename TwelveLabs matches; undefined lists all. */
  filterByFilename(filename: string | undefined): void {
    this.filter = filename?.trim() ? { filename: filename.trim() } : {};
    this.refresh();
  }

  showOnlyUnused(on: boolean): void {
    this.unusedOnly = on;
    this.refresh();
  }

  /** Both filters, to keep across reloads of the window. */
  get filters(): { filename?: string; unusedOnly: boolean } {
    return { ...this.filter, unusedOnly: this.unusedOnly };
  }

  /** Puts back filters kept from an earlier session (checked, since storage may hold anything); does not fetch. */
  restoreFilters(kept: { filename?: unknown; unusedOnly?: unknown }): void {
    this.filter = typeof kept.filename === 'string' && kept.filename.trim() ? { filename: kept.filename.trim() } : {};
    this.unusedOnly = kept.unusedOnly === true;
    this.refresh();
  }

  configure(pageLimit: number): void {
    this.pageLimit = pageLimit;
    this.refresh();
  }

  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** 'unused' or 'used' once the scan has answered, 'unknown' when it failed; undefined before. */
  usageOf(assetId: string): Usage {
    if (this.usage === undefined) {
      return this.usageError ? 'unknown' : undefined;
    }
    return this.usage.byAsset.has(assetId) ? 'used' : 'unused';
  }

  /** Indexed assets the scan found without an asset_id (older indexes): uses the marks cannot see. */
  get usesNotShown(): number {
    return this.usage?.withoutSource ?? 0;
  }

  /** Drops everything loaded, the usage scan included; the view asks again for what it shows. */
  refresh(): void {
    this.generation++;
    this.usage = undefined;
    this.usageError = undefined;
    this.scanStarted = false;
    this.nodes.clear();
    this.list = this.newList();
    this.fire(undefined);
  }

  async children(node?: Row): Promise<Row[]> {
    if (node === undefined) {
      return this.rootChildren();
    }
    return node.kind === 'sourceAsset' ? this.referenceChildren(node) : [];
  }

  /** Fetches the next page under a "Load more" or error row; at the top, also retries a failed scan. */
  async loadMore(node: LoadMoreNode<SourceAssetNode> | MessageNode<SourceAssetNode>): Promise<void> {
    if (node.parent) {
      if (this.nodes.get(node.parent.asset._id) === node.parent) {
        await node.parent.references.loadNext();
        this.fire(node.parent);
      }
      return;
    }
    if (this.usageError) {
      this.usageError = undefined;
      this.scanStarted = false;
    }
    if (this.list.error || this.list.hasMore) {
      await this.list.loadNext();
    }
    this.fire(undefined);
  }

  /** Indexed assets deleted anywhere: their rows go, and their sources lose a user (maybe their last). */
  referencesDeleted(indexedAssetIds: ReadonlySet<string>): void {
    if (indexedAssetIds.size === 0) {
      return;
    }
    for (const node of this.nodes.values()) {
      indexedAssetIds.forEach((id) => node.references.remove(id));
    }
    for (const [assetId, references] of this.usage?.byAsset ?? []) {
      const left = references.filter((reference) => !indexedAssetIds.has(reference._id));
      if (left.length === 0) {
        this.usage?.byAsset.delete(assetId);
      } else if (left.length < references.length) {
        this.usage?.byAsset.set(assetId, left);
      }
    }
    this.fire(undefined);
  }

  /** An uploaded asset is gone: its row goes. */
  assetDeleted(assetId: string): void {
    this.list.remove(assetId);
    this.unusedAssets = this.unusedAssets?.filter((asset) => asset._id !== assetId);
    this.nodes.delete(assetId);
    this.fire(undefined);
  }

  private async rootChildren(): Promise<Row[]> {
    const { list, generation } = this;
    if (!list.started) {
      await list.loadNext();
    }
    if (generation !== this.generation) {
      return []; // refreshed while loading: the view has been told to ask again
    }
    if (list.error?.kind === 'noKey') {
      return [];
    }
    if (!this.unusedOnly) this.startScan();
    const rows: Row[] = list.all.map((asset) => this.nodeFor(asset));
    if (rows.length === 0 && !list.error) {
      return [this.info(undefined, assetsEmptyText(this.unusedOnly, this.filter.filename))];
    }
    const scanRow = this.usageError
      ? [errorRow(undefined, this.usageError, l10n.t('Could not check which assets are in use. Click to retry.'), VIEW)]
      : [];
    return [
      ...scanRow,
      ...rows,
      ...unreadableRows(
        undefined,
        list,
        (count) => (count === 1 ? l10n.t('1 asset could not be read') : l10n.t('{0} assets could not be read', count)),
        VIEW,
      ),
      ...this.tail(undefined, list, l10n.t('Could not load your assets. Click to retry.')),
    ];
  }

  private async referenceChildren(node: SourceAssetNode): Promise<Row[]> {
    if (!node.references.started) {
      await node.references.loadNext();
    }
    const rows: Row[] = node.references.all.map((reference): ReferenceNode => ({
      kind: 'reference',
      reference,
      parent: node,
    }));
    if (rows.length === 0 && !node.references.error) {
      return [this.info(node, l10n.t('No index uses this asset.'))];
    }
    return [
      ...rows,
      ...unreadableRows(node, node.references, unreadableIndexedAssetsText, VIEW),
      ...this.tail(node, node.references, l10n.t('Could not load the indexed assets that use it. Click to retry.')),
    ];
  }

  /** In the background: the marks appear when it answers. ("Only unused" runs it for its first page.) */
  private startScan(): void {
    if (this.scanStarted || this.usage || this.usageError) {
      return;
    }
    const generation = this.generation;
    this.scanStarted = true;
    void (async () => {
      try {
        const usage = await scanUsage(await this.clientSource());
        if (generation === this.generation) this.usage = usage;
      } catch (error) {
        // Nothing awaits this promise, so even an unexpected error becomes the row that says so.
        if (generation === this.generation) this.usageError = toTwelveLabsError(error, 'network');
      }
      if (generation === this.generation) this.fire(undefined);
    })();
  }

  private tail(parent: SourceAssetNode | undefined, list: PagedList<{ _id: string }>, retryText: string): Row[] {
    if (list.error) {
      return [errorRow(parent, list.error, retryText, VIEW)];
    }
    if (list.hasMore) {
      return [{ kind: 'loadMore', parent, view: VIEW, shown: list.all.length, total: list.total }];
    }
    return [];
  }

  private info(parent: SourceAssetNode | undefined, text: string): MessageNode<SourceAssetNode> {
    return { kind: 'message', parent, view: VIEW, tone: 'info', text };
  }

  private nodeFor(asset: SourceAsset): SourceAssetNode {
    let node = this.nodes.get(asset._id);
    if (!node || node.asset !== asset) {
      const assetId = asset._id;
      const references = new PagedList<AssetReference>(
        async (page, pageLimit) => (await this.clientSource()).listAssetReferences(assetId, { page, pageLimit }),
        this.pageLimit,
      );
      node = { kind: 'sourceAsset', asset, references };
      this.nodes.set(asset._id, node);
    }
    return node;
  }

  private newList(): PagedList<SourceAsset> {
    const filter = this.filter;
    this.unusedAssets = undefined;
    if (!this.unusedOnly) {
      return new PagedList(
        async (page, pageLimit) => (await this.clientSource()).listAssets({ page, pageLimit }, filter),
        this.pageLimit,
      );
    }
    // One pass over every list finds them all; the view then shows them a page at a time.
    const generation = this.generation;
    return new PagedList(async (page, pageLimit) => {
      if (this.unusedAssets === undefined) {
        const { unused, usage } = await findUnusedAssets(await this.clientSource(), filter);
        if (generation === this.generation) [this.unusedAssets, this.usage] = [unused, usage];
        else return { items: [], pageInfo: { page, totalPages: page }, unreadable: [] };
      }
      const all = this.unusedAssets;
      const items = all.slice((page - 1) * pageLimit, page * pageLimit);
      return {
        items,
        pageInfo: { page, totalPages: Math.ceil(all.length / pageLimit), totalResults: all.length },
        unreadable: [],
      };
    }, this.pageLimit);
  }

  private fire(node: AssetsViewNode | undefined): void {
    for (const listener of this.listeners) {
      listener(node);
    }
  }
}
