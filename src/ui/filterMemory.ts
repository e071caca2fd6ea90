import * as vscode from 'vscode';
import { AccountTree } from '../core/accountTree';
import { FILTERS_STATE_KEY } from './contributions';

// Filters are kept in the workspace, so they survive a reload of the window. The one place that
// reads and writes them.

export function restoreFilters(model: AccountTree, state: vscode.Memento): void {
  model.restoreFilters(state.get(FILTERS_STATE_KEY) ?? {});
}

export function saveFilters(model: AccountTree, state: vscode.Memento): Thenable<void> {
  return state.update(FILTERS_STATE_KEY, model.filters);
}
