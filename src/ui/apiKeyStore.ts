import * as vscode from 'vscode';

/** The API key, kept in VS Code's SecretStorage (the OS keychain) and nowhere else. */
export class ApiKeyStore implements vscode.Disposable {
  /** The SecretStorage entry's name. Changing it would lose every user's stored key. */
  static readonly secretName = 'twelvelabs.apiKey';
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  /** Fires when the key is set or cleared, in this window or in another one. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === ApiKeyStore.secretName) {
        this.changed.fire();
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
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
