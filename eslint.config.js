// Lint, including the import-boundary rules of ARCHITECTURE.md ("Dependency rules").
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const preact = { group: ['preact', 'preact/*', '@preact/signals', '@preact/signals/*'], message: 'Only src/ui/ may import Preact: the headless path stays Preact-free.' };
const layer = (name) => ({ regex: `^\\.\\./${name}(/|$)`, message: `src/store, src/sync, src/gate and src/integrations may import core/, not each other (${name}/ is only wired in consent.ts).` });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/node_modules/', 'reports/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/core is pure and flat: it imports only ./ modules of core/, no packages and nothing outside.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'fetch', 'setTimeout', 'setInterval', 'crypto', 'location', 'console'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'The clock is a parameter in core/.' }, { object: 'Math', property: 'random', message: 'Randomness is a parameter in core/.' }],
    },
  },
  ...['store', 'sync', 'gate', 'integrations'].map((dir) => ({
    files: [`src/${dir}/**`],
    rules: { 'no-restricted-imports': ['error', { patterns: [preact, ...['store', 'sync', 'gate', 'integrations', 'ui'].filter((d) => d !== dir).map(layer), { regex: '^\\.\\./(consent|embed|loader)$', message: 'Only consent.ts wires the layers together.' }] }] },
  })),
  {
    files: ['src/ui/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(store|sync|gate|integrations)/|^\\.\\./(consent|embed|loader)$', message: 'src/ui uses core/ types and the instance interface only.' }] }] },
  },
  {
    files: ['src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [preact] }] },
  },
  {
    files: ['scripts/**', 'test/**', '*.config.*', 'demo/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
);
