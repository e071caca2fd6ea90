import * as vscode from 'vscode';
import { TwelveLabsError } from '../core/api/errors';
import { KEY_MISSING_CONTEXT } from './contributions';

/** The API key, kept in VS Code's SecretStorage (the OS keychain) and nowhere else. */
export class ApiKeyStore implements vscode.Disposable {
  /** The SecretStorage entry's name. Changing it would lose every user's stored key. */
  static readonly secretName = 'twelvelabs.apiKey';
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Every tree load needs the key; read the keychain once until it changes. */
  private cached: Promise<string | undefined> | undefined;

  /** Fires when the key is set or cleared, in this window or in another one. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === ApiKeyStore.secretName) {
        this.cached = undefined;
        this.changed.fire();
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The key, or undefined when none is set or the keychain cannot be read (then setting one explains why). */
  get(): Promise<string | undefined> {
    this.cached ??= this.read();
    return this.cached;
  }

  private async read(): Promise<string | undefined> {
    try {
      const key = await this.secrets.get(ApiKeyStore.secretName);
      return key === undefined || key === '' ? undefined : key;
    } catch {
      this.cached = undefined; // a locked keychain may open later: ask again next time
      return undefined;
    }
  }

  /** Throws a TwelveLabsError with a readable message when the keychain refuses. */
  async set(key: string): Promise<void> {
    this.cached = undefined;
    try {
      await this.secrets.store(ApiKeyStore.secretName, key);
    } catch {
      throw keychainError(
        vscode.l10n.t(
          'VS Code could not store the key in its secret storage. Your system keychain may be locked or unavailable.',
        ),
      );
    }
  }

  async clear(): Promise<void> {
    this.cached = undefined;
    try {
      await this.secrets.delete(ApiKeyStore.secretName);
    } catch {
      throw keychainError(
        vscode.l10n.t(
          'VS Code could not remove the key from its secret storage. Your system keychain may be locked or unavailable.',
        ),
      );
    }
  }
}

/**
 * Keeps the `twelvelabs.keyMissing` context (the welcome view with its Set API Key button) in step
 * with the stored key: now, and after every change, from this window or another.
 */
export function trackKeyMissing(store: ApiKeyStore): vscode.Disposable {
  const update = async (): Promise<void> => {
    await vscode.commands.executeCommand('setContext', KEY_MISSING_CONTEXT, (await store.get()) === undefined);
  };
  void update();
  return store.onDidChange(() => void update());
}

// VS Code's own error could say anything; this says what happened and what to check.
function keychainError(message: string): TwelveLabsError {
  return new TwelveLabsError({ kind: 'keychain', message });
}
