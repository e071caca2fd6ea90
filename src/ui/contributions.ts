/**
 * The names package.json contributes, in one place. Plain constants with no `vscode`
 * import, so a unit test can check them against package.json.
 */

export const VIEW_ID = 'twelvelabs.indexes';

export const COMMAND = {
  setApiKey: 'twelvelabs.setApiKey',
  clearApiKey: 'twelvelabs.clearApiKey',
  refresh: 'twelvelabs.refresh',
  deleteIndexedAsset: 'twelvelabs.deleteIndexedAsset',
  /** Internal: run by "Load more" and "Retry" rows; hidden from the palette. */
  loadMore: 'twelvelabs.loadMore',
} as const;

export const SETTING = {
  apiBaseUrl: 'twelvelabs.apiBaseUrl',
  deleteConcurrency: 'twelvelabs.delete.concurrency',
} as const;

/** True while no key is set; shows the view's welcome content. */
export const KEY_MISSING_CONTEXT = 'twelvelabs.keyMissing';

/** True while the view's selection holds an indexed asset; enables the Delete key. */
export const ASSET_SELECTED_CONTEXT = 'twelvelabs.assetSelected';

/** The argument the Delete key's binding passes: delete the view's selection. */
export const FROM_SELECTION = { fromSelection: true } as const;

/** contextValue of each kind of row, for `when` clauses. */
export const CONTEXT_VALUE = {
  index: 'index',
  asset: 'indexedAsset',
  loadMore: 'loadMore',
  message: 'message',
} as const;
