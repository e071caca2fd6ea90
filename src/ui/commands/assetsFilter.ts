import * as vscode from 'vscode';
import { Handler, Services } from '../services';

// The Assets view's two filters: unused only (found in one pass over the lists), and the filename,
// which TwelveLabs matches on its servers.

export function showUnusedAssets({ assets }: Services): Handler {
  return () => {
    assets.showOnlyUnused(true);
  };
}

export function showAllAssets({ assets }: Services): Handler {
  return () => {
    assets.showOnlyUnused(false);
  };
}

export function filterSourceAssets({ assets }: Services): Handler {
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
    }
  };
}

export function clearSourceAssetFilter({ assets }: Services): Handler {
  return () => {
    assets.filterByFilename(undefined);
  };
}
