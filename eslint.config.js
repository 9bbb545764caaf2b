import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'dist/', '.data/', 'tmp/', 'data/generated/', 'screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through server/config.ts' }],
    },
  },
  {
    // Configuration, tests, benchmarks and the data generator are the places allowed to read the environment.
    files: ['server/config.ts', 'tests/**', 'bench/**', 'data/**', '*.config.*', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
