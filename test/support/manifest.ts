import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from './manifestTypes';

/** The repository root, from out/test/support/ where this file runs. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The English strings that package.json's `%key%` placeholders stand for. */
export const NLS = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/**
 * package.json as VS Code shows it in English: every `%key%` replaced from package.nls.json.
 * Throws on a placeholder with no string, which VS Code would show as the raw key.
 */
export function localizedManifest(): Manifest {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'), (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    const placeholder = /^%(.+)%$/.exec(value);
    if (!placeholder) return value;
    const text = NLS[placeholder[1]] as string | undefined;
    if (text === undefined) throw new Error(`package.json uses ${value}, which package.nls.json does not define`);
    return text;
  }) as Manifest;
}
