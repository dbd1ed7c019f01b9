import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the workspace packages from source, not from their build.
    conditions: ['source'],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
