import * as vscode from 'vscode';
import { TwelveLabsClient } from '../../core/api/client';
import { TwelveLabsError, messageOf, toTwelveLabsError } from '../../core/api/errors';
import { RequestRecord } from '../../core/api/http';
import { apiKeyProblem } from '../../core/apiKey';
import { baseUrlSetting } from '../connection';
import { showError } from '../notify';
import { Handler, Services } from '../services';

export function setApiKey({ keyStore, connection, log }: Services): Handler {
  const save = async (key: string, confirmation: string): Promise<void> => {
    try {
      await keyStore.set(key);
      void vscode.window.showInformationMessage(confirmation);
    } catch (error) {
      await showError(log, vscode.l10n.t('{0} The key was not saved.', messageOf(error)), error);
    }
  };
  const askAndSave = async (): Promise<void> => {
    const input = await vscode.window.showInputBox({
      title: vscode.l10n.t('TwelveLabs: Set API Key'),
      prompt: vscode.l10n.t('Paste your TwelveLabs API key. It is kept in VS Code’s secret storage on this computer.'),
      placeHolder: vscode.l10n.t('API key from the TwelveLabs Playground'),
      password: true,
      ignoreFocusOut: true,
      // Nothing typed yet is not an error worth shouting about; it is refused on Enter.
      validateInput: (value) => (value.trim() === '' ? undefined : apiKeyProblem(value)),
    });
    if (input === undefined) {
      return;
    }
    const problem = apiKeyProblem(input);
    if (problem !== undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} The key was not changed.', problem));
      return;
    }
    const key = input.trim();
    const error = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Checking the API key with TwelveLabs…'),
        cancellable: true,
      },
      (_progress, token) => checkKey(key, token, connection.logRequest),
    );
    if (error === undefined) {
      await save(key, vscode.l10n.t('TwelveLabs API key saved.'));
    } else if (error.kind === 'invalidKey') {
      const tryAgain = vscode.l10n.t('Try Again');
      const choice = await vscode.window.showErrorMessage(
        vscode.l10n.t(
          'TwelveLabs rejected this API key: it may be mistyped, revoked or expired. The key was not saved.',
        ),
        tryAgain,
      );
      if (choice === tryAgain) {
        await askAndSave();
      }
    } else if (error.kind !== 'cancelled') {
      const saveAnyway = vscode.l10n.t('Save Anyway');
      const choice = await showError(log, vscode.l10n.t('The key could not be checked. {0}', error.message), error, {
        actions: [saveAnyway],
        warning: true,
      });
      if (choice === saveAnyway) {
        await save(key, vscode.l10n.t('TwelveLabs API key saved without checking it.'));
      }
    }
  };
  return askAndSave;
}

/** One cheap authenticated request. Resolves with the error, or undefined when the key works. */
async function checkKey(
  key: string,
  token: vscode.CancellationToken,
  onRequest: (record: RequestRecord) => void,
): Promise<TwelveLabsError | undefined> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => {
    abort.abort();
  });
  try {
    await new TwelveLabsClient({ baseUrl: baseUrlSetting(), apiKey: key, onRequest }).checkKey(abort.signal);
    return undefined;
  } catch (error) {
    return toTwelveLabsError(error, 'network');
  } finally {
    subscription.dispose();
  }
}
