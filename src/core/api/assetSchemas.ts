import * as l10n from '@vscode/l10n';
import {
  PageAsked,
  Page,
  ShapeError,
  object,
  optionalNumber,
  optionalString,
  requiredString,
  toPage,
  validated,
} from './schemas';

// The uploaded source assets (`/assets`) and the indexed assets that reference one, as far as
// this extension reads them. Every field but the IDs is optional in the official schema.

/** The statuses of an uploaded asset that the API documents. */
export const SOURCE_ASSET_STATUSES = ['processing', 'ready', 'failed'] as const;

export interface SourceAsset {
  _id: string;
  filename?: string;
  /** The MIME type, e.g. `video/mp4`. */
  file_type?: string;
  /** One of SOURCE_ASSET_STATUSES; kept open, so a status added later still shows. */
  status?: string;
  /** How it was uploaded: `direct`, `url`, `multipart` or `connector`. */
  method?: string;
  /** Bytes; set once the asset is ready. */
  size?: number;
  /** Seconds, for video and audio. */
  duration?: number;
  created_at?: string;
}

/** An indexed asset that uses a source asset, with the index it is in. */
export interface AssetReference {
  /** The indexed asset's ID. */
  _id: string;
  indexId: string;
  indexName?: string;
}

function toSourceAsset(value: unknown, path: string): SourceAsset {
  const o = object(value, path);
  return {
    _id: requiredString(o, '_id', path),
    filename: optionalString(o, 'filename', path),
    file_type: optionalString(o, 'file_type', path),
    status: optionalString(o, 'status', path),
    method: optionalString(o, 'method', path),
    size: optionalNumber(o, 'size', path),
    duration: optionalNumber(o, 'duration', path),
    created_at: optionalString(o, 'created_at', path),
  };
}

/** Without the index's ID the reference could not be deleted, so it is unreadable rather than half-read. */
function toReference(value: unknown, path: string): AssetReference {
  const o = object(value, path);
  if (o.index === undefined || o.index === null) {
    throw new ShapeError(`${path}.index`, l10n.t('an object'));
  }
  const index = object(o.index, `${path}.index`);
  return {
    _id: requiredString(o, '_id', path),
    indexId: requiredString(index, '_id', `${path}.index`),
    indexName: optionalString(index, 'name', `${path}.index`),
  };
}

export function parseSourceAssetPage(body: unknown, asked: PageAsked): Page<SourceAsset> {
  return validated(l10n.t('a list of assets'), () => toPage(body, toSourceAsset, asked));
}

export function parseReferencePage(body: unknown, asked: PageAsked): Page<AssetReference> {
  return validated(l10n.t('a list of the indexed assets that use an asset'), () => toPage(body, toReference, asked));
}

/** The answer to indexing an uploaded asset: both fields are optional in the official schema. */
export function parseCreatedIndexedAsset(body: unknown): { indexedAssetId: string | undefined } {
  return validated(l10n.t('the answer to indexing an asset'), () => {
    const o = object(body, 'body');
    optionalString(o, 'asset_id', 'body'); // not needed, but checked as the SDK checks it
    return { indexedAssetId: optionalString(o, '_id', 'body') };
  });
}
