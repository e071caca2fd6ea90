/**
 * Answers the extension's prompts inside the real extension host, and records them with the
 * context keys it sets. The tests
 * load `vscode` from inside this extension's folder, so they get the same API object as the
 * extension: replacing a `window` function here replaces it for the extension too.
 */
import * as vscode from 'vscode';

/** `status` is a status-bar message: recorded, and still shown. */
export type PromptKind = 'warning' | 'error' | 'information' | 'inputBox' | 'quickPick' | 'status';

export interface Prompt {
  kind: PromptKind;
  message: string;
  /** The options object of a message (e.g. `{ modal: true, detail }`) or of the input box. */
  options: Record<string, unknown> | undefined;
  /** Button labels, in order. */
  buttons: string[];
}

type Answer = (prompt: Prompt) => string | undefined;

type Namespace = Record<string, unknown>;
const window = vscode.window as unknown as Namespace;
const commands = vscode.commands as unknown as Namespace;
const MESSAGE_FUNCTIONS: Record<Exclude<PromptKind, 'inputBox' | 'quickPick' | 'status'>, string> = {
  warning: 'showWarningMessage',
  error: 'showErrorMessage',
  information: 'showInformationMessage',
};

/** Runs `work` at once, as an async function's body would: its result, or what it throws, settles the promise. */
function settled<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(work());
  });
}

export class Prompts {
  readonly shown: Prompt[] = [];
  /** Quick picks the extension created, newest last. They stay real: tests drive them. */
  readonly quickPicks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  /** The last value the extension gave each context key through `setContext`. */
  readonly contextKeys = new Map<string, unknown>();
  private readonly originals: { namespace: Namespace; name: string; original: unknown }[] = [];
  private readonly answers = new Map<PromptKind, Answer>();

  install(): void {
    for (const [kind, name] of Object.entries(MESSAGE_FUNCTIONS) as [PromptKind, string][]) {
      this.replace(window, name, (message: string, ...rest: unknown[]) =>
        settled(() => {
          const [first, ...items] = rest;
          const hasOptions = typeof first === 'object' && first !== null && !('title' in first);
          const buttons = (hasOptions ? items : rest).map((item) =>
            typeof item === 'string' ? item : (item as vscode.MessageItem).title,
          );
          return this.record({
            kind,
            message,
            options: hasOptions ? (first as Record<string, unknown>) : undefined,
            buttons,
          });
        }),
      );
    }
    this.replace(window, 'showInputBox', (options?: vscode.InputBoxOptions) =>
      settled(() =>
        this.record({ kind: 'inputBox', message: options?.prompt ?? '', options: { ...options }, buttons: [] }),
      ),
    );
    // A showQuickPick answer is a label, or labels joined by '|' for canPickMany ('' checks none).
    this.replace(window, 'showQuickPick', (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) =>
      settled(() => {
        const answer = this.record({
          kind: 'quickPick',
          message: options?.title ?? '',
          options: { ...options },
          buttons: items.map((item) => item.label),
        });
        if (answer === undefined) return undefined;
        const labels = answer === '' ? [] : answer.split('|');
        const chosen = items.filter((item) => labels.includes(item.label));
        return options?.canPickMany ? chosen : chosen[0];
      }),
    );
    const setStatusBarMessage = vscode.window.setStatusBarMessage.bind(vscode.window) as (
      text: string,
      timeout: number,
    ) => vscode.Disposable;
    this.replace(window, 'setStatusBarMessage', (text: string, timeout: number) => {
      this.shown.push({ kind: 'status', message: text, options: undefined, buttons: [] });
      return setStatusBarMessage(text, timeout);
    });
    const createQuickPick = vscode.window.createQuickPick.bind(vscode.window);
    this.replace(window, 'createQuickPick', () => {
      const pick = createQuickPick();
      this.quickPicks.push(pick);
      return pick;
    });
    const executeCommand = vscode.commands.executeCommand.bind(vscode.commands);
    this.replace(commands, 'executeCommand', (command: string, ...args: unknown[]) => {
      if (command === 'setContext') {
        this.contextKeys.set(String(args[0]), args[1]);
      }
      return executeCommand(command, ...args);
    });
  }

  /** Puts the real functions back. */
  restore(): void {
    for (const { namespace, name, original } of this.originals.splice(0).reverse()) {
      namespace[name] = original;
    }
  }

  /** How prompts of this kind are answered from now on; unanswered prompts resolve undefined, like Escape. */
  answer(kind: PromptKind, answer: string | undefined | Answer): void {
    this.answers.set(kind, typeof answer === 'function' ? answer : () => answer);
  }

  /** What was shown, of one kind. */
  of(kind: PromptKind): Prompt[] {
    return this.shown.filter((prompt) => prompt.kind === kind);
  }

  reset(): void {
    this.shown.length = 0;
    this.quickPicks.length = 0;
    this.answers.clear();
  }

  private record(prompt: Prompt): string | undefined {
    this.shown.push(prompt);
    return this.answers.get(prompt.kind)?.(prompt);
  }

  private replace(namespace: Namespace, name: string, replacement: unknown): void {
    this.originals.push({ namespace, name, original: namespace[name] });
    namespace[name] = replacement;
  }
}
