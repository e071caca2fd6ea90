import * as vscode from 'vscode';
import { assetName, indexName } from '../../core/present';
import { Handler } from '../services';
import { sourceAssetName } from '../../core/presentAssets';
import { isAssetNode, isIndexNode, isSourceAssetNode } from '../treeArguments';

const STATUS_MS = 5000;

/** Copies `text` and says so in the status bar with `confirmation`. */
async function copy(text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(confirmation, STATUS_MS);
}

/** From an index, indexed asset or uploaded asset row. */
export function copyId(): Handler {
  return async (row?: unknown) => {
    if (isSourceAssetNode(row)) {
      await copy(row.asset._id, vscode.l10n.t('Copied the ID of “{0}”.', sourceAssetName(row.asset)));
    } else if (isAssetNode(row)) {
      await copy(row.asset._id, vscode.l10n.t('Copied the ID of “{0}”.', assetName(row.asset)));
    } else if (isIndexNode(row)) {
      await copy(row.index._id, vscode.l10n.t('Copied the ID of “{0}”.', indexName(row.index)));
    }
  };
}

/** From an indexed or uploaded asset row. The filename is copied as the API has it, not as the tree shows it. */
export function copyFilename(): Handler {
  return async (row?: unknown) => {
    const [filename, name] = isAssetNode(row)
      ? [row.asset.system_metadata.filename, assetName(row.asset)]
      : isSourceAssetNode(row)
        ? [row.asset.filename, sourceAssetName(row.asset)]
        : [];
    if (name === undefined) {
      return;
    }
    if (filename) {
      await copy(filename, vscode.l10n.t('Copied the filename of “{0}”.', name));
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('“{0}” has no filename, so nothing was copied.', name));
    }
  };
}
