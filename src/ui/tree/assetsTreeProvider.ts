import * as vscode from 'vscode';
import { SourceAssetTree } from '../../core/sourceAssetTree';
import { AssetsViewNode, ReferenceNode, SourceAssetNode } from '../../core/treeNodes';
import {
  referenceIndexName,
  referenceTooltip,
  sourceAssetAccessibilityLabel,
  sourceAssetDescription,
  sourceAssetName,
  sourceAssetTooltip,
} from '../../core/presentAssets';
import { CONTEXT_VALUE, commandId } from '../contributions';
import { loadMoreItem, messageItem } from './treeItems';

/** Adapts the VS Code-free SourceAssetTree to the Assets view. */
export class AssetsTreeProvider implements vscode.TreeDataProvider<AssetsViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AssetsViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: SourceAssetTree) {
    this.subscription = model.onDidChange((node) => {
      this.changed.fire(node);
    });
  }

  getTreeItem(node: AssetsViewNode): vscode.TreeItem {
    switch (node.kind) {
      case 'sourceAsset':
        return this.sourceAssetItem(node);
      case 'reference':
        return referenceItem(node);
      case 'loadMore':
        return loadMoreItem(node, `loadMore/${node.parent?.asset._id ?? 'assets'}`);
      case 'message':
        return messageItem(node);
    }
  }

  getParent(node: AssetsViewNode): AssetsViewNode | undefined {
    return node.kind === 'sourceAsset' ? undefined : node.parent;
  }

  getChildren(node?: AssetsViewNode): Promise<AssetsViewNode[]> {
    return this.model.children(node);
  }

  private sourceAssetItem(node: SourceAssetNode): vscode.TreeItem {
    const { asset } = node;
    const usage = this.model.usageOf(asset._id);
    // An unused asset has nothing under it; before the scan answers, it may have.
    const item = new vscode.TreeItem(
      sourceAssetName(asset),
      usage === 'unused' ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `sourceAsset/${asset._id}`;
    item.description = sourceAssetDescription(asset, usage);
    item.tooltip = sourceAssetTooltip(asset, usage);
    item.iconPath =
      asset.status === 'failed'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : usage === 'unused'
          ? new vscode.ThemeIcon('file-media', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('file-media');
    item.contextValue = usage === 'unused' ? CONTEXT_VALUE.unusedSourceAsset : CONTEXT_VALUE.sourceAsset;
    item.accessibilityInformation = { label: sourceAssetAccessibilityLabel(asset, usage) };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Clicking it selects the indexed asset in the Indexes view. */
function referenceItem(node: ReferenceNode): vscode.TreeItem {
  const { reference } = node;
  const item = new vscode.TreeItem(referenceIndexName(reference), vscode.TreeItemCollapsibleState.None);
  item.id = `reference/${node.parent.asset._id}/${reference._id}`;
  item.description = vscode.l10n.t('indexed asset');
  item.tooltip = referenceTooltip(reference);
  item.iconPath = new vscode.ThemeIcon('library');
  item.contextValue = CONTEXT_VALUE.reference;
  item.accessibilityInformation = {
    label: vscode.l10n.t('Indexed asset in {0}', referenceIndexName(reference)),
  };
  item.command = {
    command: commandId('revealIndexedAsset'),
    title: vscode.l10n.t('Show in Indexes View'),
    arguments: [node],
  };
  return item;
}
