// Memory as the benchmark measures it: the heap still held after a full collection (the bench
// runs with --expose-gc), and the peak resident set size, sampled while a run goes on.

/** Heap used after a full collection, in bytes; undefined without --expose-gc. */
export const heapAfterGc = (): number | undefined => {
  if (typeof global.gc !== 'function') return undefined;
  global.gc();
  return process.memoryUsage().heapUsed;
};

/** Samples the RSS every `everyMs` until stopped; stop() gives the highest seen, in bytes. */
export function sampleRss(everyMs = 20): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}
