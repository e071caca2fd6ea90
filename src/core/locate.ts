import { AccountTree, AssetNode, IndexNode, LoadMoreNode, TreeNode } from './accountTree';

// Finding an indexed asset's row in the Indexes view, for the Assets view's "Show in Indexes View":
// the row exists only once its page is loaded, so pages are loaded until it shows, up to a bound.

/** Pages of one list loaded at most while looking: 40 pages of 50 is 2,000 rows. */
const MAX_PAGES = 40;

/**
 * The row of the indexed asset, loading pages of the index list and of the index as needed; the
 * index's row when the asset is not among its rows (its filter hides it, or it is gone); undefined
 * when the index is not found either.
 */
export async function locateIndexedAsset(
  tree: AccountTree,
  indexId: string,
  assetId: string,
): Promise<AssetNode | IndexNode | undefined> {
  const index = await findRow(
    tree,
    undefined,
    (row): row is IndexNode => row.kind === 'index' && row.index._id === indexId,
  );
  if (index === undefined) {
    return undefined;
  }
  const asset = await findRow(
    tree,
    index,
    (row): row is AssetNode => row.kind === 'asset' && row.asset._id === assetId,
  );
  return asset ?? index;
}

async function findRow<T extends TreeNode>(
  tree: AccountTree,
  parent: IndexNode | undefined,
  wanted: (row: TreeNode) => row is T,
): Promise<T | undefined> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await tree.children(parent);
    const found = rows.find(wanted);
    const more = rows.find((row): row is LoadMoreNode => row.kind === 'loadMore');
    if (found !== undefined || more === undefined) {
      return found;
    }
    await tree.loadMore(more);
  }
  return undefined;
}
