// Runs out/test/integration in code-server's extension host, opened in Chromium. VS Code's smoke-test
// driver reports through the page's codeAutomationLog (host console) and codeAutomationExit (result).
//   node test/launch/integration.mjs      (after `npm run build && npx tsc -p .`)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { openWorkbench } from './browser.mjs';
import { extensionHostErrors, startCodeServer } from './codeServer.mjs';
import { REPO_ROOT } from './ensureTools.mjs';

const SUITE = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
const SUITE_TIMEOUT_MS = 5 * 60_000;
const CONSOLE_LOG = path.join(REPO_ROOT, 'test-results', 'integration-console.log');
// The workbench's own console chatter (e.g. the unreachable gallery) goes to CONSOLE_LOG only.
const CHATTER = [
  /ENOTFOUND open-vsx\.org/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\]/,
  /^Updating additional builtin extensions cache/,
];

/** exitCode is 0 when the suite passed and the host logged no error from this extension. */
export async function runIntegrationSuite({ log = () => {}, tools } = {}) {
  for (const required of [SUITE, path.join(REPO_ROOT, 'dist', 'extension.js')]) {
    if (!fs.existsSync(required)) throw new Error(`${required} is missing: run \`npm run build && npx tsc -p .\``);
  }
  const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-it-ws-'));
  fs.mkdirSync(path.dirname(CONSOLE_LOG), { recursive: true });
  const consoleLog = fs.createWriteStream(CONSOLE_LOG);
  let summary = '';
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let timer;
  let codeServer;
  let workbench;
  try {
    const paths = { extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: SUITE };
    codeServer = await startCodeServer({ ...paths, workspaceDir, log, tools });
    workbench = await openWorkbench(codeServer.url, {
      log,
      beforeGoto: async (page) => {
        await page.exposeFunction('codeAutomationLog', (type, args) => {
          const text = format(...(Array.isArray(args) ? args : [args]));
          consoleLog.write(`${type}: ${text}\n`);
          if (text.startsWith('integration:')) summary = text;
          if (!CHATTER.some((pattern) => pattern.test(text))) (type === 'error' ? console.error : console.log)(text);
        });
        await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
      },
    });
    timer = setTimeout(() => finish('timeout'), SUITE_TIMEOUT_MS);
    const result = await finished;
    if (result === 'timeout') console.error(`The suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s.`);
    const hostErrors = extensionHostErrors(codeServer.userDataDir);
    for (const line of hostErrors) console.error(`extension host: ${line}`);
    const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
    const exitCode = result === 0 && summary !== '' && hostErrors.length === 0 ? 0 : 1;
    return { exitCode, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), hostErrors };
  } finally {
    clearTimeout(timer);
    await workbench?.close();
    await codeServer?.stop();
    consoleLog.end();
    fs.rmSync(workspaceDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { exitCode } = await runIntegrationSuite({ log: (msg) => console.log(`[integration] ${msg}`) });
  process.exit(exitCode);
}
