// `npm run demo`: the extension in a real VS Code (code-server) in your browser, against the
// fake TwelveLabs API with a sample account. Nothing leaves this machine.
//
//   npm run demo
//
// Builds the .vsix, starts the fake API, installs code-server and Chromium's system packages on
// first use (see test/launch/ensureTools.mjs), and prints the URL to open and the key to type.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from '../test/launch/codeServer.mjs';
import { REPO_ROOT } from '../test/launch/ensureTools.mjs';

const log = (message) => console.log(`[demo] ${message}`);

function runOrExit(command, args) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[demo] ${[command, ...args].join(' ')} failed`);
    process.exit(1);
  }
}

log('building the extension and the fake API...');
runOrExit('npm', ['run', '--silent', 'package']);
runOrExit(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
const { FakeTwelveLabsApi } = createRequire(import.meta.url)('../out/test/fake-api/server.js');

const fake = await FakeTwelveLabsApi.start();
const workspaceDir = mkdtempSync(join(tmpdir(), 'tl-demo-ws-'));
let codeServer;
const stop = async () => {
  await codeServer?.stop();
  await fake.close();
  rmSync(workspaceDir, { recursive: true, force: true });
};
process.once('SIGINT', () => void stop().then(() => process.exit(0)));
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

try {
  codeServer = await startCodeServer({
    vsixPath: join(REPO_ROOT, 'twelvelabs-explorer.vsix'),
    settings: { 'twelvelabs.apiBaseUrl': fake.baseUrl },
    workspaceDir,
    log,
  });
} catch (error) {
  await stop();
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

console.log(`
  TwelveLabs Explorer demo is running.

  Open        ${codeServer.url}
  Then        click the TwelveLabs icon in the activity bar, then "Set API Key"
  API key     ${fake.apiKey}
  Fake API    ${fake.baseUrl} (sample account: ${fake.account.indexes.length} indexes, ${fake.account.assets.length} indexed assets)

  Press Ctrl+C to stop.
`);
