// The fault matrix through the real client, tree models and delete flows. Per case: the user sees what it
// says, nothing crashed (only TwelveLabsErrors), nothing unconfirmed was deleted, the key leaked nowhere, no
// request carried force, and both views show the truth once the fault is gone. docs/reliability.md must be this run's.
// Delete All Matching and Restore run as the extension's commands, in the fake `vscode`.
import { UiCall, ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { AccountTree, IndexNode, TreeNode } from '../../src/core/accountTree';
import { TwelveLabsClient } from '../../src/core/api/client';
import { isTwelveLabsError } from '../../src/core/api/errors';
import { formatRequestRecord } from '../../src/core/api/http';
import { withReferences } from '../../src/core/assetUsage';
import { DeletesInFlight } from '../../src/core/deleteFlow';
import { DEFAULT_CONCURRENCY, runDeletes } from '../../src/core/bulkDelete';
import {
  DeleteTarget,
  assetDescription,
  assetName,
  assetTooltip,
  deleteResultMessage,
  indexDescription,
  indexName,
  indexTooltip,
  loadMoreLabel,
} from '../../src/core/present';
import {
  assetOutcomeText,
  referenceIndexName,
  referenceTooltip,
  sourceAssetDescription,
  sourceAssetName,
  sourceAssetTooltip,
} from '../../src/core/presentAssets';
import { DeletionRecord, RecordRead } from '../../src/core/history/deletionRecord';
import { isRestorable } from '../../src/core/history/presentHistory';
import { deleteSourceAssets } from '../../src/core/sourceAssetDelete';
import { SourceAssetTree } from '../../src/core/sourceAssetTree';
import { AssetsViewNode, SourceAssetNode } from '../../src/core/treeNodes';
import { SETTING } from '../../src/ui/contributions';
import { ASSET_FAULT_CASES, MatrixCase, SHARED, UNUSED, upload } from '../fault-matrix/assetCases';
import { FAULT_CASES, MATRIX_TIMEOUT_MS, SUPPORT, deleteTarget, supportIndex } from '../fault-matrix/cases';
import { GO_ON, MATCHING_FAULT_CASES, MatchingCase, MatchingRun, withMatches } from '../fault-matrix/matchingCases';
import { RESTORE_FAULT_CASES, RestoreCase, restoreTargets } from '../fault-matrix/restoreCases';
import { UPLOAD_FAULT_CASES, UploadCase } from '../fault-matrix/uploadCases';
import { MESSAGES, activateOn, uploadAsAUserDoes } from '../fault-matrix/uploadRunner';
import { FakeTwelveLabsApi, sampleAccount } from '../fake-api/server';
import type { RecordedRequest } from '../fake-api/types';
import { REPO_ROOT } from '../support/manifest';
import { resetFake, startFake } from './support';

const DOC = join(REPO_ROOT, 'docs', 'reliability.md');
type AnyCase = MatrixCase | MatchingCase | RestoreCase | UploadCase;
const CASES: AnyCase[] = [
  ...FAULT_CASES,
  ...ASSET_FAULT_CASES,
  ...MATCHING_FAULT_CASES,
  ...RESTORE_FAULT_CASES,
  ...UPLOAD_FAULT_CASES,
];

/** Every line a row puts on screen: label, description, tooltip (an upload's as the Assets view marks it). */
function rowLines(node: TreeNode | AssetsViewNode, assets: SourceAssetTree): string[] {
  switch (node.kind) {
    case 'index':
      return [indexName(node.index), indexDescription(node.index), indexTooltip(node.index)];
    case 'asset':
      return [assetName(node.asset), assetDescription(node.asset), assetTooltip(node.asset)];
    case 'sourceAsset': {
      const [asset, usage] = [node.asset, assets.usageOf(node.asset._id)];
      return [sourceAssetName(asset), sourceAssetDescription(asset, usage), sourceAssetTooltip(asset, usage)];
    }
    case 'reference':
      return [referenceIndexName(node.reference), referenceTooltip(node.reference)];
    case 'loadMore':
      return [loadMoreLabel(node.shown, node.total)];
    case 'message':
      return [node.text, node.reason ?? '', node.detail ?? ''];
  }
}

/** Expands an index and follows "Load more" to the end, as a user clicking it would. */
async function expandToEnd(model: AccountTree, indexId: string): Promise<TreeNode[]> {
  const index = (await model.children()).find(
    (node): node is IndexNode => node.kind === 'index' && node.index._id === indexId,
  );
  assert.ok(index, 'the index is listed');
  for (let clicks = 0; ; clicks++) {
    const rows = await model.children(index);
    const last = rows.at(-1);
    if (last?.kind !== 'loadMore' || clicks > 5) return rows;
    await model.loadMore(last);
  }
}

/** The Assets view's rows (under `parent`, "Load more" followed to the end) once its usage scan has answered. */
async function assetRows(tree: SourceAssetTree, parent?: SourceAssetNode): Promise<AssetsViewNode[]> {
  for (let clicks = 0; ; clicks++) {
    const rows = await settledRows(tree, parent);
    const last = rows.at(-1);
    if (last?.kind !== 'loadMore' || clicks > 5) return rows;
    await tree.loadMore(last);
  }
}

/** The scan runs in the background and tells the view when it is done: ask again until it has, or has failed. */
async function settledRows(tree: SourceAssetTree, parent?: SourceAssetNode): Promise<AssetsViewNode[]> {
  const scanFailed = (row: AssetsViewNode) => row.kind === 'message' && row.text.startsWith('Could not check');
  for (;;) {
    let subscription = { dispose: () => {} };
    const changed = new Promise((resolve) => (subscription = tree.onDidChange(resolve)));
    const rows = await tree.children(parent);
    const settled = tree.usageOf('') !== undefined || rows.some(scanFailed) || rows.length === 0;
    if (!settled) await changed;
    subscription.dispose();
    if (settled) return rows;
  }
}

type CaseResult = {
  testCase: AnyCase;
  seen: string;
  problems: string[];
  crashed: boolean;
  lost: number;
  leaked: boolean;
  forced: boolean;
};

describe('fault matrix', async () => {
  const fake = await startFake();
  const results: CaseResult[] = [];

  for (const testCase of CASES) {
    test(`${testCase.group}: ${testCase.name}`, async () => {
      resetFake(fake, sampleAccount());
      ui.reset();
      const restoring = testCase.action === 'restore' ? restoreTargets(fake, testCase) : undefined;
      const matches =
        testCase.action === 'deleteAllMatching'
          ? withMatches(fake, testCase.matches ?? 120)
          : (restoring?.deleted.map((asset) => asset._id) ?? []);

      const logged: string[] = [];
      const typedKey = testCase.apiKey?.(fake) ?? fake.apiKey;
      const baseUrl = testCase.baseUrl?.(fake) ?? fake.baseUrl;
      let config = { baseUrl, apiKey: typedKey, timeoutMs: testCase.timeoutMs ?? MATRIX_TIMEOUT_MS };
      const onRequest = (r: Parameters<typeof formatRequestRecord>[0]) => logged.push(formatRequestRecord(r));
      // A constructor's throw (a bad setting or key) rejects the promise.
      const clientSource = () => Promise.resolve().then(() => new TwelveLabsClient({ ...config, onRequest }));
      const model = new AccountTree(clientSource);
      const assets = new SourceAssetTree(clientSource);
      const target = deleteTarget(fake);
      // The upload an Assets view case expands or deletes.
      const chosen = upload(fake, testCase.action === 'deleteAsset' ? UNUSED : SHARED);
      const confirmed: DeleteTarget = {
        indexId: target.index_id,
        indexName: SUPPORT,
        assetId: target._id,
        assetName: target.system_metadata.filename ?? target._id,
      };
      // Indexed assets and uploads, each kind of ID apart.
      const everything = () => [
        ...fake.account.assets.map((asset) => `indexed ${asset._id}`),
        ...(fake.account.sourceAssets ?? []).map((asset) => `upload ${asset._id}`),
      ];
      const before = new Set(everything());
      // Only the confirmed asset may go (in a delete, or in a race that deletes it elsewhere); or the confirmed
      // upload, with the indexed assets that used it when asked if those were confirmed too.
      const withIndexed = testCase.action === 'deleteAssetWithIndexed';
      const allowed = new Set([
        `indexed ${testCase.action === 'delete' || testCase.meanwhile ? target._id : ''}`,
        `upload ${testCase.action.startsWith('deleteAsset') ? chosen._id : ''}`,
        ...fake.account.assets.filter((a) => withIndexed && a.asset_id === chosen._id).map((a) => `indexed ${a._id}`),
        ...matches.map((id) => `indexed ${id}`),
        // Restore: the uploads the case deletes elsewhere.
        ...(testCase.action === 'restore' && !testCase.skip ? (restoring?.skipped ?? []) : []).map(
          (asset) => `upload ${asset.asset_id}`,
        ),
      ]);
      testCase.arrange?.(fake);

      const problems: string[] = [];
      let crashed = false;
      let lines: string[];
      let labels: string[] = [];
      try {
        const scene = { fake, model, assets, target: confirmed, chosen, clientSource, matches };
        let found: string[] | undefined;
        ({ lines, labels, problems: found } = await act(testCase, scene));
        problems.push(...(found ?? []));
      } catch (error) {
        crashed = !isTwelveLabsError(error);
        lines = [`threw: ${error instanceof Error ? error.message : String(error)}`];
        problems.push(crashed ? `crashed: ${String(error)}` : `threw instead of showing it: ${String(error)}`);
      }
      logged.push(...ui.log);
      const seen = lines.join('\n');
      if (!testCase.shows.test(seen))
        problems.push(`expected to see ${testCase.shows} but saw:\n${seen.slice(0, 600)}`);
      if (testCase.hides?.test(seen)) problems.push(`must not show ${testCase.hides}`);
      const verified = testCase.verify?.(labels, fake);
      if (verified) problems.push(verified);

      const after = new Set(everything());
      const lost = [...before].filter((id) => !after.has(id) && !allowed.has(id)).length;
      if (lost > 0) problems.push(`${lost} asset(s) deleted without confirmation`);

      const keys = [typedKey, typedKey.trim(), fake.apiKey].filter((key) => key.length >= 8);
      const urls = fake.requests.map((r) => `${r.path}?${JSON.stringify(r.query)}`);
      const leaked = keys.some((key) => [seen, ...logged, ...urls].some((text) => text.includes(key)));
      if (leaked) problems.push('the key appears in what was shown, logged or sent in a URL');
      // force=true deletes an upload that indexed assets use, with undocumented effects on them.
      const forced = fake.requests.some((r) => Object.keys(r.query).some((name) => name.toLowerCase() === 'force'));
      if (forced) problems.push('a request carried force');

      // The fault is gone: the same tree, refreshed, shows what the account holds.
      fake.clearFaults();
      config = { baseUrl: fake.baseUrl, apiKey: fake.apiKey, timeoutMs: MATRIX_TIMEOUT_MS };
      model.refresh();
      const ids = (nodes: TreeNode[]) =>
        nodes.map((node) => (node.kind === 'index' ? node.index._id : node.kind === 'asset' ? node.asset._id : ''));
      const sorted = (list: string[]) => list.filter(Boolean).sort().join();
      const same = (shown: string[], truth: { _id: string }[]) => sorted(shown) === sorted(truth.map((i) => i._id));
      if (!same(ids(await model.children()), fake.account.indexes))
        problems.push('the refreshed tree does not list the account’s indexes');
      const truth = fake.account.assets.filter((a) => a.index_id === supportIndex(fake)._id);
      if (!same(ids(await expandToEnd(model, supportIndex(fake)._id)), truth))
        problems.push('the refreshed tree does not show the index’s assets as they are');
      assets.refresh();
      const uploads = (await assetRows(assets)).map((row) => (row.kind === 'sourceAsset' ? row.asset._id : ''));
      if (!same(uploads, fake.account.sourceAssets ?? []))
        problems.push('the refreshed Assets view does not list the account’s uploads');
      const used = new Set(fake.account.assets.map((asset) => asset.asset_id));
      const misjudged = (fake.account.sourceAssets ?? []).filter(
        ({ _id }) => assets.usageOf(_id) !== (used.has(_id) ? 'used' : 'unused'),
      ).length;
      if (misjudged > 0) problems.push(`${misjudged} upload(s) marked used or unused wrongly`);

      results.push({ testCase, seen, problems, crashed, lost, leaked, forced });
      assert.deepEqual(problems, []);
    });
  }

  after(() => {
    const count = (matches: (r: CaseResult) => boolean) => results.filter(matches).length;
    const totals = [
      `${results.length} cases tried`,
      `${count((r) => r.problems.length === 0)} passed`,
      `${count((r) => r.crashed)} crashes`,
      `${results.reduce((sum, r) => sum + r.lost, 0)} assets lost`,
      `${count((r) => r.leaked)} key leaks`,
      `${count((r) => r.forced)} cases that sent force`,
    ].join(', ');
    console.log(`fault matrix: ${totals}`);
    if (results.length !== CASES.length) return; // a filtered run (--test-name-pattern) documents nothing
    const doc = readFileSync(DOC, 'utf8');
    const generated = doc.slice(0, Math.max(0, doc.indexOf('**Totals:'))) + reliabilityDoc(results, totals);
    if (process.env.UPDATE_RELIABILITY) writeFileSync(DOC, generated);
    else assert.equal(doc, generated, 'docs/reliability.md is stale: run `npm run reliability`');
  });
});

interface Scene {
  fake: FakeTwelveLabsApi;
  model: AccountTree;
  assets: SourceAssetTree;
  target: DeleteTarget;
  chosen: { _id: string };
  clientSource: () => Promise<TwelveLabsClient>;
  /** Delete All Matching: the IDs of what the filter matches. */
  matches: string[];
}

type Acted = { lines: string[]; labels: string[]; problems?: string[] };

async function act(testCase: AnyCase, scene: Scene): Promise<Acted> {
  const { fake, model, assets, target, chosen, clientSource } = scene;
  const shown = (nodes: (TreeNode | AssetsViewNode)[]) => ({
    lines: nodes.flatMap((node) => rowLines(node, assets)).flatMap((text) => text.split('\n')),
    labels: nodes.map((node) => rowLines(node, assets)[0]),
  });
  const chosenRow = (rows: AssetsViewNode[]) => {
    const row = rows.find((node) => node.kind === 'sourceAsset' && node.asset._id === chosen._id);
    assert.ok(row?.kind === 'sourceAsset', 'the upload is listed');
    return row;
  };
  switch (testCase.action) {
    case 'listIndexes':
      return shown(await model.children());
    case 'expandIndex':
      return shown(await expandToEnd(model, target.indexId));
    case 'delete': {
      await expandToEnd(model, target.indexId);
      testCase.meanwhile?.(fake);
      const inFlight = new DeletesInFlight();
      const runs: Promise<string | TreeNode[]>[] = [deleteAsTheCommandDoes(inFlight, target, clientSource)];
      if (testCase.twice) runs.push(deleteAsTheCommandDoes(inFlight, target, clientSource));
      if (testCase.duringRefresh) {
        model.refresh();
        runs.push(expandToEnd(model, target.indexId));
      }
      const messages = (await Promise.all(runs)).filter((run): run is string => typeof run === 'string');
      return { lines: messages, labels: messages };
    }
    case 'listAssets':
      return shown(await assetRows(assets));
    case 'expandAsset':
      return shown(await assetRows(assets, chosenRow(await assetRows(assets))));
    case 'deleteAsset':
    case 'deleteAssetWithIndexed': {
      const { asset } = chosenRow(await assetRows(assets));
      const picked = { assetId: asset._id, assetName: sourceAssetName(asset) };
      const message = await deleteUploadAsTheCommandDoes(testCase, picked, fake, await clientSource());
      return { lines: [message], labels: [message] };
    }
    case 'deleteAllMatching':
      return deleteAllMatchingAsAUserDoes(testCase, fake, scene.matches);
    case 'restore':
      return restoreAsAUserDoes(testCase, fake);
    case 'addToIndex':
    case 'addVideoFromUrl':
      return uploadAsAUserDoes(testCase, fake);
  }
}

/** The command's delete with its modal answered Delete, down to the one message it shows. */
async function deleteAsTheCommandDoes(
  inFlight: DeletesInFlight,
  target: DeleteTarget,
  clientSource: () => Promise<TwelveLabsClient>,
): Promise<string> {
  const claim = inFlight.claim([target]);
  if (claim.targets.length === 0) return 'already in progress: nothing more sent';
  try {
    const client = await clientSource();
    const [result] = await runDeletes(claim.targets, (t) => client.deleteIndexedAsset(t.indexId, t.assetId), {
      concurrency: 1,
    });
    return deleteResultMessage(result.job, result.outcome)?.text ?? 'cancelled';
  } finally {
    claim.release();
  }
}

/**
 * Delete Asset as the command runs it, down to the one message it shows: which indexed assets use the
 * upload, the modal (answered "Delete", or "Delete Asset and Its Indexed Assets"), those indexed
 * assets through their own delete, then the upload.
 */
async function deleteUploadAsTheCommandDoes(
  testCase: MatrixCase,
  picked: { assetId: string; assetName: string },
  fake: FakeTwelveLabsApi,
  client: TwelveLabsClient,
): Promise<string> {
  const jobs = await withReferences(client, [picked]).catch((error: unknown) => {
    if (isTwelveLabsError(error)) return error;
    throw error;
  });
  if (isTwelveLabsError(jobs)) return `Nothing was deleted. ${jobs.message}`;
  testCase.meanwhile?.(fake); // while the modal is open
  const withIndexed = testCase.action === 'deleteAssetWithIndexed';
  const references = withIndexed ? jobs[0].references.map((r) => ({ indexId: r.indexId, assetId: r._id })) : [];
  const options = { concurrency: DEFAULT_CONCURRENCY };
  const gone = await runDeletes(references, (r) => client.deleteIndexedAsset(r.indexId, r.assetId), options);
  const [result] = await deleteSourceAssets(client, jobs, gone, options);
  return assetOutcomeText(result);
}

const idOf = (request: RecordedRequest) => request.path.split('/').pop() ?? '';
/** A DELETE answered for good: deleted, or refused in a way not worth a retry. */
const settledFor = (request: RecordedRequest) =>
  request.status !== undefined && request.status < 500 && request.status !== 429;
/** What is at `path`: none (or a file where a folder should be), a file, a symbolic link... */
function pathKind(path: string): 'file' | 'link' | 'other' | undefined {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? 'file' : stat.isSymbolicLink() ? 'link' : 'other';
  } catch {
    return undefined;
  }
}

/**
 * Delete All Matching as a user runs it in the extension: "Support calls 2026" filtered to failed, the command on
 * its row, "Delete All", the count typed above 100, the record's modal answered as the case says. Returns what was
 * shown, and what the group's own checks found: each DELETE inside the matches, sent once, after its pending line.
 */
async function deleteAllMatchingAsAUserDoes(testCase: MatchingCase, fake: FakeTwelveLabsApi, matches: string[]) {
  const storage = mkdtempSync(join(tmpdir(), 'twelvelabs-matrix-'));
  const recordFile = join(storage, 'deletion-history.jsonl');
  const problems: string[] = [];
  let [deletes, goneOn] = [0, false];
  let sentBeforeCancel: number | undefined;
  let saved: string | undefined; // the record's lines when the disk filled
  const run: MatchingRun = {
    fake,
    storage,
    recordFile,
    matches: new Set(matches),
    cancel: () => {
      sentBeforeCancel ??= deletes;
      ui.callsOf('withProgress').at(-1)?.cancel();
    },
    fillDisk: () => {
      saved = readFileSync(recordFile, 'utf8');
      rmSync(recordFile);
      symlinkSync('/dev/full', recordFile);
    },
  };
  testCase.prepare?.(run);
  // Each request as the fake receives it: a DELETE must find its pending line, then the case may act.
  const hasPendingLine = (id: string) =>
    pathKind(recordFile) === 'file' && readFileSync(recordFile, 'utf8').includes(`"indexedAssetId":"${id}"`);
  let unrecorded = 0;
  const push = (...requests: RecordedRequest[]) => {
    const length = Array.prototype.push.apply(fake.requests, requests);
    for (const request of requests) {
      if (request.method === 'DELETE' && (++deletes, !goneOn && !hasPendingLine(idOf(request)))) unrecorded++;
      testCase.onRequest?.(request, run, deletes);
    }
    return length;
  };
  Object.defineProperty(fake.requests, 'push', { value: push, configurable: true });

  if (testCase.concurrency) ui.settings.global[SETTING.deleteConcurrency] = testCase.concurrency;
  const subscriptions: { dispose(): unknown }[] = [];
  try {
    const { row } = await activateOn(fake, storage, subscriptions);
    ui.answer('showQuickPick', ['failed']);
    ui.answer('showInputBox', '');
    await vscode.commands.executeCommand('twelvelabs.filterAssets', await row());
    ui.answer('showWarningMessage', 'Delete All');
    if (matches.length > 100) ui.answer('showInputBox', String(matches.length));
    // Every later warning, in whatever order they come: the record's modal as the case says, the others dismissed.
    const answer = (call: UiCall): string | undefined => {
      ui.answer('showWarningMessage', answer);
      if (!('message' in call && call.message.startsWith('The deletion record could not be written'))) return undefined;
      goneOn ||= testCase.recordAnswer === GO_ON;
      return testCase.recordAnswer;
    };
    ui.answer('showWarningMessage', answer);
    await vscode.commands.executeCommand('twelvelabs.deleteAllMatching', await row());
  } finally {
    subscriptions.forEach((subscription) => subscription.dispose());
    Reflect.deleteProperty(fake.requests, 'push');
  }
  // The messages after the confirmation, a modal's with the first line of its detail; the storage folder masked.
  const lines = ui.calls.flatMap((call) => {
    if (!MESSAGES.includes(call.fn) || !('message' in call) || ('items' in call && call.items.includes('Delete All')))
      return [];
    const detail = 'options' in call && call.options?.modal ? call.options.detail?.split('\n')[0] : undefined;
    return [call.message, ...(detail ? [detail] : [])].map((line) => line.replaceAll(storage, '‹storage›'));
  });

  const sent = fake.requestsMatching('DELETE');
  const outside = sent.filter((request) => !run.matches.has(idOf(request))).length;
  if (outside > 0) problems.push(`${outside} DELETE(s) outside the matches`);
  const answered = new Set<string>();
  const again = sent.filter((request) => {
    const repeated = answered.has(request.path);
    if (settledFor(request)) answered.add(request.path);
    return repeated;
  }).length;
  if (again > 0) problems.push(`${again} DELETE(s) sent again after an answer`);
  if (unrecorded > 0) problems.push(`${unrecorded} DELETE(s) sent before their pending line was in the record`);
  // Those already on their way when Cancel was pressed may still arrive: at most one per other worker.
  const late = sentBeforeCancel === undefined ? 0 : deletes - sentBeforeCancel;
  if (late > (testCase.concurrency ?? DEFAULT_CONCURRENCY) - 1) problems.push(`${late} DELETE(s) sent after Cancel`);
  problems.push(...ui.problems);

  // Read the record back as Show Deletion History would, once the full disk is cleared.
  putBack(recordFile, saved);
  const read = await readBack(storage, saved === undefined);
  if (saved === undefined && read.entries.some(isPending)) problems.push('an entry was left pending');
  const checked = testCase.check?.(run, read);
  if (checked) problems.push(checked);
  rmSync(storage, { recursive: true, force: true });
  return { lines, labels: lines, problems };
}

const isPending = (entry: { outcome: string }) => entry.outcome === 'pending';
/** The record file made /dev/full gets its lines back. */
function putBack(recordFile: string, saved: string | undefined): void {
  if (pathKind(recordFile) !== 'link') return;
  unlinkSync(recordFile);
  writeFileSync(recordFile, saved ?? '');
}

/** The record as Show Deletion History reads it; with `settle`, once no entry is pending (commands do not wait for
 * their last outcome lines) or 3 s have passed. */
async function readBack(storage: string, settle = false): Promise<RecordRead> {
  const read = async (): Promise<RecordRead> =>
    pathKind(storage) === 'file' ? { entries: [], unreadableLines: 0 } : new DeletionRecord(storage).read();
  let record = await read();
  for (let tries = 0; settle && record.entries.some(isPending) && tries < 300; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    record = await read();
  }
  return record;
}

/**
 * Restore as a user runs it: the case's assets deleted with the Delete command on their rows (the modal's first
 * button), their record entries given to twelvelabs.restore, "Restore" pressed when offered unless the case
 * cancels. Returns the messages from Restore on (a modal's with its detail, but for the paragraph on indexing's
 * cost) and what the group's own checks found.
 */
async function restoreAsAUserDoes(testCase: RestoreCase, fake: FakeTwelveLabsApi): Promise<Acted> {
  const storage = mkdtempSync(join(tmpdir(), 'twelvelabs-matrix-'));
  const recordFile = join(storage, 'deletion-history.jsonl');
  const { deleted, skipped } = restoreTargets(fake, testCase);
  const ids = deleted.map((asset) => asset._id);
  const problems: string[] = [];
  const subscriptions: { dispose(): unknown }[] = [];
  try {
    const { tree, row } = await activateOn(fake, storage, subscriptions);
    const assetRows = async () => ((await tree.getChildren(await row())) ?? []).filter((node) => node.kind === 'asset');
    const rows = (await assetRows()).filter((node) => ids.includes(node.asset._id));
    ui.answer('showWarningMessage', (call: UiCall) => (call.fn === 'showWarningMessage' ? call.items[0] : undefined));
    await vscode.commands.executeCommand('twelvelabs.deleteIndexedAsset', rows[0], rows);
    const { entries } = await readBack(storage, true);
    if (entries.filter(isRestorable).length !== ids.length) problems.push('the delete did not record every asset');
    for (const { asset_id } of skipped) {
      if (testCase.skip) fake.inject({ method: 'GET', path: `/assets/${asset_id}`, ...testCase.skip });
      else fake.account.sourceAssets = fake.account.sourceAssets?.filter((upload) => upload._id !== asset_id);
    }
    const saved = readFileSync(recordFile, 'utf8'); // put back if the case makes the file /dev/full
    testCase.before?.({ fake, storage, recordFile });
    const [from, existing] = [ui.calls.length, new Set(fake.account.assets.map((asset) => asset._id))];
    let postedEarly = 0;
    ui.answer('showWarningMessage', (call: UiCall) => {
      postedEarly = fake.requestsMatching('POST').length;
      return call.fn === 'showWarningMessage' && call.items.includes('Restore') && !testCase.cancel
        ? 'Restore'
        : undefined;
    });
    await vscode.commands.executeCommand('twelvelabs.restore', entries);
    const lines = ui.calls.slice(from).flatMap((call) => {
      if (!MESSAGES.includes(call.fn) || !('message' in call)) return [];
      const detail = ('options' in call && call.options?.modal && call.options.detail) || '';
      const shown = [call.message, ...detail.split('\n').filter((l) => l && !l.startsWith('Restoring runs indexing'))];
      return shown.map((line) => line.replaceAll(storage, '‹storage›'));
    });

    const sent = fake.requestsMatching('POST').map((request) => ({ request, body: request.body as Sent }));
    const expected = testCase.cancel ? 0 : ids.length - skipped.length;
    if (postedEarly > 0) problems.push('a POST went before “Restore” was pressed');
    if (sent.length !== expected) problems.push(`${sent.length} POST(s), not ${expected}`);
    const wrong = sent.filter(({ request, body }) => {
      const asset = deleted.find((a) => a.asset_id === body.asset_id && !skipped.includes(a));
      const path = `/indexes/${asset?.index_id}/indexed-assets`;
      return request.path !== path || !isDeepStrictEqual(body.user_metadata, asset?.user_metadata);
    });
    if (wrong.length > 0)
      problems.push(`POSTs that are no entry’s restore: ${JSON.stringify(wrong.map((p) => p.body))}`);
    if (new Set(sent.map(({ body }) => body.asset_id)).size < sent.length) problems.push('an entry was POSTed twice');
    const named = `${lines.join('\n')}\n`.split('\nNot restored: ').slice(1).join();
    const unnamed = skipped.filter(({ system_metadata }) => !named.includes(`• ${system_metadata.filename}\n`));
    if (unnamed.length > 0) problems.push(`${unnamed.length} skipped entries not named as not restored`);

    const made = fake.account.assets.filter((asset) => !existing.has(asset._id)).map((asset) => asset._id);
    if (made.length !== (testCase.restored ?? expected)) problems.push(`${made.length} asset(s) created`);
    const shown = (await assetRows()).flatMap((node) => (made.includes(node.asset._id) ? [node.asset.status] : []));
    if (shown.length !== made.length || shown.some((status) => status !== 'pending' && status !== 'indexing'))
      problems.push(`the restored rows show as: ${shown.join() || 'none'}`);
    putBack(recordFile, saved);
    const after = (await readBack(storage)).entries;
    const noted = after.filter((entry) => made.includes(entry.restored?.indexedAssetId ?? '')).length;
    if (noted !== (testCase.unnoted ? 0 : made.length) || after.some((e) => !e.restored && !isRestorable(e)))
      problems.push(`${noted} noted as restored; ${after.filter(isRestorable).length} still restorable`);
    if (pathKind(recordFile) === 'file' && readFileSync(recordFile, 'utf8').includes(fake.apiKey))
      problems.push('the key is in the record');
    problems.push(...ui.problems);
    return { lines, labels: lines, problems };
  } finally {
    subscriptions.forEach((subscription) => subscription.dispose());
    rmSync(storage, { recursive: true, force: true });
  }
}
type Sent = { asset_id?: string; user_metadata?: unknown };

/** From the totals line of docs/reliability.md to its end; the prose above it stays as written. */
function reliabilityDoc(results: CaseResult[], totals: string): string {
  const cell = (text: string) =>
    text
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/[0-9a-f]{24}/g, '‹id›')
      .replace(/\|/g, '\\|')
      .replace(/\n+/g, ' · ')
      .replace(/x{20,}/g, 'x…x')
      .slice(0, 220);
  const rows = results.map(
    (r, i) =>
      `| ${i + 1} | ${r.testCase.group} | ${cell(r.testCase.name)} | ${r.testCase.action} | ${cell(r.seen)} | ${r.problems.length === 0 ? 'pass' : 'FAIL'} |`,
  );
  return [
    `**Totals: ${totals}.**`,
    '',
    '"What the user sees" is the text of the rows or the message, one line per `·`, IDs and ports masked.',
    '',
    '| # | Group | Case | Action | What the user sees | Result |',
    '| ---: | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
