import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './api/errors';

/** TwelveLabs IDs are 24 lowercase hex characters, e.g. `6298d673f1090f1100476d4c`. */
const ID_PATTERN = /^[0-9a-f]{24}$/;

export function isPlausibleId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/**
 * One path segment for an ID. Refuses anything that is not a plausible ID before a
 * request is made, so no crafted value can reach another path; encodes it all the same.
 */
export function idSegment(value: unknown, what: 'index' | 'indexed asset' | 'asset'): string {
  if (!isPlausibleId(value)) {
    throw new TwelveLabsError({
      kind: 'invalidInput',
      message:
        what === 'index'
          ? l10n.t('That index ID is not valid. TwelveLabs IDs are 24 hexadecimal characters.')
          : what === 'asset'
            ? l10n.t('That asset ID is not valid. TwelveLabs IDs are 24 hexadecimal characters.')
            : l10n.t('That indexed asset ID is not valid. TwelveLabs IDs are 24 hexadecimal characters.'),
    });
  }
  return encodeURIComponent(value);
}
