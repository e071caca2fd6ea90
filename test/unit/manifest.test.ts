import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { localizedManifest, REPO_ROOT } from '../support/manifest';
import type { MenuEntry as Menu } from '../support/manifestTypes';
import { ASSETS_VIEW_ID, CONTEXT_VALUE, KEY_MISSING_CONTEXT, SETTING, VIEW_ID } from '../../src/ui/contributions';
import { COMMAND } from '../support/commands';
import { VIDEO_EXTENSIONS } from '../../src/core/upload/limits';

const root = REPO_ROOT;
const pkg = localizedManifest();
const contributes = pkg.contributes;

describe('package.json contributions', () => {
  test('the public names are contributed as documented', () => {
    assert.deepEqual(
      contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['twelvelabs', 'TwelveLabs']],
    );
    assert.deepEqual(
      contributes.views.twelvelabs?.map((v) => [v.id, v.name]),
      [
        [VIEW_ID, 'Indexes'],
        [ASSETS_VIEW_ID, 'Assets'],
      ],
    );
    const titles = Object.fromEntries(
      contributes.commands.map((c) => [c.command, `${c.category ?? '(no category)'}: ${c.title}`]),
    );
    assert.equal(titles[COMMAND.setApiKey], 'TwelveLabs: Set API Key...');
    assert.equal(titles[COMMAND.clearApiKey], 'TwelveLabs: Clear API Key');
    assert.equal(titles[COMMAND.refresh], 'TwelveLabs: Refresh');
    assert.equal(titles[COMMAND.deleteIndexedAsset], 'TwelveLabs: Delete Indexed Asset');
    assert.equal(titles[COMMAND.deleteAsset], 'TwelveLabs: Delete Asset');
    const setting = contributes.configuration.properties[SETTING.apiBaseUrl];
    assert.equal(setting?.default, 'https://api.twelvelabs.io/v1.3');
    // User settings must apply in remote windows (code-server, SSH) too, so not machine-scoped;
    // and an untrusted workspace must not be able to send the key elsewhere.
    assert.ok(setting.scope !== 'machine' && setting.scope !== 'machine-overridable', setting.scope);
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, [SETTING.apiBaseUrl]);
  });

  test('each command is twelvelabs.<name>, titled command.<name>.title, as commandId() assumes', () => {
    const raw = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as typeof pkg;
    for (const { command, title } of raw.contributes.commands) {
      assert.equal(title, `%command.${command.replace(/^twelvelabs\./, '')}.title%`, command);
    }
    // Both ways: a title in package.nls.json with no command in package.json is a handler never contributed.
    assert.deepEqual(raw.contributes.commands.map((c) => c.command).sort(), Object.values(COMMAND).sort());
  });

  test('each delete is in the asset context menu of its view, in its own last group, and never inline', () => {
    const rows = [
      [COMMAND.deleteIndexedAsset, VIEW_ID, `viewItem == ${CONTEXT_VALUE.asset}`],
      [COMMAND.deleteAsset, ASSETS_VIEW_ID, `viewItem =~ /^${CONTEXT_VALUE.sourceAsset}/`],
    ];
    for (const [command, view, row] of rows) {
      const items = (contributes.menus['view/item/context'] ?? []).filter((m) =>
        m.when?.startsWith(`view == ${view} `),
      );
      const deletes = items.filter((m) => m.command === command);
      assert.equal(deletes.length, 1);
      assert.equal(deletes[0].when, `view == ${view} && ${row}`);
      const group = (deletes[0].group ?? '').split('@')[0];
      // Inline actions sit on the row itself, not in the menu.
      const groups = items.map((m) => (m.group ?? '').split('@')[0]).filter((g) => g !== 'inline');
      assert.equal(groups.sort().at(-1), group, command);
      assert.equal(items.filter((m) => m.group?.startsWith(group)).length, 1, command);
    }
  });

  test('Add to TwelveLabs Index… is on local files with a video extension, the ones VIDEO_EXTENSIONS lists', () => {
    const [entry, ...others] = contributes.menus['explorer/context'] ?? [];
    assert.deepEqual([entry.command, others], [COMMAND.addToIndex, []]);
    const clause = /^resourceScheme == file && resourceExtname =~ \/\^\\\.\(([\w|]+)\)\$\/i$/.exec(entry.when ?? '');
    assert.deepEqual(clause?.[1].split('|'), [...VIDEO_EXTENSIONS], entry.when);
  });

  test('the view title has Refresh, the internal command is hidden, and the welcome needs no key', () => {
    const title = contributes.menus['view/title'] ?? [];
    assert.ok(title.some((m) => m.command === COMMAND.refresh && m.group?.startsWith('navigation')));
    assert.ok(
      contributes.menus.commandPalette?.some((m: Menu) => m.command === COMMAND.loadMore && m.when === 'false'),
    );
    const welcome = contributes.viewsWelcome.find((w) => w.view === VIEW_ID);
    assert.ok(welcome, 'a welcome for the view');
    assert.equal(welcome.when, KEY_MISSING_CONTEXT);
    assert.match(welcome.contents, /\[Set API Key\]\(command:twelvelabs\.setApiKey\)/);
  });

  test('activation comes only from contributions', () => {
    assert.deepEqual(pkg.activationEvents, []);
    assert.match(pkg.engines.vscode, /^\^1\.74\./);
    assert.equal(pkg.devDependencies['@types/vscode'], pkg.engines.vscode.slice(1));
  });
});

describe('architecture', () => {
  const sources = (dir: string, name = /\.ts$/): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name), name) : name.test(e.name) ? [join(dir, e.name)] : [],
    );
  const linesOf = (files: string[]): number =>
    files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length - 1, 0);

  test('no file in src is over 300 lines, and test code is at most 1.8 times the source', () => {
    const source = sources(join(root, 'src'));
    for (const file of source) assert.ok(linesOf([file]) <= 300, `${file}: ${linesOf([file])} lines`);
    const [sourceLines, testLines] = [linesOf(source), linesOf(sources(join(root, 'test'), /\.(ts|mjs)$/))];
    const ratio = testLines / sourceLines;
    assert.ok(ratio <= 1.8, `test code is ${ratio.toFixed(2)} times the source (${testLines} to ${sourceLines} lines)`);
  });

  test('nothing under src/core imports vscode, or anything from the UI layer', () => {
    const files = sources(join(root, 'src', 'core'));
    assert.ok(files.length > 5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, file);
      assert.doesNotMatch(text, /from ['"][./]*ui\//, file);
    }
  });

  test('no file under src imports itself back through others, type imports included', () => {
    const files = sources(join(root, 'src'));
    const importsOf = new Map(
      files.map((file) => {
        const relative = [
          ...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from ['"](\.[^'"]+)['"]/gms),
        ];
        return [file, relative.map((match) => `${join(dirname(file), match[1])}.ts`)];
      }),
    );
    const cycles: string[] = [];
    const finished = new Set<string>();
    const relativeTo = (file: string) => file.slice(root.length + 1);
    // Depth first; a file met again while its own imports are still being followed closes a cycle.
    const visit = (file: string, path: string[]): void => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file].map(relativeTo).join(' → '));
        return;
      }
      if (finished.has(file)) return;
      for (const next of importsOf.get(file) ?? []) visit(next, [...path, file]);
      finished.add(file);
    };
    files.forEach((file) => {
      visit(file, []);
    });
    assert.ok([...importsOf.values()].flat().length > 50, 'the imports were read');
    assert.deepEqual([...new Set(cycles)], []);
  });

  test('the package holds only the bundle, the icons, the strings, README, CHANGELOG, LICENSE and package.json', () => {
    // Needs dist/extension.js: npm test builds the package before the unit tests.
    const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
    const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'l10n/bundle.l10n.json',
      'media/icon.png',
      'media/twelvelabs.svg',
      'package.json',
      'package.nls.json',
    ]);
  });
});
