/**
 * A small stand-in for the `vscode` module (install it with ./install): only what src/ui and
 * src/extension.ts use, with the real semantics that matter: Escape resolves undefined, a message
 * offers only its buttons, validateInput can block Enter, onDidHide follows hide(). Window calls are
 * recorded in `ui.calls`; prompts take answers the test scripts with `ui.answer(fn, answer)`, in
 * order, and a prompt nobody scripted rejects and is listed in `ui.problems`.
 */
import * as l10nLibrary from '@vscode/l10n';
import type * as vscode from 'vscode';

export class Disposable {
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const d of disposables) d.dispose();
    });
  }
  constructor(private callOnDispose?: () => unknown) {}
  dispose(): void {
    const call = this.callOnDispose;
    this.callOnDispose = undefined; // as in VS Code: once
    call?.();
  }
}

export class EventEmitter<T> {
  private listeners: ((event: T) => unknown)[] = [];
  private disposed = false;
  readonly event = (listener: (event: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]): Disposable => {
    const entry = (event: T): unknown => listener.call(thisArgs, event);
    if (!this.disposed) this.listeners.push(entry);
    const subscription = new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== entry)));
    disposables?.push(subscription);
    return subscription;
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event); // as in VS Code, a failing listener does not stop the others
      } catch (error) {
        ui.problems.push(`an event listener threw: ${String(error)}`);
      }
    }
  }
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}
export class TreeItem {
  constructor(
    public label: string,
    public collapsibleState = TreeItemCollapsibleState.None,
  ) {}
}
export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static from({ scheme, path = '' }: { scheme: string; path?: string }): Uri {
    return new Uri(scheme, path);
  }
  toString(): string {
    return `${this.scheme}:${encodeURI(this.path)}`;
  }
}

/** A quick pick's item as the user reads it. */
export interface ShownItem {
  label: string;
  description?: string;
  detail?: string;
}

/** What withProgress's task reports. */
export interface ProgressReport {
  message?: string;
  increment?: number;
}

/** One recorded window call, told apart by `fn`. */
export type UiCall =
  | {
      fn: 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';
      message: string;
      options: vscode.MessageOptions | undefined;
      /** The button labels. */
      items: string[];
    }
  | { fn: 'showInputBox'; options: vscode.InputBoxOptions }
  | { fn: 'showQuickPick'; options: vscode.QuickPickOptions; items: { label: string; picked?: boolean }[] }
  | {
      fn: 'createQuickPick';
      title: string | undefined;
      placeholder: string | undefined;
      /** The items as they were when the pick was answered; `searched` is the text typed first. */
      items?: ShownItem[];
      searched?: string;
    }
  | { fn: 'withProgress'; options: vscode.ProgressOptions; reports: ProgressReport[]; cancel(): void }
  | { fn: 'setStatusBarMessage'; message: string; timeout: number | undefined }
  | { fn: 'showTextDocument'; uri: string; languageId: string; text: string }
  | { fn: 'writeClipboard'; text: string }
  | { fn: 'openTextDocument'; uri: string }
  | { fn: 'showLog' };

/** The recorded calls of `fn`. */
export type UiCallOf<F extends UiCall['fn']> = UiCall extends infer C
  ? C extends { fn: infer G }
    ? F extends G
      ? C
      : never
    : never
  : never;

type Prompt =
  | 'showInformationMessage'
  | 'showWarningMessage'
  | 'showErrorMessage'
  | 'showInputBox'
  | 'showQuickPick'
  | 'createQuickPick';

/** A view from createTreeView: its options, its `selection`, and select(nodes) to change it as a user would. */
export interface FakeTreeView {
  treeDataProvider: unknown;
  canSelectMany?: boolean;
  showCollapseAll?: boolean;
  visible: boolean;
  description: string | undefined;
  selection: readonly unknown[];
  select(nodes: readonly unknown[]): void;
}

const script: { fn: Prompt; answer: unknown }[] = [];
const registered = new Map<string, (...args: unknown[]) => unknown>();
const configChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const contentProviders = new Map<
  string,
  { provideTextDocumentContent(uri: Uri, token: unknown): string | PromiseLike<string> }
>();

/** What the test drives and inspects. */
export const ui = {
  calls: [] as UiCall[],
  /** Unexpected prompts, answers a prompt could not take, listener errors: should stay empty. */
  problems: [] as string[],
  contextKeys: new Map<string, unknown>(),
  /** Lines written to the extension's log channel, as `[level] message`. */
  log: [] as string[],
  treeViews: new Map<string, FakeTreeView>(),
  /** What env.clipboard holds; every write is also a `writeClipboard` call. */
  clipboard: '',
  settings: {
    defaults: {} as Record<string, unknown>,
    global: {} as Record<string, unknown>,
    workspace: {} as Record<string, unknown>,
  },
  /**
   * The answer to the next prompt, which must be a call of `fn`: a message takes a button label or
   * undefined (Escape); an input box the typed text or undefined; a quick pick the label to accept
   * once it stops loading, or undefined to press Escape then. A function computes it from the call.
   */
  answer: (fn: Prompt, answer: unknown): void => {
    script.push({ fn, answer });
  },
  unanswered: (): string[] => script.map((s) => s.fn),
  callsOf: <F extends UiCall['fn']>(fn: F): UiCallOf<F>[] => ui.calls.filter((c): c is UiCallOf<F> => c.fn === fn),
  registeredCommands: (): string[] => [...registered.keys()],
  /** Setting defaults from package.json's contributes.configuration, as VS Code reads them. */
  contribute(pkg: {
    contributes?: { configuration?: { properties?: Record<string, { default?: unknown } | undefined> } };
  }): void {
    for (const [key, property] of Object.entries(pkg.contributes?.configuration?.properties ?? {}))
      ui.settings.defaults[key] = property?.default;
  },
  /** As when the user edits settings.json: every value at once, and one change event for them all. */
  editUserSettings(values: Record<string, unknown>): void {
    Object.assign(ui.settings.global, values);
    const names = Object.keys(values);
    configChanged.fire({
      affectsConfiguration: (s) =>
        names.some((name) => name === s || name.startsWith(`${s}.`) || s.startsWith(`${name}.`)),
    });
  },
  reset(): void {
    ui.calls.length = ui.problems.length = script.length = ui.log.length = 0;
    ui.clipboard = '';
    ui.contextKeys.clear();
    ui.settings.global = {};
    ui.settings.workspace = {};
  },
};

function refuse(problem: string): never {
  ui.problems.push(problem);
  throw new Error(problem);
}

/** Runs `work` at once, as an async function's body runs: its result, or what it throws, settles the promise. */
function settled<T>(work: () => T | PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(work());
  });
}

/** An answer as the failure messages quote it. */
function quoted(answer: unknown): string {
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

/** Records the call and takes its scripted answer, or fails loudly. */
function prompt(call: UiCallOf<Prompt>): Promise<unknown> {
  return settled(() => {
    ui.calls.push(call);
    const next = script.at(0);
    if (next?.fn !== call.fn) {
      const shown = 'message' in call ? call.message : 'title' in call ? (call.title ?? '') : '';
      return refuse(
        `unexpected ${call.fn}(${JSON.stringify(shown)}); the script expected ${next?.fn ?? 'no more prompts'}`,
      );
    }
    script.shift();
    return typeof next.answer === 'function' ? (next.answer as (call: UiCall) => unknown)(call) : next.answer;
  });
}

function showMessage(fn: 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage') {
  return async (message: string, ...rest: unknown[]): Promise<unknown> => {
    // As in VS Code: a second argument that is neither a string nor a MessageItem is the options.
    const first = rest[0];
    const options = typeof first === 'object' && first !== null && !('title' in first) ? first : undefined;
    const offered = options === undefined ? rest : rest.slice(1);
    const labels = offered.map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title));
    const answer = await prompt({ fn, message, options, items: labels });
    if (answer === undefined) return undefined; // Escape, the close button, or a modal's Cancel
    const index = labels.findIndex((label) => label === answer);
    return index >= 0
      ? offered[index]
      : refuse(`${fn}: the script pressed "${quoted(answer)}", but the buttons were ${JSON.stringify(labels)}`);
  };
}

class FakeQuickPick {
  title: string | undefined;
  placeholder: string | undefined;
  matchOnDescription = false;
  matchOnDetail = false;
  canSelectMany = false;
  value = '';
  items: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  private visible = false;
  private disposed = false;
  private loading = false;
  private idle: (() => void)[] = [];
  private readonly accepted = new EventEmitter<void>();
  private readonly hidden = new EventEmitter<void>();
  private readonly valueChanged = new EventEmitter<string>();
  private readonly selectionChanged = new EventEmitter<readonly vscode.QuickPickItem[]>();
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  readonly onDidChangeValue = this.valueChanged.event;
  readonly onDidChangeSelection = this.selectionChanged.event;

  get busy(): boolean {
    return this.loading;
  }
  set busy(value: boolean) {
    this.loading = value;
    if (!value) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Whether the pick is open now: read afresh after an await, where TypeScript would keep an earlier check. */
  private isVisible(): boolean {
    return this.visible;
  }

  /** Resolves once the items have loaded. */
  private loaded(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.loading) this.idle.push(resolve);
      else setImmediate(resolve);
    });
  }

  private shownItems(): ShownItem[] {
    return this.items.map(({ label, description, detail }) => ({ label, description, detail }));
  }

  show(): void {
    this.visible = true;
    const title = this.title ?? '';
    const call: UiCallOf<'createQuickPick'> = {
      fn: 'createQuickPick',
      title: this.title,
      placeholder: this.placeholder,
    };
    void prompt(call)
      .then(async (answer) => {
        // The user reads the list once it has loaded.
        await this.loaded();
        Object.assign(call, { placeholder: this.placeholder, items: this.shownItems() });
        if (!this.isVisible()) {
          return answer === undefined
            ? undefined
            : refuse(`the quick pick "${title}" closed before "${quoted(answer)}" could be picked`);
        }
        if (answer === undefined) {
          this.hide();
          return;
        }
        // { search, pick }: the user types `search` first, and picks once the search has loaded.
        if (typeof answer === 'object' && answer !== null && 'search' in answer) {
          const { search, pick } = answer as { search: string; pick: unknown };
          this.value = search;
          this.valueChanged.fire(search);
          await new Promise((resolve) => setTimeout(resolve, 400)); // past the picker's typing delay
          await this.loaded();
          Object.assign(call, { searched: search, items: this.shownItems() });
          answer = pick;
        }
        // An array checks those items; a single label is the highlighted item, which a
        // multi-select pick accepts with nothing checked.
        const labels: unknown[] = Array.isArray(answer) ? answer : [answer];
        if (Array.isArray(answer) && !this.canSelectMany)
          refuse(`the quick pick "${title}" cannot check several items`);
        const chosen = labels.map(
          (label) =>
            this.items.find((i) => i.label === label) ??
            refuse(`the quick pick "${title}" has no item "${quoted(label)}"`),
        );
        this.activeItems = chosen.slice(0, 1);
        this.selectedItems = Array.isArray(answer) || !this.canSelectMany ? chosen : [];
        this.accepted.fire();
        // Enter that leaves the picker open would leave the user, and the test, stuck.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (this.isVisible()) refuse(`the quick pick "${title}" stayed open after "${quoted(answer)}" was accepted`);
      })
      .catch(() => {
        this.hide(); // the problem is already in ui.problems
      });
  }

  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    // VS Code reports the hide back asynchronously, and not at all once disposed.
    queueMicrotask(() => {
      if (!this.disposed) this.hidden.fire();
    });
  }

  dispose(): void {
    this.visible = false;
    this.disposed = true;
    this.accepted.dispose();
    this.hidden.dispose();
    this.valueChanged.dispose();
    this.selectionChanged.dispose();
  }
}

const windowStateChanged = new EventEmitter<{ focused: boolean }>();

export const window = {
  state: { focused: true },
  onDidChangeWindowState: windowStateChanged.event,
  showInformationMessage: showMessage('showInformationMessage'),
  showWarningMessage: showMessage('showWarningMessage'),
  showErrorMessage: showMessage('showErrorMessage'),
  async showInputBox(options: vscode.InputBoxOptions = {}): Promise<string | undefined> {
    const typed = await prompt({ fn: 'showInputBox', options });
    const validation = typed === undefined ? undefined : await options.validateInput?.(typed as string);
    // A message (or an InputBoxValidationMessage of severity Error) keeps Enter from accepting.
    const severity: number | undefined = typeof validation === 'object' ? validation?.severity : undefined;
    if (typeof validation === 'string' ? validation !== '' : severity === 3) {
      refuse(`showInputBox does not accept the scripted text: ${JSON.stringify(validation)}`);
    }
    return typed as string | undefined;
  },
  /** Answered with a label, or with an array of labels when canPickMany; undefined is Escape. */
  async showQuickPick(
    items: readonly vscode.QuickPickItem[],
    options: vscode.QuickPickOptions = {},
  ): Promise<vscode.QuickPickItem | vscode.QuickPickItem[] | undefined> {
    const answer = await prompt({
      fn: 'showQuickPick',
      options,
      items: items.map(({ label, picked }) => ({ label, picked })),
    });
    if (answer === undefined) return undefined;
    const find = (label: unknown) =>
      items.find((i) => i.label === label) ?? refuse(`showQuickPick has no item "${quoted(label)}"`);
    if (Boolean(options.canPickMany) !== Array.isArray(answer))
      refuse('showQuickPick: answer with an array exactly when canPickMany');
    return Array.isArray(answer) ? answer.map(find) : find(answer);
  },
  /** The recorded call's cancel() is the notification's Cancel button. */
  withProgress<R>(
    options: vscode.ProgressOptions,
    task: (progress: { report(value: ProgressReport): void }, token: unknown) => PromiseLike<R>,
  ): Promise<R> {
    const cancelled = new EventEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
    const cancel = (): void => {
      if (token.isCancellationRequested) return;
      token.isCancellationRequested = true;
      cancelled.fire();
    };
    const call: UiCallOf<'withProgress'> = { fn: 'withProgress', options, reports: [], cancel };
    ui.calls.push(call);
    const report = (value: ProgressReport): void => {
      call.reports.push(value);
    };
    return Promise.resolve(task({ report }, token)).finally(() => {
      cancelled.dispose();
    });
  },
  setStatusBarMessage(message: string, timeout?: number): Disposable {
    ui.calls.push({ fn: 'setStatusBarMessage', message, timeout });
    return new Disposable(undefined);
  },
  createQuickPick: (): FakeQuickPick => new FakeQuickPick(),
  /** Recorded with the document's text, so the harness's key check covers documents too. */
  showTextDocument(document: { uri: Uri; languageId: string; getText(): string }): Promise<unknown> {
    return settled(() => {
      ui.calls.push({
        fn: 'showTextDocument',
        uri: document.uri.toString(),
        languageId: document.languageId,
        text: document.getText(),
      });
      return { document };
    });
  },
  /** ui.treeViews holds the view: its options, its `selection`, and select(nodes) to change it as a user would. */
  createTreeView(viewId: string, options: { treeDataProvider: unknown; canSelectMany?: boolean }) {
    if (!options.treeDataProvider) throw new Error('Options with treeDataProvider is mandatory');
    const selectionChanged = new EventEmitter<{ selection: readonly unknown[] }>();
    const visibilityChanged = new EventEmitter<{ visible: boolean }>();
    const view = {
      ...options,
      visible: true,
      description: undefined as string | undefined,
      onDidChangeVisibility: visibilityChanged.event,
      selection: [] as readonly unknown[],
      onDidChangeSelection: selectionChanged.event,
      select(nodes: readonly unknown[]): void {
        view.selection = nodes;
        selectionChanged.fire({ selection: nodes });
      },
      dispose: () => ui.treeViews.delete(viewId),
    };
    ui.treeViews.set(viewId, view);
    return view;
  },
  createOutputChannel(name: string, options?: { log?: boolean }) {
    const line = (level: string) => (message: string) => void ui.log.push(`[${level}] ${message}`);
    return {
      name,
      log: options?.log === true,
      trace: line('trace'),
      debug: line('debug'),
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      show: () => void ui.calls.push({ fn: 'showLog' }),
      dispose: () => {},
    };
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown, thisArg?: unknown): Disposable {
    if (registered.has(id)) throw new Error(`command '${id}' already exists`);
    registered.set(id, (...args) => handler.apply(thisArg, args));
    return new Disposable(() => registered.delete(id));
  },
  executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    return settled(() => {
      if (id === 'setContext') {
        ui.contextKeys.set(args[0] as string, args[1]);
        return undefined;
      }
      const handler = registered.get(id);
      if (!handler) throw new Error(`command '${id}' not found`);
      return handler(...args);
    });
  },
};

/** English, as VS Code runs with no language pack: the same formatting as `vscode.l10n.t`. */
export const l10n = {
  t: l10nLibrary.t,
  bundle: undefined,
  uri: undefined,
};

export const env = {
  clipboard: {
    writeText(text: string): Promise<void> {
      return settled(() => {
        ui.calls.push({ fn: 'writeClipboard', text });
        ui.clipboard = text;
      });
    },
    readText: (): Promise<string> => settled(() => ui.clipboard),
  },
};

export const workspace = {
  onDidChangeConfiguration: configChanged.event,
  registerTextDocumentContentProvider(
    scheme: string,
    provider: { provideTextDocumentContent(uri: Uri, token: unknown): string | PromiseLike<string> },
  ): Disposable {
    if (contentProviders.has(scheme)) throw new Error(`a content provider for '${scheme}' is already registered`);
    contentProviders.set(scheme, provider);
    return new Disposable(() => contentProviders.delete(scheme));
  },
  /** As in VS Code: the scheme's provider gives the text, and a .json path is JSON; a provider's error rejects. */
  async openTextDocument(uri: Uri) {
    const provider = contentProviders.get(uri.scheme) ?? refuse(`no content provider for ${uri.toString()}`);
    const text = await provider.provideTextDocumentContent(uri, { isCancellationRequested: false });
    ui.calls.push({ fn: 'openTextDocument', uri: uri.toString() });
    return { uri, languageId: uri.path.endsWith('.json') ? 'json' : 'plaintext', getText: () => text };
  },
  getConfiguration(section?: string) {
    const full = (key: string): string => (section ? `${section}.${key}` : key);
    const { defaults, global, workspace: folder } = ui.settings;
    return {
      get: (key: string, fallback?: unknown) =>
        [folder, global, defaults].find((layer) => full(key) in layer)?.[full(key)] ?? fallback,
      inspect: (key: string) => ({
        key: full(key),
        defaultValue: defaults[full(key)],
        globalValue: global[full(key)],
        workspaceValue: folder[full(key)],
      }),
      /** As in VS Code with a folder open: no target means the workspace. */
      update(key: string, value: unknown, target?: ConfigurationTarget | boolean): Promise<void> {
        return settled(() => {
          const name = full(key);
          const layer = target === true || target === ConfigurationTarget.Global ? global : folder;
          if (value === undefined) Reflect.deleteProperty(layer, name);
          else layer[name] = value;
          configChanged.fire({
            affectsConfiguration: (s) => name === s || name.startsWith(`${s}.`) || s.startsWith(`${name}.`),
          });
        });
      },
    };
  },
};

/** ExtensionContext.workspaceState: values go through JSON, as VS Code stores them. */
export class FakeMemento {
  private readonly values = new Map<string, string>();
  get<T>(key: string, defaultValue?: T): T | undefined {
    const stored = this.values.get(key);
    return stored === undefined ? defaultValue : (JSON.parse(stored) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    return settled(() => {
      if (value === undefined) this.values.delete(key);
      else this.values.set(key, JSON.stringify(value));
    });
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}

/** ExtensionContext.secrets: onDidChange fires on every store and delete, from this window or another. */
export class FakeSecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  /** Set to make every call fail, as a locked or missing system keychain does. */
  unavailable = false;
  get(key: string): Promise<string | undefined> {
    return settled(() => {
      this.check();
      return this.values.get(key);
    });
  }
  store(key: string, value: string): Promise<void> {
    return settled(() => {
      this.check();
      this.values.set(key, value);
      this.changed.fire({ key });
    });
  }
  delete(key: string): Promise<void> {
    return settled(() => {
      this.check();
      this.values.delete(key);
      this.changed.fire({ key });
    });
  }
  private check(): void {
    if (this.unavailable) throw new Error('Cannot get password: the keyring is locked');
  }
}
