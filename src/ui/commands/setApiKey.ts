import * as vscode from 'vscode';
import { TwelveLabsClient } from '../../core/api/client';
import { TwelveLabsError, isTwelveLabsError, messageOf } from '../../core/api/errors';
import { RequestRecord } from '../../core/api/http';
import { apiKeyProblem } from '../../core/apiKey';
import { baseUrlSetting } from '../connection';
import { COMMAND } from '../contributions';
import { Services } from '../services';

const SAVE_ANYWAY = 'Save Anyway';
const TRY_AGAIN = 'Try Again';

export function registerSetApiKey({ keyStore, connection }: Services): vscode.Disposable {
  const save = async (key: string, confirmation: string): Promise<void> => {
    try {
      await keyStore.set(key);
      void vscode.window.showInformationMessage(confirmation);
    } catch (error) {
      void vscode.window.showErrorMessage(`${messageOf(error)} The key was not saved.`);
    }
  };
  const setApiKey = async (): Promise<void> => {
    const input = await vscode.window.showInputBox({
      title: 'TwelveLabs: Set API Key',
      prompt: 'Paste your TwelveLabs API key. It is kept in VS Code’s secret storage on this computer.',
      placeHolder: 'API key from the TwelveLabs Playground',
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
      void vscode.window.showErrorMessage(`${problem} The key was not changed.`);
      return;
    }
    const key = input.trim();
    const error = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Checking the API key with TwelveLabs…',
        cancellable: true,
      },
      (_progress, token) => checkKey(key, token, connection.logRequest),
    );
    if (error === undefined) {
      await save(key, 'TwelveLabs API key saved.');
    } else if (error.kind === 'invalidKey') {
      const choice = await vscode.window.showErrorMessage(
        'TwelveLabs rejected this API key: it may be mistyped, revoked or expired. The key was not saved.',
        TRY_AGAIN,
      );
      if (choice === TRY_AGAIN) {
        await setApiKey();
      }
    } else if (error.kind !== 'cancelled') {
      const choice = await vscode.window.showWarningMessage(
        `The key could not be checked. ${error.message}`,
        SAVE_ANYWAY,
      );
      if (choice === SAVE_ANYWAY) {
        await save(key, 'TwelveLabs API key saved without checking it.');
      }
    }
  };
  return vscode.commands.registerCommand(COMMAND.setApiKey, setApiKey);
}

/** One cheap authenticated request. Resolves with the error, or undefined when the key works. */
async function checkKey(
  key: string,
  token: vscode.CancellationToken,
  onRequest: (record: RequestRecord) => void,
): Promise<TwelveLabsError | undefined> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  try {
    await new TwelveLabsClient({ baseUrl: baseUrlSetting(), apiKey: key, onRequest }).checkKey(abort.signal);
    return undefined;
  } catch (error) {
    return isTwelveLabsError(error) ? error : new TwelveLabsError({ kind: 'network', message: messageOf(error) });
  } finally {
    subscription.dispose();
  }
}
