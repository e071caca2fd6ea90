/** Show Deletion History, Restore and Export Deletion History…, on a record in a temporary global storage. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import {
  DeletedThing,
  DeletionRecord,
  FinalOutcome,
  OperationKind,
  RecordWriteError,
} from '../../src/core/history/deletionRecord';
import { historyAsCsv, historyAsJson } from '../../src/core/history/exportHistory';
import { exportDeletionHistory, restore, showDeletionHistory } from '../../src/ui/commands/history';
import { SECRET, commandHarness } from './commandHarness';

type Session = Awaited<ReturnType<Awaited<ReturnType<typeof commandHarness>>['start']>>;
type Seeded = Partial<DeletedThing> & { outcome?: FinalOutcome; error?: string };

const hex = (n: number) => n.toString(16).padStart(24, '0');
const upload = (n: number) => hex(0xb00000 + n);
const NEW_ID = hex(0xc00001);
const RESTORE_NOTE =
  'Restoring runs indexing again: it takes time and is billed as new indexing. Each restored asset gets a new ID.';

describe('the deletion history’s commands, with the fake window and API', { timeout: 20_000 }, async () => {
  const h = await commandHarness();
  const { api, start, only } = h;

  /** The indexed asset Clips-n.mp4, deleted (unless `extra` says otherwise), from the upload upload(n). */
  const clip = (n: number, extra: Seeded = {}): Seeded => ({
    indexId: h.indexId('Clips'),
    indexName: 'Clips',
    indexedAssetId: hex(0xd00000 + n),
    assetId: upload(n),
    filename: `Clips-${n}.mp4`,
    durationSec: 60 + n,
    outcome: 'deleted',
    ...extra,
  });
  /** Operations written in order, a second apart, by a record of its own on the extension's storage. */
  async function seed(s: Session, ...operations: [string, OperationKind, Seeded[]][]): Promise<void> {
    let tick = Date.UTC(2026, 2, 1);
    const record = new DeletionRecord(s.storage, { now: () => new Date((tick += 1000)) });
    for (const [label, kind, things] of operations) {
      const operation = record.newOperation(kind, label);
      for (const { outcome, error, ...thing } of things) {
        const id = await record.writePending(operation, { kind: 'indexedAsset', ...thing });
        if (outcome) await record.writeOutcome(id, outcome, error);
      }
    }
  }
  /** The uploads that TwelveLabs still has. */
  const uploads = (...ns: number[]) => {
    api.account.sourceAssets = ns.map((n) => ({
      _id: upload(n),
      method: 'direct' as const,
      status: 'ready' as const,
      filename: `Clips-${n}.mp4`,
      file_type: 'video/mp4',
      created_at: '2026-01-01T00:00:00Z',
    }));
  };
  const postCreated = () => {
    api.inject({ method: 'POST', status: 201, body: { _id: NEW_ID, asset_id: upload(0) }, times: 1 });
  };
  const entries = async (s: Session) => (await s.services.record.read()).entries;
  const messages = (fn: 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage') =>
    ui.callsOf(fn).map((m) => m.message);

  test('the history: newest operation first, each under a separator with its counts; rows searchable by name, index and ID; Restore only where it can work', async () => {
    const s = await start();
    const bulk = [clip(0), clip(1, { outcome: 'failed', error: 'Server error' }), clip(2, { outcome: undefined })];
    const asset: Seeded = { kind: 'asset', assetId: upload(9), outcome: 'deleted' };
    await seed(s, ['Delete 3 from “Clips”', 'bulk', bulk], ['Delete Asset', 'asset', [asset]]);
    ui.answer('createQuickPick', undefined);
    await showDeletionHistory(s.services)();
    const { items = [], title } = only('createQuickPick');
    assert.equal(title, 'Deletion History');
    assert.deepEqual(
      items.map((i) => [i.separator ? i.label.replace(/ · .* · /, ' · (time) · ') : i.label, i.description, i.buttons]),
      [
        ['Delete Asset · (time) · 1 deleted', undefined, undefined],
        [upload(9), 'uploaded asset · deleted', undefined],
        ['Delete 3 from “Clips” · (time) · 1 deleted, 1 failed, 1 pending', undefined, undefined],
        ['Clips-2.mp4', 'Clips · pending: no answer recorded', undefined],
        ['Clips-1.mp4', 'Clips · failed', undefined],
        ['Clips-0.mp4', 'Clips · deleted', ['Restore']],
      ],
    );
    const ids = (n: number) => `indexed asset ${hex(0xd00000 + n)} · asset ${upload(n)} · 1:0${n}`;
    assert.deepEqual(
      items.filter((i) => !i.separator).map((i) => i.detail),
      [
        `asset ${upload(9)} · The uploaded asset itself was deleted: nothing is left to index again.`,
        `${ids(2)} · No answer was recorded: it is unknown whether it was deleted.`,
        `${ids(1)} · Server error · It was not deleted.`,
        ids(0),
      ],
    );
  });

  test('an empty history is a message, not a list or a dialog; unreadable lines are logged and noted; an unreadable record is an error', async () => {
    const s = await start();
    ui.answer('createQuickPick', undefined); // opens busy at once, and closes when the record is empty
    ui.answer('showInformationMessage', undefined);
    ui.answer('showInformationMessage', undefined);
    await showDeletionHistory(s.services)();
    await exportDeletionHistory(s.services)();
    const empty = ['No deletes have been recorded yet.', 'The deletion history is empty: there is nothing to export.'];
    assert.deepEqual(messages('showInformationMessage'), empty);

    await seed(s, ['Delete “Clips-0.mp4”', 'single', [clip(0)]]);
    appendFileSync(s.services.record.filePath, '{"v":1,"type":\n');
    ui.answer('createQuickPick', undefined);
    await showDeletionHistory(s.services)();
    const picks = ui.calls.filter((call) => call.fn === 'createQuickPick');
    assert.equal(picks.at(-1)?.title, 'Deletion History (1 unreadable lines left out: see the log)');
    assert.ok(ui.log.some((line) => line.startsWith('[warn] The deletion history has 1 unreadable lines')));

    s.services.record.read = () => Promise.reject(new Error('EACCES: permission denied'));
    ui.answer('createQuickPick', undefined);
    ui.answer('showErrorMessage', undefined);
    await showDeletionHistory(s.services)();
    assert.deepEqual(messages('showErrorMessage'), ['Could not read the deletion history. EACCES: permission denied']);
  });

  test('Restore on a row: checks the upload, asks (indexing again, billed, new ID), POSTs, notes it, redraws the index', async () => {
    const s = await start();
    await seed(s, ['Delete “Clips-0.mp4”', 'single', [clip(0, { userMetadata: { topic: 'demo' } })]]);
    uploads(0);
    postCreated();
    const clips = await h.indexRow(s, 'Clips');
    await h.children(s, clips);
    api.resetRequests();
    ui.answer('createQuickPick', { button: 'Restore', item: 'Clips-0.mp4' });
    ui.answer('showWarningMessage', 'Restore');
    await showDeletionHistory(s.services)();

    const modal = only('showWarningMessage');
    assert.deepEqual(
      [modal.message, modal.options?.modal, modal.options?.detail, modal.items],
      ['Restore “Clips-0.mp4” to the index “Clips”?', true, RESTORE_NOTE, ['Restore']],
    );
    const sent = [`GET /assets/${upload(0)}`, `POST /indexes/${h.indexId('Clips')}/indexed-assets`];
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.path}`),
      sent,
    );
    assert.equal(only('setStatusBarMessage').message, 'Restored “Clips-0.mp4”: TwelveLabs is indexing it again.');
    assert.equal((await entries(s))[0].restored?.indexedAssetId, NEW_ID);
    assert.ok(s.treeEvents.includes(clips), 'the index is redrawn, so the restored row shows');

    ui.answer('createQuickPick', undefined);
    await showDeletionHistory(s.services)();
    const [, row] = ui.callsOf('createQuickPick')[1].items ?? [];
    assert.deepEqual([row.description, row.buttons], ['Clips · restored', undefined]);
    assert.match(row.detail ?? '', new RegExp(`restored as ${NEW_ID} .* Already restored\\.$`));
  });

  test('Restore of several: the modal names uploads gone or unchecked and offers nothing for them; a failed POST is summarized, with details', async () => {
    const s = await start();
    const five = [clip(0), clip(1, { userMetadataUnknown: true }), clip(2), clip(3), clip(4, { outcome: 'failed' })];
    await seed(s, ['Delete 5 from “Clips”', 'bulk', five]);
    uploads(0, 1, 3);
    api.inject({ method: 'GET', path: `/assets/${upload(3)}`, status: 500 });
    postCreated();
    api.inject({ method: 'POST', status: 400, body: { code: 'parameter_invalid', message: 'No.' } });
    ui.answer(
      'createQuickPick',
      [4, 3, 2, 1, 0].map((n) => `Clips-${n}.mp4`),
    );
    s.services.record.writeRestored = () => Promise.reject(new RecordWriteError('The disk is full.'));
    ui.answer('showWarningMessage', 'Restore');
    ui.answer('showWarningMessage', undefined);
    ui.answer('showWarningMessage', undefined);
    await showDeletionHistory(s.services)();

    const [modal, unnoted, summary] = ui.callsOf('showWarningMessage');
    assert.equal(modal.message, 'Restore 2 indexed assets to the index “Clips”?');
    assert.deepEqual(modal.items, ['Restore']);
    assert.equal(
      modal.options?.detail,
      [
        '• Clips-1.mp4\n• Clips-0.mp4',
        RESTORE_NOTE,
        '“Clips-1.mp4” is restored without its metadata, which could not be read before the delete.',
        'Not restored: the uploaded asset no longer exists.\n• Clips-2.mp4',
        'Not restored: TwelveLabs could not say whether the uploaded asset exists.\n• Clips-3.mp4',
        '1 chosen entry cannot be restored and is left alone.',
      ].join('\n\n'),
    );
    assert.equal(api.requestsMatching('POST').length, 2);
    assert.deepEqual(ui.callsOf('withProgress').at(-1)?.reports[0], { message: 'Restoring 1 of 2…' });
    assert.deepEqual([summary.message, summary.items], ['Restored 1 of 2 indexed assets. 1 failed.', ['Show Details']]);
    assert.ok(ui.log.some((line) => /^\[error\] Could not restore “Clips-[01]\.mp4”\. .*No\./.test(line)));
    const stands = 'The restore stands, but the deletion history could not note it, so it still offers Restore.';
    assert.equal(unnoted.message, `${stands} The disk is full.`);
  });

  test('every upload gone: a modal with only Cancel; an entry that cannot be restored, or no key: a message, nothing sent', async () => {
    const s = await start();
    await seed(s, ['Delete 2 from “Clips”', 'bulk', [clip(0), clip(1, { outcome: undefined })]]);
    const [pending, deleted] = await entries(s);
    ui.answer('showWarningMessage', undefined);
    await restore(s.services)([deleted]);
    const modal = only('showWarningMessage');
    assert.deepEqual([modal.message, modal.items], ['“Clips-0.mp4” cannot be restored.', []]);
    assert.equal(modal.options?.detail, 'Not restored: the uploaded asset no longer exists.\n• Clips-0.mp4');

    ui.answer('showInformationMessage', undefined);
    await restore(s.services)([pending]);
    const why = '“Clips-1.mp4” cannot be restored. No answer was recorded: it is unknown whether it was deleted.';
    assert.deepEqual(messages('showInformationMessage'), [why]);

    await s.secrets.delete(SECRET);
    ui.answer('showErrorMessage', undefined);
    await restore(s.services)([deleted]);
    assert.match(messages('showErrorMessage')[0], /^Nothing was restored\. No TwelveLabs API key is set\./);
    assert.deepEqual(api.requestsMatching('POST'), []);
  });

  test('Restore with the fake’s own POST route: the body holds asset_id and user_metadata; the row returns as pending', async () => {
    const s = await start();
    await seed(s, ['Delete “Clips-0.mp4”', 'single', [clip(0, { userMetadata: { topic: 'demo' } })]]);
    uploads(0);
    api.account.assets.splice(
      api.account.assets.findIndex((a) => a._id === h.assetId('Clips-0.mp4')),
      1,
    );
    const clips = await h.indexRow(s, 'Clips');
    ui.answer('showWarningMessage', 'Restore');
    await restore(s.services)(await entries(s));
    const [post] = api.requestsMatching('POST') as { body?: unknown }[];
    assert.deepEqual(post.body, { asset_id: upload(0), user_metadata: { topic: 'demo' } });
    const row =
      (await h.children(s, clips)).find((node) => h.label(s, node) === 'Clips-0.mp4') ?? assert.fail('no row');
    assert.match(String(h.item(s, row).description), /pending|indexing/);
  });

  test('Export: JSON or CSV by the extension chosen, then Open; a failed write is an error; the history’s Export button opens the dialog', async () => {
    const s = await start();
    await seed(s, ['Delete 2 from “Clips”', 'bulk', [clip(0), clip(1)]]);
    const all = await entries(s);
    const dir = s.storage; // made by the seed, removed after the test
    const opened: string[] = [];
    const open = vscode.commands.registerCommand('vscode.open', (uri: vscode.Uri) => opened.push(uri.fsPath));
    for (const [file, text] of [
      ['h.json', historyAsJson(all)],
      ['h.CSV', historyAsCsv(all)],
    ]) {
      ui.answer('showSaveDialog', join(dir, file));
      ui.answer('showInformationMessage', 'Open');
      await exportDeletionHistory(s.services)();
      assert.equal(readFileSync(join(dir, file), 'utf8'), text);
    }
    open.dispose();
    assert.deepEqual(opened, [join(dir, 'h.json'), join(dir, 'h.CSV')]);
    const { options } = ui.callsOf('showSaveDialog')[0];
    assert.match(options.defaultUri?.path ?? '', /\/deletion-history-\d{4}-\d\d-\d\d\.json$/);
    assert.deepEqual(options.filters, { JSON: ['json'], CSV: ['csv'] });
    const exported = (file: string) => `Exported 2 entries of the deletion history to ${file}.`;
    assert.deepEqual(messages('showInformationMessage'), [exported('h.json'), exported('h.CSV')]);

    ui.answer('showSaveDialog', join(dir, 'missing', 'h.json'));
    ui.answer('showErrorMessage', undefined);
    await exportDeletionHistory(s.services)();
    assert.match(messages('showErrorMessage')[0], /^Could not export the deletion history\. ENOENT/);

    ui.answer('createQuickPick', { button: 'Export Deletion History…' });
    ui.answer('showSaveDialog', undefined);
    await showDeletionHistory(s.services)();
  });
});
