// The rows of the Indexes view as plain data, and the message rows: what a list's error, an empty
// list or an unreadable item looks like. No VS Code here; src/ui turns each node into a TreeItem.
import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './api/errors';
import { Index, IndexedAsset } from './api/schemas';
import { AssetReference, SourceAsset } from './api/assetSchemas';
import { PagedList } from './paging';

export interface IndexNode {
  readonly kind: 'index';
  index: Index;
  /** Replaced when the index's filter changes. */
  assets: PagedList<IndexedAsset>;
}

export interface AssetNode {
  readonly kind: 'asset';
  readonly asset: IndexedAsset;
  readonly parent: IndexNode;
}

/** An uploaded asset in the Assets view; it expands to the indexed assets that use it. */
export interface SourceAssetNode {
  readonly kind: 'sourceAsset';
  readonly asset: SourceAsset;
  readonly references: PagedList<AssetReference>;
}

/** An indexed asset that uses a source asset, under it in the Assets view. */
export interface ReferenceNode {
  readonly kind: 'reference';
  readonly reference: AssetReference;
  readonly parent: SourceAssetNode;
}

/** The row after a list, or in place of it. The Assets view's rows say so, since their parent may be the root. */
export interface LoadMoreNode<Parent = IndexNode> {
  readonly kind: 'loadMore';
  readonly parent: Parent | undefined;
  readonly view?: 'assets';
  readonly shown: number;
  readonly total: number | undefined;
}

/** What clicking a message row does. */
export type MessageAction = 'retry' | 'setKey' | 'openSettings' | 'showLog';

export interface MessageNode<Parent = IndexNode> {
  readonly kind: 'message';
  readonly parent: Parent | undefined;
  readonly view?: 'assets';
  readonly text: string;
  readonly tone: 'info' | 'error';
  readonly action?: MessageAction;
  /** A few words on the cause, shown beside the text. */
  readonly reason?: string;
  /** The full message, for the tooltip. */
  readonly detail?: string;
}

export type TreeNode = IndexNode | AssetNode | LoadMoreNode | MessageNode;

/** A row of the Assets view. */
export type AssetsViewNode =
  SourceAssetNode | ReferenceNode | LoadMoreNode<SourceAssetNode> | MessageNode<SourceAssetNode>;

export function info(parent: IndexNode | undefined, text: string): MessageNode {
  return { kind: 'message', parent, tone: 'info', text };
}

/** Items the API sent that could not be read: the client logged each with its JSON. */
export function unreadableRow(parent: IndexNode | undefined, list: PagedList<{ _id: string }>): MessageNode[] {
  return unreadableRows(parent, list, (count) =>
    parent
      ? unreadableIndexedAssetsText(count)
      : count === 1
        ? l10n.t('1 index could not be read')
        : l10n.t('{0} indexes could not be read', count),
  );
}

export function unreadableIndexedAssetsText(count: number): string {
  return count === 1
    ? l10n.t('1 indexed asset could not be read')
    : l10n.t('{0} indexed assets could not be read', count);
}

/** The row that says a list's items could not be read, in the list's words; none when all were read. */
export function unreadableRows<Parent>(
  parent: Parent | undefined,
  list: PagedList<{ _id: string }>,
  text: (count: number) => string,
  view?: 'assets',
): MessageNode<Parent>[] {
  const count = list.unreadable.length;
  if (count === 0) {
    return [];
  }
  const detail = list.unreadable.map((item) => item.problem).join('\n');
  return [
    { kind: 'message', parent, ...(view && { view }), tone: 'error', text: text(count), action: 'showLog', detail },
  ];
}

export function errorMessage(parent: IndexNode | undefined, error: TwelveLabsError): MessageNode {
  return errorRow(
    parent,
    error,
    parent
      ? l10n.t('Could not load the indexed assets. Click to retry.')
      : l10n.t('Could not load your indexes. Click to retry.'),
  );
}

/** A list's error as a row: set the key, open the settings, or retry with `retryText`. */
export function errorRow<Parent>(
  parent: Parent | undefined,
  error: TwelveLabsError,
  retryText: string,
  view?: 'assets',
): MessageNode<Parent> {
  const base = { kind: 'message', parent, ...(view && { view }), tone: 'error', detail: error.message } as const;
  switch (error.kind) {
    case 'invalidKey':
    case 'noKey':
      return { ...base, text: l10n.t('The API key was rejected. Click to set a new one.'), action: 'setKey' };
    case 'config':
      return {
        ...base,
        text: l10n.t('The API base URL setting is not usable. Click to open Settings.'),
        action: 'openSettings',
      };
    default:
      return { ...base, text: retryText, action: 'retry', reason: briefReason(error) };
  }
}

/** The cause in a few words; the tooltip has the whole message. */
function briefReason(error: TwelveLabsError): string {
  const { status } = error;
  switch (error.kind) {
    case 'network':
      return l10n.t('connection problem');
    case 'timeout':
      return l10n.t('timed out');
    case 'rateLimited':
      return l10n.t('rate limited');
    case 'server':
      return status === undefined ? l10n.t('server error') : l10n.t('server error (HTTP {0})', status);
    case 'malformed':
      return l10n.t('unreadable answer');
    case 'forbidden':
      return status === undefined ? l10n.t('not allowed') : l10n.t('not allowed (HTTP {0})', status);
    default:
      return status === undefined ? l10n.t('refused') : l10n.t('refused (HTTP {0})', status);
  }
}
