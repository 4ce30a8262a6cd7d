import { defineConfig } from 'vitest/config';

// Tests import the packages' TypeScript sources through the `source` export
// condition, so a test run does not depend on a stale dist/.
const conditions = ['source', 'import', 'module', 'node', 'default'];
// Vitest also hands ssr conditions to the worker processes as Node's
// --conditions. There `import` would make require() of dual packages load
// their ESM build (e.g. @fastify/helmet requiring helmet gets a namespace, not
// the function), so Node gets `source` only and adds import/require itself.
const ssrConditions = ['source'];
const slow = process.env.DINHDANH_SLOW === '1';

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ssrConditions, externalConditions: ssrConditions } },
  test: {
    include: slow ? ['packages/*/test/**/*.slow.test.ts'] : ['packages/*/test/**/*.test.ts'],
    exclude: slow ? [] : ['**/*.slow.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
