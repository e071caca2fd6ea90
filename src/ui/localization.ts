import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/**
 * src/core cannot import `vscode`, so its words go through @vscode/l10n's `t`, which formats like
 * `vscode.l10n.t`. This hands it the bundle VS Code loaded for the display language; in English
 * there is none, and both fall back to the words in the code. l10n/bundle.l10n.json lists them all.
 */
export function localizeCore(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle !== undefined) {
    l10n.config({ contents: bundle });
  }
}
