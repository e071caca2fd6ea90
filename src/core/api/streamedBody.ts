// What one request needs to stop in time: the caller's cancel, a timer, and for a body streamed
// from disk, a timer that restarts as bytes go out and the stream's own failure.
import { Readable } from 'node:stream';

/** A request body read as it is sent, never held whole; `length` is its exact size in bytes. */
export interface StreamedBody {
  contentType: string;
  length: number;
  stream: NodeJS.ReadableStream;
}

/** Passes `stream` on unchanged, telling `onBytes` the size of each piece as it is taken. */
function counted(stream: NodeJS.ReadableStream, onBytes: (bytes: number) => void): Readable {
  async function* pieces(): AsyncGenerator<Buffer> {
    for await (const piece of stream) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      onBytes(bytes.length);
      yield bytes;
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

/**
 * Aborts a request when the caller cancels, or when `timeoutMs` passes without progress: from the
 * start, from the last byte of the body that went out, or (restart) from another sign of life.
 */
export class RequestControl {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private sending: Readable | undefined;
  private closed = false;
  timedOut = false;
  /** Why the body stopped, when it failed before the request ended (e.g. the file changed). */
  bodyError: Error | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    callerSignal?.addEventListener('abort', this.onCallerAbort);
    if (callerSignal?.aborted) {
      this.controller.abort();
    }
    this.restart();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.callerSignal?.aborted === true;
  }

  restart(): void {
    // A piece of the body already read when the request ended still reports itself: no timer after close().
    if (this.closed) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  /**
   * The body to hand to fetch: `upload.stream`, with the timer restarted for each piece taken from
   * it. node-fetch pipes it without watching for errors, and would wait for the rest of a body that
   * failed part-way: a failure aborts the request instead.
   */
  body(upload: StreamedBody): Readable {
    const sending = counted(upload.stream, () => {
      this.restart();
    });
    sending.on('error', (error: unknown) => {
      this.fail(error);
    });
    this.sending = sending;
    return sending;
  }

  /** Ends the request because its body failed (unless it had already ended): bodyError says why. */
  fail(error: unknown): void {
    if (!this.controller.signal.aborted) {
      this.bodyError = error instanceof Error ? error : new Error(String(error));
      this.controller.abort();
    }
  }

  /** Stops the timer and lets go of the body (and its file) if the answer came before all of it went. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.sending?.destroy();
  }

  private readonly onCallerAbort = (): void => {
    this.controller.abort();
  };
}
