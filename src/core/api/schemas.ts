import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './errors';

// Wire types, as far as this extension reads them, and their runtime validation.

export interface IndexModel {
  model_name?: string;
  model_options: string[];
}

export interface Index {
  _id: string;
  index_name?: string;
  created_at?: string;
  updated_at?: string;
  /** Set on the free plan only. */
  expires_at?: string;
  video_count?: number;
  /** Seconds. */
  total_duration?: number;
  models: IndexModel[];
}

/** One of ASSET_STATUSES; kept open, so a status added later still shows. */
export type AssetStatus = string;

/** The statuses of an indexed asset that the API documents, in the order the filter offers them. */
export const ASSET_STATUSES = ['failed', 'pending', 'queued', 'indexing', 'ready'] as const;
/** Statuses that change by themselves while TwelveLabs indexes. */
export const IN_PROGRESS_STATUSES = ['pending', 'queued', 'indexing'] as const;
export const FINISHED_STATUSES = ['ready', 'failed'] as const;

export function isInProgress(status: AssetStatus | undefined): boolean {
  return (IN_PROGRESS_STATUSES as readonly string[]).includes(status ?? '');
}

export interface SystemMetadata {
  filename?: string;
  /** Seconds. */
  duration?: number;
  fps?: number;
  width?: number;
  height?: number;
  /** Bytes. */
  size?: number;
}

export interface IndexedAsset {
  _id: string;
  /** The uploaded source asset it was indexed from; absent from older indexes. */
  asset_id?: string;
  status?: AssetStatus;
  system_metadata: SystemMetadata;
  created_at?: string;
  updated_at?: string;
  indexed_at?: string;
}

export interface PageInfo {
  page: number;
  totalPages: number;
  totalResults?: number;
}

/** A list item that could not be read: skipped, so the rest of its page still shows. */
export interface Unreadable {
  /** What is wrong, e.g. `data[3].system_metadata.duration should be a number`. */
  problem: string;
  /** The item as sent, shortened, for the log. */
  json: string;
}

export interface Page<T> {
  items: T[];
  pageInfo: PageInfo;
  unreadable: Unreadable[];
}

/** The page asked for, to fall back on where the answer leaves page_info out. */
export interface PageAsked {
  page: number;
  pageLimit: number;
}

const UNREADABLE_JSON_CHARS = 2000;

export type Json = Record<string, unknown>;

/** Where in the body a value sits, for messages such as `data[3].system_metadata.duration`. */
export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(l10n.t('{0} should be {1}', path, expected));
  }
}

/** A JSON object: not null, and not an array. */
export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(value: unknown, path: string): Json {
  if (!isJsonObject(value)) {
    throw new ShapeError(path, l10n.t('an object'));
  }
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new ShapeError(path, l10n.t('a list'));
  }
  return value;
}

/** Missing and null both mean "not given"; any other type is an error. */
export function optionalString(o: Json, key: string, path: string): string | undefined {
  const value = o[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new ShapeError(`${path}.${key}`, l10n.t('text'));
  }
  return value;
}

export function optionalNumber(o: Json, key: string, path: string): number | undefined {
  const value = o[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ShapeError(`${path}.${key}`, l10n.t('a number'));
  }
  return value;
}

export function requiredString(o: Json, key: string, path: string): string {
  const value = optionalString(o, key, path);
  if (value === undefined || value === '') {
    throw new ShapeError(`${path}.${key}`, l10n.t('non-empty text'));
  }
  return value;
}

function optionalWholeNumber(o: Json, key: string, path: string, min: number): number | undefined {
  const value = optionalNumber(o, key, path);
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new ShapeError(`${path}.${key}`, l10n.t('a whole number of at least {0}', min));
  }
  return value;
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  return array(value, path).map((item, i) => {
    if (typeof item !== 'string') {
      throw new ShapeError(`${path}[${i}]`, l10n.t('text'));
    }
    return item;
  });
}

function toIndex(value: unknown, path: string): Index {
  const o = object(value, path);
  const models = o.models === undefined || o.models === null ? [] : array(o.models, `${path}.models`);
  return {
    _id: requiredString(o, '_id', path),
    index_name: optionalString(o, 'index_name', path),
    created_at: optionalString(o, 'created_at', path),
    updated_at: optionalString(o, 'updated_at', path),
    expires_at: optionalString(o, 'expires_at', path),
    video_count: optionalNumber(o, 'video_count', path),
    total_duration: optionalNumber(o, 'total_duration', path),
    models: models.map((m, i) => {
      const model = object(m, `${path}.models[${i}]`);
      return {
        model_name: optionalString(model, 'model_name', `${path}.models[${i}]`),
        model_options: stringList(model.model_options, `${path}.models[${i}].model_options`),
      };
    }),
  };
}

function toIndexedAsset(value: unknown, path: string): IndexedAsset {
  const o = object(value, path);
  const metaPath = `${path}.system_metadata`;
  const meta = o.system_metadata === undefined || o.system_metadata === null ? {} : object(o.system_metadata, metaPath);
  return {
    _id: requiredString(o, '_id', path),
    asset_id: optionalString(o, 'asset_id', path),
    status: optionalString(o, 'status', path),
    system_metadata: {
      filename: optionalString(meta, 'filename', metaPath),
      duration: optionalNumber(meta, 'duration', metaPath),
      fps: optionalNumber(meta, 'fps', metaPath),
      width: optionalNumber(meta, 'width', metaPath),
      height: optionalNumber(meta, 'height', metaPath),
      size: optionalNumber(meta, 'size', metaPath),
    },
    created_at: optionalString(o, 'created_at', path),
    updated_at: optionalString(o, 'updated_at', path),
    indexed_at: optionalString(o, 'indexed_at', path),
  };
}

/**
 * As lenient as the official schema, where every field is optional: a missing `data` is an empty
 * page, and a missing `page_info` (or part of it) is taken from the page asked for, with one more
 * page when this one is full. A field that is present must still make sense, since paging relies
 * on it. An item that cannot be read is set aside, so one odd item does not hide a whole page.
 */
export function toPage<T>(body: unknown, toItem: (value: unknown, path: string) => T, asked: PageAsked): Page<T> {
  const o = object(body, l10n.t('the response'));
  const info = o.page_info === undefined || o.page_info === null ? {} : object(o.page_info, 'page_info');
  const data = o.data === undefined || o.data === null ? [] : array(o.data, 'data');
  const items: T[] = [];
  const unreadable: Unreadable[] = [];
  data.forEach((item, i) => {
    try {
      items.push(toItem(item, `data[${i}]`));
    } catch (error) {
      if (!(error instanceof ShapeError)) {
        throw error;
      }
      unreadable.push({ problem: error.message, json: JSON.stringify(item).slice(0, UNREADABLE_JSON_CHARS) });
    }
  });
  const page = optionalWholeNumber(info, 'page', 'page_info', 1) ?? asked.page;
  const totalPages =
    optionalWholeNumber(info, 'total_page', 'page_info', 0) ?? (data.length >= asked.pageLimit ? page + 1 : page);
  return {
    items,
    pageInfo: { page, totalPages, totalResults: optionalNumber(info, 'total_results', 'page_info') },
    unreadable,
  };
}

/** Runs a validator and turns a shape mismatch into the client's typed error. */
export function validated<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ShapeError) {
      throw new TwelveLabsError({
        kind: 'malformed',
        message: l10n.t('TwelveLabs sent {0} this extension could not read ({1}).', what, error.message),
      });
    }
    throw error;
  }
}

export function parseIndexPage(body: unknown, asked: PageAsked): Page<Index> {
  return validated(l10n.t('a list of indexes'), () => toPage(body, toIndex, asked));
}

export function parseIndexedAssetPage(body: unknown, asked: PageAsked): Page<IndexedAsset> {
  return validated(l10n.t('a list of indexed assets'), () => toPage(body, toIndexedAsset, asked));
}

/** The list fields of one retrieved indexed asset, read as a list item is. */
export function readIndexedAsset(retrieved: Retrieved): IndexedAsset {
  return validated(l10n.t('an indexed asset'), () => toIndexedAsset(retrieved, 'body'));
}

/**
 * A single index or indexed asset as the retrieve endpoints send it, kept whole for the details
 * view: only its `_id` is checked, since every other field is shown as sent.
 */
export interface Retrieved {
  _id: string;
  [field: string]: unknown;
}

export function parseRetrieved(body: unknown, what: 'an index' | 'an indexed asset' | 'an asset'): Retrieved {
  const described = {
    'an index': l10n.t('an index'),
    'an indexed asset': l10n.t('an indexed asset'),
    'an asset': l10n.t('an asset'),
  };
  return validated(described[what], () => {
    const o = object(body, 'body');
    if (typeof o._id !== 'string') {
      throw new ShapeError('_id', l10n.t('text'));
    }
    return o as Retrieved;
  });
}
