/**
 * The command-line contract, run as a user runs it: `pnpm --silent parse --json FILE...` and
 * `pnpm ingest PATH` with NIANBAO_DB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.ts';

const run = (args: string[], env: Record<string, string> = {}) =>
  execFileSync('pnpm', args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('pnpm --silent parse --json', () => {
  it('prints one JSON array, one object per file in order, reproducing the expected seed answers', () => {
    const seeds = readdirSync(resolve(REPO_ROOT, 'data/reports')).filter((f) => /^00\d_.*\.txt$/.test(f)).sort();
    expect(seeds).toHaveLength(5);
    const files = [...seeds.map((f) => `data/reports/${f}`), 'data/reports/missing.txt'];
    const out = JSON.parse(run(['--silent', 'parse', '--json', ...files]));
    expect(out.map((o: { file: string }) => o.file)).toEqual(files);
    for (const [i, f] of seeds.entries()) {
      const o = out[i];
      expect(Object.keys(o).sort()).toEqual(['checks', 'error', 'fields', 'file', 'ok', 'warnings']);
      const expected = JSON.parse(readFileSync(resolve(REPO_ROOT, 'server/fixtures/corpus/expected', f.replace('.txt', '.json')), 'utf8'));
      for (const [id, want] of Object.entries(expected.fields)) {
        if (!expected.uncertain.includes(id)) expect([id, o.fields[id]]).toEqual([id, want]);
      }
      expect(o.checks.map((c: { rule: number }) => c.rule)).toEqual([1, 2, 3, 4, 6]);
    }
    const missing = out[5];
    expect(missing.ok).toBe(false);
    expect(missing.error).toBe('cannot open: ENOENT');
  });
});

describe('pnpm ingest', () => {
  it('fills the database named by NIANBAO_DB and ends with the summary line', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nianbao-cli-')), 'x.sqlite');
    const first = run(['--silent', 'ingest', 'data/reports'], { NIANBAO_DB: db }).trim().split('\n');
    expect(first.at(-1)).toMatch(/^added [1-9]\d*, updated 0, unchanged 0, failed 0$/);
    const second = run(['--silent', 'ingest', 'data/reports'], { NIANBAO_DB: db }).trim().split('\n');
    expect(second.at(-1)).toMatch(/^added 0, updated 0, unchanged [1-9]\d*, failed 0$/);
  });
});
