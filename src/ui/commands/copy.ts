import * as vscode from 'vscode';
import { assetName, indexName } from '../../core/present';
import { Handler } from '../services';
import { isAssetNode, isIndexNode } from '../treeArguments';

const STATUS_MS = 5000;

/** Copies `text` and says so in the status bar with `confirmation`. */
async function copy(text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(confirmation, STATUS_MS);
}

/** From an index or indexed asset row. */
export function copyId(): Handler {
  return async (row?: unknown) => {
    if (isAssetNode(row)) {
      await copy(row.asset._id, vscode.l10n.t('Copied the ID of “{0}”.', assetName(row.asset)));
    } else if (isIndexNode(row)) {
      await copy(row.index._id, vscode.l10n.t('Copied the ID of “{0}”.', indexName(row.index)));
    }
  };
}

/** From an indexed asset row. The filename is copied as the API has it, not as the tree shows it. */
export function copyFilename(): Handler {
  return async (row?: unknown) => {
    if (!isAssetNode(row)) {
      return;
    }
    const filename = row.asset.system_metadata.filename;
    if (filename) {
      await copy(filename, vscode.l10n.t('Copied the filename of “{0}”.', assetName(row.asset)));
    } else {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The indexed asset “{0}” has no filename, so nothing was copied.', assetName(row.asset)),
      );
    }
  };
}
