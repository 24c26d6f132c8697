// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules a workflow may never load: non-deterministic, I/O, or not bundleable (docs/architecture.md, Temporal rule 1). */
const workflowForbidden = [
  { group: ['@nestjs/*'], message: 'Workflows must not load NestJS.' },
  {
    group: ['typeorm', 'typeorm/*', 'mysql2', 'mysql2/*', 'better-sqlite3'],
    message: 'Workflows must not touch the database.',
  },
  {
    group: ['fs', 'fs/*', 'node:*', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os'],
    message: 'Workflows must not do I/O.',
  },
  { group: ['axios', 'undici', 'node-fetch'], message: 'Workflows must not use the network.' },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/testing'],
    message: 'Workflows import only @temporalio/workflow.',
  },
  {
    group: [
      '@cascade/persistence',
      '@cascade/persistence/*',
      '@cascade/temporal',
      '@cascade/temporal/*',
      '@cascade/config',
      '@cascade/config/*',
    ],
    message: 'Workflows import only @cascade/contracts and pure parts of @cascade/domain.',
  },
  {
    group: ['**/apps/**', '**/libs/persistence/**', '**/libs/temporal/**'],
    message: 'Workflows import only @cascade/contracts and pure parts of @cascade/domain.',
  },
];

/** The deployable apps; none may import another: what they share lives in libs/. */
const apps = ['api', 'worker', 'cli', 'web'];

/** Forbids imports of the other apps' code, by relative path (`../../worker/src/…`) or from the root (`apps/worker/…`). */
function otherAppsForbidden(app) {
  const others = apps.filter((other) => other !== app).join('|');
  return {
    regex: `(^|/)(apps/(${others})(/|$)|\\.\\./(${others})/src(/|$))`,
    message: `apps/${app} must not import another app: move what is shared into libs/.`,
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      'data/**',
      'coverage/**',
      'test-results/**',
      'bin/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    // Nest relies on runtime type metadata of constructor parameters: type-only imports would erase it.
    files: ['apps/**/*.ts', 'libs/persistence/**/*.ts', 'libs/temporal/**/*.ts', 'libs/config/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  ...apps.map((app) => ({
    files: [`apps/${app}/**/*.ts`, `apps/${app}/**/*.tsx`],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [otherAppsForbidden(app)] }],
    },
  })),
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/test/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: workflowForbidden.map((p) => ({ ...p, allowTypeImports: true })) },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
