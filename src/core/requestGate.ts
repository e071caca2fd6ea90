// When a bulk delete may send its next request: time (injectable, so tests can control it) and the
// request gate that every worker of one run shares.
import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './api/errors';
import { RateLimit } from './api/rateLimit';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Time, injectable so tests can control it. */
export interface Timing {
  now(): number;
  /** Resolves after `ms`, or early when `wake` resolves; rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal, wake: Promise<void>): Promise<void>;
  random(): number;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms, signal, wake) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(cancelledError());
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(cancelledError());
      };
      // Waiting for a wake-up only: setTimeout would turn Infinity into 1 ms.
      const timer = Number.isFinite(ms)
        ? setTimeout(
            () => {
              done();
              resolve();
            },
            Math.min(Math.max(0, ms), MAX_TIMER_MS),
          )
        : undefined;
      signal.addEventListener('abort', onAbort);
      void wake.then(() => {
        done();
        resolve();
      });
    }),
  random: () => Math.random(),
};

export function cancelledError(): TwelveLabsError {
  return new TwelveLabsError({ kind: 'cancelled', message: l10n.t('Cancelled.') });
}

/**
 * The shared view of the request budget. A request may start unless everyone is paused (after a
 * 429) or the last known budget, less what is in flight, is spent; then it waits for the reset.
 * Until the first answer says whether there is a budget at all, one request goes alone.
 */
export class RequestGate {
  private pausedUntil = 0;
  private budget: number | undefined;
  private resetAtMs: number | undefined;
  private limit: number | undefined;
  private answered = false;
  private inFlight = 0;
  private wakeUp = (): void => {};
  private changed = this.nextChange();

  constructor(private readonly timing: Timing) {}

  /** Waits until a request may start, then counts it as in flight. Rejects when `signal` aborts. */
  async enter(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) {
        throw cancelledError();
      }
      const now = this.timing.now();
      if (now < this.pausedUntil) {
        await this.timing.sleep(this.pausedUntil - now, signal, this.changed);
        continue;
      }
      if (!this.answered && this.inFlight > 0) {
        await this.timing.sleep(Number.POSITIVE_INFINITY, signal, this.changed);
        continue;
      }
      if (this.budget !== undefined && this.budget <= 0) {
        if (this.resetAtMs !== undefined && this.resetAtMs > now) {
          await this.timing.sleep(this.resetAtMs - now, signal, this.changed);
          continue;
        }
        if (this.resetAtMs === undefined && this.inFlight > 0) {
          await this.timing.sleep(Number.POSITIVE_INFINITY, signal, this.changed);
          continue;
        }
        // The window has reset: a full one, as far as we know, less what is still in flight.
        this.budget = this.limit === undefined ? undefined : this.limit - this.inFlight;
        this.resetAtMs = undefined;
        continue;
      }
      if (this.budget !== undefined) {
        this.budget--;
      }
      this.inFlight++;
      return;
    }
  }

  /** A request finished; `rateLimit` is what its answer said, if anything. */
  leave(rateLimit: RateLimit | undefined): void {
    this.inFlight--;
    this.answered = true;
    if (rateLimit !== undefined) {
      // Requests still in flight will spend from the same budget.
      this.budget = rateLimit.remaining - this.inFlight;
      this.resetAtMs = rateLimit.resetAtMs;
      this.limit = rateLimit.limit ?? this.limit;
    }
    this.notify();
  }

  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
    this.notify();
  }

  private notify(): void {
    this.wakeUp();
    this.changed = this.nextChange();
  }

  private nextChange(): Promise<void> {
    return new Promise<void>((resolve) => (this.wakeUp = resolve));
  }
}
