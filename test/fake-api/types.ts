// Wire and record types of the fake TwelveLabs API (v1.3 shapes, as the official SDK defines them).

export const ASSET_STATUSES = ['ready', 'pending', 'queued', 'indexing', 'failed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export interface FakeIndex {
  _id: string;
  index_name: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  models: { model_name: string; model_options: string[] }[];
  addons: string[];
}

/** An indexed asset; its asset_id, when set, is the FakeSourceAsset it was indexed from. */
export interface FakeAsset {
  _id: string;
  index_id: string;
  asset_id?: string;
  status: AssetStatus;
  system_metadata: Partial<Record<'duration' | 'fps' | 'width' | 'height' | 'size', number>> & { filename?: string };
  created_at: string;
  updated_at: string;
  indexed_at?: string;
  user_metadata?: Record<string, string | number | boolean>;
  /** Set while the fake indexes it (a POST made it): the epoch ms it began and how long it takes. */
  indexing?: { since: number; ms: number };
}

/** An uploaded file (`/assets`), as the SDK's AssetDetail defines it on the wire. */
export interface FakeSourceAsset {
  _id: string;
  method: 'direct' | 'url' | 'multipart' | 'connector';
  status: 'processing' | 'ready' | 'failed';
  filename?: string;
  /** The MIME type, e.g. video/mp4. */
  file_type: string;
  created_at: string;
  /** Bytes and seconds: set once the asset is ready. */
  size?: number;
  duration?: number;
  user_metadata?: Record<string, string | number | boolean>;
}

export interface FakeAccount {
  indexes: FakeIndex[];
  /** Indexed assets. */
  assets: FakeAsset[];
  /** Uploaded assets; none when absent. */
  sourceAssets?: FakeSourceAsset[];
}

/** A query string's parameters, each with its values in order; a name the request did not send is absent. */
export type Query = Partial<Record<string, string[]>>;

export interface RecordedRequest {
  method: string;
  /** Raw path after the base path, e.g. "/indexes/<id>/indexed-assets"; outside it, the whole raw path. */
  path: string;
  query: Query;
  /** The query string as sent, without the "?" (still percent-encoded; "" when there is none). */
  rawQuery: string;
  apiKey: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** The request body, parsed as JSON or else the raw text; absent when there is none. */
  body?: unknown;
  /** Set when the answer is written (not for a cut connection). */
  status?: number;
  responseBytes?: number;
}

export interface Fault {
  /** Match only this method (GET/DELETE/POST, case-insensitive); any when absent. */
  method?: string;
  /**
   * string: exact match on RecordedRequest.path; RegExp: .test(path); any when absent. The upload origin's requests
   * have the path "/upload/<upload_id>/<chunk_index>" (no query) and match too.
   */
  path?: string | RegExp;
  /** How many matching requests it applies to; default: every one until cleared. */
  times?: number;
  /** Answer with this status instead of the real handler. */
  status?: number;
  /** Raw string sent as is (no Content-Type unless in headers), object sent as JSON; default: empty. */
  body?: string | object;
  /** Extra/overriding response headers (also applied to the real answer when no status is set). */
  headers?: Record<string, string>;
  /** Wait before answering (applies also when no status: then delays the real answer). */
  delayMs?: number;
  /** Answer only once this settles (after delayMs): a test holds requests until it has seen what they cause. */
  until?: Promise<unknown>;
  /** Cut the connection: right away, or after sending headers and half of the body. */
  destroy?: 'before-response' | 'mid-body';
}

export const UPLOAD_STATUSES = ['active', 'completed', 'failed', 'expired'] as const;

/** A multipart upload session (`/assets/multipart-uploads`): wire fields, then what the fake keeps to check chunks. */
export interface FakeUploadSession {
  upload_id: string;
  /** The asset it becomes: it exists (processing) once every chunk is reported. */
  asset_id: string;
  filename: string;
  total_size: number;
  chunk_size: number;
  total_chunks: number;
  /** 'expired' is also answered for an active session past expires_at. */
  status: (typeof UPLOAD_STATUSES)[number];
  created_at: string;
  updated_at: string;
  expires_at: string;
  /** The MD5 hex (the ETag, unquoted) of the last body the upload origin accepted for each chunk_index. */
  etags: Map<number, string>;
  /** When each chunk was reported complete (ISO), by chunk_index. */
  completed: Map<number, string>;
  /** The signature of each presigned URL handed out: its chunk and expiry (epoch ms). */
  signatures: Map<string, { chunkIndex: number; expiresMs: number }>;
  /** Headers every chunk PUT must carry, as given when the session began (and only then). */
  upload_headers: Record<string, string>;
}

/** A PUT (or other request) the upload origin received in full. */
export interface PresignedRequest {
  method: string;
  uploadId: string;
  chunkIndex: number;
  /** Any x-api-key header it carried: there should be none. */
  apiKey: string | undefined;
  /** Body bytes received. */
  bytes: number;
  /** Set when the answer is written (not for a cut connection). */
  status?: number;
  /** Its URL had expired when it arrived. */
  expired: boolean;
}
