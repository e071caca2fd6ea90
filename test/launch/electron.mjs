// `npm run test:electron`: the integration suite in desktop VS Code (stable, or VSCODE_VERSION=1.74.0),
// for machines that can download it; `npm test` runs the same suite in code-server (integration.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from './ensureTools.mjs';

const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-electron-ws-'));
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [
      workspaceDir,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (error) {
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(String(error?.stack ?? error));
  console.error(
    offline
      ? 'Could not download VS Code: this machine cannot reach update.code.visualstudio.com. Run `npm test` instead; it runs the same suite in code-server.'
      : `The integration suite failed in VS Code: ${error?.message ?? error}`,
  );
  process.exitCode = 1;
} finally {
  fs.rmSync(workspaceDir, { recursive: true, force: true });
}
