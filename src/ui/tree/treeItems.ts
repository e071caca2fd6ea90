import * as vscode from 'vscode';
import { AssetNode, IndexNode, LoadMoreNode, MessageNode, TreeNode } from '../../core/accountTree';
import type { AssetFilter } from '../../core/api/client';
import {
  assetAccessibilityLabel,
  assetDescription,
  assetFilterDescription,
  assetIcon,
  assetName,
  assetTooltip,
  indexAccessibilityLabel,
  indexDescription,
  indexName,
  indexTooltip,
  loadMoreLabel,
} from '../../core/present';
import { commandId, CONTEXT_VALUE, SETTING } from '../contributions';

/** `assetFilter` is the index's filter, for index rows. */
export function toTreeItem(node: TreeNode, assetFilter?: AssetFilter): vscode.TreeItem {
  switch (node.kind) {
    case 'index':
      return indexItem(node, assetFilter);
    case 'asset':
      return assetItem(node);
    case 'loadMore':
      return loadMoreItem(node, `loadMore/${node.parent?.index._id ?? 'indexes'}`);
    case 'message':
      return messageItem(node);
  }
}

function indexItem(node: IndexNode, assetFilter: AssetFilter | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(indexName(node.index), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `index/${node.index._id}`;
  item.description = [indexDescription(node.index), assetFilterDescription(assetFilter)].filter(Boolean).join(' · ');
  // A plain string, not markdown: account text is shown literally.
  item.tooltip = indexTooltip(node.index);
  item.iconPath = new vscode.ThemeIcon('library');
  item.contextValue = assetFilter ? CONTEXT_VALUE.filteredIndex : CONTEXT_VALUE.index;
  item.accessibilityInformation = { label: indexAccessibilityLabel(node.index, assetFilter) };
  return item;
}

function assetItem(node: AssetNode): vscode.TreeItem {
  const { asset } = node;
  const item = new vscode.TreeItem(assetName(asset), vscode.TreeItemCollapsibleState.None);
  item.id = `asset/${node.parent.index._id}/${asset._id}`;
  item.description = assetDescription(asset);
  item.tooltip = assetTooltip(asset);
  const icon = assetIcon(asset.status);
  item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
  item.contextValue = CONTEXT_VALUE.asset;
  item.accessibilityInformation = { label: assetAccessibilityLabel(asset) };
  return item;
}

/** `id` keeps the row in place across redraws: one per list. */
export function loadMoreItem(node: LoadMoreNode<unknown>, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(loadMoreLabel(node.shown, node.total), vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('fold-down');
  item.contextValue = CONTEXT_VALUE.loadMore;
  item.command = { command: commandId('loadMore'), title: vscode.l10n.t('Load More'), arguments: [node] };
  return item;
}

export function messageItem(node: MessageNode<unknown>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.description = node.reason;
  item.tooltip = node.detail ?? node.text;
  item.iconPath = new vscode.ThemeIcon(
    node.tone === 'error' ? 'warning' : 'info',
    node.tone === 'error' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
  );
  item.contextValue = CONTEXT_VALUE.message;
  item.accessibilityInformation = {
    label: node.reason === undefined ? node.text : vscode.l10n.t('{0} Reason: {1}.', node.text, node.reason),
  };
  switch (node.action) {
    case 'retry':
      item.command = { command: commandId('loadMore'), title: vscode.l10n.t('Retry'), arguments: [node] };
      break;
    case 'setKey':
      item.command = { command: commandId('setApiKey'), title: vscode.l10n.t('Set API Key...') };
      break;
    case 'openSettings':
      item.command = {
        command: 'workbench.action.openSettings',
        title: vscode.l10n.t('Open Settings'),
        arguments: [SETTING.apiBaseUrl],
      };
      break;
    case 'showLog':
      item.command = { command: commandId('showLog'), title: vscode.l10n.t('Show Log') };
      break;
  }
  return item;
}
