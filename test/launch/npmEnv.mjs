// Environments for programs we start from inside `npm run` that run another Node or npm. `npm run`
// exports its own state (npm_config_*, npm_execpath, NODE, INIT_CWD, npm_package_*), which a nested
// npm reads as its own settings: code-server's postinstall, reading the parent's user agent, refuses
// Node 20 while on Node 24. The user's registry, proxy, certificates, cache and .npmrc stay.

import path from 'node:path';

const PARENT_NPM_STATE = /^(npm_.*|NODE|INIT_CWD)$/i;
const USER_CHOICES =
  /^npm_config_(registry|@[^:]+:registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl|cache|userconfig)$/i;

/** A copy of `env` without what a parent npm exports about itself. */
export function withoutParentNpm(env) {
  const keep = ([name, value]) => value !== undefined && (!PARENT_NPM_STATE.test(name) || USER_CHOICES.test(name));
  return Object.fromEntries(Object.entries(env).filter(keep));
}

/** For `npm install code-server` on the Node 24 in `nodeDir`, building against its headers whatever started us. */
export function codeServerInstallEnv(parentEnv, nodeDir) {
  return {
    ...withoutParentNpm(parentEnv),
    // npm's `#!/usr/bin/env node` finds Node 24 first, so its user agent says node/v24.
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${parentEnv.PATH ?? ''}`,
    // Overrides ~/.npmrc's nodedir=/usr (Node 20's headers).
    npm_config_nodedir: nodeDir,
    npm_config_yes: 'true',
    // code-server's postinstall runs two nested, project-scoped `npm install`s that build native
    // modules, which npm 11's allowScripts policy warns about (and later npms block). This setting
    // is inherited and works at every level; `--allow-scripts` is inherited too but rejected in
    // project-scoped installs (EALLOWSCRIPTS). Scoped to this one install of a pinned version.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    // npm 11 turns on Node's compile cache, which Node 24 would write to $TMPDIR/node-compile-cache.
    NODE_DISABLE_COMPILE_CACHE: '1',
  };
}
