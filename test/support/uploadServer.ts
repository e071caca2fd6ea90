// A small upload API for the transfer tests: the upload endpoints on one loopback origin, presigned
// chunk PUTs on another. It records every request and lets a test answer or break any of them.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { TwelveLabsClient } from '../../src/core/api/client';

export const KEY = 'tlk_upload_test_key_0123';
export const ASSET_ID = 'a'.repeat(24);

/** A folder for the test file's videos, removed when its tests end. */
export const scratch = fs.mkdtempSync(join(tmpdir(), 'upload-test-'));
after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A file of `size` bytes that differ from chunk to chunk. */
export function videoFile(name: string, size: number): string {
  const path = join(scratch, name);
  fs.writeFileSync(path, Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + (i >> 10)) & 0xff)));
  return path;
}

export const clientOf = (server: UploadServer): TwelveLabsClient =>
  new TwelveLabsClient({ baseUrl: server.apiUrl, apiKey: KEY, timeoutMs: 2000 });

export interface Recorded {
  method: string;
  path: string;
  apiKey?: string;
  contentType?: string;
  contentLength?: string;
  /** The body as received (tests upload small files). */
  body: Buffer;
  /** For a chunk PUT: its 1-based index. */
  chunk?: number;
}

/** A test's say over one request: an answer to send instead, 'cut' to drop the connection part-way, 'hold' to never answer. */
export type Override = { status: number; body?: string } | 'cut' | 'hold' | undefined;

export interface Session {
  chunkSize: number;
  totalChunks: number;
  totalSize: number;
  /** md5 of each chunk the storage received, by index. */
  received: Map<number, string>;
  reported: { chunk_index: number; proof: string; proof_type: string; chunk_size: number }[];
  status: string;
}

export class UploadServer {
  readonly requests: Recorded[] = [];
  readonly sessions = new Map<string, Session>();
  /** Chunk size for new sessions. */
  chunkSize = 1000;
  /** URLs in the answer that starts a session. */
  initialUrls = 2;
  /** How long a URL lasts, from when it is handed out. */
  urlTtlMs = 3_600_000;
  /** Where presigned URLs point; default this server's storage origin. */
  storageBase = '';
  /** Asked about every request before its body is read. */
  override: (request: Recorded) => Override = () => undefined;
  /** Called when a chunk PUT starts, before its body is read. */
  onPut: (chunk: number) => void = () => undefined;
  private readonly servers: http.Server[] = [];
  apiUrl = '';
  storageUrl = '';

  static async start(): Promise<UploadServer> {
    const server = new UploadServer();
    server.apiUrl = `${await server.listen((req, res) => void server.api(req, res))}/v1.3`;
    server.storageUrl = await server.listen((req, res) => void server.storage(req, res));
    server.storageBase = server.storageUrl;
    after(() => {
      server.servers.forEach((s) => s.close());
    });
    return server;
  }

  private async listen(handler: http.RequestListener): Promise<string> {
    const server = http.createServer(handler);
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async record(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    chunk?: number,
  ): Promise<Recorded | undefined> {
    const recorded: Recorded = {
      method: req.method ?? '',
      path: req.url ?? '',
      apiKey: req.headers['x-api-key'] as string | undefined,
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      body: Buffer.alloc(0),
      chunk,
    };
    this.requests.push(recorded);
    const override = this.override(recorded);
    if (override === 'cut') {
      // Part of the body arrives, then the connection breaks.
      await new Promise((resolve) => req.once('data', resolve));
      req.socket.destroy();
      return undefined;
    }
    const pieces: Buffer[] = [];
    for await (const piece of req) pieces.push(piece as Buffer);
    recorded.body = Buffer.concat(pieces);
    if (override === 'hold') return undefined;
    if (override !== undefined) {
      res.writeHead(override.status, { 'content-type': 'application/json' }).end(override.body ?? '');
      return undefined;
    }
    return recorded;
  }

  private urls(uploadId: string, start: number, count: number): object[] {
    const session = this.sessions.get(uploadId) as Session;
    const expires = Date.now() + this.urlTtlMs;
    return Array.from({ length: Math.max(0, Math.min(count, session.totalChunks - start + 1)) }, (_, i) => ({
      chunk_index: start + i,
      url: `${this.storageBase}/upload/${uploadId}/${start + i}?expires=${expires}&signature=secret`,
      expires_at: new Date(expires).toISOString(),
    }));
  }

  private async api(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
    const recorded = await this.record(req, res);
    if (recorded === undefined) return;
    const reply = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (recorded.apiKey !== KEY) return reply(401, { code: 'api_key_invalid', message: 'bad key' });
    const url = new URL(recorded.path, 'http://x');
    const json = (recorded.contentType === 'application/json' ? JSON.parse(recorded.body.toString()) : {}) as Record<
      string,
      number
    >;
    const page = Number(url.searchParams.get('page') ?? 1);
    const limit = Number(url.searchParams.get('page_limit') ?? 10);
    const paged = <T>(items: T[]) => ({
      items: items.slice((page - 1) * limit, page * limit),
      page_info: { page, limit_per_page: limit, total_page: Math.ceil(items.length / limit) },
    });
    const [, , , uploadId, more] = url.pathname.slice('/v1.3'.length).split('/');
    const session = this.sessions.get(uploadId);
    if (req.method === 'POST' && url.pathname === '/v1.3/assets') {
      return reply(201, { _id: ASSET_ID, method: 'direct', status: 'processing', filename: 'x.mp4', extra: [1] });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/v1.3/assets/') && !url.pathname.includes('multipart')) {
      return reply(200, { _id: ASSET_ID, status: 'ready', size: 5, hls: {} });
    }
    if (req.method === 'POST' && url.pathname === '/v1.3/assets/multipart-uploads') {
      const id = `up${this.sessions.size + 1}`;
      const totalChunks = Math.ceil(json.total_size / this.chunkSize);
      const fresh = { chunkSize: this.chunkSize, totalChunks, totalSize: json.total_size, status: 'active' };
      this.sessions.set(id, { ...fresh, received: new Map(), reported: [] });
      const upload_urls = this.urls(id, 1, this.initialUrls);
      return reply(201, { upload_id: id, chunk_size: this.chunkSize, total_chunks: totalChunks, upload_urls });
    }
    if (session === undefined && uploadId) return reply(404, { code: 'resource_not_exist' });
    if (req.method === 'GET' && url.pathname === '/v1.3/assets/multipart-uploads') {
      const all = [...this.sessions].map(([upload_id, s]) => ({
        upload_id,
        status: s.status,
        total_size: s.totalSize,
        chunk_size: s.chunkSize,
        total_chunks: s.totalChunks,
      }));
      const { items, page_info } = paged(all);
      return reply(200, { data: items, page_info });
    }
    if (session && more === 'presigned-urls') {
      return reply(200, { upload_id: uploadId, upload_urls: this.urls(uploadId, json.start, json.count) });
    }
    if (session && req.method === 'POST') {
      session.reported.push(...(json.completed_chunks as unknown as Session['reported']));
      const done = new Set(session.reported.map((c) => c.chunk_index)).size;
      if (done === session.totalChunks) session.status = 'completed';
      return reply(200, { asset_id: ASSET_ID, total_completed: done });
    }
    if (session) {
      const chunks = [...session.received.keys()].map((index) => ({ index, status: 'completed' }));
      const { items, page_info } = paged(chunks);
      return reply(200, { upload_id: uploadId, status: session.status, uploaded_chunks: items, page_info });
    }
    return reply(404, {});
  }

  private async storage(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '', 'http://x');
    const [, , uploadId, index] = url.pathname.split('/');
    this.onPut(Number(index));
    const recorded = await this.record(req, res, Number(index));
    if (recorded === undefined) return;
    if (Number(url.searchParams.get('expires')) < Date.now()) {
      res.writeHead(403).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
    const md5 = createHash('md5').update(recorded.body).digest('hex');
    this.sessions.get(uploadId)?.received.set(Number(index), md5);
    res.writeHead(200, { etag: `"${md5}"` }).end();
  }

  /** The chunk PUTs, in the order they arrived. */
  get puts(): Recorded[] {
    return this.requests.filter((r) => r.method === 'PUT');
  }
}
