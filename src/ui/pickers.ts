import * as vscode from 'vscode';
import { MAX_PAGE_LIMIT, TwelveLabsClient } from '../core/api/client';
import { TwelveLabsError, isTwelveLabsError } from '../core/api/errors';
import { Index, IndexedAsset, Page } from '../core/api/schemas';
import { DeleteTarget, assetDescription, assetName, indexDescription, indexName } from '../core/present';

/** Enough for any account seen so far, and a bound on what one picker fetches. */
const MAX_PICKER_PAGES = 40;

interface PickerOptions<T> {
  title: string;
  placeholder: string;
  empty: string;
  loadPage: (page: number, signal: AbortSignal) => Promise<Page<T>>;
  toItem: (value: T) => vscode.QuickPickItem;
}

type Picked<T> = { value: T } | { error: TwelveLabsError } | undefined;

/**
 * A searchable quick pick that shows the first page at once and adds later pages as they
 * arrive. Closing it stops the loading.
 */
async function pickFromPages<T>(options: PickerOptions<T>): Promise<Picked<T>> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value?: T }>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  const abort = new AbortController();
  let failure: TwelveLabsError | undefined;

  const load = async (): Promise<void> => {
    for (let page = 1; page <= MAX_PICKER_PAGES; page++) {
      const result = await options.loadPage(page, abort.signal);
      pick.items = [...pick.items, ...result.items.map((value) => ({ ...options.toItem(value), value }))];
      if (result.items.length === 0 || page >= result.pageInfo.totalPages) {
        break;
      }
    }
    if (pick.items.length === 0) {
      pick.placeholder = options.empty;
    }
  };

  return new Promise<Picked<T>>((resolve) => {
    pick.onDidAccept(() => {
      const value = pick.selectedItems[0]?.value;
      if (value !== undefined) {
        resolve({ value });
        pick.hide();
      }
    });
    pick.onDidHide(() => {
      abort.abort();
      pick.dispose();
      resolve(failure ? { error: failure } : undefined);
    });
    pick.show();
    load()
      .catch((error: unknown) => {
        if (!isTwelveLabsError(error, 'cancelled')) {
          failure = isTwelveLabsError(error) ? error : undefined;
          pick.hide();
        }
      })
      .finally(() => {
        pick.busy = false;
      });
  });
}

/** The command palette's way to choose an asset: an index, then one of its assets. */
export async function pickAssetToDelete(client: TwelveLabsClient): Promise<DeleteTarget | TwelveLabsError | undefined> {
  const index = await pickFromPages<Index>({
    title: 'Delete Indexed Asset (1/2)',
    placeholder: 'Choose the index that holds the asset',
    empty: 'This account has no indexes.',
    loadPage: (page, signal) => client.listIndexes({ page, pageLimit: MAX_PAGE_LIMIT, signal }),
    toItem: (value) => ({ label: indexName(value), description: indexDescription(value) }),
  });
  if (!index || 'error' in index) {
    return index?.error;
  }
  const asset = await pickFromPages<IndexedAsset>({
    title: `Delete Indexed Asset (2/2): ${indexName(index.value)}`,
    placeholder: 'Choose the indexed asset to delete',
    empty: 'This index has no indexed assets.',
    loadPage: (page, signal) => client.listIndexedAssets(index.value._id, { page, pageLimit: MAX_PAGE_LIMIT, signal }),
    toItem: (value) => ({ label: assetName(value), description: assetDescription(value), detail: value._id }),
  });
  if (!asset || 'error' in asset) {
    return asset?.error;
  }
  return {
    indexId: index.value._id,
    indexName: indexName(index.value),
    assetId: asset.value._id,
    assetName: assetName(asset.value),
  };
}
