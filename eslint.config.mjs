// ESLint: typescript-eslint's strict, type-aware rules for the TypeScript, the recommended rules
// for the build and test scripts, and nothing about layout (Prettier formats; see .prettierrc.json).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.vscode-test/', 'test-results/'] },
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A number in a template reads as its digits; objects, undefined and the like stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // node:test's test()/describe()/it() and hooks return promises the runner itself awaits and reports.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests write control characters into patterns on purpose, to check that names are sanitised.
      'no-control-regex': 'off',
    },
  },
  {
    // The test compares the bundle's url shim with the deprecated url.parse it stands in for.
    files: ['test/unit/shims.test.ts'],
    rules: { '@typescript-eslint/no-deprecated': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
