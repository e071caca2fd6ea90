// Bundles the extension into dist/extension.js: CommonJS for the Node extension host,
// with `vscode` left to the host. `--production` minifies; `--watch` rebuilds on change;
// `--analyze` prints what each input file adds to the bundle.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const analyze = process.argv.includes('--analyze');

const options = {
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node16',
  external: ['vscode'],
  alias: { 'whatwg-url': './src/shims/whatwg-url.js', url: './src/shims/url.js' },
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'info',
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  const result = await esbuild.build(options);
  if (analyze) {
    console.log(await esbuild.analyzeMetafile(result.metafile));
  }
}
