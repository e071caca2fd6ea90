/** The integration suite's entry point in the extension host: `extensionTestsPath` of test/launch/*.mjs. */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // An error that escapes the extension is a failure even when every assertion passed.
  const hostErrors: string[] = [];
  const onRejection = (reason: unknown) => void hostErrors.push(`unhandled promise rejection: ${inspect(reason)}`);
  const onException = (error: Error) => void hostErrors.push(`uncaught exception: ${inspect(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  try {
    // A runner that never started has no stats: its counts are then absent.
    const stats = await new Promise<Partial<Mocha.Stats>>((resolve) => {
      const runner = mocha.run(() => {
        resolve(runner.stats ?? {});
      });
    });
    // Late rejections from the last test still count: give them a moment to surface.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { passes = 0, failures = 0, pending = 0 } = stats;
    // The launchers count results from this line.
    console.log(
      `integration: ${passes} passed, ${failures} failed, ${pending} skipped, ${hostErrors.length} extension host error(s)`,
    );
    for (const error of hostErrors) console.error(error);
    if (failures > 0 || pending > 0 || hostErrors.length > 0) throw new Error('The integration suite failed.');
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}
