import nx from '@nx/eslint-plugin';

// Module boundaries: apps may import libs, libs never import apps, and workflow code
// imports nothing that does I/O (only other workflow code and pure domain libs).
const boundaries = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:workflow'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:testing', 'type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:testing', 'type:data-access', 'type:util'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:search', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:util', 'type:model'] },
  {
    sourceTag: 'type:activities',
    onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:util', 'type:data-access', 'type:model', 'type:search', 'type:workflow', 'type:infra', 'type:sweep'],
  },
  { sourceTag: 'type:sweep', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:util', 'type:search'] },
  {
    // Worker/client wiring: binds activities and workflows to Temporal connections.
    sourceTag: 'type:runtime',
    onlyDependOnLibsWithTags: ['type:testing', 'type:activities', 'type:workflow', 'type:data-access', 'type:util', 'type:infra', 'type:domain', 'type:sweep', 'type:search', 'type:model'],
  },
  { sourceTag: 'type:reports', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/generated', '.a2v', '.tools', '.nx'] },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { 'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use a seeded PRNG (pure-rand).' }] },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: boundaries }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off', // used where an invariant is checked just above
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use a seeded PRNG (pure-rand).' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no tensors, no clocks.
    files: ['libs/workflows/src/**/*.ts'],
    ignores: ['libs/workflows/src/**/*.test.ts', 'libs/workflows/src/**/*.itest.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'net', 'http', 'crypto'], message: 'Workflow code must not do I/O.' },
          { group: ['pg', '@prisma/*', '@a2v/db', '@a2v/stack', '@a2v/artifacts', '@a2v/model', '@tensorflow/*'], message: 'Workflow code must not do I/O: call an activity.' },
          { group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity'], message: 'Workflows import only @temporalio/workflow and @temporalio/common.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Non-deterministic in a workflow.' },
        { object: 'Date', property: 'now', message: 'Non-deterministic in a workflow: use workflow time.' }],
    },
  },
];
