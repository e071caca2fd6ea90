import * as vscode from 'vscode';
import { AccountTree } from '../core/accountTree';
import { AssetDeleter } from '../core/deleteFlow';
import { ApiKeyStore } from './apiKeyStore';
import { Connection } from './connection';

/** What the commands share, built once in activate(). */
export interface Services {
  keyStore: ApiKeyStore;
  connection: Connection;
  model: AccountTree;
  deleter: AssetDeleter;
  /** The "TwelveLabs" log in the Output panel. */
  log: vscode.LogOutputChannel;
}
