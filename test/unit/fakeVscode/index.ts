/** A stand-in for `vscode` (install it with ./install): what src/ and the unit tests use, prompts scripted by `ui`. */
import * as l10nLibrary from '@vscode/l10n';
import { promises as fs } from 'node:fs';
import type * as vscode from 'vscode';
import type { Manifest } from '../../support/manifestTypes';
import { PromptScript, ShownItem, UiCallOf, quoted, settled } from '../../support/promptScript';

export type { UiCall, UiCallOf } from '../../support/promptScript';

export class Disposable {
  constructor(private callOnDispose?: () => unknown) {}
  dispose(): void {
    const call = this.callOnDispose;
    this.callOnDispose = undefined; // as in VS Code: once
    call?.();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<(event: T) => unknown>();
  readonly event = (listener: (event: T) => unknown): Disposable => {
    const entry = (event: T) => listener(event); // the same listener twice is two subscriptions
    this.listeners.add(entry);
    return new Disposable(() => this.listeners.delete(entry));
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
    this.listeners.clear();
  }
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1 };
export const ProgressLocation = { Window: 10, Notification: 15 };
export const QuickPickItemKind = { Separator: -1, Default: 0 };
export const ConfigurationTarget = { Global: 1, Workspace: 2 };
export const ExtensionMode = { Test: 3 };
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
const uriFrom = ({ scheme, path }: { scheme: string; path: string }) => ({
  scheme,
  path,
  fsPath: path,
  toString: () => `${scheme}:${encodeURI(path)}`,
});
type Uri = ReturnType<typeof uriFrom>;
export const Uri = {
  from: uriFrom,
  file: (path: string) => uriFrom({ scheme: 'file', path }),
  joinPath: (base: Uri, ...parts: string[]) => uriFrom({ scheme: base.scheme, path: [base.path, ...parts].join('/') }),
};

type RevealOptions = { select?: boolean; focus?: boolean; expand?: boolean | number };

/** A view whose select(nodes) and reveal(node) change its `selection` as a user would; ui.treeViews holds it. */
function createTreeView(viewId: string, options: { treeDataProvider: unknown; canSelectMany?: boolean }) {
  const selectionChanged = new EventEmitter<{ selection: readonly unknown[] }>();
  const view = {
    ...options,
    visible: true,
    description: undefined as string | undefined,
    message: undefined as string | undefined,
    onDidChangeVisibility: new EventEmitter<{ visible: boolean }>().event,
    selection: [] as readonly unknown[],
    onDidChangeSelection: selectionChanged.event,
    select(nodes: readonly unknown[]): void {
      view.selection = nodes;
      selectionChanged.fire({ selection: nodes });
    },
    /** Every reveal(node, options), in order; as in VS Code, it selects the node unless `select` is false. */
    reveals: [] as { node: unknown; options?: RevealOptions }[],
    reveal(node: unknown, options?: RevealOptions): Promise<void> {
      view.reveals.push({ node, options });
      if (options?.select !== false) view.select([node]);
      return Promise.resolve();
    },
    dispose: (): void => {
      ui.treeViews.delete(viewId);
    },
  };
  ui.treeViews.set(viewId, view);
  return view;
}

type Settings = Record<string, unknown>;
type ContentProvider = { provideTextDocumentContent(uri: Uri, token: unknown): string | PromiseLike<string> };
const registered = new Map<string, (...args: unknown[]) => unknown>();
const configChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const contentProviders = new Map<string, ContentProvider>();

function settingsChanged(names: string[]): void {
  configChanged.fire({ affectsConfiguration: (setting) => names.includes(setting) });
}

/** What the test drives and inspects: the prompt script, the recorded calls and the rest of the window. */
class FakeUi extends PromptScript {
  readonly contextKeys = new Map<string, unknown>();
  /** Lines written to the extension's log channel, as `[level] message`. */
  readonly log: string[] = [];
  readonly treeViews = new Map<string, ReturnType<typeof createTreeView>>();
  /** What env.clipboard holds; every write is also a `writeClipboard` call. */
  clipboard = '';
  settings = { defaults: {} as Settings, global: {} as Settings, workspace: {} as Settings };

  registeredCommands(): string[] {
    return [...registered.keys()];
  }
  /** Setting defaults from package.json, as VS Code reads them. */
  contribute(pkg: Manifest): void {
    for (const [key, property] of Object.entries(pkg.contributes.configuration.properties))
      this.settings.defaults[key] = property?.default;
  }
  /** As when the user edits settings.json: every value at once, and one change event for them all. */
  editUserSettings(values: Settings): void {
    Object.assign(this.settings.global, values);
    settingsChanged(Object.keys(values));
  }
  override reset(): void {
    super.reset();
    this.log.length = 0;
    this.clipboard = '';
    this.contextKeys.clear();
    Object.assign(this.settings, { global: {}, workspace: {} });
  }
}

export const ui = new FakeUi();

class FakeQuickPick {
  title: string | undefined;
  placeholder: string | undefined;
  canSelectMany = false;
  value = '';
  items: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  busy = false;
  buttons: readonly vscode.QuickInputButton[] = [];
  private visible = false;
  private disposed = false;
  private readonly accepted = new EventEmitter<void>();
  private readonly hidden = new EventEmitter<void>();
  private readonly valueChanged = new EventEmitter<string>();
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  readonly onDidChangeValue = this.valueChanged.event;
  readonly onDidChangeSelection = new EventEmitter<readonly vscode.QuickPickItem[]>().event;
  private readonly buttonPressed = new EventEmitter<vscode.QuickInputButton>();
  private readonly itemButtonPressed = new EventEmitter<{ button: vscode.QuickInputButton; item: unknown }>();
  readonly onDidTriggerButton = this.buttonPressed.event;
  readonly onDidTriggerItemButton = this.itemButtonPressed.event;

  /** Whether the pick is open now (TypeScript would keep an earlier check of the field across an await). */
  private isVisible(): boolean {
    return this.visible;
  }

  /** Resolves once the items have loaded. */
  private async loaded(): Promise<void> {
    do await new Promise(setImmediate);
    while (this.busy);
  }

  private shownItems(): ShownItem[] {
    return this.items.map(({ label, description, detail, kind, buttons }) => ({
      label,
      description,
      detail,
      ...((kind as number | undefined) === QuickPickItemKind.Separator ? { separator: true } : {}),
      ...(buttons?.length ? { buttons: buttons.map((b) => b.tooltip ?? '') } : {}),
    }));
  }

  /**
   * Its answer: a label to accept, labels to check, `{ search, pick }` to type first, `{ button, item? }`
   * to press a button (by tooltip) of the title or of an item (by label), undefined for Escape.
   */
  show(): void {
    this.visible = true;
    const title = this.title ?? '';
    const call: UiCallOf<'createQuickPick'> = {
      fn: 'createQuickPick',
      title: this.title,
      placeholder: this.placeholder,
    };
    void ui
      .prompt(call)
      .then(async (answer) => {
        await this.loaded(); // the user reads the list once it has loaded
        Object.assign(call, { title: this.title, placeholder: this.placeholder, items: this.shownItems() });
        if (!this.isVisible()) {
          if (answer !== undefined)
            ui.refuse(`the quick pick "${title}" closed before "${quoted(answer)}" could be picked`);
          return;
        }
        if (answer === undefined) {
          this.hide();
          return;
        }
        if (typeof answer === 'object' && answer !== null && 'search' in answer) {
          const { search, pick } = answer as { search: string; pick: unknown };
          this.value = search;
          this.valueChanged.fire(search);
          await new Promise((resolve) => setTimeout(resolve, 400)); // past the picker's typing delay
          await this.loaded();
          Object.assign(call, { searched: search, items: this.shownItems() });
          answer = pick;
        }
        if (typeof answer === 'object' && answer !== null && 'button' in answer) {
          const { button, item } = answer as { button: string; item?: string };
          const owner = item === undefined ? this : this.items.find((i) => i.label === item);
          const pressed =
            owner?.buttons?.find((b) => b.tooltip === button) ??
            ui.refuse(`the quick pick "${title}" has no button "${button}" on ${item ?? 'its title'}`);
          if (owner === this) this.buttonPressed.fire(pressed);
          else this.itemButtonPressed.fire({ button: pressed, item: owner });
          return;
        }
        // An array checks those items; one label is the highlighted item, accepted with nothing checked.
        const labels: unknown[] = Array.isArray(answer) ? answer : [answer];
        if (Array.isArray(answer) && !this.canSelectMany)
          ui.refuse(`the quick pick "${title}" cannot check several items`);
        const chosen = labels.map(
          (label) =>
            this.items.find((i) => i.label === label) ??
            ui.refuse(`the quick pick "${title}" has no item "${quoted(label)}"`),
        );
        this.activeItems = chosen.slice(0, 1);
        this.selectedItems = Array.isArray(answer) || !this.canSelectMany ? chosen : [];
        this.accepted.fire();
        // Enter that leaves the picker open would leave the user, and the test, stuck.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (this.isVisible()) ui.refuse(`the quick pick "${title}" stayed open after "${quoted(answer)}" was accepted`);
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
  }
}

export const window = {
  state: { focused: true },
  onDidChangeWindowState: new EventEmitter<{ focused: boolean }>().event,
  showInformationMessage: ui.showInformationMessage,
  showWarningMessage: ui.showWarningMessage,
  showErrorMessage: ui.showErrorMessage,
  showInputBox: ui.showInputBox,
  showQuickPick: ui.showQuickPick,
  /** Answered with a path, or undefined for Cancel. */
  async showSaveDialog(options: vscode.SaveDialogOptions): Promise<Uri | undefined> {
    const path = await ui.prompt({ fn: 'showSaveDialog', options });
    return typeof path === 'string' ? Uri.file(path) : undefined;
  },
  /** Answered with paths (or Uris, for other schemes), or undefined for Cancel. */
  async showOpenDialog(options: vscode.OpenDialogOptions): Promise<Uri[] | undefined> {
    const answer = await ui.prompt({ fn: 'showOpenDialog', options });
    if (answer === undefined) return undefined;
    return (answer as (string | Uri)[]).map((file) => (typeof file === 'string' ? Uri.file(file) : file));
  },
  createQuickPick: (): FakeQuickPick => new FakeQuickPick(),
  /** The recorded call's cancel() is the notification's Cancel button. */
  withProgress<R>(
    options: vscode.ProgressOptions,
    task: (progress: { report(value: object): void }, token: unknown) => PromiseLike<R>,
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
    return settled(() => task({ report: (value) => call.reports.push(value) }, token));
  },
  setStatusBarMessage(message: string, timeout?: number): Disposable {
    ui.calls.push({ fn: 'setStatusBarMessage', message, timeout });
    return new Disposable();
  },
  /** Recorded with the document's text, so the harness's key check covers documents too. */
  showTextDocument(document: { uri: Uri; languageId: string; getText(): string }): Promise<unknown> {
    const { uri, languageId } = document;
    ui.calls.push({ fn: 'showTextDocument', uri: uri.toString(), languageId, text: document.getText() });
    return settled(() => ({ document }));
  },
  createTreeView,
  createOutputChannel() {
    const line = (level: string) => (message: string) => void ui.log.push(`[${level}] ${message}`);
    return {
      ...Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((level) => [level, line(level)])),
      show: () => void ui.calls.push({ fn: 'showLog' }),
      dispose: () => {},
    };
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    if (registered.has(id)) throw new Error(`command '${id}' already exists`);
    registered.set(id, handler);
    return new Disposable(() => registered.delete(id));
  },
  executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    return settled(() => {
      if (id === 'setContext') return void ui.contextKeys.set(args[0] as string, args[1]);
      const handler = registered.get(id);
      if (!handler) throw new Error(`command '${id}' not found`);
      return handler(...args);
    });
  },
};

/** English, as VS Code runs with no language pack: the same formatting as `vscode.l10n.t`. */
export const l10n = { t: l10nLibrary.t, bundle: undefined };

export const env = {
  clipboard: {
    writeText(text: string): Promise<void> {
      ui.calls.push({ fn: 'writeClipboard', text });
      ui.clipboard = text;
      return Promise.resolve();
    },
  },
};

export const workspace = {
  workspaceFolders: undefined,
  /** Writes to the real disk: tests give paths in a temporary directory. */
  fs: { writeFile: (uri: Uri, content: Uint8Array) => fs.writeFile(uri.fsPath, content) },
  onDidChangeConfiguration: configChanged.event,
  registerTextDocumentContentProvider(scheme: string, provider: ContentProvider): Disposable {
    contentProviders.set(scheme, provider);
    return new Disposable(() => contentProviders.delete(scheme));
  },
  /** As in VS Code: the scheme's provider gives the text, and a .json path is JSON; a provider's error rejects. */
  async openTextDocument(uri: Uri) {
    const provider = contentProviders.get(uri.scheme) ?? ui.refuse(`no content provider for ${uri.toString()}`);
    const text = await provider.provideTextDocumentContent(uri, { isCancellationRequested: false });
    ui.calls.push({ fn: 'openTextDocument', uri: uri.toString() });
    return { uri, languageId: uri.path.endsWith('.json') ? 'json' : 'plaintext', getText: () => text };
  },
  /** A workspace value wins over a global one, which wins over the default. */
  getConfiguration() {
    const { defaults, global, workspace: folder } = ui.settings;
    return {
      get: (key: string) => [folder, global, defaults].find((layer) => key in layer)?.[key],
      update: (key: string, value: unknown, target: number): Promise<void> =>
        settled(() => {
          (target === ConfigurationTarget.Global ? global : folder)[key] = value;
          settingsChanged([key]);
        }),
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
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
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
    return this.settle(() => this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    return this.settle(() => void this.values.set(key, value), key);
  }
  delete(key: string): Promise<void> {
    return this.settle(() => void this.values.delete(key), key);
  }
  /** Runs `work` unless the keychain is unavailable; a change of `changed` is then reported. */
  private settle<T>(work: () => T, changed?: string): Promise<T> {
    return settled(() => {
      if (this.unavailable) throw new Error('Cannot get password: the keyring is locked');
      const result = work();
      if (changed !== undefined) this.changed.fire({ key: changed });
      return result;
    });
  }
}
