// Lint: typescript-eslint's recommended rules, plus the project's layering (the runtime never
// imports the compiler side; no import cycles) and a limit on function length.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/** The compiler side: what `src/runtime/` and the instrumentations' hooks must never import. */
const compilerSide = ['./src/cli', './src/config', './src/rules', './src/front', './src/inject', './src/emit'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'test/.out/**',
      'fixtures/**',
      'test/fixtures/**',
      'test/corpus/**',
      'test/golden/**',
      'test/packages/**',
      '**/*.d.ts',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/runtime', from: compilerSide, message: 'the runtime never imports the compiler side' },
            {
              target: './src/instrumentations',
              from: compilerSide,
              message: 'run-time hooks never import the compiler side',
            },
          ],
        },
      ],
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // A closure that must call a user function with its own `this` keeps the outer one by name.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['record', 'server'] }],
    },
  },
  {
    // CommonJS modules by design: they load TypeScript through V8's code cache with require().
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests: long `describe` bodies are the norm, and `any` is fine for poking at internals.
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**', 'scripts/**'],
    rules: { 'max-lines-per-function': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
