import * as vscode from 'vscode';
import { messageOf } from '../../core/api/errors';
import { COMMAND } from '../contributions';
import { Services } from '../services';

export function registerClearApiKey({ keyStore }: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.clearApiKey, async () => {
    if ((await keyStore.get()) === undefined) {
      void vscode.window.showInformationMessage('No TwelveLabs API key is set.');
      return;
    }
    try {
      await keyStore.clear();
      void vscode.window.showInformationMessage('TwelveLabs API key removed from VS Code’s secret storage.');
    } catch (error) {
      void vscode.window.showErrorMessage(messageOf(error));
    }
  });
}
