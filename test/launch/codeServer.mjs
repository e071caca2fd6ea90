// Starts a throw-away code-server (the real VS Code server and Node extension host) on 127.0.0.1.
// All it writes goes to a scratch folder (user data, extensions, XDG folders, TMPDIR) that stop()
// removes. Every wait has a timeout, and a failure carries the tail of code-server's output.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureTools, killGroup, runCaptured } from './ensureTools.mjs';
import { withoutParentNpm } from './npmEnv.mjs';

const START_TIMEOUT_MS = 60_000;
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
};

/**
 * Installs `vsixPath` if given. code-server rejects `extensionDevelopmentPath`/`extensionTestsPath`
 * as flags, so they go into `url` as the `payload` that the smoke-test driver (then turned on) reads.
 * @returns {Promise<{ url: string, userDataDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({
  vsixPath,
  extensionDevelopmentPath,
  extensionTestsPath,
  settings = {},
  workspaceDir,
  log = () => {},
  tools,
} = {}) {
  const started = Date.now();
  const { nodeBin, codeServerBin } = tools ?? (await ensureTools({ log }));
  // A short prefix: TMPDIR below holds unix sockets, whose paths must stay under ~107 bytes.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-cs-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const xdg = ['CONFIG', 'DATA', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(root, `xdg-${k.toLowerCase()}`)]);
  // TMPDIR: VS Code and its built-in extensions' sockets and temp files.
  const scratch = { ...Object.fromEntries(xdg), TMPDIR: path.join(root, 'tmp') };
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, ...Object.values(scratch)]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const settingsJson = JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2);
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${settingsJson}\n`);

  // Node 24 first on PATH, and nothing that would point code-server at the parent's Node and npm
  // (as under `npm test`) or make VS Code think it runs in Electron.
  const env = withoutParentNpm({ ...process.env, ...scratch });
  env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`;
  for (const name of Object.keys(env)) {
    if (/^(NODE_OPTIONS|ELECTRON_RUN_AS_NODE|VSCODE_.*)$/.test(name)) delete env[name];
  }
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let child;
  const running = () => child && child.exitCode === null && child.signalCode === null;
  const removeSync = () => {
    if (running()) killGroup(child.pid, 'SIGKILL');
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', removeSync); // in case stop() is never called
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', removeSync);
    if (running()) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child.pid, 'SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      killGroup(child.pid, 'SIGKILL'); // the extension host and pty helpers may outlive the server
    }
    await fs.promises.rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    if (vsixPath) {
      const install = [codeServerBin, ...dirs, '--force', '--install-extension', path.resolve(vsixPath)];
      const { output } = await runCaptured(nodeBin, install, { env, timeoutMs: 120_000 });
      if (/Failed Installing Extensions/i.test(output) || !/successfully installed/i.test(output)) {
        throw new Error(`installing ${vsixPath} failed:\n${output.split('\n').slice(-30).join('\n')}`);
      }
    }
    const testing = Boolean(extensionDevelopmentPath || extensionTestsPath);
    const args = [codeServerBin, ...dirs, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--ignore-last-opened'];
    args.push('--disable-telemetry', '--disable-update-check', '--disable-workspace-trust');
    args.push('--disable-getting-started-override');
    if (testing) args.push('--vscode-option', 'enable-smoke-test-driver');
    if (workspaceDir) args.push(path.resolve(workspaceDir));
    child = spawn(nodeBin, args, { env, cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const origin = await listening(child);
    const query = new URLSearchParams();
    if (workspaceDir) query.set('folder', path.resolve(workspaceDir));
    if (testing) {
      const remote = (file) => `vscode-remote://${origin.host}${path.resolve(file)}`;
      const payload = Object.entries({ extensionDevelopmentPath, extensionTestsPath }).filter(([, file]) => file);
      query.set('payload', JSON.stringify(payload.map(([name, file]) => [name, remote(file)])));
    }
    log(`code-server ready at ${origin.href} in ${Date.now() - started} ms (pid ${child.pid})`);
    return { url: `${origin.href}${String(query) ? `?${query}` : ''}`, userDataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with code-server's address once it listens and /healthz answers 200. */
async function listening(child) {
  let output = '';
  let exit;
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (data) => (output = (output + data).slice(-100_000)));
  child.once('error', (error) => (exit = error.message));
  child.once('exit', (code, signal) => (exit = `exit ${code ?? signal}`));
  const tail = () => output.split('\n').slice(-40).join('\n');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`code-server exited before it was ready (${exit}). Last output:\n${tail()}`);
    const address = /HTTP server listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (address) {
      const health = await fetch(new URL('healthz', address), { signal: AbortSignal.timeout(2000) }).catch(() => null);
      await health?.arrayBuffer().catch(() => {});
      if (health?.status === 200) return new URL(address);
    }
    await sleep(100);
  }
  throw new Error(`code-server not healthy after ${START_TIMEOUT_MS} ms. Last output:\n${tail()}`);
}

export function extensionHostLog(userDataDir) {
  if (!fs.existsSync(userDataDir)) return '';
  return fs
    .readdirSync(userDataDir, { recursive: true })
    .filter((file) => String(file).endsWith('exthost.log'))
    .map((file) => fs.readFileSync(path.join(userDataDir, String(file)), 'utf8'))
    .join('\n');
}

/** The [error] and [warning] lines of the extension host log that mention this extension. */
export function extensionHostErrors(userDataDir) {
  return extensionHostLog(userDataDir)
    .split('\n')
    .filter((line) => /twelvelabs/i.test(line) && /\[(error|warning)\]/i.test(line));
}
