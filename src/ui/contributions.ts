// The names package.json contributes, in one place. Plain constants with no `vscode`
// import, so a unit test can check them against package.json.

export const VIEW_ID = 'twelvelabs.indexes';

export const COMMAND = {
  setApiKey: 'twelvelabs.setApiKey',
  clearApiKey: 'twelvelabs.clearApiKey',
  refresh: 'twelvelabs.refresh',
  deleteIndexedAsset: 'twelvelabs.deleteIndexedAsset',
  /** Internal: run by "Load more" and "Retry" rows; hidden from the palette. */
  loadMore: 'twelvelabs.loadMore',
  filterAssets: 'twelvelabs.filterAssets',
  clearAssetFilter: 'twelvelabs.clearAssetFilter',
  filterIndexes: 'twelvelabs.filterIndexes',
  clearIndexFilter: 'twelvelabs.clearIndexFilter',
  /** These three need a row: hidden from the palette. */
  showDetails: 'twelvelabs.showDetails',
  copyId: 'twelvelabs.copyId',
  copyFilename: 'twelvelabs.copyFilename',
  showLog: 'twelvelabs.showLog',
} as const;

export const SETTING = {
  apiBaseUrl: 'twelvelabs.apiBaseUrl',
  deleteConcurrency: 'twelvelabs.delete.concurrency',
  pageSize: 'twelvelabs.pageSize',
  sortOrder: 'twelvelabs.sortOrder',
  liveStatusInterval: 'twelvelabs.liveStatus.intervalSeconds',
} as const;

/** True while the index list is filtered by name; shows Clear Index Filter. */
export const INDEX_FILTER_CONTEXT = 'twelvelabs.indexFilterActive';

/** Where the filters are kept between sessions (workspace state). */
export const FILTERS_STATE_KEY = 'twelvelabs.filters';

/** True while no key is set; shows the view's welcome content. */
export const KEY_MISSING_CONTEXT = 'twelvelabs.keyMissing';

/** True while the view's selection holds an indexed asset; enables the Delete key. */
export const ASSET_SELECTED_CONTEXT = 'twelvelabs.assetSelected';

/** The argument the Delete key's binding passes: delete the view's selection. */
export const FROM_SELECTION = { fromSelection: true } as const;

/** contextValue of each kind of row, for `when` clauses. */
export const CONTEXT_VALUE = {
  index: 'index',
  /** An index whose assets are filtered: offers Clear Filter too. */
  filteredIndex: 'index.filtered',
  asset: 'indexedAsset',
  loadMore: 'loadMore',
  message: 'message',
} as const;
