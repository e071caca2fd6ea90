import * as vscode from 'vscode';
import { saveAssetsFilters } from '../filterMemory';
import { Handler, Services } from '../services';

// The Assets view's two filters: unused only (found in one pass over the lists), and the filename,
// which TwelveLabs matches on its servers.

function showingOnlyUnused(on: boolean): (services: Services) => Handler {
  return ({ assets, state }) =>
    async () => {
      assets.showOnlyUnused(on);
      await saveAssetsFilters(assets, state);
    };
}

export const showUnusedAssets = showingOnlyUnused(true);
export const showAllAssets = showingOnlyUnused(false);

export function filterSourceAssets({ assets, state }: Services): Handler {
  return async () => {
    const filename = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Assets by Filename'),
      prompt: vscode.l10n.t(
        'The filename to filter by; TwelveLabs decides which filenames match it. Leave empty to show all.',
      ),
      value: assets.filenameFilter ?? '',
    });
    if (filename !== undefined) {
      assets.filterByFilename(filename);
      await saveAssetsFilters(assets, state);
    }
  };
}

export function clearSourceAssetFilter({ assets, state }: Services): Handler {
  return async () => {
    assets.filterByFilename(undefined);
    await saveAssetsFilters(assets, state);
  };
}
