import { AssetNode, IndexNode, LoadMoreNode, MessageNode } from '../core/accountTree';

// Commands can also be run by other extensions with any arguments: only rows of our tree pass.

export function isIndexNode(value: unknown): value is IndexNode {
  const node = value as Partial<IndexNode> | null;
  return typeof node === 'object' && node !== null && node.kind === 'index' && typeof node.index?._id === 'string';
}

export function isAssetNode(value: unknown): value is AssetNode {
  const node = value as Partial<AssetNode> | null;
  return (
    typeof node === 'object' &&
    node !== null &&
    node.kind === 'asset' &&
    typeof node.asset?._id === 'string' &&
    isIndexNode(node.parent)
  );
}

/** A "Load more" row, or a message row whose click retries its list. */
export function isRetryableRow(value: unknown): value is LoadMoreNode | MessageNode {
  const node = value as Partial<LoadMoreNode | MessageNode> | null;
  return (
    typeof node === 'object' &&
    node !== null &&
    (node.kind === 'loadMore' || node.kind === 'message') &&
    (node.parent === undefined || isIndexNode(node.parent))
  );
}
