import * as vscode from 'vscode';
import { AccountTree, TreeNode } from './core/accountTree';
import { DeletesInFlight } from './core/deleteFlow';
import { DeletionRecord } from './core/history/deletionRecord';
import { UnfinishedUploads } from './core/upload/unfinishedUploads';
import { ApiKeyStore, trackKeyMissing } from './ui/apiKeyStore';
import { registerCommands } from './ui/commands';
import { Connection, listSettings } from './ui/connection';
import {
  ASSETS_FILTER_CONTEXT,
  ASSETS_VIEW_ID,
  ASSET_SELECTED_CONTEXT,
  INDEX_FILTER_CONTEXT,
  SETTING,
  SOURCE_ASSET_SELECTED_CONTEXT,
  UNUSED_ONLY_CONTEXT,
  VIEW_ID,
} from './ui/contributions';
import { DETAILS_SCHEME, DetailsDocumentProvider } from './ui/detailsDocument';
import { restoreFilters } from './ui/filterMemory';
import { Services } from './ui/services';
import { startLiveStatus } from './ui/liveStatus';
import { IndexesTreeProvider } from './ui/tree/indexesTreeProvider';
import { AssetsTreeProvider } from './ui/tree/assetsTreeProvider';
import { SourceAssetTree } from './core/sourceAssetTree';
import { usesNotShownNote } from './core/presentAssets';
import { AssetsViewNode } from './core/treeNodes';
import { localizeCore } from './ui/localization';

/** What the integration suite reads, since VS Code offers no way to read another extension's tree. */
export interface TestHooks {
  tree: vscode.TreeDataProvider<TreeNode>;
  view: vscode.TreeView<TreeNode>;
  assetsTree: vscode.TreeDataProvider<AssetsViewNode>;
  assetsView: vscode.TreeView<AssetsViewNode>;
  /** What the commands share: a test runs a handler with them, or reads the deletion record. */
  services: Services;
}

/**
 * Wires the pieces together. Nothing is fetched here: the view asks when it is shown.
 * Returns the test hooks only to VS Code's test runner, never to other extensions.
 */
export function activate(context: vscode.ExtensionContext): TestHooks | undefined {
  localizeCore();
  const log = vscode.window.createOutputChannel('TwelveLabs', { log: true });
  const keyStore = new ApiKeyStore(context.secrets);
  const connection = new Connection(keyStore, log);
  const model = new AccountTree(() => connection.client(), listSettings());
  const provider = new IndexesTreeProvider(model);
  const view = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const assets = new SourceAssetTree(() => connection.client(), listSettings().pageLimit);
  restoreFilters(model, assets, context.workspaceState);
  const assetsProvider = new AssetsTreeProvider(assets);
  const assetsView = vscode.window.createTreeView(ASSETS_VIEW_ID, {
    treeDataProvider: assetsProvider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const details = new DetailsDocumentProvider(connection);
  const services: Services = {
    keyStore,
    connection,
    model,
    view,
    assets,
    assetsView,
    details,
    inFlight: new DeletesInFlight(),
    log,
    state: context.workspaceState,
    record: new DeletionRecord(context.globalStorageUri.fsPath),
    uploads: new UnfinishedUploads(context.globalState),
  };
  showIndexFilter(model, view);
  showAssetsFilters(assets, assetsView);

  context.subscriptions.push(
    log,
    keyStore,
    trackKeyMissing(keyStore),
    provider,
    view,
    // The Delete key applies only while what it deletes is selected.
    trackSelected(view, ASSET_SELECTED_CONTEXT, 'asset'),
    assetsProvider,
    assetsView,
    trackSelected(assetsView, SOURCE_ASSET_SELECTED_CONTEXT, 'sourceAsset'),
    assets.onDidChange((node) => {
      if (node === undefined) showAssetsFilters(assets, assetsView);
    }),
    ...registerCommands(services),
    details,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    startLiveStatus(model, connection, view),
    // The view's title says when the index list is filtered, and offers to clear it. A new
    // filter redraws the whole tree; a row's change (each delete of a bulk one) cannot change it.
    model.onDidChange((node) => {
      if (node === undefined) showIndexFilter(model, view);
    }),
    // A new key, from this window or another, or a new base URL: everything shown is stale.
    keyStore.onDidChange(() => {
      model.refresh();
      assets.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // One edit may touch several settings; configure() reloads everything, as a new base URL needs.
      if (event.affectsConfiguration(SETTING.pageSize) || event.affectsConfiguration(SETTING.sortOrder)) {
        model.configure(listSettings());
        assets.configure(listSettings().pageLimit);
      } else if (event.affectsConfiguration(SETTING.apiBaseUrl)) {
        model.refresh();
        assets.refresh();
      }
    }),
  );
  return context.extensionMode === vscode.ExtensionMode.Test
    ? { tree: provider, view, assetsTree: assetsProvider, assetsView, services }
    : undefined;
}

function showIndexFilter(model: AccountTree, view: vscode.TreeView<TreeNode>): void {
  view.description = model.indexNameFilter ? vscode.l10n.t('filtered: “{0}”', model.indexNameFilter) : undefined;
  void vscode.commands.executeCommand('setContext', INDEX_FILTER_CONTEXT, model.indexNameFilter !== undefined);
}

/** Keeps `contextKey` true while the view's selection holds a row of `kind`. */
function trackSelected<Node extends { kind: string }>(
  view: vscode.TreeView<Node>,
  contextKey: string,
  kind: Node['kind'],
): vscode.Disposable {
  return view.onDidChangeSelection(({ selection }) =>
    vscode.commands.executeCommand(
      'setContext',
      contextKey,
      selection.some((node) => node.kind === kind),
    ),
  );
}

/** The Assets view's title says what it shows, and its buttons offer the way back; its message, what the marks miss. */
function showAssetsFilters(assets: SourceAssetTree, view: vscode.TreeView<AssetsViewNode>): void {
  view.message = usesNotShownNote(assets.usesNotShown);
  const parts = [
    assets.showsOnlyUnused ? vscode.l10n.t('unused only') : undefined,
    assets.filenameFilter ? vscode.l10n.t('filtered: “{0}”', assets.filenameFilter) : undefined,
  ].filter(Boolean);
  view.description = parts.length > 0 ? parts.join(' · ') : undefined;
  void vscode.commands.executeCommand('setContext', UNUSED_ONLY_CONTEXT, assets.showsOnlyUnused);
  void vscode.commands.executeCommand('setContext', ASSETS_FILTER_CONTEXT, assets.filenameFilter !== undefined);
}

export function deactivate(): void {}
