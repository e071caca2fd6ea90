/**
 * Standalone fake TwelveLabs API with the sample account.
 *   node out/test/fake-api/main.js [--port N] [--key K] [--base-path P] [--not-found-status 404|400]
 *     [--latency-ms N] [--rate-limit RPS]
 * Runs until SIGINT/SIGTERM, then closes cleanly.
 */
import { FakeTwelveLabsApi } from './server';
import type { FakeApiOptions } from './server';

function parseArgs(argv: string[]): FakeApiOptions {
  const options: FakeApiOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    let value = inline;
    if (value === undefined && name.startsWith('--') && name !== '--help') value = argv[++i];
    const need = (): string => {
      if (value === undefined || value === '') throw new Error(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--port': {
        const port = Number(need());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${value}`);
        options.port = port;
        break;
      }
      case '--key':
        options.apiKey = need();
        break;
      case '--base-path':
        options.basePath = need();
        break;
      case '--not-found-status': {
        const status = Number(need());
        if (status !== 404 && status !== 400) throw new Error('--not-found-status must be 404 or 400');
        options.notFoundStatus = status;
        break;
      }
      case '--latency-ms': {
        const ms = Number(need());
        if (!Number.isFinite(ms) || ms < 0) throw new Error(`invalid --latency-ms ${value}`);
        options.latencyMs = ms;
        break;
      }
      case '--rate-limit': {
        // REQUESTS or REQUESTS/SECONDS, e.g. 60/60 for 60 a minute (the default window).
        const [requests, windowSeconds = 60] = need().split('/').map(Number);
        if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(windowSeconds) || windowSeconds < 1)
          throw new Error(`invalid --rate-limit ${value} (REQUESTS or REQUESTS/SECONDS, whole numbers >= 1)`);
        options.rateLimit = { requests, windowSeconds };
        break;
      }
      case '--help':
        console.log(
          'Usage: node out/test/fake-api/main.js [--port N] [--key K] [--base-path P] [--not-found-status 404|400]' +
            ' [--latency-ms N] [--rate-limit REQUESTS[/SECONDS]]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${name}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const api = await FakeTwelveLabsApi.start(options);
  console.log(`Fake TwelveLabs API: ${api.baseUrl}`);
  console.log(`API key: ${api.apiKey}`);
  if (options.latencyMs) console.log(`Latency: ${options.latencyMs} ms`);
  if (options.rateLimit) {
    console.log(`Rate limit: ${options.rateLimit.requests} requests per ${options.rateLimit.windowSeconds ?? 60} s`);
  }
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
