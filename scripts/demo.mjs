// `npm run demo`: the extension in a real VS Code (code-server) in your browser, against the
// fake TwelveLabs API with a sample account. Nothing leaves this machine.
//
// Builds the .vsix, starts the fake API, installs code-server and Chromium's system packages on
// first use (see test/launch/ensureTools.mjs), and prints the URL to open and the key to type.
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../test/launch/ensureTools.mjs';
import { startCodeServerWithFake } from '../test/ui/workbench.mjs';

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

let demo;
try {
  demo = await startCodeServerWithFake({ log });
} catch (error) {
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const { fake, cs } = demo;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void demo.stop().then(() => process.exit(0)));
}

console.log(`
  TwelveLabs Explorer demo is running.

  Open        ${cs.url}
  Then        click the TwelveLabs icon in the activity bar, then "Set API Key"
  API key     ${fake.apiKey}
  Fake API    ${fake.baseUrl} (sample account: ${fake.account.indexes.length} indexes, ${fake.account.assets.length} indexed assets)

  Press Ctrl+C to stop.
`);
