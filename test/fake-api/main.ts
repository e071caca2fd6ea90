/** Standalone fake TwelveLabs API with the sample account, until SIGINT/SIGTERM. --help lists the options. */
import { FakeTwelveLabsApi } from './server';
import type { FakeApiOptions } from './server';

const USAGE =
  'Usage: node out/test/fake-api/main.js [--port N] [--key K] [--latency-ms N]' +
  ' [--rate-limit REQUESTS[/SECONDS]] [--processing-ms N]';

function valid<T>(ok: boolean, value: T, error: string): T {
  if (!ok) throw new Error(error);
  return value;
}
const isWhole = (n: number, min: number) => Number.isInteger(n) && n >= min;

const OPTIONS: Record<string, (value: string, options: FakeApiOptions) => void> = {
  '--port': (v, o) => (o.port = valid(isWhole(Number(v), 0) && Number(v) <= 65535, Number(v), `invalid --port ${v}`)),
  '--key': (v, o) => (o.apiKey = v),
  '--latency-ms': (v, o) =>
    (o.latencyMs = valid(Number(v) >= 0 && Number.isFinite(Number(v)), Number(v), `invalid --latency-ms ${v}`)),
  '--processing-ms': (v, o) =>
    (o.assetProcessingMs = valid(isWhole(Number(v), 0), Number(v), `invalid --processing-ms ${v}`)),
  // REQUESTS or REQUESTS/SECONDS, e.g. 60/60 for 60 a minute (the default window).
  '--rate-limit': (v, o) => {
    const [requests, windowSeconds = 60] = v.split('/').map(Number);
    const error = `invalid --rate-limit ${v} (REQUESTS or REQUESTS/SECONDS, whole numbers >= 1)`;
    o.rateLimit = valid(isWhole(requests, 1) && isWhole(windowSeconds, 1), { requests, windowSeconds }, error);
  },
};

function parseArgs(argv: string[]): FakeApiOptions {
  const options: FakeApiOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    const parse = OPTIONS[name] as ((value: string, options: FakeApiOptions) => void) | undefined;
    if (parse === undefined) throw new Error(`unknown argument ${name}`);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${name} needs a value`);
    parse(value, options);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const api = await FakeTwelveLabsApi.start(options);
  console.log(`Fake TwelveLabs API: ${api.baseUrl}\nUpload origin: ${api.uploadOrigin}\nAPI key: ${api.apiKey}`);
  if (options.latencyMs) console.log(`Latency: ${options.latencyMs} ms`);
  const limit = options.rateLimit;
  if (limit) console.log(`Rate limit: ${limit.requests} requests per ${limit.windowSeconds ?? 60} s`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing (${api.requests.length} requests served)`);
    void api.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
