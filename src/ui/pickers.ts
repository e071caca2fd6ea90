import * as vscode from 'vscode';
import { MAX_PAGE_LIMIT, TwelveLabsClient } from '../core/api/client';
import { TwelveLabsError, isTwelveLabsError } from '../core/api/errors';
import { Index, IndexedAsset, Page } from '../core/api/schemas';
import { IndexedAssetJob, indexedAssetJob } from '../core/deletionFacts';
import { assetDescription, assetName, indexDescription, indexName } from '../core/present';
import { SourceAsset } from '../core/api/assetSchemas';
import { sourceAssetDescription, sourceAssetName } from '../core/presentAssets';

/** Typing pauses this long before the server is asked, so a word costs one request. */
const SEARCH_DELAY_MS = 300;

interface PickerOptions<T> {
  title: string;
  placeholder: string;
  empty: string;
  /** Several items may be checked; Enter with none checked takes the highlighted one. */
  canPickMany?: boolean;
  /** One page of what matches the text typed so far ('' for everything), searched on the server. */
  loadPage: (page: number, search: string, signal: AbortSignal) => Promise<Page<T>>;
  toItem: (value: T) => vscode.QuickPickItem;
}

type Item<T> = vscode.QuickPickItem & { value?: T; loadMore?: true };
type Picked<T> = { values: T[] } | { error: TwelveLabsError } | undefined;

/**
 * A quick pick over a long paged list: it shows the first page at once, fetches the next only
 * when "Load more" is chosen, and searches on the server as the user types. Checked items stay
 * checked across searches. Closing it stops the loading.
 */
async function pickFromPages<T extends { _id: string }>(options: PickerOptions<T>): Promise<Picked<T>> {
  const pick = vscode.window.createQuickPick<Item<T>>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.canSelectMany = options.canPickMany ?? false;
  const loadMoreItem: Item<T> = {
    label: `$(fold-down) ${vscode.l10n.t('Load more…')}`,
    alwaysShow: true,
    loadMore: true,
  };
  const checked = new Map<string, T>();
  let search = '';
  let page = 0;
  let abort = new AbortController();
  let typing: ReturnType<typeof setTimeout> | undefined;
  let failure: TwelveLabsError | undefined;

  const load = async (fromStart: boolean): Promise<void> => {
    if (fromStart) {
      abort.abort();
      abort = new AbortController();
      page = 0;
    }
    const { signal } = abort;
    pick.busy = true;
    try {
      const result = await options.loadPage(page + 1, search, signal);
      if (signal.aborted) {
        return;
      }
      page += 1;
      const kept = fromStart ? [] : pick.items.filter((item) => !item.loadMore);
      const items = [...kept, ...result.items.map((value) => ({ ...options.toItem(value), value }))];
      pick.items = result.items.length > 0 && page < result.pageInfo.totalPages ? [...items, loadMoreItem] : items;
      pick.selectedItems = pick.items.filter((item) => item.value !== undefined && checked.has(item.value._id));
      if (pick.items.length === 0) {
        pick.placeholder = search ? vscode.l10n.t('Nothing matches “{0}”.', search) : options.empty;
      }
    } catch (error) {
      if (!isTwelveLabsError(error, 'cancelled')) {
        failure = isTwelveLabsError(error) ? error : undefined;
        pick.hide();
      }
    } finally {
      if (!signal.aborted) {
        pick.busy = false;
      }
    }
  };

  return new Promise<Picked<T>>((resolve) => {
    pick.onDidChangeValue((value) => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        search = value.trim();
        void load(true);
      }, SEARCH_DELAY_MS);
    });
    pick.onDidChangeSelection((selected) => {
      if (!pick.canSelectMany) {
        return;
      }
      if (selected.includes(loadMoreItem)) {
        void load(false);
      }
      // Only the items shown can change; the ones checked under an earlier search stay.
      for (const item of pick.items) {
        if (item.value !== undefined) {
          if (selected.includes(item)) checked.set(item.value._id, item.value);
          else checked.delete(item.value._id);
        }
      }
    });
    pick.onDidAccept(() => {
      const highlighted = pick.activeItems.at(0);
      if (highlighted?.loadMore && (!pick.canSelectMany || checked.size === 0)) {
        void load(false);
        return;
      }
      const values = new Map(checked);
      for (const item of pick.selectedItems) {
        if (item.value !== undefined) values.set(item.value._id, item.value);
      }
      if (values.size === 0 && highlighted?.value !== undefined) {
        values.set(highlighted.value._id, highlighted.value);
      }
      if (values.size > 0) {
        resolve({ values: [...values.values()] });
        pick.hide();
      }
    });
    pick.onDidHide(() => {
      clearTimeout(typing);
      abort.abort();
      pick.dispose();
      resolve(failure ? { error: failure } : undefined);
    });
    pick.show();
    void load(true);
  });
}

function indexPicker(client: TwelveLabsClient, title: string, placeholder: string): PickerOptions<Index> {
  return {
    title,
    placeholder,
    empty: vscode.l10n.t('This account has no indexes.'),
    loadPage: (page, search, signal) =>
      client.listIndexes({ page, pageLimit: MAX_PAGE_LIMIT, signal }, { name: search }),
    toItem: (value) => ({ label: indexName(value), description: indexDescription(value) }),
  };
}

/** Lets the user choose one index; undefined when they close the picker. Throws what listing threw. */
export async function pickIndex(client: TwelveLabsClient, title: string): Promise<Index | undefined> {
  const picked = await pickFromPages(
    indexPicker(client, title, vscode.l10n.t('Choose an index (type to search by name)')),
  );
  if (picked && 'error' in picked) {
    throw picked.error;
  }
  return picked?.values[0];
}

/** The command palette's way to choose assets: an index, then one or more of its assets. Throws what listing threw. */
export async function pickAssetsToDelete(client: TwelveLabsClient): Promise<IndexedAssetJob[] | undefined> {
  const index = await pickFromPages(
    indexPicker(
      client,
      vscode.l10n.t('Delete Indexed Assets (1/2)'),
      vscode.l10n.t('Choose the index that holds the assets (type to search by name)'),
    ),
  );
  if (index && 'error' in index) {
    throw index.error;
  }
  if (!index) {
    return undefined;
  }
  const [chosenIndex] = index.values;
  const assets = await pickFromPages<IndexedAsset>({
    title: vscode.l10n.t('Delete Indexed Assets (2/2): {0}', indexName(chosenIndex)),
    placeholder: vscode.l10n.t('Check the indexed assets to delete, then press Enter (type to search by filename)'),
    empty: vscode.l10n.t('This index has no indexed assets.'),
    canPickMany: true,
    loadPage: (page, search, signal) =>
      client.listIndexedAssets(chosenIndex._id, { page, pageLimit: MAX_PAGE_LIMIT, signal }, { filename: search }),
    toItem: (value) => ({ label: assetName(value), description: assetDescription(value), detail: value._id }),
  });
  if (assets && 'error' in assets) {
    throw assets.error;
  }
  if (!assets) {
    return undefined;
  }
  const chosen = { id: chosenIndex._id, name: indexName(chosenIndex) };
  return assets.values.map((asset) => indexedAssetJob(chosen, asset));
}

/** The command palette's way to choose uploaded assets: one or more, searched by filename. Throws what listing threw. */
export async function pickSourceAssetsToDelete(client: TwelveLabsClient): Promise<SourceAsset[] | undefined> {
  const picked = await pickFromPages<SourceAsset>({
    title: vscode.l10n.t('Delete Assets'),
    placeholder: vscode.l10n.t('Check the uploaded assets to delete, then press Enter (type to search by filename)'),
    empty: vscode.l10n.t('This account has no uploaded assets.'),
    canPickMany: true,
    loadPage: (page, search, signal) =>
      client.listAssets({ page, pageLimit: MAX_PAGE_LIMIT, signal }, { filename: search }),
    toItem: (value) => ({
      label: sourceAssetName(value),
      description: sourceAssetDescription(value, undefined),
      detail: value._id,
    }),
  });
  if (picked && 'error' in picked) {
    throw picked.error;
  }
  return picked?.values;
}
