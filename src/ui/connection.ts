import * as vscode from 'vscode';
import { TwelveLabsClient } from '../core/api/client';
import { TwelveLabsError } from '../core/api/errors';
import { ApiKeyStore } from './apiKeyStore';
import { SETTING } from './contributions';


/**
 * The base URL from user settings only. A workspace's settings could otherwise send the key
 * to a server of the workspace author's choosing; the setting's `application` scope says the
 * same to VS Code, and this holds even where that scope is not enforced.
 */
export function baseUrlSetting(): string | undefined {
  const setting = vscode.workspace.getConfiguration().inspect<string>(SETTING.apiBaseUrl);
  return setting?.globalValue ?? setting?.defaultValue;
}

/** Builds the API client from the stored key and the base URL setting. */
export class Connection {
  constructor(private readonly keyStore: ApiKeyStore) {}

  /** The client for the current key and setting. Throws TwelveLabsError: `noKey`, or `config` for an unusable setting. */
  async client(): Promise<TwelveLabsClient> {
    const apiKey = await this.keyStore.get();
    if (apiKey === undefined) {
      throw new TwelveLabsError({ kind: 'noKey', message: 'No TwelveLabs API key is set. Run “TwelveLabs: Set API Key...” first.' });
    }
    return new TwelveLabsClient({ baseUrl: baseUrlSetting(), apiKey });
  }
}
