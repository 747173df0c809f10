import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tsCacheDir } from '../../scripts/ts-cache.mjs';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'candor-ts-cache-'));
  made.push(d);
  return d;
};

describe('the build’s TypeScript cache (scripts/ts-cache.mjs)', () => {
  it('gives each checkout its own folder, so a checkout that links node_modules never builds from another’s', () => {
    const [a, b] = [folder(), folder()];
    expect(tsCacheDir(a)).toMatch(/^node_modules[/\\]\.cache[/\\]candor-ts[/\\][0-9a-f]{12}$/);
    expect(tsCacheDir(a)).not.toBe(tsCacheDir(b));
    expect(tsCacheDir(a)).toBe(tsCacheDir(a));
  });

  it('names a checkout by its real path: the same folder through a link, or a relative path', () => {
    const root = folder();
    const real = join(root, 'real');
    mkdirSync(real);
    symlinkSync(real, join(root, 'link'), 'dir');
    expect(tsCacheDir(join(root, 'link'))).toBe(tsCacheDir(real));
    expect(tsCacheDir('.')).toBe(tsCacheDir(process.cwd()));
  });
});
