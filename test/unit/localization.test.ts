// Localisation: with a language pack's bundle, every word the extension shows is translated,
// those from src/core included; the bundle and package.nls.json cover every string.
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as vscode from 'vscode';
import { COMMAND } from '../support/commands';
import { NLS, REPO_ROOT } from '../support/manifest';
import { commandHarness } from './commandHarness';

const english = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
// A pseudo-translation, as a language pack would load it: every string wrapped in ⟦ ⟧. VS Code
// hands the bundle to the extension before activation; here the fake `vscode.l10n` carries it.
const pseudo = Object.fromEntries(Object.entries(english).map(([key, text]) => [key, `⟦${text}⟧`]));
(vscode.l10n as { bundle: Record<string, string> | undefined }).bundle = pseudo;

describe('in another display language', { timeout: 10_000 }, async () => {
  const { api, start, run, item, children, indexRow, only } = await commandHarness();

  test('the tree, the modal, its Delete button and the result are translated', async () => {
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    assert.equal(item(s, clips).description, '⟦4 videos⟧');
    assert.equal(item(s, clips).accessibilityInformation?.label, '⟦Index Clips⟧, ⟦4 videos⟧');
    const [newest] = await children(s, clips);
    assert.match(item(s, newest).tooltip as string, /^Clips-3\.mp4\n⟦Status: ready⟧\n⟦Duration: 1:03⟧/);

    ui.answer('showWarningMessage', '⟦Delete⟧');
    await run(COMMAND.deleteIndexedAsset, newest);
    const modal = only('showWarningMessage');
    assert.equal(modal.message, '⟦Delete “Clips-3.mp4” from the index “Clips”?⟧');
    assert.deepEqual(modal.items, ['⟦Delete⟧']);
    assert.equal(api.requestsMatching('DELETE').length, 1);
    assert.equal(only('setStatusBarMessage').message, '⟦Deleted “Clips-3.mp4” from TwelveLabs.⟧');
  });

  test('an error from the API client (src/core) is translated inside the translated message', async () => {
    const s = await start();
    const [newest] = await children(s, await indexRow(s, 'Clips'));
    api.inject({ method: 'DELETE', status: 500, body: { code: 'internal_error', message: 'Boom.' } });
    ui.answer('showWarningMessage', '⟦Delete⟧');
    ui.answer('showErrorMessage', undefined);
    await run(COMMAND.deleteIndexedAsset, newest);
    const error = only('showErrorMessage');
    assert.equal(
      error.message,
      '⟦Could not delete “Clips-3.mp4”. ⟦TwelveLabs had a problem (HTTP 500). Try again in a moment. TwelveLabs said: “Boom.”⟧⟧',
    );
    assert.deepEqual(error.items, ['⟦Show Log⟧']);
  });
});

describe('the strings for translators', () => {
  test('every string is a whole sentence or phrase, never a fragment glued to another', () => {
    // A fragment starts with a space or with punctuation that continues something before it; a
    // splice puts two placeholders side by side. Either keeps translators from reordering.
    const fragments = Object.keys(english).filter((text) => /^[\s,.;:!?)\]…]/u.test(text) || /\}\{/.test(text));
    assert.deepEqual(fragments, []);
  });

  test('every string package.json shows is a placeholder that package.nls.json defines', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    const shownKey =
      /^(displayName|description|markdownDescription|title|name|contextualTitle|contents|enumDescriptions)$/;
    const problems: string[] = [];
    const walk = (value: unknown, path: string, shown: boolean): void => {
      if (typeof value === 'string' && shown) {
        const placeholder = /^%(.+)%$/.exec(value)?.[1];
        if (placeholder === undefined || !(placeholder in NLS)) problems.push(`${path}: ${value}`);
      } else if (typeof value === 'object' && value !== null) {
        for (const [key, child] of Object.entries(value)) {
          walk(child, `${path}.${key}`, shownKey.test(key) || (shown && Array.isArray(value)));
        }
      }
    };
    const { displayName, description, contributes, capabilities } = pkg;
    walk({ displayName, description, contributes, capabilities }, 'package.json', false);
    assert.deepEqual(problems, []);
  });
});
