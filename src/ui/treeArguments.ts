import { AssetNode, IndexNode, LoadMoreNode, MessageNode } from '../core/accountTree';
import { ReferenceNode, SourceAssetNode } from '../core/treeNodes';
import { FROM_SELECTION } from './contributions';

// Commands can also be run by other extensions with any arguments: only rows of our trees pass.

const isRow = (value: unknown, kind: string): value is { kind: string } =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;

export function isIndexNode(value: unknown): value is IndexNode {
  return isRow(value, 'index') && typeof (value as Partial<IndexNode>).index?._id === 'string';
}

export function isAssetNode(value: unknown): value is AssetNode {
  const node = value as Partial<AssetNode>;
  return isRow(value, 'asset') && typeof node.asset?._id === 'string' && isIndexNode(node.parent);
}

export function isSourceAssetNode(value: unknown): value is SourceAssetNode {
  return isRow(value, 'sourceAsset') && typeof (value as Partial<SourceAssetNode>).asset?._id === 'string';
}

export function isReferenceNode(value: unknown): value is ReferenceNode {
  const node = value as Partial<ReferenceNode>;
  return (
    isRow(value, 'reference') &&
    typeof node.reference?._id === 'string' &&
    typeof node.reference.indexId === 'string' &&
    isSourceAssetNode(node.parent)
  );
}

/** A "Load more" row, or a message row whose click retries its list, in the Indexes view. */
export function isRetryableRow(value: unknown): value is LoadMoreNode | MessageNode {
  return isListRow(value, undefined) && (value.parent === undefined || isIndexNode(value.parent));
}

/** The same in the Assets view. */
export function isAssetsRetryableRow(
  value: unknown,
): value is LoadMoreNode<SourceAssetNode> | MessageNode<SourceAssetNode> {
  return isListRow(value, 'assets') && (value.parent === undefined || isSourceAssetNode(value.parent));
}

function isListRow(value: unknown, view: 'assets' | undefined): value is { parent?: unknown } {
  return (isRow(value, 'loadMore') || isRow(value, 'message')) && (value as { view?: unknown }).view === view;
}

/**
 * The rows a delete command acts on. The context menu passes the clicked row and the selection
 * (both count); the Delete key passes FROM_SELECTION, meaning the view's selection.
 */
export function selectedRows(clicked: unknown, selection: unknown, viewSelection: readonly unknown[]): unknown[] {
  const fromSelection =
    typeof clicked === 'object' &&
    clicked !== null &&
    (clicked as Partial<typeof FROM_SELECTION>).fromSelection === true;
  return fromSelection
    ? [...viewSelection]
    : [clicked, ...(Array.isArray(selection) ? (selection as unknown[]) : [])].filter(
        (row, i, all) => all.indexOf(row) === i,
      );
}
