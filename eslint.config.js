// Lint: typescript-eslint's recommended rules; domain code may not use `any` nor import the AWS SDK.
import tseslint from 'typescript-eslint';

/** Code bundled into the Lambda functions imports zod/mini: classic zod weighs three times as much and costs ~4 ms of every cold start. */
const classicZod = ['zod', 'zod/v4', 'zod/v3'].map((name) => ({ name, message: "Bundled code imports 'zod/mini'; classic zod is for tests and tools." }));

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'bench-results/', 'dist/', '.scratch/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts', 'functions/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: classicZod }] },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: classicZod, patterns: [{ group: ['@aws-sdk/*', '../store/*', '../http/*', '../alerts/*'], message: 'Domain code is pure: no SDK, store, HTTP or alert imports.' }] }],
    },
  },
  {
    files: ['functions/**/handler.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: classicZod, patterns: [{ group: ['@aws-sdk/lib-dynamodb', '**/store/keys.ts'], message: 'Handlers are wiring only: keys and SDK calls live in shared/store.' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
