// Work on many items, a few at a time: quick enough, and gentle with the account's rate limit.

/**
 * Runs `work` on each item, `limit` at a time, and resolves with the results in the items' order.
 * Once `stop()` says so, no more starts; the items never started give undefined.
 */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  stop: () => boolean = () => false,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = items.map(() => undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length && !stop(); i = next++) {
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Runs tasks `limit` at a time; after a failure none starts, and it rejects with the first once the others settle. */
export async function allLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  const failures: unknown[] = [];
  await eachLimited(
    tasks,
    limit,
    (task) => task().catch((error: unknown) => void failures.push(error)),
    () => failures.length > 0,
  );
  if (failures.length > 0) {
    throw failures[0];
  }
}

/**
 * Bounds one step of tasks that otherwise run at once: `use` runs its work when one of `limit`
 * slots is free, and hands the slot to the next waiting in order when done.
 */
export class Slots {
  private taken = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async use<R>(work: () => Promise<R>): Promise<R> {
    if (this.taken < this.limit) {
      this.taken++;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) {
        this.taken--;
      } else {
        next();
      }
    }
  }
}
