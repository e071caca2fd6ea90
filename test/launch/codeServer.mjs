// Starts a throw-away code-server (real VS Code server + Node extension host) on 127.0.0.1.
//
//   import { startCodeServer } from './codeServer.mjs';
//   const cs = await startCodeServer({ vsixPath, settings: { 'twelvelabs.x': 1 }, workspaceDir });
//   // open cs.url in a browser (see browser.mjs) ...
//   await cs.stop();
//
// Everything it writes lives in scratch folders under os.tmpdir() (user-data-dir, extensions-dir,
// XDG_CONFIG_HOME / XDG_DATA_HOME / XDG_CACHE_HOME), removed again by stop(). Never hangs: every
// wait has a timeout, and failures carry the tail of code-server's output.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureTools } from './ensureTools.mjs';
import { withoutParentNpm } from './npmEnv.mjs';

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
 * @param {object} [options]
 * @param {string} [options.vsixPath] packaged extension to install (`--install-extension`) first.
 * @param {string} [options.extensionDevelopmentPath] folder of an unpackaged extension to load.
 *   code-server rejects `--extensionDevelopmentPath`, so it goes into the returned `url` as a
 *   `payload` query parameter (needs the smoke-test driver, which is then on by default).
 * @param {string} [options.extensionTestsPath] compiled test runner (e.g. out/test/suite/index.js)
 *   for the mocha-in-extension-host layer; also passed through `payload`.
 * @param {Record<string, unknown>} [options.settings] user settings, merged over the defaults.
 * @param {string} [options.workspaceDir] folder to open (`?folder=` in `url`).
 * @param {boolean} [options.smokeTestDriver] `--vscode-option enable-smoke-test-driver`; default
 *   true when extensionDevelopmentPath or extensionTestsPath is given, else false.
 * @param {Record<string, string>} [options.env] extra environment for code-server (and so for
 *   the extension host), e.g. { TWELVELABS_BASE_URL: 'http://127.0.0.1:1234' }.
 * @param {(msg: string) => void} [options.log]
 * @param {{ nodeBin: string, codeServerBin: string }} [options.tools] result of ensureTools()
 *   (called here when omitted).
 * @param {number} [options.startTimeoutMs] default 60000.
 * @param {boolean} [options.workspaceTrust] default false; true keeps VS Code's workspace trust on
 *   (also set `security.workspace.trust.enabled` in settings) to test restricted mode.
 * @returns {Promise<{ url: string, baseUrl: string, port: number, pid: number, userDataDir: string,
 *   extensionsDir: string, workbenchUrl: (o?: object) => string, output: () => string,
 *   stop: () => Promise<void> }>}
 */
export async function startCodeServer({
  vsixPath,
  extensionDevelopmentPath,
  extensionTestsPath,
  settings = {},
  workspaceDir,
  smokeTestDriver,
  env: extraEnv = {},
  log = () => {},
  tools,
  startTimeoutMs = 60_000,
  workspaceTrust = false,
} = {}) {
  const t0 = Date.now();
  const { nodeBin, codeServerBin } = tools ?? (await ensureTools({ log }));
  if (smokeTestDriver === undefined) smokeTestDriver = Boolean(extensionDevelopmentPath || extensionTestsPath);
  if ((extensionDevelopmentPath || extensionTestsPath) && !smokeTestDriver) {
    log('warning: code-server ignores extensionDevelopmentPath/extensionTestsPath without smokeTestDriver');
  }

  // Short prefix: TMPDIR below holds unix sockets, whose paths must stay under ~107 bytes.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-cs-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const xdg = {
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
    // VS Code and its built-in extensions (git, TypeScript) put sockets and temp files in TMPDIR;
    // keep them in the scratch folder so stop() removes them too.
    TMPDIR: path.join(root, 'tmp'),
  };
  for (const d of [userDataDir, extensionsDir, ...Object.values(xdg)]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n',
  );

  // Node 24 for code-server and everything it forks, without what would point the child at the
  // parent's Node and npm (as under `npm test`) or make VS Code think it is Electron.
  const env = withoutParentNpm({ ...process.env, ...xdg });
  env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`;
  for (const k of Object.keys(env)) {
    if (/^(NODE_OPTIONS|ELECTRON_RUN_AS_NODE|VSCODE_.*)$/.test(k)) delete env[k];
  }
  Object.assign(env, extraEnv);
  const baseArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let child;
  let installOutput = ''; // from --install-extension
  let output = ''; // from the running server (reset when a start attempt is retried)
  const tail = (n = 40) => output.split('\n').slice(-n).join('\n');
  const record = (d) => {
    output += String(d);
    if (output.length > 400_000) output = output.slice(-200_000);
  };

  let stopped = false;
  const cleanupSync = () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', cleanupSync); // last resort if the caller never calls stop()

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', cleanupSync);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      const t = await Promise.race([exited.then(() => 'exited'), sleep(5000).then(() => 'timeout')]);
      if (t === 'timeout') log('code-server did not exit within 5 s of SIGTERM; sending SIGKILL');
      // SIGKILL the whole group regardless: extension host / pty helpers may outlive the server.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await fs.promises.rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    if (vsixPath) {
      const ti = Date.now();
      const abs = path.resolve(vsixPath);
      if (!fs.existsSync(abs)) throw new Error(`vsix not found: ${abs}`);
      const r = await runOnce(nodeBin, [codeServerBin, ...baseArgs, '--force', '--install-extension', abs], {
        env,
        timeoutMs: 120_000,
      });
      installOutput = r.output;
      if (r.code !== 0 || /Failed Installing Extensions/i.test(r.output) || !/successfully installed/i.test(r.output)) {
        throw new Error(`installing ${abs} failed (exit ${r.code}):\n${r.output.split('\n').slice(-30).join('\n')}`);
      }
      log(`installed ${path.basename(abs)} in ${Date.now() - ti} ms`);
    }

    let port;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const args = [
        codeServerBin,
        ...baseArgs,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
        ...(workspaceDir ? [path.resolve(workspaceDir)] : []),
      ];
      output = '';
      child = spawn(nodeBin, args, { env, cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', record);
      child.stderr.on('data', record);
      const exited = new Promise((resolve) => {
        child.once('error', (err) => resolve({ error: err }));
        child.once('exit', (code, signal) => resolve({ code, signal }));
      });
      const ready = await waitForHealthz(`http://127.0.0.1:${port}/healthz`, exited, startTimeoutMs);
      if (ready === 'ok') break;
      if (ready.exit && /EADDRINUSE/.test(output) && attempt < 3) {
        log(`port ${port} was taken, retrying`);
        continue;
      }
      if (ready.exit) {
        const how = ready.exit.error ? ready.exit.error.message : `exit ${ready.exit.code ?? ready.exit.signal}`;
        throw new Error(`code-server exited before it was ready (${how}). Last output:\n${tail()}`);
      }
      throw new Error(`code-server not healthy on port ${port} after ${startTimeoutMs} ms. Last output:\n${tail()}`);
    }

    const baseUrl = `http://127.0.0.1:${port}/`;
    const workbenchUrl = ({
      folder = workspaceDir,
      extensionDevelopmentPath: devPath = extensionDevelopmentPath,
      extensionTestsPath: testsPath = extensionTestsPath,
    } = {}) => {
      const q = new URLSearchParams();
      if (folder) q.set('folder', path.resolve(folder));
      const payload = [];
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
      if (devPath) payload.push(['extensionDevelopmentPath', remote(devPath)]);
      if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
      if (payload.length) q.set('payload', JSON.stringify(payload));
      const s = q.toString();
      return s ? `${baseUrl}?${s}` : baseUrl;
    };
    const url = workbenchUrl();
    log(`code-server ready at ${baseUrl} in ${Date.now() - t0} ms (pid ${child.pid})`);
    return {
      url,
      baseUrl,
      port,
      pid: child.pid,
      userDataDir,
      extensionsDir,
      workbenchUrl,
      output: () => installOutput + output,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** All text of the extension host log(s) under a code-server user-data-dir. */
export function extensionHostLog(userDataDir) {
  if (!userDataDir || !fs.existsSync(userDataDir)) return '';
  return fs
    .readdirSync(userDataDir, { recursive: true })
    .filter((file) => /exthost\.log$/.test(String(file)))
    .map((file) => fs.readFileSync(path.join(userDataDir, String(file)), 'utf8'))
    .join('\n');
}

/** Lines of the extension host log that mention this extension. */
export function extensionHostLines(userDataDir) {
  return extensionHostLog(userDataDir)
    .split('\n')
    .filter((line) => /twelvelabs/i.test(line));
}

/** The [error] and [warning] lines of the extension host log about this extension. */
export function extensionHostErrors(userDataDir) {
  return extensionHostLines(userDataDir).filter((line) => /\[(error|warning)\]/i.test(line));
}

// ---------------------------------------------------------------------------------------------

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(url, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exit = null;
  exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) return { exit };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer().catch(() => {});
      if (res.status === 200) return 'ok';
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  return exit ? { exit } : 'timeout';
}

function runOnce(cmd, args, { env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, output: output + `\n${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
