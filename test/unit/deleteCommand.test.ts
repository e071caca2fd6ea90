/** The Delete Indexed Asset command's flow, in plain Node; the runner's and the claim's rules are core's. */
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FROM_SELECTION, SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { SECRET, commandHarness } from './commandHarness';

const DELETE = COMMAND.deleteIndexedAsset;
const BOOM = { status: 500, body: { code: 'internal_error', message: 'Boom.' } };

// The timeout only stops a hang (a prompt nobody answers); the file takes a fraction of a second.
describe('Delete Indexed Asset, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const h = await commandHarness();
  const { api, goodKey, start, run, item, labels, view, children, rowsByLabel, deletes, deletePath, only } = h;

  /** Every index expanded, the requests that took forgotten. */
  async function expanded() {
    const s = await start();
    const row = await rowsByLabel(s);
    api.resetRequests();
    return { s, row, clips: row('Clips'), archive: row('Archive') };
  }

  // Each way in, naming rows by label: a right-click passes the first row and the others as the selection, the
  // Delete key passes the view's selection, the palette what was picked. The assets among them are deleted.
  const TWO_CLIPS = 'Delete 2 indexed assets from the index “Clips”?';
  const ways = [
    { name: 'a right-click on one row', menu: ['Clips-0.mp4'], modal: 'Delete “Clips-0.mp4” from the index “Clips”?' },
    {
      name: 'a right-click in a selection that holds an index row',
      menu: ['Clips-0.mp4', 'Clips-2.mp4', 'Archive-1.mp4', 'Archive'],
      modal: 'Delete 3 indexed assets from 2 indexes?',
      detail: /^• Clips-0\.mp4\n• Clips-2\.mp4\n• Archive-1\.mp4\n[^]*1 selected item is not an indexed asset/,
    },
    { name: 'a right-click outside the selection', menu: ['Clips-1.mp4', 'Clips-3.mp4'], modal: TWO_CLIPS },
    { name: 'the Delete key on the view’s selection', select: ['Clips-3.mp4', 'Clips-2.mp4'], modal: TWO_CLIPS },
    { name: 'the palette, several assets checked', picks: ['Clips', ['Clips-2.mp4', 'Clips-0.mp4']], modal: TWO_CLIPS },
  ];
  for (const { name, menu, select, picks, modal, detail } of ways) {
    test(`${name}: one modal; Escape sends nothing, Delete sends exactly those, with the key`, async () => {
      const { row } = await expanded();
      const assets = (menu ?? select ?? picks.flat()).filter((label) => label.endsWith('.mp4'));
      const expected = assets.map((asset) => [deletePath(asset), goodKey]).sort();
      if (select) {
        assert.equal(view().canSelectMany, true);
        view().select(select.map(row));
        assert.equal(ui.contextKeys.get('twelvelabs.assetSelected'), true, 'the Delete key is enabled');
      }
      for (const button of [undefined, 'Delete']) {
        for (const pick of picks ?? []) ui.answer('createQuickPick', pick);
        ui.answer('showWarningMessage', button);
        if (button && assets.length > 1) ui.answer('showInformationMessage', undefined); // the summary
        await run(DELETE, ...(menu ? [row(menu[0]), menu.slice(1).map(row)] : select ? [FROM_SELECTION] : []));
        assert.deepEqual(deletes().sort(), button ? expected : []);
      }
      const modals = ui.callsOf('showWarningMessage');
      assert.deepEqual(
        modals.map((m) => [m.message, m.options?.modal, m.items]),
        [0, 1].map(() => [modal, true, ['Delete']]),
      );
      if (detail) assert.match(modals[0].options?.detail ?? '', detail);
    });
  }

  // One asset: how each outcome is reported, and what the error's button does. A failed row stays.
  for (const { outcome, fault, report, shows, button, then } of [
    { outcome: 'deleted', report: 'setStatusBarMessage', shows: /^Deleted “Clips-0\.mp4” from/ },
    {
      outcome: 'already deleted elsewhere',
      fault: { status: 400, body: { code: 'resource_not_exist', message: 'Gone.' } },
      report: 'showInformationMessage',
      shows: /^“Clips-0\.mp4” was already deleted from TwelveLabs\.$/,
    },
    {
      outcome: 'failed with a server error',
      fault: BOOM,
      report: 'showErrorMessage',
      shows: /^Could not delete “Clips-0\.mp4”\. TwelveLabs had a problem \(HTTP 500\)/,
      button: 'Show Log',
      then: 'showLog',
    },
    {
      outcome: 'refused for the key',
      fault: { status: 401, body: { code: 'api_key_invalid', message: 'No.' } },
      report: 'showErrorMessage',
      shows: /^Could not delete “Clips-0\.mp4”\. TwelveLabs rejected the API key/,
      button: 'Set API Key...',
      then: 'showInputBox',
    },
  ] as const) {
    test(`one asset ${outcome}: ${report}${button ? `, whose ${button} opens ${then}` : ''}`, async () => {
      const { s, row, clips } = await expanded();
      const gone = report !== 'showErrorMessage';
      const path = deletePath('Clips-0.mp4');
      if (fault) api.inject({ method: 'DELETE', ...fault });
      ui.answer('showWarningMessage', 'Delete');
      if (report !== 'setStatusBarMessage') ui.answer(report, button);
      if (then === 'showInputBox') ui.answer(then, undefined);
      await run(DELETE, row('Clips-0.mp4'));

      const shownInOrder = ui.calls.map((call) => call.fn);
      assert.deepEqual(shownInOrder, ['showWarningMessage', report, ...(then ? [then] : [])]);
      const shown = ui.calls[1] as { message: string; items?: string[] };
      assert.match(shown.message, shows);
      assert.deepEqual(shown.items ?? [], button ? [button] : []);
      assert.deepEqual(
        api.requests.map((request) => request.method),
        ['GET', 'DELETE'],
        'its user_metadata read for the deletion record, one DELETE, and no reload after it',
      );
      const logged = ui.log.filter((line) => line.startsWith(`[debug] DELETE ${path} → `));
      assert.equal(logged.length, 1, 'the request is logged at debug level');
      assert.deepEqual(s.treeEvents, gone ? [clips] : []);
      assert.equal(labels(s, await children(s, clips)).includes('Clips-0.mp4'), !gone);
      assert.equal(item(s, clips).description, gone ? '3 videos' : '4 videos');
    });
  }

  test('several: a cancellable progress reports each asset, the rows go, and one summary', async () => {
    const { s, row, clips, archive } = await expanded();
    ui.answer('showWarningMessage', 'Delete');
    ui.answer('showInformationMessage', undefined);
    await run(DELETE, row('Clips-0.mp4'), [row('Clips-2.mp4'), row('Archive-1.mp4')]);

    const progress = only('withProgress');
    assert.equal(progress.options.cancellable, true);
    assert.deepEqual(
      progress.reports.map((report) => report.message),
      ['Deleting 1 of 3…', 'Deleting 2 of 3…', 'Deleting 3 of 3…', 'Deleting 3 of 3…'],
    );
    assert.equal(only('showInformationMessage').message, 'Deleted 3 indexed assets.');
    assert.ok(ui.log.includes('[info] Deleted 3 indexed assets.'));
    assert.deepEqual(labels(s, await children(s, clips)), ['Clips-3.mp4', 'Clips-1.mp4']);
    assert.deepEqual(labels(s, await children(s, archive)), ['Archive-0.mp4']);
    assert.deepEqual([item(s, clips).description, item(s, archive).description], ['2 videos', '1 video']);
  });

  test('several with a failure: the summary counts it, Show Details lists it with its reason in the log', async () => {
    const { s, row, clips } = await expanded();
    api.inject({ method: 'DELETE', path: deletePath('Clips-2.mp4'), ...BOOM });
    ui.answer('showWarningMessage', 'Delete');
    ui.answer('showWarningMessage', 'Show Details');
    await run(DELETE, row('Clips-3.mp4'), [row('Clips-2.mp4'), row('Clips-1.mp4')]);

    const [, summary] = ui.callsOf('showWarningMessage');
    assert.deepEqual([summary.message, summary.items], ['Deleted 2 of 3 indexed assets. 1 failed.', ['Show Details']]);
    assert.ok(
      ui.log.some((line) => line.startsWith('[error] Could not delete “Clips-2.mp4”') && line.includes('Boom.')),
      ui.log.join('\n'),
    );
    assert.equal(ui.callsOf('showLog').length, 1);
    assert.deepEqual(labels(s, await children(s, clips)), ['Clips-2.mp4', 'Clips-0.mp4'], 'the failed row stays');
  });

  test('Cancel stops new deletes, lets the one in flight finish, and reports the rest as cancelled', async () => {
    const { s, row, clips } = await expanded();
    api.inject({ method: 'DELETE', delayMs: 50 });
    ui.settings.global[SETTING.deleteConcurrency] = 1;
    ui.answer('showWarningMessage', 'Delete');
    ui.answer('showWarningMessage', undefined);
    const done = run(DELETE, row('Clips-3.mp4'), ['Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4'].map(row));
    while (deletes().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    only('withProgress').cancel();
    await done;

    assert.equal(deletes().length, 1, 'nothing is sent after Cancel');
    const [, summary] = ui.callsOf('showWarningMessage');
    assert.equal(summary.message, 'Deleted 1 of 4 indexed assets. 3 were cancelled.');
    assert.equal(ui.log.filter((line) => line.startsWith('[warn] Cancelled before deleting')).length, 3);
    assert.equal((await children(s, clips)).length, 3, 'the in-flight delete finished and its row went');
  });

  test('the asset is held from the modal to the last answer: a double click sends one DELETE; an open error does not hold it', async () => {
    const { row } = await expanded();
    api.inject({ method: 'DELETE', times: 1, ...BOOM });
    let press!: (button: string) => void;
    ui.answer('showWarningMessage', () => new Promise((resolve) => (press = resolve)));
    ui.answer('showErrorMessage', () => new Promise(() => {})); // nobody closes the notification
    void run(DELETE, row('Clips-0.mp4'));
    await run(DELETE, row('Clips-0.mp4'));
    assert.equal(ui.callsOf('showWarningMessage').length, 1, 'the second click asks nothing');
    press('Delete');
    while (ui.callsOf('showErrorMessage').length === 0) await new Promise((resolve) => setImmediate(resolve));
    ui.answer('showWarningMessage', 'Delete');
    await run(DELETE, row('Clips-0.mp4'));
    assert.equal(ui.callsOf('showWarningMessage').length, 2, 'a second modal while the error is open');
    assert.equal(deletes().length, 2);
  });

  test('with no indexed asset in its arguments it says so and sends nothing', async () => {
    const { clips } = await expanded();
    const invoke = async (arg: unknown) => {
      ui.answer('showInformationMessage', undefined);
      await run(DELETE, arg);
    };
    // Values another extension might pass.
    const foreign = ['Clips-1.mp4', 42, { kind: 'asset' }, { kind: 'asset', asset: { _id: 7 }, parent: {} }];
    for (const arg of [...foreign, [null], { fromSelection: 'yes' }]) await invoke(arg);
    // The Delete key with only an index row selected, then with nothing selected.
    for (const selection of [[clips], []]) {
      view().select(selection);
      assert.equal(ui.contextKeys.get('twelvelabs.assetSelected'), false, 'the Delete key is disabled');
      await invoke(FROM_SELECTION);
    }
    assert.deepEqual(
      ui.calls.map((call) => 'message' in call && call.message),
      Array(8).fill('Select one or more indexed assets to delete.'),
    );
    assert.deepEqual(api.requests, []);
  });

  test('a row shown before the key was cleared: no modal, since nothing could be deleted, and it says why', async () => {
    const { s, row } = await expanded();
    await s.secrets.delete(SECRET);
    ui.answer('showErrorMessage', undefined);
    await run(DELETE, row('Clips-0.mp4'));
    const error = only('showErrorMessage');
    assert.match(error.message, /^Nothing was deleted\. No TwelveLabs API key is set/);
    assert.deepEqual(error.items, ['Set API Key...']);
    assert.deepEqual(api.requests, [], 'no modal, no request');
  });

  test('a palette listing that fails closes the picker and says why', async () => {
    await start();
    api.inject({ method: 'GET', path: '/indexes', status: 429, headers: { 'retry-after': '7' } });
    ui.answer('createQuickPick', undefined);
    ui.answer('showErrorMessage', undefined);
    await run(DELETE);
    assert.match(only('showErrorMessage').message, /^Could not list your indexed assets\. TwelveLabs is limiting/);
  });

  test('the palette lists the indexes, then the chosen index’s assets; Escape in either shows nothing else', async () => {
    await start();
    ui.answer('createQuickPick', undefined);
    await run(DELETE);
    ui.answer('createQuickPick', 'Clips');
    ui.answer('createQuickPick', undefined);
    await run(DELETE);

    const [, indexes, assets] = ui.callsOf('createQuickPick');
    assert.equal(ui.calls.length, 3, 'only the pickers');
    assert.equal(indexes.title, 'Delete Indexed Assets (1/2)');
    assert.deepEqual(indexes.items, [
      { label: 'Archive', description: '2 videos', detail: undefined },
      { label: 'Clips', description: '4 videos', detail: undefined },
    ]);
    assert.equal(assets.title, 'Delete Indexed Assets (2/2): Clips');
    assert.deepEqual(
      assets.items?.map((i) => [i.label, i.detail]),
      ['Clips-3.mp4', 'Clips-2.mp4', 'Clips-1.mp4', 'Clips-0.mp4'].map((name) => [name, h.assetId(name)]),
    );
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /indexes', 'GET /indexes', `GET /indexes/${h.indexId('Clips')}/indexed-assets`],
    );
  });
});
