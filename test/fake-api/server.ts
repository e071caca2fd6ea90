/**
 * The one fake TwelveLabs API (v1.3): HTTP on 127.0.0.1 over an in-memory account, with a request log,
 * fault injection and a rate limiter. contract.test.ts holds its shapes to the official SDK.
 */
import * as http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { errorReply, route, routeNotFound } from './routes';
import type { Reply } from './routes';
import { sampleAccount } from './sampleAccount';
import type { FakeAccount, Fault, RecordedRequest } from './types';

export { accountWithAssets, accountWithUsage, sampleAccount } from './sampleAccount';
export type { AssetStatus, FakeAccount, FakeAsset, FakeIndex, FakeSourceAsset, Fault, RecordedRequest } from './types';

type RawReply = { status: number; raw: string };

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

  private readonly faults: { fault: Fault; remaining: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private rateLimit: RateLimit | undefined;
  /** The current window's number in epoch time, and the tokens taken in it. */
  private window = 0;
  private windowUsed = 0;
  private closing: Promise<void> | undefined;

  static async start(options: FakeApiOptions = {}): Promise<FakeTwelveLabsApi> {
    checkRateLimit(options.rateLimit); // before listening, so a bad option leaks no server
    const server = http.createServer().listen(options.port ?? 0, '127.0.0.1');
    await once(server, 'listening');
    return new FakeTwelveLabsApi(server, options);
  }

  private constructor(
    private readonly server: http.Server,
    options: FakeApiOptions,
  ) {
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.baseUrl = this.origin + BASE_PATH;
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.account = options.account ?? sampleAccount();
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.indexingMs = options.indexingMs ?? 20_000;
    this.setRateLimit(options.rateLimit);
    server.on('request', this.handle.bind(this));
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

  /** Stops listening, destroys open sockets and pending delays; never hangs. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const t of this.timers) clearTimeout(t);
      this.faults.length = 0;
      this.server.close(() => {
        resolve();
      });
      this.server.closeAllConnections();
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

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (this.closing === undefined) this.answer(req, res, Buffer.concat(chunks).toString());
    });
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
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
      ...(body !== '' && { body: parsedOrRaw(body) }),
    };
    this.requests.push(recorded);
    const fault = this.takeFault(recorded);
    const replaced = fault?.status !== undefined || fault?.destroy === 'before-response';
    // Unauthenticated requests count against no one's quota, like on the real API.
    const authenticated = inBase && recorded.apiKey === this.apiKey;
    const quota = replaced || !authenticated ? undefined : this.takeToken();

    const respond = (): void => {
      if (res.destroyed || res.writableEnded) return;
      if (fault?.destroy === 'before-response') {
        // Cut right away: the real handler does not run (nothing is deleted).
        res.destroy();
        req.socket.destroy();
        return;
      }
      const reply = this.replyTo(recorded, inBase, fault, quota?.granted === false);
      const headers = { ...quota?.headers, ...fault?.headers };
      recorded.status = reply.status;
      recorded.responseBytes = this.write(res, reply, headers, fault?.destroy === 'mid-body');
    };

    const delayMs = this.latencyMs + (fault?.delayMs ?? 0);
    if (delayMs <= 0) {
      respond();
      return;
    }
    // The handler runs when the delay ends even if the client gave up, like a DELETE finished after a timeout.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      respond();
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

  private replyTo(r: RecordedRequest, inBase: boolean, fault: Fault | undefined, limited: boolean): Reply | RawReply {
    if (fault?.status !== undefined) {
      const { status, body } = fault;
      return typeof body === 'string' ? { status, raw: body } : { status, body };
    }
    if (limited) {
      // A 429 does not run the real handler (nothing is deleted).
      this.rateLimited += 1;
      if (this.rateLimit?.answer !== 'gateway') return { status: 429 };
      return errorReply(429, 'too_many_requests', 'You have exceeded the rate limit. Please try again later.', false);
    }
    if (!inBase) return routeNotFound();
    if (r.apiKey !== this.apiKey) return errorReply(401, 'api_key_invalid', 'The API key is invalid or expired.');
    const ctx = { account: this.account, origin: this.origin, now: this.now(), indexingMs: this.indexingMs };
    return route(ctx, r.method, r.path, r.query, r.body);
  }

  /** Writes the answer and returns its body's size; cutMidBody sends the headers and half the body, then cuts. */
  private write(
    res: http.ServerResponse,
    reply: Reply | RawReply,
    headers: Record<string, string>,
    cutMidBody: boolean,
  ): number {
    const json = 'body' in reply && reply.body !== undefined;
    const body = 'raw' in reply ? Buffer.from(reply.raw) : json ? Buffer.from(JSON.stringify(reply.body)) : undefined;
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
