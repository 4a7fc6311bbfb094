import nx from '@nx/eslint-plugin';

// Module boundaries: apps may import libs, libs never import apps, and workflow code
// imports nothing that does I/O (only other workflow code and pure domain libs).
const boundaries = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:workflow'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:util', 'type:data-access'] },
  { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:search', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:model'] },
  {
    sourceTag: 'type:activities',
    onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:model', 'type:search', 'type:workflow', 'type:infra'],
  },
  { sourceTag: 'type:reports', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/generated', '.a2v', '.tools', '.nx'] },
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: boundaries }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use a seeded PRNG (pure-rand).' }],
    },
  },
];
