import { UNSAFE_CHARACTERS } from './text';
import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './api/errors';
import { idSegment } from './ids';

/** What a details document shows: an index, one of its indexed assets, or an uploaded asset. */
export type DetailsTarget = { indexId: string; assetId?: string } | { uploadId: string };

/**
 * The document's path: the API's own path for the same thing, so its tab and breadcrumbs say
 * what it is. Throws an `invalidInput` TwelveLabsError for an ID that is not plausible.
 */
export function detailsPath(target: DetailsTarget): string {
  if ('uploadId' in target) {
    return `/assets/${idSegment(target.uploadId, 'asset')}.json`;
  }
  const index = `/indexes/${idSegment(target.indexId, 'index')}`;
  return target.assetId === undefined
    ? `${index}.json`
    : `${index}/indexed-assets/${idSegment(target.assetId, 'indexed asset')}.json`;
}

const DETAILS_PATH = /^\/indexes\/([^/]+)(?:\/indexed-assets\/([^/]+))?\.json$/;
const UPLOAD_PATH = /^\/assets\/([^/]+)\.json$/;

/** The target of a document path; throws `invalidInput` for any other path (e.g. a hand-typed link). */
export function parseDetailsPath(path: string): DetailsTarget {
  const upload = UPLOAD_PATH.exec(path);
  if (upload) {
    return { uploadId: upload[1] };
  }
  const match = DETAILS_PATH.exec(path);
  if (!match) {
    throw new TwelveLabsError({
      kind: 'invalidInput',
      message: l10n.t('This is not the address of a TwelveLabs index or asset.'),
    });
  }
  const [, indexId, assetId] = match as (string | undefined)[] as [string, string, string | undefined];
  return assetId === undefined ? { indexId } : { indexId, assetId };
}

/** The API's answer as the document shows it: JSON indented by 2 spaces. */
export function detailsJson(retrieved: unknown): string {
  // JSON.stringify leaves most of these as they are; in the editor, bidi controls could reorder a
  // filename and line separators break a line. Escaped, the text still parses to the same value.
  const json = JSON.stringify(retrieved, null, 2).replace(
    UNSAFE_CHARACTERS,
    // Control characters inside strings are escaped already; the ones left are the JSON's own line breaks.
    (c) => (c < ' ' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  return `${json}\n`;
}
