// Lint, including the import-boundary rules of ARCHITECTURE.md ("Dependency rules").
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const preact = {
  group: ['preact', 'preact/*', '@preact/signals', '@preact/signals/*'],
  message: 'Only src/ui/ may import Preact: the headless path stays Preact-free.',
};
/** A pattern that forbids importing the sibling folder `name` (from a folder one level under src/). */
const folder = (name, why) => ({ regex: `^\\.\\./${name}(/|$)`, message: why });
const layers = ['store', 'sync', 'gate', 'integrations'];

/** src/loader's import rules; `ui` is the pattern of the UI modules it may not import statically. */
const loaderImports = (ui) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['preact', 'preact/*', '@preact/*'],
          allowTypeImports: true,
          message:
            'src/loader imports neither signals nor Preact (the synchronous loader stays small); type imports are fine.',
        },
        {
          regex: `^\\.\\./(${ui}|sync|entries)(/|$)`,
          allowTypeImports: true,
          message: 'src/loader loads the UI and the engine as chunks (dynamic import), never statically.',
        },
        {
          regex: '^\\.\\./instance/(?!types$|warn$|after-paint$)',
          allowTypeImports: true,
          message:
            'src/loader reaches the engine through its chunk; only instance/types, instance/warn and instance/after-paint (the moment a decision is told) are shared.',
        },
      ],
    },
  ],
});

// Entries and chunks only re-export: every statement is an `export … from` (or a type import).
const reExportsOnly = {
  selector:
    'Program > :not(ExportNamedDeclaration[source], ExportAllDeclaration, ImportDeclaration[importKind="type"])',
  message: 'src/entries and src/chunks only re-export (`export … from`); put code in the layer it belongs to.',
};

/**
 * candor/server is Node-only (ARCHITECTURE.md): no other module of src/ may import a Node built-in
 * (`node:*`, or its bare name) or anything under src/server, so no browser bundle can pull it in.
 */
const nodeBuiltins = new Set(builtinModules);
const candor = {
  rules: {
    'node-only-in-server': {
      meta: {
        type: 'problem',
        messages: {
          node: 'Only src/server (candor/server) may import Node built-ins: this module ends up in a browser bundle.',
          server: 'Only src/entries/server.ts may import src/server: Node code stays out of every browser bundle.',
        },
      },
      create(context) {
        const check = (node) => {
          const from = node.source?.value;
          if (typeof from !== 'string') return;
          if (from.startsWith('node:') || nodeBuiltins.has(from.split('/')[0]))
            context.report({ node, messageId: 'node' });
          else if (from.startsWith('.') && from.split('/').includes('server'))
            context.report({ node, messageId: 'server' });
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'bench/node_modules/',
      'reports/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },
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
    files: ['src/**'],
    ignores: ['src/server/**', 'src/entries/server.ts'],
    plugins: { candor },
    rules: { 'candor/node-only-in-server': 'error' },
  },
  // candor/server: Node, and of the client's code only the pure core and the cookie format it writes.
  {
    files: ['src/server/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            preact,
            {
              regex: '^\\.\\./(?!core/|store/cookie$|instance/types$|\\.\\./docs/consent-record\\.schema\\.json$)',
              message: 'src/server uses core/, store/cookie (the mirror cookie format) and the record schema only.',
            },
            {
              regex: '^\\.\\./instance/types$',
              allowTypeImports: true,
              message: 'src/server may import types only from instance/types.',
            },
          ],
        },
      ],
    },
  },
  // Functions small enough to read at once (ARCHITECTURE.md); a longer one says why above it.
  {
    files: ['src/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  // A property read as a statement, for its effect (a signal's dependency: `void tick.value;`), is
  // dropped by the minifier (terser's pure_getters): the built engine then never re-ran on expiry.
  {
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ExpressionStatement > MemberExpression, ExpressionStatement > UnaryExpression[operator='void'] > MemberExpression",
          message:
            'The minifier drops a bare property read (pure_getters): use its value (a signal read in a computed or effect).',
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./)',
              message:
                'src/core is pure and flat: it imports only ./ modules of core/, no packages and nothing outside.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'indexedDB',
        'fetch',
        'setTimeout',
        'setInterval',
        'crypto',
        'location',
        'console',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The clock is a parameter in core/.' },
        { object: 'Math', property: 'random', message: 'Randomness is a parameter in core/.' },
      ],
    },
  },
  // store/, sync/, gate/, integrations/: core/ and dom/ only, never each other (instance/ and loader/ compose them).
  ...layers.map((dir) => ({
    files: [`src/${dir}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            preact,
            ...[...layers, 'ui', 'instance', 'loader', 'entries', 'chunks']
              .filter((d) => d !== dir)
              .map((d) =>
                folder(
                  d,
                  `src/${dir} may import core/ and dom/, not ${d}/: only src/instance and src/loader compose the layers.`,
                ),
              ),
          ],
        },
      ],
    },
  })),
  // dom/: tiny DOM helpers shared by gate, ui and loader; they import nothing of ours but core/.
  {
    files: ['src/dom/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [preact, { regex: '^\\.\\./(?!core/)', message: 'src/dom imports only core/.' }] },
      ],
    },
  },
  // instance/: the headless engine's one composition root, never the page wiring or the UI.
  {
    files: ['src/instance/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            preact,
            ...['gate', 'ui', 'loader', 'entries', 'chunks', 'dom'].map((d) =>
              folder(
                d,
                `src/instance imports neither ${d}/: the engine is headless and knows nothing of the page wiring or the UI.`,
              ),
            ),
          ],
        },
      ],
    },
  },
  // loader/: the script tag's runtime, which must stay small: no signals, no Preact (types only).
  { files: ['src/loader/**'], rules: loaderImports('ui') },
  // loader/ui-loader.ts ships in candor-first.mjs only (page-later.ts imports it; candor.js takes
  // both as types), with the first layer it mounts: importing ui/banner-mount there dynamically
  // only cost that chunk a module namespace (about 60 bytes gzip of the first visit's 15 KB).
  { files: ['src/loader/ui-loader.ts'], rules: loaderImports('ui(?!/banner-mount$)') },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(store|sync|gate|integrations|loader|entries|chunks)(/|$)',
              message: 'src/ui uses core/, dom/ and the instance interface only.',
            },
            {
              regex: '^\\.\\./instance/(?!types$)',
              allowTypeImports: true,
              message: 'src/ui uses the instance through its interface (instance/types) only.',
            },
          ],
        },
      ],
    },
  },
  // bindings/: candor/react and candor/vue over the engine, connectPage and the UI; each framework in its own file.
  ...[
    ['src/bindings/react.ts', ['vue', 'vue/*']],
    ['src/bindings/vue.ts', ['react', 'react/*', 'react-dom', 'react-dom/*']],
    ['src/bindings/session.ts', ['react', 'react/*', 'react-dom', 'react-dom/*', 'vue', 'vue/*']],
  ].map(([file, frameworks]) => ({
    files: [file],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            preact,
            { group: frameworks, message: 'Each framework is imported by its own binding only (react.ts, vue.ts).' },
            {
              regex: '^\\.\\./(store|sync|gate|integrations|dom|entries|chunks)(/|$)|^\\.\\./loader/(?!connect-page$)',
              message: 'src/bindings composes the instance, loader/connect-page and the UI only.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/entries/**', 'src/chunks/**'],
    // require.cjs (and its types) is the stub require('candor') loads: it throws with how to import.
    ignores: [
      'src/entries/candor.ts',
      'src/entries/candor-autoblock.ts',
      'src/entries/require.cjs',
      'src/entries/require.d.cts',
    ],
    rules: { 'no-restricted-syntax': ['error', reExportsOnly] },
  },
  // The script tag's entries: import boot() (and the auto-blocking installer) and call it, guarded; nothing else.
  {
    files: ['src/entries/candor.ts', 'src/entries/candor-autoblock.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!loader/boot$|gate/autoblock$)',
              message: 'A script-tag entry only starts loader/boot (with gate/autoblock for the auto-blocking loader).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/**', '*.config.*', 'demo/**', 'bench/**', 'bin/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
);
