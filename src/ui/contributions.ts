// The names package.json contributes, in one place. Plain constants with no `vscode`
// import, so a unit test can check them against package.json.
import type manifestStrings from '../../package.nls.json';

export const VIEW_ID = 'twelvelabs.indexes';
export const ASSETS_VIEW_ID = 'twelvelabs.assets';

/**
 * A command's name: package.nls.json titles each command as `command.<name>.title`, so the names
 * come from there, checked by the compiler. The handlers are in ./commands/index.ts.
 */
export type CommandName = keyof typeof manifestStrings extends infer Key
  ? Key extends `command.${infer Name}.title`
    ? Name
    : never
  : never;

/** The id package.json contributes for a command. */
export function commandId<Name extends CommandName>(name: Name): `twelvelabs.${Name}` {
  return `twelvelabs.${name}`;
}

export const SETTING = {
  apiBaseUrl: 'twelvelabs.apiBaseUrl',
  deleteConcurrency: 'twelvelabs.delete.concurrency',
  pageSize: 'twelvelabs.pageSize',
  sortOrder: 'twelvelabs.sortOrder',
  liveStatusInterval: 'twelvelabs.liveStatus.intervalSeconds',
} as const;

/** True while the index list is filtered by name; shows Clear Index Filter. */
export const INDEX_FILTER_CONTEXT = 'twelvelabs.indexFilterActive';

/** Where the filters are kept between sessions (workspace state): the Indexes view's, the Assets view's. */
export const FILTERS_STATE_KEY = 'twelvelabs.filters';
export const ASSETS_FILTERS_STATE_KEY = 'twelvelabs.assetsFilters';

/** True while no key is set; shows the view's welcome content. */
export const KEY_MISSING_CONTEXT = 'twelvelabs.keyMissing';

/** True while the view's selection holds an indexed asset; enables the Delete key. */
export const ASSET_SELECTED_CONTEXT = 'twelvelabs.assetSelected';

/** True while the Assets view's selection holds an uploaded asset; enables its Delete key. */
export const SOURCE_ASSET_SELECTED_CONTEXT = 'twelvelabs.sourceAssetSelected';

/** True while the Assets view shows only unused assets; offers Show All Assets. */
export const UNUSED_ONLY_CONTEXT = 'twelvelabs.assetsUnusedOnly';

/** True while the Assets view is filtered by filename; offers Clear Asset Filter. */
export const ASSETS_FILTER_CONTEXT = 'twelvelabs.assetsFiltered';

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
  sourceAsset: 'sourceAsset',
  /** An uploaded asset no index uses. */
  unusedSourceAsset: 'sourceAsset.unused',
  reference: 'assetReference',
} as const;
