/**
 * The shared prompt script (test/support/promptScript.ts) inside the real extension host. The tests
 * load `vscode` from this extension's folder, so they share the extension's API object: replacing
 * a `window` function here replaces it for the extension too. Messages, input boxes and
 * showQuickPick are scripted; createQuickPick's picks stay real (tests drive them); status-bar
 * messages are recorded and still shown, and context keys are recorded.
 */
import * as vscode from 'vscode';
import { PromptScript } from '../support/promptScript';

type Namespace = Record<string, unknown>;

export class HostPrompts extends PromptScript {
  /** Quick picks the extension created, newest last. */
  readonly quickPicks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  /** The last value the extension gave each context key; kept over reset(), as VS Code keeps them. */
  readonly contextKeys = new Map<string, unknown>();
  private readonly undo: (() => void)[] = [];

  install(): void {
    const { window, commands } = vscode;
    const setStatusBarMessage = window.setStatusBarMessage.bind(window) as (text: string, ms: number) => unknown;
    const createQuickPick = window.createQuickPick.bind(window);
    const executeCommand = commands.executeCommand.bind(commands);
    this.replace(window, {
      showInformationMessage: this.showInformationMessage,
      showWarningMessage: this.showWarningMessage,
      showErrorMessage: this.showErrorMessage,
      showInputBox: this.showInputBox,
      showQuickPick: this.showQuickPick,
      setStatusBarMessage: (message: string, timeout: number) => {
        this.calls.push({ fn: 'setStatusBarMessage', message, timeout });
        return setStatusBarMessage(message, timeout);
      },
      createQuickPick: () => {
        const pick = createQuickPick();
        this.quickPicks.push(pick);
        return pick;
      },
    });
    this.replace(commands, {
      executeCommand: (command: string, ...args: unknown[]) => {
        if (command === 'setContext') this.contextKeys.set(String(args[0]), args[1]);
        return executeCommand(command, ...args);
      },
    });
  }

  /** Puts the real functions back. */
  restore(): void {
    for (const undo of this.undo.splice(0).reverse()) undo();
  }

  override reset(): void {
    super.reset();
    this.quickPicks.length = 0;
  }

  private replace(namespace: object, replacements: Namespace): void {
    const target = namespace as Namespace;
    for (const [name, replacement] of Object.entries(replacements)) {
      const original = target[name];
      this.undo.push(() => (target[name] = original));
      target[name] = replacement;
    }
  }
}
