/**
 * How tests answer the extension's prompts, in both the fake `vscode` (test/unit/fakeVscode) and the
 * real extension host (test/integration): `answer(fn, answer)` scripts the next prompt, in order;
 * every call is recorded in `calls`; a prompt nobody scripted, or an answer it cannot take, rejects
 * and is listed in `problems`. No `vscode` at run time: only its types.
 */
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';

/** A quick pick's item as the user reads it. */
export type ShownItem = Pick<vscode.QuickPickItem, 'label' | 'description' | 'detail'>;

type MessageFn = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

/**
 * One recorded window call, told apart by `fn`. A message's `items` are its button labels; a
 * createQuickPick's are as they were when it was answered, and `searched` is the text typed first.
 */
export type UiCall =
  | {
      [F in MessageFn]: { fn: F; message: string; options: vscode.MessageOptions | undefined; items: string[] };
    }[MessageFn]
  | { fn: 'showInputBox'; options: vscode.InputBoxOptions }
  | { fn: 'showQuickPick'; options: vscode.QuickPickOptions; items: { label: string; picked?: boolean }[] }
  | { fn: 'createQuickPick'; title?: string; placeholder?: string; items?: ShownItem[]; searched?: string }
  | { fn: 'withProgress'; options: vscode.ProgressOptions; reports: { message?: string }[]; cancel(): void }
  | { fn: 'setStatusBarMessage'; message: string; timeout: number | undefined }
  | { fn: 'showTextDocument'; uri: string; languageId: string; text: string }
  | { fn: 'writeClipboard'; text: string }
  | { fn: 'openTextDocument'; uri: string }
  | { fn: 'showLog' };

/** The recorded calls of `fn`. */
export type UiCallOf<F extends UiCall['fn']> = Extract<UiCall, { fn: F }>;

export type Prompt = MessageFn | 'showInputBox' | 'showQuickPick' | 'createQuickPick';

/** Runs `work` at once, as an async function's body runs: its result, or what it throws, settles the promise. */
export function settled<T>(work: () => T | PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(work());
  });
}

/** An answer as the failure messages quote it. */
export function quoted(answer: unknown): string {
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

export class PromptScript {
  readonly calls: UiCall[] = [];
  /** Unexpected prompts, answers a prompt could not take, listener errors: should stay empty. */
  readonly problems: string[] = [];
  private readonly script: { fn: Prompt; answer: unknown }[] = [];
  private dismissing = false;

  /**
   * The answer to the next prompt, which must be a call of `fn`: a message takes a button label or
   * undefined (Escape); an input box the typed text or undefined; a quick pick the label to accept
   * (an array of labels to check several), or undefined to press Escape. A function computes it from the call.
   */
  answer(fn: Prompt, answer: unknown): void {
    this.script.push({ fn, answer });
  }

  unanswered(): string[] {
    return this.script.map((s) => s.fn);
  }

  callsOf<F extends UiCall['fn']>(fn: F): UiCallOf<F>[] {
    return this.calls.filter((c): c is UiCallOf<F> => c.fn === fn);
  }

  /** Until reset(), a prompt nobody scripted is dismissed (Escape) instead of refused: for tests that read what was shown. */
  dismissUnscripted(): void {
    this.dismissing = true;
  }

  reset(): void {
    this.calls.length = this.problems.length = this.script.length = 0;
    this.dismissing = false;
  }

  /** Fails when a prompt went wrong or a scripted answer was left over. */
  assertDone(): void {
    assert.deepEqual(this.problems, [], 'no unexpected prompt');
    assert.deepEqual(this.unanswered(), [], 'every scripted answer was used');
  }

  refuse(problem: string): never {
    this.problems.push(problem);
    throw new Error(problem);
  }

  /** Records the call and takes its scripted answer, or fails loudly. */
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
      // A second argument that is neither a string nor a MessageItem is the options.
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
