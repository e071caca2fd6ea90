// Runs the fault matrix's upload cases (uploadCases.ts) as a user does, through the extension's commands in the
// fake `vscode`; and activates the extension for the matrix's other command runs. Besides the matrix's checks, after
// each case: no chunk PUT carried the key; no file was indexed twice, or before it was ready; after Cancel nothing new
// was sent; each file that should be indexed shows under the index; no file was modified; Resume sent only what was
// missing.
import { FakeMemento, FakeSecretStorage, ui } from '../unit/fakeVscode/install';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/accountTree';
import { chunksInFlight } from '../../src/core/upload/limits';
import { activate } from '../../src/extension';
import { ApiKeyStore } from '../../src/ui/apiKeyStore';
import { SETTING, VIEW_ID } from '../../src/ui/contributions';
import type { FakeTwelveLabsApi } from '../fake-api/server';
import { COMMAND } from '../support/commands';
import { localizedManifest } from '../support/manifest';
import { SUPPORT } from './cases';
import type { Sent, UploadCase, UploadRun } from './uploadCases';

const MANIFEST = localizedManifest();
export const MESSAGES: string[] = [
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'setStatusBarMessage',
];

/** The extension, activated on the fake with `storage` as its global storage; and its row of "Support calls 2026". */
export async function activateOn(fake: FakeTwelveLabsApi, storage: string, subscriptions: { dispose(): unknown }[]) {
  ui.contribute(MANIFEST);
  ui.dismissUnscripted();
  Object.assign(ui.settings.global, { [SETTING.apiBaseUrl]: fake.baseUrl });
  const secrets = new FakeSecretStorage();
  await secrets.store(ApiKeyStore.secretName, fake.apiKey);
  const [workspaceState, globalState] = [new FakeMemento(), new FakeMemento()];
  const context = { subscriptions, secrets, workspaceState, globalState, globalStorageUri: { fsPath: storage } };
  activate(context as unknown as vscode.ExtensionContext);
  const tree = ui.treeViews.get(VIEW_ID)?.treeDataProvider as vscode.TreeDataProvider<TreeNode>;
  const row = async () =>
    (await tree.getChildren())?.find((node) => node.kind === 'index' && node.index.index_name === SUPPORT);
  return { tree, row };
}

const RESUME = 'Resume Uploads…';
const SETTINGS = { assetProcessingMs: 0, chunkBytes: 20 * 1024 ** 2, presignedTtlMs: 3_600_000, uploadHeaders: {} };
const SHOWN_STATUSES = ['pending', 'indexing', 'ready'];

/** Runs the case's command and returns what the user saw (the messages, and the log's problem lines) and what is wrong. */
export async function uploadAsAUserDoes(testCase: UploadCase, fake: FakeTwelveLabsApi) {
  const dir = mkdtempSync(join(tmpdir(), 'twelvelabs-matrix-'));
  const saved = pick(fake);
  Object.assign(fake, SETTINGS, { failProcessing: () => false }, testCase.settings);
  fake.uploads.clear();
  fake.presignedRequests.length = 0;
  const files = Object.entries(testCase.files ?? {}).map(([name, bytes]) => {
    closeSync(openSync(join(dir, name), 'w'));
    truncateSync(join(dir, name), bytes);
    return join(dir, name);
  });
  const stamp = (path: string) => String(statSync(path, { throwIfNoEntry: false })?.mtimeMs);
  const stamps = files.map(stamp);
  const problems: string[] = [];
  /** Requests and chunks received when Cancel was pressed, and when the (first) summary showed. */
  const at: { cancel?: number[]; summary?: number[] } = {};
  const counts = () => [fake.requests.length, fake.presignedRequests.length];
  const run: UploadRun = {
    fake,
    path: (name) => join(dir, name),
    touched: new Set(),
    cancel: () => {
      if (at.cancel !== undefined) return; // once: not the resumed run
      at.cancel = counts();
      ui.callsOf('withProgress').at(-1)?.cancel();
    },
  };
  const hook = (list: Sent[]) =>
    Object.defineProperty(list, 'push', {
      configurable: true,
      value: (...added: Sent[]) => {
        const length = Array.prototype.push.apply(list, added);
        added.forEach((request) => testCase.onRequest?.(run, request));
        return length;
      },
    });
  [fake.requests, fake.presignedRequests].forEach(hook);
  const subscriptions: { dispose(): unknown }[] = [];
  let [completedBefore, resumedFrom] = [new Set<number>(), 0];
  try {
    const { tree, row } = await activateOn(fake, dir, subscriptions);
    const existing = new Set(fake.account.assets.map((asset) => asset._id));
    ui.answer('createQuickPick', SUPPORT);
    if (testCase.url === undefined) {
      const uris = files.map((path) => vscode.Uri.file(path));
      if (testCase.resume) {
        ui.answer('showWarningMessage', () => ((at.summary = counts()), RESUME));
        // The upload is offered by its file's name: this machine remembers it.
        ui.answer('showQuickPick', () => {
          [...fake.uploads.values()].forEach((s) => (completedBefore = new Set(s.completed.keys())));
          resumedFrom = fake.presignedRequests.length;
          return files.length === 1 ? Object.keys(testCase.files ?? {})[0] : undefined;
        });
      }
      await vscode.commands.executeCommand(COMMAND.addToIndex, uris[0], uris);
    } else {
      ui.answer('showInputBox', testCase.url);
      await vscode.commands.executeCommand(COMMAND.addVideoFromUrl);
    }
    at.summary ??= counts();

    if (fake.presignedRequests.some((r) => r.apiKey !== undefined)) problems.push('a chunk PUT carried x-api-key');
    const posted = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/indexed-assets'));
    const ids = posted.map((r) => (r.body as { asset_id?: string }).asset_id);
    if (new Set(ids).size < ids.length) problems.push('an asset was POSTed to the index twice');
    const unready = ids.filter((id) => fake.account.sourceAssets?.find((a) => a._id === id)?.status !== 'ready');
    if (unready.length > 0) problems.push(`${unready.length} index POST(s) for an asset that is not ready`);
    if (at.cancel !== undefined) {
      const lateApi = fake.requests.slice(at.cancel[0], at.summary[0]);
      const lateChunks = at.summary[1] - at.cancel[1];
      if (
        lateApi.some((r) => !/^\/assets\/multipart-uploads\/\w+$/.test(r.path)) ||
        lateChunks > chunksInFlight(fake.chunkBytes)
      )
        problems.push(
          `sent after Cancel: ${lateApi.map((r) => `${r.method} ${r.path}`).join()}, ${lateChunks} chunk(s)`,
        );
    }
    if (testCase.resume) {
      const again = fake.presignedRequests.slice(resumedFrom).filter((r) => completedBefore.has(r.chunkIndex));
      if (completedBefore.size === 0 || again.length > 0)
        problems.push(`Resume sent ${again.length} chunk(s) of the ${completedBefore.size} TwelveLabs had`);
    }
    const expected = testCase.indexed ?? [...Object.keys(testCase.files ?? {}), ...(testCase.url ? ['talk.mp4'] : [])];
    const rows = ((await tree.getChildren(await row())) ?? []).flatMap((node) =>
      node.kind === 'asset' && !existing.has(node.asset._id) ? [node.asset] : [],
    );
    const shown = rows.map(
      (a) => `${a.system_metadata.filename} ${SHOWN_STATUSES.includes(a.status ?? '') ? '' : a.status}`,
    );
    if (
      shown.sort().join() !==
      expected
        .map((name) => `${name} `)
        .sort()
        .join()
    )
      problems.push(`rows added under the index: ${shown.join() || 'none'}, not ${expected.join() || 'none'}`);
    const modified = files.filter(
      (path, i) => !run.touched.has(path.slice(dir.length + 1)) && stamp(path) !== stamps[i],
    );
    if (modified.length > 0) problems.push(`files modified: ${modified.join()}`);
    problems.push(...ui.problems);
  } finally {
    subscriptions.forEach((subscription) => subscription.dispose());
    [fake.requests, fake.presignedRequests].forEach((list) => Reflect.deleteProperty(list, 'push'));
    Object.assign(fake, saved);
    rmSync(dir, { recursive: true, force: true });
  }
  // The messages, and each problem line of the log, as Show Details shows it.
  const lines = [
    ...ui.calls.flatMap((call) => (MESSAGES.includes(call.fn) && 'message' in call ? [call.message] : [])),
    ...ui.log.flatMap((line) => /^\[(warn|error)\] (.*)$/s.exec(line)?.[2] ?? []),
  ].map((line) => line.replaceAll(dir, '‹tmp›'));
  return { lines, labels: lines, problems };
}

const pick = ({ assetProcessingMs, chunkBytes, presignedTtlMs, failProcessing, uploadHeaders }: FakeTwelveLabsApi) => {
  return { assetProcessingMs, chunkBytes, presignedTtlMs, failProcessing, uploadHeaders };
};
