/**
 * The project's one fake TwelveLabs API (v1.3): a real HTTP server on 127.0.0.1 backed by an
 * in-memory account, with a request log and fault injection.
 *
 * Per request: record it -> apply the first matching fault (if any) -> check x-api-key -> take a
 * rate-limit token (if a limit is set) -> route; the answer waits latencyMs (+ the fault's delayMs).
 * Handlers live in routes.ts; shapes follow the official SDK (test/unit/contract.test.ts holds them to it).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { errorReply, route, routeNotFound } from './routes';
import type { Reply } from './routes';
import { sampleAccount } from './sampleAccount';
import type { FakeAccount, FakeAsset, FakeIndex, Fault, RecordedRequest } from './types';

export { sampleAccount } from './sampleAccount';
export type { AssetStatus, FakeAccount, FakeAsset, FakeIndex, Fault, RecordedRequest } from './types';

export const DEFAULT_API_KEY = 'tlk_demo_key_0123456789';

const RATE_LIMITED_MESSAGE = 'You have exceeded the rate limit. Please try again later.';

export interface FakeApiOptions {
  /** Default 'tlk_demo_key_0123456789'. */
  apiKey?: string;
  /** Default sampleAccount(). Used as is (not copied): it is the server's live state. */
  account?: FakeAccount;
  /** Default 0 = any free port. */
  port?: number;
  /** Default '/v1.3'. */
  basePath?: string;
  /** One status for every resource_not_exist; by default each endpoint's documented one (routes.ts). */
  notFoundStatus?: 404 | 400;
  /** Delay of every answer (real or fault), default 0; a fault's delayMs adds to it. */
  latencyMs?: number;
  /** Default none (unlimited). See setRateLimit. */
  rateLimit?: RateLimit;
  /** Clock of the rate limiter, in epoch ms; default Date.now. */
  now?: () => number;
}

/**
 * A budget of `requests` per window. Windows are whole multiples of `windowSeconds` in epoch time,
 * so X-Ratelimit-Reset (epoch seconds) is exact.
 */
export interface RateLimit {
  requests: number;
  /** Default 60: TwelveLabs documents per-minute (or longer) windows. */
  windowSeconds?: number;
  /**
   * How a 429 looks. 'documented' (default): the X-Ratelimit-* headers and an empty body, as the
   * rate-limits page shows. 'gateway': also Retry-After and a JSON too_many_requests body, as
   * gateways in front of APIs often send; no TwelveLabs source describes it.
   */
  answer?: 'documented' | 'gateway';
}

/** Rate-limit headers of one request, decided when it arrived. */
interface Quota {
  granted: boolean;
  headers: Record<string, string>;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

function normaliseBasePath(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function parseQuery(raw: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(raw)) (query[k] ??= []).push(v);
  return query;
}

function checkRateLimit(limit: RateLimit | undefined): void {
  if (limit === undefined) return;
  for (const [name, value] of [
    ['requests', limit.requests],
    ['windowSeconds', limit.windowSeconds ?? 60],
  ] as const) {
    if (!(Number.isInteger(value) && value > 0)) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
}

function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pattern === path;
  pattern.lastIndex = 0;
  return pattern.test(path);
}

export class FakeTwelveLabsApi {
  /** e.g. "http://127.0.0.1:41234/v1.3" (no trailing slash). */
  readonly baseUrl: string;
  /** e.g. "http://127.0.0.1:41234". */
  readonly origin: string;
  readonly apiKey: string;
  /** Live, mutable in-memory state (tests may edit it). */
  readonly account: FakeAccount;
  readonly requests: RecordedRequest[] = [];
  /** Delay of every answer in ms; settable at any time (benchmarks reuse one server). */
  latencyMs: number;

  private readonly basePath: string;
  private readonly notFoundStatus: 404 | 400 | undefined;
  private readonly faults: ActiveFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private rateLimit: RateLimit | undefined;
  /** The current rate-limit window: its epoch second and the tokens taken in it. */
  private window = 0;
  private windowUsed = 0;
  private rateLimitedCount = 0;
  private closing: Promise<void> | undefined;

  /** Starts a server listening on 127.0.0.1 only. */
  static async start(options: FakeApiOptions = {}): Promise<FakeTwelveLabsApi> {
    checkRateLimit(options.rateLimit); // before listening, so a bad option leaks no server
    const server = http.createServer();
    const sockets = new Set<Socket>();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeTwelveLabsApi(server, sockets, options);
  }

  private constructor(
    private readonly server: http.Server,
    private readonly sockets: Set<Socket>,
    options: FakeApiOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.basePath = normaliseBasePath(options.basePath ?? '/v1.3');
    this.baseUrl = this.origin + this.basePath;
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.account = options.account ?? sampleAccount();
    this.notFoundStatus = options.notFoundStatus;
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.setRateLimit(options.rateLimit);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res);
    });
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
    this.rateLimitedCount = 0;
  }

  /** 429s sent by the rate limiter since start or resetRequests(). */
  get rateLimited(): number {
    return this.rateLimitedCount;
  }

  /**
   * Sets the budget (see RateLimit); undefined removes it. Each authenticated request in the base
   * path takes a token when it arrives; a fault that replaces the answer (status or destroy
   * 'before-response') bypasses the limiter. Starts a fresh window.
   */
  setRateLimit(limit: RateLimit | undefined): void {
    checkRateLimit(limit);
    this.rateLimit = limit === undefined ? undefined : { ...limit };
    this.windowUsed = 0;
  }

  /** Recorded requests with this method (case-insensitive) and, when given, path (exact or RegExp). */
  requestsMatching(method: string, path?: string | RegExp): RecordedRequest[] {
    const m = method.toUpperCase();
    return this.requests.filter((r) => r.method.toUpperCase() === m && matchesPath(path, r.path));
  }

  /** Stops listening, destroys open sockets and pending delays; never hangs. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.faults.length = 0;
      this.server.close(() => {
        resolve();
      });
      for (const s of this.sockets) s.destroy();
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private takeFault(r: RecordedRequest): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.fault.method === undefined || f.fault.method.toUpperCase() === r.method.toUpperCase()) &&
        matchesPath(f.fault.path, r.path),
    );
    if (i < 0) return undefined;
    const active = this.faults[i];
    active.remaining -= 1;
    if (active.remaining <= 0) this.faults.splice(i, 1);
    return active.fault;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume(); // drain any request body; no endpoint here reads one
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const inBase =
      this.basePath === ''
        ? rawPath.startsWith('/')
        : rawPath === this.basePath || rawPath.startsWith(`${this.basePath}/`);
    const key = req.headers['x-api-key'];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: inBase ? rawPath.slice(this.basePath.length) : rawPath,
      query: parseQuery(q < 0 ? '' : rawUrl.slice(q + 1)),
      rawQuery: q < 0 ? '' : rawUrl.slice(q + 1),
      apiKey: Array.isArray(key) ? key[0] : key,
      headers: { ...req.headers },
    };
    this.requests.push(recorded);
    const fault = this.takeFault(recorded);
    const faultReplacesAnswer = fault?.status !== undefined || fault?.destroy === 'before-response';
    // Unauthenticated requests count against no one's quota, like on the real API.
    const authenticated = inBase && recorded.apiKey === this.apiKey;
    const quota = faultReplacesAnswer || !authenticated ? undefined : this.takeToken();

    const respond = (): void => {
      if (res.destroyed || res.writableEnded) return;
      if (fault?.destroy === 'before-response') {
        // Cut right away: the real handler does not run (nothing is deleted).
        res.destroy();
        req.socket.destroy();
        return;
      }
      let status: number;
      let body: Buffer | undefined;
      let json = false;
      if (fault?.status !== undefined) {
        status = fault.status;
        if (typeof fault.body === 'string') body = Buffer.from(fault.body, 'utf8');
        else if (fault.body !== undefined) {
          body = Buffer.from(JSON.stringify(fault.body), 'utf8');
          json = true;
        }
      } else {
        // A 429 does not run the real handler (nothing is deleted).
        const limited = quota?.granted === false;
        if (limited) this.rateLimitedCount += 1;
        const reply = limited ? this.rateLimitedReply() : this.realReply(recorded, inBase);
        status = reply.status;
        if (reply.body !== undefined) {
          body = Buffer.from(JSON.stringify(reply.body), 'utf8');
          json = true;
        }
      }
      const headers = { ...quota?.headers, ...fault?.headers };
      recorded.status = status;
      recorded.responseBytes = body?.length ?? 0;
      this.write(res, status, body, json, headers, fault?.destroy === 'mid-body');
    };

    const delayMs = this.latencyMs + (fault?.delayMs ?? 0);
    if (delayMs > 0) {
      // The real handler runs when the delay ends, even if the client gave up meanwhile
      // (like a real server that finishes a DELETE after the client timed out).
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        respond();
      }, delayMs);
      this.timers.add(timer);
    } else {
      respond();
    }
  }

  /** Takes a rate-limit token now; undefined when no limit is set. */
  private takeToken(): Quota | undefined {
    if (this.rateLimit === undefined) return undefined;
    const nowMs = this.now();
    const windowSeconds = this.rateLimit.windowSeconds ?? 60;
    const window = Math.floor(nowMs / 1000 / windowSeconds);
    if (window !== this.window) {
      this.window = window;
      this.windowUsed = 0;
    }
    const limit = this.rateLimit.requests;
    const granted = this.windowUsed < limit;
    if (granted) this.windowUsed += 1;
    const reset = (window + 1) * windowSeconds;
    const headers: Record<string, string> = {
      'X-Ratelimit-Limit': String(limit),
      'X-Ratelimit-Remaining': String(limit - this.windowUsed),
      'X-Ratelimit-Used': String(this.windowUsed),
      'X-Ratelimit-Reset': String(reset),
    };
    if (!granted && this.rateLimit.answer === 'gateway') {
      headers['Retry-After'] = String(Math.max(1, Math.ceil((reset * 1000 - nowMs) / 1000)));
    }
    return { granted, headers };
  }

  private rateLimitedReply(): Reply {
    return this.rateLimit?.answer === 'gateway'
      ? errorReply(429, 'too_many_requests', RATE_LIMITED_MESSAGE, false)
      : { status: 429 };
  }

  private realReply(r: RecordedRequest, inBase: boolean): Reply {
    if (!inBase) return routeNotFound();
    if (r.apiKey === undefined || r.apiKey !== this.apiKey) {
      return errorReply(401, 'api_key_invalid', 'The API key is invalid or expired.');
    }
    return route(
      { account: this.account, origin: this.origin, notFoundStatus: this.notFoundStatus },
      r.method,
      r.path,
      r.query,
    );
  }

  private write(
    res: http.ServerResponse,
    status: number,
    body: Buffer | undefined,
    json: boolean,
    extraHeaders: Record<string, string> | undefined,
    cutMidBody: boolean,
  ): void {
    const bodyless = status === 204 || status === 304 || (status >= 100 && status < 200);
    res.statusCode = status;
    res.setHeader('X-Api-Version', '1.3');
    if (json && !bodyless) res.setHeader('Content-Type', 'application/json');
    if (!bodyless) res.setHeader('Content-Length', body?.length ?? 0);
    for (const [name, value] of Object.entries(extraHeaders ?? {})) res.setHeader(name, value);
    const payload = bodyless ? undefined : body;
    if (!cutMidBody) {
      res.end(payload);
      return;
    }
    const half = payload?.subarray(0, Math.floor(payload.length / 2));
    const cut = (): void => {
      const socket = res.socket;
      res.destroy();
      socket?.destroy();
    };
    if (half !== undefined && half.length > 0) {
      res.write(half, () => {
        cut();
      });
    } else {
      res.flushHeaders();
      setImmediate(cut);
    }
  }
}

const BULK_NEWEST_MS = Date.parse('2026-03-01T00:00:00Z');
const BULK_STEP_MS = 30_000;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ObjectId-like: 8 hex of creation seconds, then a 16-hex serial (unique per account). */
function bulkId(ms: number, serial: number): string {
  return (
    Math.floor(ms / 1000)
      .toString(16)
      .padStart(8, '0') + serial.toString(16).padStart(16, '0')
  );
}

/**
 * One index with `count` ready assets, for benchmarks (bulk deletes, listing 10,000 assets).
 * Deterministic: bulk-00001.mp4 is the newest, each next one 30 s older, so the default listing
 * (created_at desc) pages in filename order.
 */
export function accountWithAssets(count: number, indexName = 'Bulk'): FakeAccount {
  const indexCreatedMs = BULK_NEWEST_MS - count * BULK_STEP_MS - 86_400_000;
  const indexId = bulkId(indexCreatedMs, 0);
  const assets: FakeAsset[] = [];
  for (let n = 1; n <= count; n++) {
    const createdMs = BULK_NEWEST_MS - (n - 1) * BULK_STEP_MS;
    const duration = 30 + ((n * 37) % 1800);
    const indexedAt = isoSeconds(createdMs + 120_000);
    assets.push({
      _id: bulkId(createdMs, n),
      index_id: indexId,
      status: 'ready',
      system_metadata: {
        filename: `bulk-${String(n).padStart(5, '0')}.mp4`,
        duration,
        fps: 30,
        width: 1920,
        height: 1080,
        size: duration * 625_000,
      },
      created_at: isoSeconds(createdMs),
      updated_at: indexedAt,
      indexed_at: indexedAt,
    });
  }
  const index: FakeIndex = {
    _id: indexId,
    index_name: indexName,
    created_at: isoSeconds(indexCreatedMs),
    updated_at: isoSeconds(BULK_NEWEST_MS + 120_000),
    expires_at: null,
    models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
    addons: [],
  };
  return { indexes: [index], assets };
}
