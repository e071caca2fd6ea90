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

export const SETTING = { apiBaseUrl: 'twelvelabs.apiBaseUrl' } as const;

/** True while no key is set; shows the view's welcome content. */
export const KEY_MISSING_CONTEXT = 'twelvelabs.keyMissing';

/** contextValue of each kind of row, for `when` clauses. */
export const CONTEXT_VALUE = {
  index: 'index',
  asset: 'indexedAsset',
  loadMore: 'loadMore',
  message: 'message',
} as const;
