// What Resume Uploads needs that TwelveLabs does not keep: which local file a multipart session
// uploads, and into which index it goes. Kept in VS Code's global state, across restarts.
import { isJsonObject } from '../api/schemas';

export const UNFINISHED_UPLOADS_KEY = 'twelvelabs.unfinishedUploads';

/** VS Code's Memento, or anything that stores a value by key the same way. */
export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface UnfinishedUpload {
  uploadId: string;
  path: string;
  filename: string;
  /** Size and modification time when the upload began: a file that differs is not the one uploaded. */
  size: number;
  mtimeMs: number;
  indexId: string;
  indexName: string;
  /** ISO 8601. */
  startedAt: string;
  /**
   * The session's upload_headers, which TwelveLabs gives only when the session begins and its storage
   * may require on every chunk. They are the upload's, not the account's key.
   */
  uploadHeaders?: Record<string, string>;
}

export class UnfinishedUploads {
  /** Writes one after another, so two quick changes cannot overwrite each other. */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly state: MementoLike) {}

  /** The remembered uploads, oldest first; entries in another shape (a damaged or older state) are left out. */
  list(): UnfinishedUpload[] {
    const stored = this.state.get(UNFINISHED_UPLOADS_KEY);
    return Array.isArray(stored) ? stored.filter(isUnfinishedUpload) : [];
  }

  /** Remembers an upload, replacing what was remembered under its upload ID. */
  remember(upload: UnfinishedUpload): Promise<void> {
    return this.change((uploads) => [...uploads.filter(({ uploadId }) => uploadId !== upload.uploadId), upload]);
  }

  forget(uploadId: string): Promise<void> {
    return this.change((uploads) => uploads.filter((upload) => upload.uploadId !== uploadId));
  }

  private change(edit: (uploads: UnfinishedUpload[]) => UnfinishedUpload[]): Promise<void> {
    const write = this.writes.then(() => this.state.update(UNFINISHED_UPLOADS_KEY, edit(this.list())));
    this.writes = write.catch(() => undefined);
    return write;
  }
}

function isUnfinishedUpload(value: unknown): value is UnfinishedUpload {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  const texts = ['uploadId', 'path', 'filename', 'indexId', 'indexName', 'startedAt'];
  const headers = entry.uploadHeaders;
  return (
    texts.every((key) => typeof entry[key] === 'string') &&
    typeof entry.size === 'number' &&
    typeof entry.mtimeMs === 'number' &&
    (headers === undefined ||
      (isJsonObject(headers) && Object.values(headers).every((value) => typeof value === 'string')))
  );
}
