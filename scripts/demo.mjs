// `npm run demo`: the extension in a real VS Code (code-server) in your browser, against the
// fake TwelveLabs API with a sample account. Nothing leaves this machine.
//
// Builds the .vsix, starts the fake API, installs code-server and its build packages on first use
// (see test/launch/ensureTools.mjs), and prints the URL to open and the key to type.
//
// It stops, leaving nothing running, on Ctrl+C, SIGTERM or SIGHUP, and when the npm that started
// it goes away. npm passes SIGINT and SIGTERM on to the shell that runs a script, and a shell does
// not pass them on to its command: so package.json's script is `exec node scripts/demo.mjs`, which
// makes this process npm's child. npm does not pass SIGHUP on at all; it dies of it, and then this
// process has a new parent.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureTools, REPO_ROOT, runCaptured } from '../test/launch/ensureTools.mjs';
import { FAKE_API_JS, VSIX_PATH, startCodeServerWithFake } from '../test/ui/workbench.mjs';

const started = Date.now();
const log = (message) => console.log(`[demo] ${message}`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const STOP_WAIT_MS = 10_000;
// A closed terminal fails every write; that must not keep the demo from cleaning up.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let demo;
let stopping = false;
async function stopAndExit(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})...`);
  try {
    await Promise.race([demo?.stop(), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
  } finally {
    // Exit hooks in the launchers end whatever is still building, starting or installing.
    process.exit(exitCode);
  }
}
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
]) {
  process.on(signal, () => void stopAndExit(signal, 128 + number));
}
const launcher = process.ppid;
setInterval(() => {
  if (process.ppid !== launcher) void stopAndExit('npm has exited', 129);
}, 500).unref();

/** Runs a build step quietly: its output is shown only when it fails. */
const build = (command, args) => runCaptured(command, args, { cwd: REPO_ROOT });

// What the .vsix is made from. When none of it changed since the demo last packaged it, the .vsix
// is reused: vsce takes most of a warm start otherwise.
const PACKAGE_INPUTS = [
  'src',
  'l10n',
  'media',
  'package.json',
  'package-lock.json',
  'package.nls.json',
  'esbuild.mjs',
  'tsconfig.json',
  'scripts/package.mjs',
  '.vscodeignore',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];
const PACKAGE_STAMP = path.join(REPO_ROOT, 'out', 'demo-package.sha256');

function packageInputsHash() {
  const hash = createHash('sha256');
  const add = (relative) => {
    const full = path.join(REPO_ROOT, relative);
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) add(path.join(relative, entry));
    } else {
      hash.update(`${relative}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  PACKAGE_INPUTS.forEach(add);
  return hash.digest('hex');
}

async function packageUnlessUnchanged() {
  const inputs = packageInputsHash();
  const stamped = fs.existsSync(PACKAGE_STAMP) ? fs.readFileSync(PACKAGE_STAMP, 'utf8') : '';
  if (stamped === inputs && fs.existsSync(VSIX_PATH)) return;
  await build('npm', ['run', '--silent', 'package']);
  fs.mkdirSync(path.dirname(PACKAGE_STAMP), { recursive: true });
  fs.writeFileSync(PACKAGE_STAMP, inputs);
}

// Videos to try "Add to TwelveLabs Index…" on, in the workspace's Explorer: the clip goes in one request, the
// recording (over 200 MB) in chunks. Sparse files: they take no disk space, and the fake API reads them like any other.
const SAMPLE_VIDEOS = { 'product-walkthrough.mp4': 36_000_000, 'all-hands-2026-11.mov': 640_000_000 };

function addSampleVideos(dir) {
  for (const [name, size] of Object.entries(SAMPLE_VIDEOS)) {
    fs.writeFileSync(path.join(dir, name), '');
    fs.truncateSync(path.join(dir, name), size);
  }
}

try {
  log('building the extension and the fake API...');
  // tsc's incremental state lives in out/ with its output; without the fake's output, start over.
  if (!fs.existsSync(FAKE_API_JS)) fs.rmSync(path.join(REPO_ROOT, 'out', 'tsconfig.tsbuildinfo'), { force: true });
  await Promise.all([
    packageUnlessUnchanged(),
    build(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--incremental']),
  ]);
  log(`built in ${seconds()}`);
  const tools = await ensureTools({ log, withBrowser: false });
  demo = await startCodeServerWithFake({ log, tools, prepareWorkspace: addSampleVideos });
} catch (error) {
  if (stopping) await new Promise(() => {}); // stopAndExit() exits
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const { fake, cs } = demo;

console.log(`
  TwelveLabs Explorer demo is running (ready in ${seconds()}).

  Open        ${cs.url}
  Then        click the TwelveLabs icon in the activity bar, then "Set API Key"
  Add videos  right-click ${Object.keys(SAMPLE_VIDEOS).join(' or ')} in the Explorer: "Add to TwelveLabs Index…"
  API key     ${fake.apiKey}
  Fake API    ${fake.baseUrl} (sample account: ${fake.account.indexes.length} indexes, ${fake.account.assets.length} indexed assets, ${fake.account.sourceAssets?.length ?? 0} uploads)

  Press Ctrl+C to stop.
`);
