// Environments for programs we start from inside `npm run` or `npm test` that runs another
// Node, or another npm, than the npm that started us.
//
// `npm run` exports its own state: npm_config_* for every setting it resolved (among them
// npm_config_user_agent, which names the parent's Node), npm_execpath, npm_node_execpath, NODE,
// INIT_CWD, npm_package_*, npm_lifecycle_*. A nested npm reads npm_config_* as its own settings, so
// it would report the parent's Node: code-server's postinstall reads the Node version from
// npm_config_user_agent and refuses Node 20 while the nested npm runs on Node 24. Without these
// variables the nested npm reads the user's .npmrc files itself and describes its own Node.
//
// Where to download from, where to cache it and which .npmrc to read are the user's choices, not the
// parent npm's state, so those settings stay.

import path from 'node:path';

const PARENT_NPM_STATE = /^(npm_.*|NODE|INIT_CWD)$/i;
const USER_CHOICES =
  /^npm_config_(registry|@[^:]+:registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl|cache|userconfig)$/i;

/**
 * A copy of `env` without what a parent npm exports about itself.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, string>}
 */
export function withoutParentNpm(env) {
  /** @type {Record<string, string>} */
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (PARENT_NPM_STATE.test(name) && !USER_CHOICES.test(name)) continue;
    clean[name] = value;
  }
  return clean;
}

/**
 * The environment for `npm install code-server` run by Node 24 (in `nodeDir`) and building native
 * modules against Node 24's headers, whatever Node and npm started us.
 *
 * @param {Record<string, string | undefined>} parentEnv
 * @param {string} nodeDir
 * @returns {Record<string, string>}
 */
export function codeServerInstallEnv(parentEnv, nodeDir) {
  return {
    ...withoutParentNpm(parentEnv),
    // npm's `#!/usr/bin/env node` finds Node 24 first, so its user agent says node/v24.
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${parentEnv.PATH ?? ''}`,
    // Build native modules against Node 24's headers; overrides ~/.npmrc's nodedir=/usr (Node 20).
    npm_config_nodedir: nodeDir,
    npm_config_yes: 'true',
    // npm 11's allowScripts policy warns about (and future npm versions block) dependency install
    // scripts. code-server needs its postinstall, which itself runs two nested, project-scoped
    // `npm install`s (lib/vscode, lib/vscode/extensions) that build native modules (node-pty,
    // spdlog, kerberos, sqlite3, ...). `--allow-scripts`/npm_config_allow_scripts cannot be used:
    // it is inherited by those nested installs, where npm rejects it (EALLOWSCRIPTS, "not allowed
    // in project-scoped installs"). This setting is inherited too and works at every level. It is
    // scoped to this one install of a pinned code-server version.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    // npm 11 turns on Node's compile cache, which Node 24 would write to $TMPDIR/node-compile-cache.
    NODE_DISABLE_COMPILE_CACHE: '1',
  };
}
