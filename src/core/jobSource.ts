// Where a delete run takes its jobs from: a list the user confirmed, or pages of a server list
// read while deleting. The run asks for one job at a time, never two at once.

export interface JobSource<T> {
  /** The next job; undefined when there are no more. Not called again before it settles. */
  next(): Promise<T | undefined>;
  /**
   * True for a list of known jobs: after Cancel or a fatal error the run still takes each one, to
   * report it as not deleted. A source that reads pages is instead simply no longer asked.
   */
  readonly reportsEveryJob: boolean;
  /** Told once the run will delete nothing more (a fatal error, the time cap): a source working ahead stops. */
  stop?(): void;
}

/** A list of jobs as a source; a source as it is. */
export function asJobSource<T>(jobs: readonly T[] | JobSource<T>): JobSource<T> {
  if ('next' in jobs) {
    return jobs;
  }
  let next = 0;
  return { next: () => Promise.resolve(jobs[next++]), reportsEveryJob: true };
}

/**
 * Runs `prepare` on up to `ahead` jobs before they are asked for, so that a read it makes (e.g.
 * what the deletion record needs) overlaps with the deletes in flight instead of adding to them.
 * `prepare` must not reject. Once `signal` aborts or the run stops, jobs are passed on unprepared:
 * they will not be deleted.
 */
export function preparedAhead<T, P>(
  source: JobSource<T>,
  prepare: (job: T) => Promise<P>,
  unprepared: (job: T) => P,
  ahead: number,
  signal: AbortSignal | undefined,
): JobSource<P> {
  const queue: Promise<P | undefined>[] = [];
  let ended = false;
  let stopped = false;
  const halted = (): boolean => stopped || signal?.aborted === true;
  // Each read of the source waits for the one before it; the preparing overlaps.
  let reading: Promise<T | undefined> = Promise.resolve(undefined);
  const readAndPrepare = (): Promise<P | undefined> => {
    reading = reading.then(() => (ended ? undefined : source.next()));
    return reading.then((job) => {
      if (job === undefined) {
        ended = true;
        return undefined;
      }
      return halted() ? unprepared(job) : prepare(job);
    });
  };
  const fill = (): void => {
    while (!ended && !halted() && queue.length < Math.max(1, ahead)) {
      queue.push(readAndPrepare());
    }
  };
  return {
    reportsEveryJob: source.reportsEveryJob,
    stop: () => {
      stopped = true;
      source.stop?.();
    },
    next: async () => {
      fill();
      const job = await (queue.shift() ?? readAndPrepare());
      fill();
      return job;
    },
  };
}
