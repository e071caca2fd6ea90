import * as vscode from 'vscode';
import { AccountTree } from '../../core/accountTree';
import { COMMAND } from '../contributions';

export function registerRefresh(model: AccountTree): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.refresh, () => {
    model.refresh();
  });
}
