import * as vscode from 'vscode';
import { CommandName, commandId } from '../contributions';
import { Handler, Services } from '../services';
import { addToIndex } from './addToIndex';
import { addVideoFromUrl } from './addVideoFromUrl';
import { clearSourceAssetFilter, filterSourceAssets, showAllAssets, showUnusedAssets } from './assetsFilter';
import { clearApiKey } from './clearApiKey';
import { copyFilename, copyId } from './copy';
import { deleteAllMatching } from './deleteAllMatching';
import { deleteAsset } from './deleteAsset';
import { deleteIndexedAsset } from './deleteIndexedAsset';
import { clearAssetFilter, clearIndexFilter, filterAssets, filterIndexes } from './filter';
import { exportDeletionHistory, restore, showDeletionHistory } from './history';
import { loadMore } from './loadMore';
import { refresh } from './refresh';
import { resumeUploads } from './resumeUploads';
import { revealIndexedAsset } from './revealIndexedAsset';
import { setApiKey } from './setApiKey';
import { showDetails } from './showDetails';
import { showLog } from './showLog';

/**
 * Every command, by name. The compiler holds this table to package.nls.json's titles, so a command
 * with a title but no handler, or a handler without a title, does not build.
 */
const COMMANDS = {
  setApiKey,
  clearApiKey,
  refresh,
  deleteIndexedAsset,
  loadMore,
  showDetails,
  copyId,
  copyFilename,
  filterAssets,
  clearAssetFilter,
  filterIndexes,
  clearIndexFilter,
  showLog,
  deleteAsset,
  showUnusedAssets,
  showAllAssets,
  filterSourceAssets,
  clearSourceAssetFilter,
  revealIndexedAsset,
  deleteAllMatching,
  showDeletionHistory,
  exportDeletionHistory,
  restore,
  addToIndex,
  addVideoFromUrl,
  resumeUploads,
} satisfies Record<CommandName, (services: Services) => Handler>;

export function registerCommands(services: Services): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandName[]).map((name) =>
    vscode.commands.registerCommand(commandId(name), COMMANDS[name](services)),
  );
}
