import * as vscode from 'vscode';
import { MAX_PAGE_LIMIT, TwelveLabsClient } from '../core/api/client';
import { TwelveLabsError, isTwelveLabsError } from '../core/api/errors';
import { Index, IndexedAsset, Page } from '../core/api/schemas';
import { DeleteTarget, assetDescription, assetName, indexDescription, indexName } from '../core/present';

/** Enough for any account seen so far, and a bound on what one picker fetches. */
const MAX_PICKER_PAGES = 40;

interface PickerOptions<T> {
  title: string;
  /** Several items may be checked; Enter with none checked takes the highlighted one. */
  canPickMany?: boolean;
  placeholder: string;
  empty: string;
  loadPage: (page: number, signal: AbortSignal) => Promise<Page<T>>;
  toItem: (value: T) => vscode.QuickPickItem;
}

type Picked<T> = { values: T[] } | { error: TwelveLabsError } | undefined;

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
  pick.canSelectMany = options.canPickMany ?? false;
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
      const chosen = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems.slice(0, 1);
      const values = chosen.flatMap((item) => (item.value === undefined ? [] : [item.value]));
      if (values.length > 0) {
        resolve({ values });
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

/** The command palette's way to choose assets: an index, then one or more of its assets. */
export async function pickAssetsToDelete(client: TwelveLabsClient): Promise<DeleteTarget[] | TwelveLabsError | undefined> {
  const index = await pickFromPages<Index>({
    title: 'Delete Indexed Assets (1/2)',
    placeholder: 'Choose the index that holds the assets',
    empty: 'This account has no indexes.',
    loadPage: (page, signal) => client.listIndexes({ page, pageLimit: MAX_PAGE_LIMIT, signal }),
    toItem: (value) => ({ label: indexName(value), description: indexDescription(value) }),
  });
  if (!index || 'error' in index) {
    return index?.error;
  }
  const [chosenIndex] = index.values;
  const assets = await pickFromPages<IndexedAsset>({
    title: `Delete Indexed Assets (2/2): ${indexName(chosenIndex)}`,
    placeholder: 'Check the indexed assets to delete, then press Enter',
    empty: 'This index has no indexed assets.',
    canPickMany: true,
    loadPage: (page, signal) => client.listIndexedAssets(chosenIndex._id, { page, pageLimit: MAX_PAGE_LIMIT, signal }),
    toItem: (value) => ({ label: assetName(value), description: assetDescription(value), detail: value._id }),
  });
  if (!assets || 'error' in assets) {
    return assets?.error;
  }
  return assets.values.map((asset) => ({
    indexId: chosenIndex._id,
    indexName: indexName(chosenIndex),
    assetId: asset._id,
    assetName: assetName(asset),
  }));
}
