import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ingest } from '../../ingest/ingest.ts';
import { DEFAULT_REPORTS_DIR, REPO_ROOT } from '../../paths.ts';
import { openReadOnly, openWritable, type Db } from '../../store/db.ts';
import { buildApp } from '../app.ts';

/** One corpus report's expected answer (server/fixtures/corpus/expected/<file>.json). */
export interface Expected {
  fields: Record<string, string | number | boolean | null>;
  uncertain: string[];
}

/** The corpus's expected answers by file name (without `.json`). */
export function readExpected(): Map<string, Expected> {
  const dir = resolve(REPO_ROOT, 'server/fixtures/corpus/expected');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [basename(f, '.json'), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expected]));
}

export interface ServedSample {
  /** A temporary folder holding `sample.sqlite`, for the test's own files too; deleted by close. */
  dir: string;
  db: Db;
  app: FastifyInstance;
  close: () => Promise<void>;
}

/** The database `pnpm start` builds: data/reports ingested into a real SQLite file, opened read-only and served. */
export async function serveSample(): Promise<ServedSample> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-sample-'));
  const writer = openWritable(join(dir, 'sample.sqlite'));
  const summary = await ingest(writer, [DEFAULT_REPORTS_DIR], { overrides: new Map() });
  writer.$client.close();
  if (summary.failed !== 0) throw new Error(`the sample reports: ${summary.failed} failed to ingest`);
  const db = openReadOnly(join(dir, 'sample.sqlite'));
  const app = await buildApp({ db });
  return {
    dir, db, app,
    close: async () => {
      await app.close();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
