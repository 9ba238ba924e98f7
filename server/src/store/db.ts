import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { REPO_ROOT } from '../paths.ts';
import * as schema from './schema.ts';
import { typeStoredBodies } from './reportStore.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = resolve(REPO_ROOT, 'server/drizzle');

/** Opens the database for writing (ingest): creates it, applies migrations, WAL mode. */
export function openWritable(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // Each report is its own transaction; NORMAL keeps them durable on commit of the WAL checkpoint
  // without an fsync per report.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // The writer touches the wide rows and seven indexes of every report: a 64 MB page cache
  // (the default is 2 MB) keeps those pages in memory across a batch instead of re-reading them.
  sqlite.pragma('cache_size = -65536');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db as Db;
}

/**
 * Applies pending schema migrations to an existing database (one written by an older version),
 * for a server that does not ingest. Returns null, or why it could not (a read-only file).
 */
export function migrateExisting(path: string): string | null {
  try {
    const db = openWritable(path);
    // Reports stored before bodies were typed get their type now, not at the next ingest.
    typeStoredBodies(db);
    db.$client.close();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Opens an existing database read-only (the API never writes). */
export function openReadOnly(path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma('query_only = ON');
  return drizzle(sqlite, { schema }) as Db;
}
