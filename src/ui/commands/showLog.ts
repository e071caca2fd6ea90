import * as vscode from 'vscode';
import { COMMAND } from '../contributions';

export function registerShowLog(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.showLog, () => {
    log.show(true);
  });
}
