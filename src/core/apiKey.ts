import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './api/errors';

/** Real keys are a few dozen characters; this only stops pasted documents. */
const MAX_KEY_LENGTH = 512;

/** Why a typed key cannot be used, or undefined when it can. Checked before saving and before sending. */
export function apiKeyProblem(input: string): string | undefined {
  const key = input.trim();
  if (key === '') {
    return l10n.t('Enter your TwelveLabs API key.');
  }
  if (key.length > MAX_KEY_LENGTH) {
    return l10n.t('That is too long to be an API key ({0} characters).', key.length);
  }
  // Headers carry visible ASCII only; anything else is a paste mistake, not a key.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    return l10n.t(
      'An API key has no spaces, line breaks or non-ASCII characters. Copy it again from the TwelveLabs Playground.',
    );
  }
  return undefined;
}

/** Text from a server with the key taken out, for when it echoes a request back. */
export function withoutKey(text: string, apiKey: string): string {
  return text.split(apiKey).join('[redacted]');
}

/** The key as it is sent: trimmed and checked. */
export function normalizeApiKey(input: string): string {
  const problem = apiKeyProblem(input);
  if (problem !== undefined) {
    throw new TwelveLabsError({ kind: 'invalidInput', message: problem });
  }
  return input.trim();
}
