import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('PAPER_MAP.md', () => {
  it('is regenerated from the current doc comments and tests (node scripts/paper-map.mjs)', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const out = execFileSync('node', ['scripts/paper-map.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
  });
});
