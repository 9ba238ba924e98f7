import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { migrateExisting, openWritable } from './db.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every table's columns, as SQLite reports them. */
function schemaOf(path: string): Record<string, string[]> {
  const db = new Database(path, { readonly: true });
  const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((t) => t.name);
  const out = Object.fromEntries(tables.map((t) => [t, (db.prepare(`pragma table_info("${t}")`).all() as { name: string }[]).map((c) => c.name)]));
  db.close();
  return out;
}

it('brings a database written by the previous version up to the current schema', () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-db-'));
  // The previous version: every migration but the newest.
  const previous = join(dir, 'drizzle');
  cpSync(resolve(REPO_ROOT, 'server/drizzle'), previous, { recursive: true });
  const journalPath = join(previous, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const newest = journal.entries.pop()!;
  rmSync(join(previous, `${newest.tag}.sql`));
  writeFileSync(journalPath, JSON.stringify(journal));
  const old = join(dir, 'old.sqlite');
  const sqlite = new Database(old);
  migrate(drizzle(sqlite), { migrationsFolder: previous });
  sqlite.close();

  const current = join(dir, 'current.sqlite');
  openWritable(current).$client.close();
  expect(schemaOf(old)).not.toEqual(schemaOf(current));

  expect(migrateExisting(old)).toBeNull();
  expect(schemaOf(old)).toEqual(schemaOf(current));
  expect(migrateExisting(old)).toBeNull(); // already current: nothing to do
});

it('says why when it cannot migrate', () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-db-'));
  expect(migrateExisting(join(dir, 'not-a-db'))).toBeNull(); // a new file is simply created
  writeFileSync(join(dir, 'garbage.sqlite'), 'this is not a database file at all, not even close to one');
  expect(migrateExisting(join(dir, 'garbage.sqlite'))).toMatch(/not a database/);
});
