// The TwelveLabs log: Show Log, and errors that offer it when the log knows more than the message.
// What errorDetails adds is errors.test.ts'.
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SETTING } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { commandHarness } from './commandHarness';

describe('the TwelveLabs log, with the fake window and the fake API', { timeout: 10_000 }, async () => {
  const { api, goodKey, start, run, children, indexRow, only } = await commandHarness();

  test('an error with details offers Show Log; the log has the status, the API code and the request ID, never the key', async () => {
    await start();
    api.inject({
      path: '/indexes',
      status: 503,
      body: { code: 'service_unavailable', message: `Busy, try later (${goodKey})` },
      headers: { 'x-request-id': 'req-42' },
    });
    ui.answer('createQuickPick', undefined); // the index picker, closed by the failure
    ui.answer('showErrorMessage', 'Show Log');
    await run(COMMAND.filterAssets);

    const error = only('showErrorMessage');
    assert.match(error.message, /^Could not list your indexes\. TwelveLabs had a problem \(HTTP 503\)/);
    assert.deepEqual(error.items, ['Show Log']);
    assert.equal(ui.callsOf('showLog').length, 1);
    await run(COMMAND.showLog); // and the palette's TwelveLabs: Show Log
    assert.equal(ui.callsOf('showLog').length, 2);
    const logged = ui.log.filter((line) => line.startsWith('[error] Could not list your indexes.'));
    assert.equal(logged.length, 1, ui.log.join('\n'));
    assert.match(
      logged[0],
      /\(server: HTTP 503, code service_unavailable, message “Busy, try later \(\[redacted\]\)”, request ID req-42\)$/,
    );
    // The harness also checks that the key appears in nothing shown or logged.
  });

  test('an error whose message says it all (an unusable setting) offers no Show Log, but is still logged', async () => {
    await start();
    ui.settings.global[SETTING.apiBaseUrl] = 'http://example.com/v1.3';
    ui.answer('showErrorMessage', undefined);
    await run(COMMAND.filterAssets);

    const error = only('showErrorMessage');
    assert.match(error.message, /plain http to a remote host/);
    assert.deepEqual(error.items, []);
    assert.equal(api.requests.length, 0);
    assert.ok(ui.log.some((line) => line.startsWith('[error] Could not list your indexes.')));
  });

  test('a bulk delete’s failures are logged with their details', async () => {
    const s = await start();
    const assets = await children(s, await indexRow(s, 'Clips'));
    api.inject({ method: 'DELETE', status: 403, body: { code: 'forbidden', message: 'Plan.' }, times: 1 });
    ui.answer('showWarningMessage', 'Delete');
    ui.answer('showWarningMessage', undefined);
    await run(COMMAND.deleteIndexedAsset, assets[0], [assets[0], assets[1]]);
    const failed = ui.log.filter((line) => line.startsWith('[error] Could not delete'));
    assert.equal(failed.length, 1, ui.log.join('\n'));
    assert.match(failed[0], /\(forbidden: HTTP 403, code forbidden, message “Plan\.”\)$/);
  });
});
