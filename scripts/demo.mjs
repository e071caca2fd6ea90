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
import { spawn } from 'node:child_process';
import { ensureTools, REPO_ROOT } from '../test/launch/ensureTools.mjs';
import { startCodeServerWithFake } from '../test/ui/workbench.mjs';

const started = Date.now();
const log = (message) => console.log(`[demo] ${message}`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const STOP_WAIT_MS = 10_000;
// A closed terminal fails every write; that must not keep the demo from cleaning up.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let demo;
const builds = new Set();
let stopping = false;
async function stopAndExit(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})...`);
  for (const child of builds) child.kill();
  try {
    await Promise.race([demo?.stop(), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
  } finally {
    // Exit hooks in the launchers end whatever is still starting or installing.
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

/** Runs a build step quietly; its output is shown only when it fails. */
function build(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    builds.add(child);
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.on('error', reject);
    child.on('close', (code) => {
      builds.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${[command, ...args].join(' ')} failed:\n${output}`));
    });
  });
}

try {
  log('building the extension and the fake API...');
  // Both at once: the package is esbuild and vsce, the fake API is tsc.
  await Promise.all([
    build('npm', ['run', '--silent', 'package']),
    build(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']),
  ]);
  log(`built in ${seconds()}`);
  const tools = await ensureTools({ log, withBrowser: false });
  demo = await startCodeServerWithFake({ log, tools });
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
  API key     ${fake.apiKey}
  Fake API    ${fake.baseUrl} (sample account: ${fake.account.indexes.length} indexes, ${fake.account.assets.length} indexed assets)

  Press Ctrl+C to stop.
`);
