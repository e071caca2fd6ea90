/**
 * A small stand-in for the `vscode` module (install it with ./install): only what src/ui and
 * src/extension.ts use, with the real semantics that matter: Escape resolves undefined, a message
 * offers only its buttons, validateInput can block Enter, onDidHide follows hide(). Window calls are
 * recorded in `ui.calls`; prompts take answers the test scripts with `ui.answer(fn, answer)`, in
 * order, and a prompt nobody scripted rejects and is listed in `ui.problems`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as l10nLibrary from '@vscode/l10n';

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

/** One recorded window call. Messages have message, options and items (the button labels). */
export interface UiCall {
  fn: string;
  message?: string;
  options?: any;
  /** A message's button labels; a quick pick's items as they were when it was answered. */
  items?: any[];
  [more: string]: any;
}
type Prompt =
  | 'showInformationMessage'
  | 'showWarningMessage'
  | 'showErrorMessage'
  | 'showInputBox'
  | 'showQuickPick'
  | 'createQuickPick';

const script: { fn: Prompt; answer: unknown }[] = [];
const registered = new Map<string, (...args: any[]) => unknown>();
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
  treeViews: new Map<string, any>(),
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
  answer: (fn: Prompt, answer: unknown): void => void script.push({ fn, answer }),
  unanswered: (): string[] => script.map((s) => s.fn),
  callsOf: (fn: string): UiCall[] => ui.calls.filter((c) => c.fn === fn),
  registeredCommands: (): string[] => [...registered.keys()],
  /** Setting defaults from package.json's contributes.configuration, as VS Code reads them. */
  contribute(pkg: { contributes?: { configuration?: { properties?: Record<string, { default?: unknown }> } } }): void {
    for (const [key, property] of Object.entries(pkg.contributes?.configuration?.properties ?? {}))
      ui.settings.defaults[key] = property.default;
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

/** Records the call and takes its scripted answer, or fails loudly. */
async function prompt(call: UiCall & { fn: Prompt }): Promise<unknown> {
  ui.calls.push(call);
  const next = script[0];
  if (next?.fn !== call.fn) {
    refuse(
      `unexpected ${call.fn}(${JSON.stringify(call.message ?? call.title ?? '')}); the script expected ${next?.fn ?? 'no more prompts'}`,
    );
  }
  script.shift();
  return typeof next.answer === 'function' ? next.answer(call) : next.answer;
}

function showMessage(fn: Prompt) {
  return async (message: string, ...rest: any[]): Promise<any> => {
    // As in VS Code: a second argument that is neither a string nor a MessageItem is the options.
    const hasOptions = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]);
    const offered: any[] = hasOptions ? rest.slice(1) : rest;
    const labels = offered.map((item) => (typeof item === 'string' ? item : item.title));
    const answer = await prompt({ fn, message, options: hasOptions ? rest[0] : undefined, items: labels });
    if (answer === undefined) return undefined; // Escape, the close button, or a modal's Cancel
    const index = labels.indexOf(answer);
    return index >= 0
      ? offered[index]
      : refuse(`${fn}: the script pressed "${String(answer)}", but the buttons were ${JSON.stringify(labels)}`);
  };
}

class FakeQuickPick {
  title: string | undefined;
  placeholder: string | undefined;
  matchOnDescription = false;
  matchOnDetail = false;
  canSelectMany = false;
  value = '';
  items: readonly any[] = [];
  selectedItems: readonly any[] = [];
  activeItems: readonly any[] = [];
  private visible = false;
  private disposed = false;
  private loading = false;
  private idle: (() => void)[] = [];
  private readonly accepted = new EventEmitter<void>();
  private readonly hidden = new EventEmitter<void>();
  private readonly valueChanged = new EventEmitter<string>();
  private readonly selectionChanged = new EventEmitter<readonly any[]>();
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

  show(): void {
    this.visible = true;
    const call: UiCall & { fn: Prompt } = { fn: 'createQuickPick', title: this.title, placeholder: this.placeholder };
    void prompt(call)
      .then(async (answer) => {
        // The user reads the list once it has loaded.
        await new Promise<void>((resolve) => (this.loading ? this.idle.push(resolve) : setImmediate(resolve)));
        const items = this.items.map(({ label, description, detail }) => ({ label, description, detail }));
        Object.assign(call, { placeholder: this.placeholder, items });
        if (!this.visible) {
          return answer === undefined
            ? undefined
            : refuse(`the quick pick "${this.title}" closed before "${String(answer)}" could be picked`);
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
          await new Promise<void>((resolve) => (this.loading ? this.idle.push(resolve) : resolve()));
          Object.assign(call, {
            searched: search,
            items: this.items.map(({ label, description, detail }) => ({ label, description, detail })),
          });
          answer = pick;
        }
        // An array checks those items; a single label is the highlighted item, which a
        // multi-select pick accepts with nothing checked.
        const labels: unknown[] = Array.isArray(answer) ? answer : [answer];
        if (Array.isArray(answer) && !this.canSelectMany)
          refuse(`the quick pick "${this.title}" cannot check several items`);
        const chosen = labels.map(
          (label) =>
            this.items.find((i) => i.label === label) ??
            refuse(`the quick pick "${this.title}" has no item "${String(label)}"`),
        );
        this.activeItems = chosen.slice(0, 1);
        this.selectedItems = Array.isArray(answer) || !this.canSelectMany ? chosen : [];
        this.accepted.fire();
        // Enter that leaves the picker open would leave the user, and the test, stuck.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (this.visible) refuse(`the quick pick "${this.title}" stayed open after "${String(answer)}" was accepted`);
      })
      .catch(() => {
        this.hide(); // the problem is already in ui.problems
      });
  }

  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    // VS Code reports the hide back asynchronously, and not at all once disposed.
    queueMicrotask(() => this.disposed || this.hidden.fire());
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
  async showInputBox(options: any = {}): Promise<string | undefined> {
    const typed = await prompt({ fn: 'showInputBox', options });
    const validation = typed === undefined ? undefined : await options.validateInput?.(typed);
    // A message (or an InputBoxValidationMessage of severity Error) keeps Enter from accepting.
    if (typeof validation === 'string' ? validation !== '' : validation?.severity === 3) {
      refuse(`showInputBox does not accept the scripted text: ${JSON.stringify(validation)}`);
    }
    return typed as string | undefined;
  },
  /** Answered with a label, or with an array of labels when canPickMany; undefined is Escape. */
  async showQuickPick(items: readonly any[], options: any = {}): Promise<any> {
    const answer = await prompt({
      fn: 'showQuickPick',
      options,
      items: items.map(({ label, picked }) => ({ label, picked })),
    });
    if (answer === undefined) return undefined;
    const find = (label: unknown) =>
      items.find((i) => i.label === label) ?? refuse(`showQuickPick has no item "${String(label)}"`);
    if (Boolean(options.canPickMany) !== Array.isArray(answer))
      refuse('showQuickPick: answer with an array exactly when canPickMany');
    return Array.isArray(answer) ? answer.map(find) : find(answer);
  },
  /** The recorded call's cancel() is the notification's Cancel button. */
  withProgress<R>(
    options: any,
    task: (progress: { report(value: unknown): void }, token: any) => PromiseLike<R>,
  ): Promise<R> {
    const cancelled = new EventEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
    const cancel = (): void => {
      if (token.isCancellationRequested) return;
      token.isCancellationRequested = true;
      cancelled.fire();
    };
    const call: UiCall = { fn: 'withProgress', options, reports: [], cancel };
    ui.calls.push(call);
    return Promise.resolve(task({ report: (value) => call.reports.push(value) }, token)).finally(() => {
      cancelled.dispose();
    });
  },
  setStatusBarMessage(message: string, timeout?: number): Disposable {
    ui.calls.push({ fn: 'setStatusBarMessage', message, timeout });
    return new Disposable(undefined);
  },
  createQuickPick: (): FakeQuickPick => new FakeQuickPick(),
  /** Recorded with the document's text, so the harness's key check covers documents too. */
  async showTextDocument(document: { uri: Uri; languageId: string; getText(): string }): Promise<unknown> {
    ui.calls.push({
      fn: 'showTextDocument',
      uri: document.uri.toString(),
      languageId: document.languageId,
      text: document.getText(),
    });
    return { document };
  },
  /** ui.treeViews holds the view: its options, its `selection`, and select(nodes) to change it as a user would. */
  createTreeView(viewId: string, options: { treeDataProvider?: unknown }) {
    if (!options?.treeDataProvider) throw new Error('Options with treeDataProvider is mandatory');
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
  registerCommand(id: string, handler: (...args: any[]) => unknown, thisArg?: unknown): Disposable {
    if (registered.has(id)) throw new Error(`command '${id}' already exists`);
    registered.set(id, (...args) => handler.apply(thisArg, args));
    return new Disposable(() => registered.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    if (id === 'setContext') return void ui.contextKeys.set(args[0] as string, args[1]);
    const handler = registered.get(id);
    if (!handler) throw new Error(`command '${id}' not found`);
    return handler(...args);
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
    async writeText(text: string): Promise<void> {
      ui.calls.push({ fn: 'writeClipboard', text });
      ui.clipboard = text;
    },
    readText: async (): Promise<string> => ui.clipboard,
  },
};

export const workspace = {
  onDidChangeConfiguration: configChanged.event,
  registerTextDocumentContentProvider(scheme: string, provider: any): Disposable {
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
      async update(key: string, value: unknown, target?: ConfigurationTarget | boolean): Promise<void> {
        const name = full(key);
        const layer = target === true || target === ConfigurationTarget.Global ? global : folder;
        if (value === undefined) delete layer[name];
        else layer[name] = value;
        configChanged.fire({
          affectsConfiguration: (s) => name === s || name.startsWith(`${s}.`) || s.startsWith(`${name}.`),
        });
      },
    };
  },
};

/** ExtensionContext.secrets: onDidChange fires on every store and delete, from this window or another. */
/** ExtensionContext.workspaceState: values go through JSON, as VS Code stores them. */
export class FakeMemento {
  private readonly values = new Map<string, string>();
  get<T>(key: string, defaultValue?: T): T | undefined {
    const stored = this.values.get(key);
    return stored === undefined ? defaultValue : (JSON.parse(stored) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}

export class FakeSecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  /** Set to make every call fail, as a locked or missing system keychain does. */
  unavailable = false;
  async get(key: string): Promise<string | undefined> {
    this.check();
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.check();
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.check();
    this.values.delete(key);
    this.changed.fire({ key });
  }
  private check(): void {
    if (this.unavailable) throw new Error('Cannot get password: the keyring is locked');
  }
}
