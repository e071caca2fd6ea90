/**
 * The one fake TwelveLabs API (v1.3): HTTP on 127.0.0.1 over an in-memory account, with a request log,
 * fault injection and a rate limiter. contract.test.ts holds its shapes to the official SDK.
 */
import * as http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { finished } from 'node:stream/promises';
import { FormDataError, formBoundary, readFormData } from './formData';
import { errorReply, route, routeNotFound } from './routes';
import type { Reply } from './routes';
import { sampleAccount } from './sampleAccount';
import type { FakeAccount, FakeUploadSession, Fault, PresignedRequest, RecordedRequest } from './types';
import { receiveChunk } from './uploadOrigin';
import type { OriginAnswer } from './uploadOrigin';
import { DIRECT_UPLOAD_LIMIT, advanceProcessing, formRecord, postAsset, routeUploads } from './uploads';
import type { PostedForm, Processing, UploadContext } from './uploads';

export { accountWithAssets, accountWithUsage, sampleAccount } from './sampleAccount';
export type {
  AssetStatus,
  FakeAccount,
  FakeAsset,
  FakeIndex,
  FakeSourceAsset,
  FakeUploadSession,
  Fault,
  PresignedRequest,
  RecordedRequest,
} from './types';

type RawReply = { status: number; raw: string };
type Answer = Reply | RawReply | OriginAnswer;
/** Room for the form's own lines in a POST /assets whose file is just under the limit. */
const FORM_OVERHEAD_BYTES = 1024 ** 2;

export const DEFAULT_API_KEY = 'tlk_demo_key_0123456789';
/** The API version the extension speaks, which its base URL must end with. */
const BASE_PATH = '/v1.3';

/** Defaults: DEFAULT_API_KEY, sampleAccount(), any free port, no latency, no rate limit, Date.now, 20 s indexing. */
export interface FakeApiOptions {
  apiKey?: string;
  /** Not copied: it is the server's live state. */
  account?: FakeAccount;
  port?: number;
  /** Delay of every answer (real or fault); a fault's delayMs adds to it. */
  latencyMs?: number;
  rateLimit?: RateLimit;
  /** The clock (epoch ms) of the rate limiter and of indexing. */
  now?: () => number;
  /**
   * How long an asset indexed by a POST takes: pending for the first half, indexing for the second, then ready;
   * 0 = ready at once. Long enough by default for the tree and a live-status poll (10 s) to see it in progress.
   */
  indexingMs?: number;
  /** How long an uploaded asset is processing before it is ready (or failed); default 3000, 0 = ready at once. */
  assetProcessingMs?: number;
  /** Uploads whose asset ends 'failed' instead of 'ready'; default none. */
  failProcessing?: (filename: string) => boolean;
  /** The chunk_size of multipart upload sessions; default 8 MiB. */
  chunkBytes?: number;
  /** How long each presigned URL is valid; default 1 hour. */
  presignedTtlMs?: number;
  /** A new session's upload_headers, which its chunk PUTs must carry (signed, as storage signs them); default none. */
  uploadHeaders?: Record<string, string>;
}

/** `requests` per window; windows are whole multiples of `windowSeconds` in epoch time, so X-Ratelimit-Reset is exact. */
export interface RateLimit {
  requests: number;
  /** Default 60: TwelveLabs documents per-minute (or longer) windows. */
  windowSeconds?: number;
  /** A 429 has the X-Ratelimit-* headers and, 'documented', an empty body; 'gateway' adds Retry-After and JSON. */
  answer?: 'documented' | 'gateway';
}

function checkRateLimit(limit: RateLimit | undefined): void {
  if (limit === undefined) return;
  for (const [name, value] of Object.entries({ requests: limit.requests, windowSeconds: limit.windowSeconds ?? 60 }))
    if (!(Number.isInteger(value) && value > 0))
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

function parsedOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const faultReply = (status: number, body: Fault['body']): Reply | RawReply =>
  typeof body === 'string' ? { status, raw: body } : { status, body };

function matches(r: RecordedRequest, method: string | undefined, path: string | RegExp | undefined): boolean {
  if ((method ?? r.method).toUpperCase() !== r.method.toUpperCase()) return false;
  if (path === undefined || path === r.path) return true;
  if (typeof path === 'string') return false;
  path.lastIndex = 0;
  return path.test(r.path);
}

export class FakeTwelveLabsApi {
  /** e.g. "http://127.0.0.1:41234/v1.3" (no trailing slash). */
  readonly baseUrl: string;
  readonly origin: string;
  readonly apiKey: string;
  /** Live state: tests may edit it. */
  readonly account: FakeAccount;
  readonly requests: RecordedRequest[] = [];
  /** Delay of every answer in ms; settable at any time (benchmarks reuse one server). */
  latencyMs: number;
  /** See FakeApiOptions; settable at any time, for the assets POSTed after. */
  indexingMs: number;
  /** 429s sent by the rate limiter since start or resetRequests(). */
  rateLimited = 0;
  /** The FakeApiOptions of the same names; settable at any time, for the uploads and sessions made after. */
  assetProcessingMs: number;
  failProcessing: (filename: string) => boolean;
  chunkBytes: number;
  presignedTtlMs: number;
  uploadHeaders: Record<string, string>;
  /** Where the presigned URLs point: a second server, e.g. "http://127.0.0.1:41235". */
  readonly uploadOrigin: string;
  /** Requests the upload origin received in full (with the answer's status once written). */
  readonly presignedRequests: PresignedRequest[] = [];
  /** Multipart upload sessions by upload_id: tests may read and edit them. */
  readonly uploads = new Map<string, FakeUploadSession>();

  private readonly faults: { fault: Fault; remaining: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private rateLimit: RateLimit | undefined;
  /** The current window's number in epoch time, and the tokens taken in it. */
  private window = 0;
  private windowUsed = 0;
  private closing: Promise<void> | undefined;
  private readonly processing = new Map<string, Processing>();

  static async start(options: FakeApiOptions = {}): Promise<FakeTwelveLabsApi> {
    checkRateLimit(options.rateLimit); // before listening, so a bad option leaks no server
    const server = http.createServer().listen(options.port ?? 0, '127.0.0.1');
    const uploadServer = http.createServer().listen(0, '127.0.0.1');
    await Promise.all([once(server, 'listening'), once(uploadServer, 'listening')]);
    return new FakeTwelveLabsApi(server, uploadServer, options);
  }

  private constructor(
    private readonly server: http.Server,
    private readonly uploadServer: http.Server,
    options: FakeApiOptions,
  ) {
    const origin = (listening: http.Server) => `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    this.origin = origin(server);
    this.uploadOrigin = origin(uploadServer);
    this.baseUrl = this.origin + BASE_PATH;
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.account = options.account ?? sampleAccount();
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.indexingMs = options.indexingMs ?? 20_000;
    this.assetProcessingMs = options.assetProcessingMs ?? 3000;
    this.failProcessing = options.failProcessing ?? (() => false);
    this.chunkBytes = options.chunkBytes ?? 8 * 1024 ** 2;
    this.presignedTtlMs = options.presignedTtlMs ?? 3_600_000;
    this.uploadHeaders = options.uploadHeaders ?? {};
    this.setRateLimit(options.rateLimit);
    server.on('request', this.handle.bind(this));
    uploadServer.on('request', this.handleUpload.bind(this));
  }

  /** Faults are checked in insertion order; the first match wins. */
  inject(fault: Fault): void {
    this.faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  resetRequests(): void {
    this.requests.length = 0;
    this.rateLimited = 0;
  }

  /** Starts a fresh window; undefined removes the limit. A fault that replaces the answer takes no token. */
  setRateLimit(limit: RateLimit | undefined): void {
    checkRateLimit(limit);
    this.rateLimit = limit && { ...limit };
    this.windowUsed = 0;
  }

  /** Recorded requests with this method (any case) and, when given, path (exact or RegExp). */
  requestsMatching(method: string, path?: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => matches(r, method, path));
  }

  /** Stops listening (both servers), destroys open sockets and pending delays; never hangs. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const t of this.timers) clearTimeout(t);
      this.faults.length = 0;
      let open = 2;
      for (const server of [this.server, this.uploadServer]) {
        server.close(() => {
          if (--open === 0) resolve();
        });
        server.closeAllConnections();
      }
    });
    return this.closing;
  }

  private takeFault(r: RecordedRequest): Fault | undefined {
    const i = this.faults.findIndex(({ fault }) => matches(r, fault.method, fault.path));
    if (i < 0) return undefined;
    const active = this.faults[i];
    if (--active.remaining <= 0) this.faults.splice(i, 1);
    return active.fault;
  }

  private uploadContext(): UploadContext {
    const { account, uploadOrigin, uploads: sessions, processing, chunkBytes, presignedTtlMs } = this;
    const { assetProcessingMs, failProcessing, uploadHeaders } = this;
    const timing = { assetProcessingMs, failProcessing, chunkBytes, presignedTtlMs, uploadHeaders };
    return { account, now: this.now(), uploadOrigin, sessions, processing, ...timing };
  }

  /** JSON bodies are read whole; a form (POST /assets) is streamed: only its text fields are kept. */
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
      this.readForm(req, formBoundary(req.headers['content-type'])).then(
        (form) => {
          if (this.closing === undefined) this.answer(req, res, formRecord(form), form);
        },
        () => res.destroy(),
      );
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (this.closing === undefined) this.answer(req, res, body === '' ? undefined : parsedOrRaw(body));
    });
  }

  /** A declared length over the limit is not parsed (but read to the end, so the client gets the answer). */
  private async readForm(req: http.IncomingMessage, boundary: string | undefined): Promise<PostedForm> {
    const tooLarge = Number(req.headers['content-length']) > DIRECT_UPLOAD_LIMIT + FORM_OVERHEAD_BYTES;
    if (tooLarge || boundary === undefined) {
      await finished(req.resume());
      return tooLarge ? 'tooLarge' : 'malformed';
    }
    try {
      return await readFormData(req, boundary);
    } catch (error) {
      if (error instanceof FormDataError) return 'malformed';
      throw error;
    }
  }

  /** The upload origin: faults and latency apply, the key and the rate limit do not. */
  private handleUpload(req: http.IncomingMessage, res: http.ServerResponse): void {
    receiveChunk(req, this.uploadContext()).then(
      ({ path, record, answer }) => {
        if (this.closing !== undefined) return;
        this.presignedRequests.push(record);
        const { method, apiKey } = record;
        const fault = this.takeFault({ method, path, query: {}, rawQuery: '', apiKey, headers: { ...req.headers } });
        const reply = () => (fault?.status === undefined ? answer() : faultReply(fault.status, fault.body));
        this.deliver(req, res, fault, reply, (status) => (record.status = status));
      },
      () => res.destroy(),
    );
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: unknown, form?: PostedForm): void {
    const [rawPath, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
    const inBase = rawPath === BASE_PATH || rawPath.startsWith(`${BASE_PATH}/`);
    const key = req.headers['x-api-key'];
    const query: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(rawQuery)) (query[k] ??= []).push(v);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: inBase ? rawPath.slice(BASE_PATH.length) : rawPath,
      query,
      rawQuery,
      apiKey: Array.isArray(key) ? key[0] : key,
      headers: { ...req.headers },
      ...(body !== undefined && { body }),
    };
    this.requests.push(recorded);
    const fault = this.takeFault(recorded);
    const replaced = fault?.status !== undefined || fault?.destroy === 'before-response';
    // Unauthenticated requests count against no one's quota, like on the real API.
    const authenticated = inBase && recorded.apiKey === this.apiKey;
    const quota = replaced || !authenticated ? undefined : this.takeToken();
    const reply = (): Answer => ({
      ...this.replyTo(recorded, inBase, fault, quota?.granted === false, form),
      headers: quota?.headers,
    });
    this.deliver(req, res, fault, reply, (status, bytes) => {
      recorded.status = status;
      recorded.responseBytes = bytes;
    });
  }

  /** Answers after the latency: cut (the real handler does not run), or the fault's answer or the real one. */
  private deliver(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: Fault | undefined,
    real: () => Answer,
    written: (status: number, bytes: number) => void,
  ): void {
    const respond = (): void => {
      if (res.destroyed || res.writableEnded) return;
      if (fault?.destroy === 'before-response') {
        // Cut right away: the real handler does not run (nothing is deleted).
        res.destroy();
        req.socket.destroy();
        return;
      }
      const reply = real();
      const headers = { ...('headers' in reply && reply.headers), ...fault?.headers };
      written(reply.status, this.write(res, reply, headers, fault?.destroy === 'mid-body'));
    };

    const respondWhenReleased = (): void => {
      if (fault?.until === undefined) respond();
      else void fault.until.then(respond, respond);
    };
    const delayMs = this.latencyMs + (fault?.delayMs ?? 0);
    if (delayMs <= 0) {
      respondWhenReleased();
      return;
    }
    // The handler runs when the delay ends even if the client gave up, like a DELETE finished after a timeout.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      respondWhenReleased();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Takes a rate-limit token now; undefined when no limit is set. */
  private takeToken(): { granted: boolean; headers: Record<string, string> } | undefined {
    if (this.rateLimit === undefined) return undefined;
    const { requests, windowSeconds = 60, answer } = this.rateLimit;
    const nowMs = this.now();
    const window = Math.floor(nowMs / 1000 / windowSeconds);
    if (window !== this.window) [this.window, this.windowUsed] = [window, 0];
    const granted = this.windowUsed < requests;
    if (granted) this.windowUsed += 1;
    const reset = (window + 1) * windowSeconds;
    const headers: Record<string, string> = {
      'X-Ratelimit-Limit': String(requests),
      'X-Ratelimit-Remaining': String(requests - this.windowUsed),
      'X-Ratelimit-Used': String(this.windowUsed),
      'X-Ratelimit-Reset': String(reset),
    };
    if (!granted && answer === 'gateway')
      headers['Retry-After'] = String(Math.max(1, Math.ceil((reset * 1000 - nowMs) / 1000)));
    return { granted, headers };
  }

  private replyTo(
    r: RecordedRequest,
    inBase: boolean,
    fault: Fault | undefined,
    limited: boolean,
    form: PostedForm | undefined,
  ): Reply | RawReply {
    if (fault?.status !== undefined) return faultReply(fault.status, fault.body);
    if (limited) {
      // A 429 does not run the real handler (nothing is deleted).
      this.rateLimited += 1;
      if (this.rateLimit?.answer !== 'gateway') return { status: 429 };
      return errorReply(429, 'too_many_requests', 'You have exceeded the rate limit. Please try again later.', false);
    }
    if (!inBase) return routeNotFound();
    if (r.apiKey !== this.apiKey) return errorReply(401, 'api_key_invalid', 'The API key is invalid or expired.');
    const uploads = this.uploadContext();
    advanceProcessing(uploads);
    if (form !== undefined && r.method === 'POST' && r.path === '/assets') return postAsset(uploads, form);
    const ctx = { account: this.account, origin: this.origin, now: uploads.now, indexingMs: this.indexingMs };
    return routeUploads(uploads, r.method, r.path, r.query, r.body) ?? route(ctx, r.method, r.path, r.query, r.body);
  }

  /** Writes the answer and returns its body's size; cutMidBody sends the headers and half the body, then cuts. */
  private write(res: http.ServerResponse, reply: Answer, headers: Record<string, string>, cutMidBody: boolean): number {
    const json = 'body' in reply && reply.body !== undefined;
    const body =
      'raw' in reply && reply.raw !== undefined
        ? Buffer.from(reply.raw)
        : json
          ? Buffer.from(JSON.stringify(reply.body))
          : undefined;
    const { status } = reply;
    const bodyless = status === 204 || status === 304 || (status >= 100 && status < 200);
    res.statusCode = status;
    res.setHeader('X-Api-Version', '1.3');
    if (json && !bodyless) res.setHeader('Content-Type', 'application/json');
    if (!bodyless) res.setHeader('Content-Length', body?.length ?? 0);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const payload = bodyless ? undefined : body;
    const half = payload?.subarray(0, Math.floor(payload.length / 2));
    const cut = (): void => {
      const socket = res.socket;
      res.destroy();
      socket?.destroy();
    };
    if (!cutMidBody) res.end(payload);
    else if (half?.length) res.write(half, cut);
    else {
      res.flushHeaders();
      setImmediate(cut);
    }
    return body?.length ?? 0;
  }
}
