import * as vscode from 'vscode';
import { messageOf } from '../../core/api/errors';
import { showError } from '../notify';
import { Handler, Services } from '../services';

export function clearApiKey({ keyStore, log }: Services): Handler {
  return async () => {
    if ((await keyStore.get()) === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No TwelveLabs API key is set.'));
      return;
    }
    try {
      await keyStore.clear();
      void vscode.window.showInformationMessage(
        vscode.l10n.t('TwelveLabs API key removed from VS Code’s secret storage.'),
      );
    } catch (error) {
      await showError(log, messageOf(error), error);
    }
  };
}
