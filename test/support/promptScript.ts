/**
 * The extension's prompts, answered in order from a script, for the fake `vscode` and the real host.
 * A prompt nobody scripted, or an answer it cannot take, rejects and is listed in `problems`.
 */
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';

/** A quick pick's item as the user reads it. */
export type ShownItem = Pick<vscode.QuickPickItem, 'label' | 'description' | 'detail'> & {
  separator?: true;
  /** The item's buttons, by tooltip. */
  buttons?: string[];
};

type MessageFn = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

/** A recorded window call. A createQuickPick's items are as answered; `searched` is the text typed first. */
export type UiCall =
  | {
      [F in MessageFn]: { fn: F; message: string; options: vscode.MessageOptions | undefined; items: string[] };
    }[MessageFn]
  | { fn: 'showInputBox'; options: vscode.InputBoxOptions }
  | { fn: 'showQuickPick'; options: vscode.QuickPickOptions; items: { label: string; picked?: boolean }[] }
  | { fn: 'showSaveDialog'; options: vscode.SaveDialogOptions }
  | { fn: 'showOpenDialog'; options: vscode.OpenDialogOptions }
  | { fn: 'createQuickPick'; title?: string; placeholder?: string; items?: ShownItem[]; searched?: string }
  | { fn: 'withProgress'; options: vscode.ProgressOptions; reports: { message?: string }[]; cancel(): void }
  | { fn: 'setStatusBarMessage'; message: string; timeout: number | undefined }
  | { fn: 'showTextDocument'; uri: string; languageId: string; text: string }
  | { fn: 'writeClipboard'; text: string }
  | { fn: 'openTextDocument'; uri: string }
  | { fn: 'showLog' };

export type UiCallOf<F extends UiCall['fn']> = Extract<UiCall, { fn: F }>;

type Prompt = MessageFn | 'showInputBox' | 'showQuickPick' | 'createQuickPick' | 'showSaveDialog' | 'showOpenDialog';

/** Runs `work` at once, as an async function's body runs: what it returns or throws settles the promise. */
export function settled<T>(work: () => T | PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(work());
  });
}

export function quoted(answer: unknown): string {
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

export class PromptScript {
  readonly calls: UiCall[] = [];
  /** Unexpected prompts, answers a prompt could not take, listener errors. */
  readonly problems: string[] = [];
  private readonly script: { fn: Prompt; answer: unknown }[] = [];
  private dismissing = false;

  /** The next prompt's answer: a button, text or label (labels to check several), undefined (Escape), or a function. */
  answer(fn: Prompt, answer: unknown): void {
    this.script.push({ fn, answer });
  }

  unanswered(): string[] {
    return this.script.map((s) => s.fn);
  }

  callsOf<F extends UiCall['fn']>(fn: F): UiCallOf<F>[] {
    return this.calls.filter((c): c is UiCallOf<F> => c.fn === fn);
  }

  /** Until reset(), an unscripted prompt is dismissed (Escape), not refused: for tests that read what was shown. */
  dismissUnscripted(): void {
    this.dismissing = true;
  }

  reset(): void {
    this.calls.length = this.problems.length = this.script.length = 0;
    this.dismissing = false;
  }

  assertDone(): void {
    assert.deepEqual(this.problems, [], 'no unexpected prompt');
    assert.deepEqual(this.unanswered(), [], 'every scripted answer was used');
  }

  refuse(problem: string): never {
    this.problems.push(problem);
    throw new Error(problem);
  }

  prompt(call: UiCallOf<Prompt>): Promise<unknown> {
    return settled(() => {
      this.calls.push(call);
      const next = this.script.at(0);
      if (next?.fn !== call.fn) {
        if (this.dismissing) return undefined;
        const shown = 'message' in call ? call.message : 'title' in call ? (call.title ?? '') : '';
        return this.refuse(
          `unexpected ${call.fn}(${JSON.stringify(shown)}); the script expected ${next?.fn ?? 'no more prompts'}`,
        );
      }
      this.script.shift();
      return typeof next.answer === 'function' ? (next.answer as (call: UiCall) => unknown)(call) : next.answer;
    });
  }

  readonly showInformationMessage = this.message('showInformationMessage');
  readonly showWarningMessage = this.message('showWarningMessage');
  readonly showErrorMessage = this.message('showErrorMessage');

  /** As VS Code's: a message offers only its buttons, and a modal's Cancel is undefined. */
  private message(fn: MessageFn) {
    return async (message: string, ...rest: unknown[]): Promise<unknown> => {
      const first = rest[0];
      const options = typeof first === 'object' && first !== null && !('title' in first) ? first : undefined;
      const offered = options === undefined ? rest : rest.slice(1);
      const labels = offered.map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title));
      const answer = await this.prompt({ fn, message, options, items: labels });
      if (answer === undefined) return undefined;
      const index = labels.indexOf(answer as string);
      return index >= 0
        ? offered[index]
        : this.refuse(`${fn}: the script pressed "${quoted(answer)}", but the buttons were ${JSON.stringify(labels)}`);
    };
  }

  /** A validation message (or one of severity Error) keeps Enter from accepting the text. */
  readonly showInputBox = async (options: vscode.InputBoxOptions = {}): Promise<string | undefined> => {
    const typed = (await this.prompt({ fn: 'showInputBox', options })) as string | undefined;
    const validation = typed === undefined ? undefined : await options.validateInput?.(typed);
    const severity: number | undefined = typeof validation === 'object' ? validation?.severity : undefined;
    const blocks = typeof validation === 'string' ? validation !== '' : severity === 3; // 3: Error
    if (blocks) this.refuse(`showInputBox does not accept the scripted text: ${JSON.stringify(validation)}`);
    return typed;
  };

  /** Answered with a label, or with an array of labels exactly when canPickMany; undefined is Escape. */
  readonly showQuickPick = async <T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions = {},
  ): Promise<T | T[] | undefined> => {
    const shown = items.map(({ label, picked }) => ({ label, picked }));
    const answer = await this.prompt({ fn: 'showQuickPick', options, items: shown });
    if (answer === undefined) return undefined;
    if (Boolean(options.canPickMany) !== Array.isArray(answer))
      this.refuse('showQuickPick: answer with an array exactly when canPickMany');
    const find = (label: unknown) =>
      items.find((i) => i.label === label) ?? this.refuse(`showQuickPick has no item "${quoted(label)}"`);
    return Array.isArray(answer) ? answer.map(find) : find(answer);
  };
}
