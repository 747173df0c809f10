// The folder directions of ARCHITECTURE.md are enforced by lint (eslint.config.js): each forbidden
// import or statement below must be reported, and the allowed ones must not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const problems = async (file: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? [])
    .filter(
      (m) =>
        m.ruleId === 'no-restricted-imports' ||
        m.ruleId === 'no-restricted-syntax' ||
        m.ruleId === 'no-restricted-globals' ||
        m.ruleId === 'candor/node-only-in-server',
    )
    .map((m) => m.ruleId ?? '');
};

describe('import boundaries', () => {
  it.each([
    [
      'a bare signal read (the minifier drops it)',
      'src/instance/x.ts',
      'export const x = (s: { value: number }) => {\n  void s.value;\n};',
    ],
    ['a bare property read', 'src/loader/x.ts', 'export const x = (s: { value: number }) => {\n  s.value;\n};'],
    ['core imports no packages', 'src/core/x.ts', "import { get } from 'idb-keyval';\nexport const x = get;"],
    ['core touches no DOM', 'src/core/x.ts', 'export const x = () => document.title;'],
    [
      'store does not import sync',
      'src/store/x.ts',
      "import { createSync } from '../sync/sync';\nexport const x = createSync;",
    ],
    [
      'gate does not import store',
      'src/gate/x.ts',
      "import { createBrowserStorage } from '../store/browser';\nexport const x = createBrowserStorage;",
    ],
    ['only ui imports Preact', 'src/gate/x.ts', "import { h } from 'preact';\nexport const x = h;"],
    [
      'the engine does not import the gate',
      'src/instance/x.ts',
      "import { createGate } from '../gate/gate';\nexport const x = createGate;",
    ],
    [
      'the engine does not import the UI',
      'src/instance/x.ts',
      "import { mountUI } from '../ui/mount-ui';\nexport const x = mountUI;",
    ],
    [
      'the engine does not import the loader',
      'src/instance/x.ts',
      "import { boot } from '../loader/boot';\nexport const x = boot;",
    ],
    [
      'the loader imports no signals',
      'src/loader/x.ts',
      "import { signal } from '@preact/signals-core';\nexport const x = signal;",
    ],
    [
      'the loader reaches the engine through its chunk',
      'src/loader/x.ts',
      "import { createConsent } from '../instance/create-consent';\nexport const x = createConsent;",
    ],
    [
      'the UI does not touch sync',
      'src/ui/x.ts',
      "import { createSync } from '../sync/sync';\nexport const x = createSync;",
    ],
    [
      'the UI uses the instance interface only',
      'src/ui/x.ts',
      "import { createConsent } from '../instance/create-consent';\nexport const x = createConsent;",
    ],
    [
      'dom imports only core',
      'src/dom/x.ts',
      "import { createGate } from '../gate/gate';\nexport const x = createGate;",
    ],
    ['chunks only re-export', 'src/chunks/x.ts', 'export const x = 1;'],
    // candor/server is Node-only: nothing that can end up in a browser bundle reaches it or Node.
    [
      'the engine imports no Node built-in',
      'src/instance/x.ts',
      "import { createHash } from 'node:crypto';\nexport const x = createHash;",
    ],
    [
      'the loader imports no bare Node built-in',
      'src/loader/x.ts',
      "import { readFileSync } from 'fs';\nexport const x = readFileSync;",
    ],
    ['core imports no Node built-in', 'src/core/x.ts', "export const x = () => import('node:fs');"],
    [
      'the UI does not import the server',
      'src/ui/x.ts',
      "import { createConsentServer } from '../server/handler';\nexport const x = createConsentServer;",
    ],
    [
      'the npm entry does not re-export the server',
      'src/entries/index.ts',
      "export { createConsentServer } from '../server/handler';",
    ],
    [
      'the server does not import the engine',
      'src/server/x.ts',
      "import { createConsent } from '../instance/create-consent';\nexport const x = createConsent;",
    ],
    [
      'the server does not import storage beyond the cookie format',
      'src/server/x.ts',
      "import { createBrowserStorage } from '../store/browser';\nexport const x = createBrowserStorage;",
    ],
    [
      'entries only re-export',
      'src/entries/x.ts',
      "import { createConsent } from '../instance/create-consent';\nexport const x = createConsent;",
    ],
  ])('%s: reported in %s', async (_why, file, code) => {
    expect(await problems(file, code)).not.toEqual([]);
  });

  it.each([
    [
      'src/loader/x.ts',
      "import type { Consent } from '../instance/types';\nimport type { ReadonlySignal } from '@preact/signals-core';\nexport type X = [Consent, ReadonlySignal<number>];",
    ],
    [
      'src/instance/x.ts',
      "import { createSync } from '../sync/sync';\nimport { createBrowserStorage } from '../store/browser';\nexport const x = [createSync, createBrowserStorage];",
    ],
    ['src/chunks/x.ts', "export { createGate } from '../gate/gate';"],
    [
      'src/server/x.ts',
      "import { createHash } from 'node:crypto';\nimport { parseRecord } from '../core/parse-record';\nimport { encodeDecision } from '../store/cookie';\nimport type { DataRequestType } from '../instance/types';\nexport const x = [createHash, parseRecord, encodeDecision] as const;\nexport type Y = DataRequestType;",
    ],
    ['src/entries/server.ts', "export { createConsentServer } from '../server/handler';"],
    [
      'src/ui/x.ts',
      "import type { Consent } from '../instance/types';\nimport { adoptCss } from '../dom/adopt-css';\nexport const x = (c: Consent) => [c, adoptCss];",
    ],
  ])('allowed imports in %s are not reported', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
