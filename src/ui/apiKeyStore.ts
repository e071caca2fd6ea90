import * as vscode from 'vscode';

/** The API key, kept in VS Code's SecretStorage (the OS keychain) and nowhere else. */
export class ApiKeyStore {
  private static readonly secretName = 'twelvelabs.apiKey';

  /** Fires when the key is set or cleared, in this window or in another one. */
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    const emitter = new vscode.EventEmitter<void>();
    this.onDidChange = emitter.event;
    secrets.onDidChange((event) => {
      if (event.key === ApiKeyStore.secretName) {
        emitter.fire();
      }
    });
  }

  async get(): Promise<string | undefined> {
    const key = await this.secrets.get(ApiKeyStore.secretName);
    return key === undefined || key === '' ? undefined : key;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(ApiKeyStore.secretName, key);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(ApiKeyStore.secretName);
  }
}
