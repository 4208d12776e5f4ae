import { defineConfig } from 'vitest/config';

// Two projects: fast tests with no I/O (domain, handlers with mocked SDK clients, CDK templates), and tests against
// the real DynamoDB Local (repositories, transactions, the local host end to end). `npm test` runs both.
export default defineConfig({
  test: {
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'cn-north-1' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/handler/**/*.test.ts', 'test/infra/**/*.test.ts'],
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'cn-north-1', TABLE_NAME: 'unit-test-table' },
          testTimeout: 20_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/dynamo-global-setup.ts'],
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'cn-north-1' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The web console in Debian's Chromium (playwright-core) against the local platform started in-process.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/dynamo-global-setup.ts'],
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'cn-north-1' },
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
