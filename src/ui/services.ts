import * as vscode from 'vscode';
import { AccountTree, TreeNode } from '../core/accountTree';
import { SourceAssetTree } from '../core/sourceAssetTree';
import { AssetsViewNode } from '../core/treeNodes';
import { DeletesInFlight } from '../core/deleteFlow';
import { DeletionRecord } from '../core/history/deletionRecord';
import { UnfinishedUploads } from '../core/upload/unfinishedUploads';
import { ApiKeyStore } from './apiKeyStore';
import { Connection } from './connection';
import { DetailsDocumentProvider } from './detailsDocument';

/** What the commands share, built once in activate(). */
export interface Services {
  keyStore: ApiKeyStore;
  connection: Connection;
  model: AccountTree;
  view: vscode.TreeView<TreeNode>;
  /** The Assets view's uploaded assets, and the view. */
  assets: SourceAssetTree;
  assetsView: vscode.TreeView<AssetsViewNode>;
  details: DetailsDocumentProvider;
  /** The assets in a delete right now, so that none is in two at once. */
  inFlight: DeletesInFlight;
  /** The "TwelveLabs" log in the Output panel. */
  log: vscode.LogOutputChannel;
  /** This workspace's memory, where the filters are kept. */
  state: vscode.Memento;
  /** The deletion record in global storage. */
  record: DeletionRecord;
  /** The chunked uploads left unfinished, with the file and index each needs to resume (global state). */
  uploads: UnfinishedUploads;
}

/** A command's handler. Its arguments are whatever the caller passed: a menu, a key, another extension. */
export type Handler = (...args: unknown[]) => unknown;
