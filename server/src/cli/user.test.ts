import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password.ts';
import { runUserCommand } from './user.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-user-'));
const db = join(dir, 'u.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let out = '';
  const code = await runUserCommand(args, db, (s) => (out += s));
  return { code, out };
}

describe('pnpm user', () => {
  it('adds an editor with a one-time password stored only as an scrypt hash, limited to a region', async () => {
    const added = await run('add', 'wang', '--region', '330106');
    expect(added.code).toBe(0);
    const password = /one-time password \(shown only now\): (\S+)/.exec(added.out)![1];
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(added.out).toMatch(/330106 西湖区/);
    const row = new Database(db, { readonly: true }).prepare('SELECT password_hash AS h, region_code AS r FROM users WHERE name = ?').get('wang') as { h: string; r: string };
    expect(row.r).toBe('330106');
    expect(row.h).toMatch(/^scrypt\$/);
    expect(row.h).not.toContain(password);
    expect(await verifyPassword(password, row.h)).toBe(true);
    expect(await verifyPassword(`${password}x`, row.h)).toBe(false);
  });

  it('lists editors, refuses a duplicate, an unknown region or bad usage, removes an editor', async () => {
    expect((await run('add', 'li')).code).toBe(0);
    const list = await run('list');
    expect(list.out).toMatch(/^li\tall regions/m);
    expect(list.out).toMatch(/^wang\t330106 西湖区/m);
    expect((await run('add', 'wang')).code).toBe(2);
    expect((await run('add', 'zhao', '--region', '99')).code).toBe(2);
    expect((await run('add', 'a b')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('remove', 'li')).code).toBe(0);
    expect((await run('remove', 'li')).code).toBe(2);
    expect((await run('list')).out).not.toMatch(/^li\t/m);
    const actions = new Database(db, { readonly: true }).prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(actions).toEqual(['user.add', 'user.add', 'user.remove']);
  });
});
