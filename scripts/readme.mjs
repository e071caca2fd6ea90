// `npm run readme`: rewrites the README's Commands and Settings tables from package.json, with the
// English strings of package.nls.json, between the `<!-- commands -->` and `<!-- settings -->`
// markers. `--root <dir>` reads and writes package.json, package.nls.json and README.md in another
// directory (test/unit/readme.test.ts uses a scratch copy).
//
// What a command does is not in package.json, so package.nls.json says it, as
// `command.<name>.readme` beside the command's title. Every command users can run needs one, so a
// new command cannot be left out of the README: without one, it writes nothing, names the command
// and exits 1. `npm run package` runs this first, so the tables follow every build.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The `contextValue` of each kind of row with a menu, as the table names it. */
const ROW_KINDS = {
  index: 'index',
  'index.filtered': 'filtered index',
  indexedAsset: 'indexed asset',
  sourceAsset: 'uploaded asset',
  'sourceAsset.unused': 'unused uploaded asset',
  assetReference: 'indexed asset under an uploaded asset',
};
/** A kind that its general kind covers when an entry matches both. */
const NARROWER = { 'index.filtered': 'index', 'sourceAsset.unused': 'sourceAsset' };

const MARKERS = {
  commands: { name: 'Commands', open: '<!-- commands -->', close: '<!-- /commands -->' },
  settings: { name: 'Settings', open: '<!-- settings -->', close: '<!-- /settings -->' },
};

/** Thrown for a problem in the inputs; printed without a stack. */
class ReadmeError extends Error {}

/** package.json with every `%key%` replaced from package.nls.json, as VS Code shows it in English. */
function localizedManifest(root, nls) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'), (_key, value) => {
    if (typeof value !== 'string') return value;
    const placeholder = /^%(.+)%$/.exec(value);
    if (!placeholder) return value;
    const text = nls[placeholder[1]];
    if (text === undefined)
      throw new ReadmeError(`package.json uses ${value}, which package.nls.json does not define.`);
    return text;
  });
}

/** Text for one table cell: on one line, with `|` escaped. */
function cell(text) {
  return String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

function table(header, rows) {
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function withArticle(noun) {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** The kinds of row a `view/item/context` entry's `when` clause matches. */
function rowKinds(entry) {
  const clause = /\bviewItem\s*(==|=~)\s*(\/(?:[^/\\]|\\.)+\/|[\w.-]+)/.exec(entry.when ?? '');
  if (!clause) throw new ReadmeError(`The context-menu entry for ${entry.command} has no viewItem test I can read.`);
  const [, operator, operand] = clause;
  const matches =
    operator === '==' ? (value) => value === operand : (value) => new RegExp(operand.slice(1, -1)).test(value);
  const kinds = Object.keys(ROW_KINDS).filter(matches);
  if (kinds.length === 0) throw new ReadmeError(`The context-menu entry for ${entry.command} matches no row I know.`);
  // An entry for both kinds of index row is simply "an index".
  return kinds.filter((kind) => !(kind in NARROWER && kinds.includes(NARROWER[kind])));
}

/** `cmd+backspace` as **Cmd+Backspace**. */
function keyName(key) {
  const name = key
    .split('+')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('+');
  return `**${name}**`;
}

/** Where a command can be run from, besides the palette: menus and keys. */
function placesOf(id, contributes, viewIds) {
  const menus = contributes.menus ?? {};
  const entries = (menu) => (menus[menu] ?? []).filter((entry) => entry.command === id);
  const places = [];

  const title = entries('view/title');
  if (title.some((entry) => (entry.group ?? '').startsWith('navigation'))) places.push("the view's title bar");
  if (title.some((entry) => !(entry.group ?? '').startsWith('navigation'))) places.push("the view's **…** menu");

  const context = entries('view/item/context');
  const kindsIn = (list) => [...new Set(list.flatMap(rowKinds))];
  const menuKinds = kindsIn(context.filter((entry) => !(entry.group ?? '').startsWith('inline')));
  const inlineKinds = kindsIn(context.filter((entry) => (entry.group ?? '').startsWith('inline')));
  if (menuKinds.length > 0) {
    places.push(`context menu of ${orList(menuKinds.map((kind) => withArticle(ROW_KINDS[kind])))}`);
  }
  if (inlineKinds.length > 0) {
    places.push(`button on ${orList(inlineKinds.map((kind) => withArticle(`${ROW_KINDS[kind]} row`)))}`);
  }
  if (entries('explorer/context').length > 0) places.push("the Explorer's context menu of a video file");

  for (const binding of (contributes.keybindings ?? []).filter((entry) => entry.command === id)) {
    const inView = viewIds.some((view) => (binding.when ?? '').includes(`focusedView == ${view}`));
    const others = [
      ['mac', 'macOS'],
      ['linux', 'Linux'],
      ['win', 'Windows'],
    ]
      .filter(([platform]) => binding[platform] && binding[platform] !== binding.key)
      .map(([platform, label]) => `${keyName(binding[platform])} on ${label}`);
    places.push(
      `${keyName(binding.key)}${inView ? ' in the view' : ''}${others.length > 0 ? ` (${others.join(', ')})` : ''}`,
    );
  }
  return places;
}

/** The Commands table, or a ReadmeError naming every command without a description. */
function commandsTable(manifest, nls) {
  const { contributes } = manifest;
  const viewIds = Object.values(contributes.views ?? {}).flatMap((views) => views.map((view) => view.id));
  const hidden = new Set(
    (contributes.menus?.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command),
  );
  const problems = [];
  const contributed = new Set(contributes.commands.map((command) => command.command));
  const readmeKey = (id) => `command.${id.replace(/^twelvelabs\./, '')}.readme`;
  for (const key of Object.keys(nls)) {
    const name = /^command\.(.+)\.readme$/.exec(key)?.[1];
    if (name !== undefined && !contributed.has(`twelvelabs.${name}`))
      problems.push(`package.nls.json describes twelvelabs.${name} (${key}), which package.json does not contribute.`);
  }

  const rows = [];
  for (const command of contributes.commands) {
    const id = command.command;
    const inPalette = !hidden.has(id);
    const places = placesOf(id, contributes, viewIds);
    const description = nls[readmeKey(id)];
    if (!inPalette && places.length === 0) {
      // Internal: run by the tree's own rows, so not in the README.
      if (description !== undefined)
        problems.push(
          `${id} is in no menu, on no key and hidden from the palette: remove its readme from package.nls.json.`,
        );
      continue;
    }
    if (description === undefined) {
      problems.push(`${id} ("${command.title}") has no description: add ${readmeKey(id)} to package.nls.json.`);
      continue;
    }
    // The palette shows "Category: Title"; menus show the title alone.
    const name = inPalette && command.category ? `${command.category}: ${command.title}` : command.title;
    const where = (inPalette ? ['Command Palette', ...places] : [...places, 'not in the palette']).join('; ');
    rows.push([`**${name}**`, where.charAt(0).toUpperCase() + where.slice(1), description]);
  }
  if (problems.length > 0) throw new ReadmeError(problems.join('\n'));
  return table(['Command', 'Where', 'What it does'], rows);
}

function code(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === '' ? '`""`' : `\`${text}\``;
}

function rangeOf(key, property) {
  if (Array.isArray(property.enum)) {
    const descriptions = property.markdownEnumDescriptions ?? property.enumDescriptions ?? [];
    return property.enum
      .map((value, i) => (descriptions[i] ? `${code(value)}: ${descriptions[i]}` : code(value)))
      .join(' ');
  }
  const { minimum, maximum } = property;
  if (minimum !== undefined && maximum !== undefined) return `${minimum} to ${maximum}`;
  if (minimum !== undefined) return `at least ${minimum}`;
  if (maximum !== undefined) return `at most ${maximum}`;
  if (property.type === 'integer' || property.type === 'number') {
    throw new ReadmeError(`The setting ${key} has no minimum or maximum; give it a range.`);
  }
  return '—';
}

/** The Settings table: every contributed setting, in package.json's order. */
function settingsTable(manifest) {
  const sections = [manifest.contributes.configuration ?? []].flat();
  const rows = sections.flatMap((section) =>
    Object.entries(section.properties ?? {}).map(([key, property]) => {
      const description = property.markdownDescription ?? property.description;
      if (!description) throw new ReadmeError(`The setting ${key} has no description in package.json.`);
      const type = [property.type].flat().join(' or ');
      const fallback = property.default === undefined ? 'none' : code(property.default);
      return [code(key), type, fallback, rangeOf(key, property), description];
    }),
  );
  return table(['Setting', 'Type', 'Default', 'Range or values', 'Description'], rows);
}

/** README text with the block between a pair of markers replaced by `body`. */
function replaceBlock(readme, { name, open, close }, body) {
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start || readme.indexOf(open, start + 1) >= 0) {
    throw new ReadmeError(`README.md needs exactly one ${open} … ${close} pair around the ${name} table.`);
  }
  return `${readme.slice(0, start)}${open}\n${body}\n${readme.slice(end)}`;
}

/** README.md as it should be, given package.json and package.nls.json in `root`. */
function expectedReadme(root, readme) {
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  const manifest = localizedManifest(root, nls);
  const withCommands = replaceBlock(readme, MARKERS.commands, commandsTable(manifest, nls));
  return replaceBlock(withCommands, MARKERS.settings, settingsTable(manifest));
}

function main() {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const expected = expectedReadme(root, readme);
  if (expected !== readme) {
    writeFileSync(path, expected);
    console.log('README.md: rewrote the Commands and Settings tables.');
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof ReadmeError)) throw error;
  console.error(`scripts/readme.mjs: ${error.message}`);
  process.exit(1);
}
