/** Makes `require('vscode')` load the fake in ./index: import this before anything that imports `vscode`. */
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
