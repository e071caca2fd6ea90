import * as vscode from 'vscode';
import { AccountTree } from '../core/accountTree';
import { DeletesInFlight } from '../core/deleteFlow';
import { ApiKeyStore } from './apiKeyStore';
import { Connection } from './connection';

/** What the commands share, built once in activate(). */
export interface Services {
  keyStore: ApiKeyStore;
  connection: Connection;
  model: AccountTree;
  /** The assets in a delete right now, so that none is in two at once. */
  inFlight: DeletesInFlight;
  /** The "TwelveLabs" log in the Output panel. */
  log: vscode.LogOutputChannel;
}
