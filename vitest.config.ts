import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // src/typescript.cts only changes how Node loads TypeScript; tests use the package directly.
    alias: [{ find: /^(?:\.\.?\/)+(?:src\/)?typescript\.cjs$/, replacement: 'typescript' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'test/.out/**', 'test/corpus/**/*'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
