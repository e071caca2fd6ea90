import * as vscode from 'vscode';
import { AccountTree } from '../core/accountTree';
import { SourceAssetTree } from '../core/sourceAssetTree';
import { ASSETS_FILTERS_STATE_KEY, FILTERS_STATE_KEY } from './contributions';

// Filters are kept in the workspace, so they survive a reload of the window. The one place that
// reads and writes them.

export function restoreFilters(model: AccountTree, assets: SourceAssetTree, state: vscode.Memento): void {
  model.restoreFilters(state.get(FILTERS_STATE_KEY) ?? {});
  assets.restoreFilters(state.get(ASSETS_FILTERS_STATE_KEY) ?? {});
}

export function saveFilters(model: AccountTree, state: vscode.Memento): Thenable<void> {
  return state.update(FILTERS_STATE_KEY, model.filters);
}

export function saveAssetsFilters(assets: SourceAssetTree, state: vscode.Memento): Thenable<void> {
  return state.update(ASSETS_FILTERS_STATE_KEY, assets.filters);
}
