/**
 * Makes `require('vscode')` load the fake in ./index. Import this before anything that imports
 * `vscode` (the extension, src/ui); every importer then shares the one fake.
 */
import Module from 'node:module';

const fakePath = require.resolve('./index');
const resolver = Module as unknown as {
  _resolveFilename: (this: unknown, request: string, ...rest: unknown[]) => string;
};
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? fakePath : resolve.call(this, request, ...rest);
};

export { FakeMemento, FakeSecretStorage, ui } from './index';
export type { UiCall, UiCallOf } from './index';
