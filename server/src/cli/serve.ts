/**
 * `pnpm start` — brings the database up to date with data/reports/ (an incremental ingest: only
 * new or changed files are parsed, so a fresh database is built and an unchanged one costs a hash
 * per file), then serves the API and, once built, the dashboard (web/dist/) on one port.
 * HOST (default 127.0.0.1) and PORT (default 8740) choose where it listens.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from '../api/app.ts';
import { warmUp } from '../api/warmup.ts';
import { formatSummary, ingest, IngestBusyError } from '../ingest/ingest.ts';
import { DEFAULT_REPORTS_DIR, REPO_ROOT, databasePath } from '../paths.ts';
import { migrateExisting, openReadOnly, openWritable, type Db } from '../store/db.ts';
import { sessionSecret } from '../auth/secret.ts';

export const DEFAULT_PORT = 8740;

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number, got ${process.env.PORT}\n`);
  process.exit(2);
}

const dbPath = databasePath();
if (process.env.NIANBAO_SKIP_INGEST === '1' && existsSync(dbPath)) {
  // No ingest, but a database written by an older version still gets the newer schema: the one
  // write the server makes before it opens the database read-only.
  const why = migrateExisting(dbPath);
  if (why) process.stderr.write(`database ${dbPath}: cannot apply schema migrations (${why}); serving it as it is\n`);
} else if (process.env.NIANBAO_SKIP_INGEST !== '1') {
  const writable = openWritable(dbPath);
  try {
    const summary = await ingest(writable, [DEFAULT_REPORTS_DIR]);
    // Skipped, failed and removed files by name (an unchanged file's old failure is not repeated);
    // rule failures as one line, as the dashboard lists them.
    process.stdout.write(`database: ${dbPath}\n${formatSummary(summary, { ruleDetails: false })}\n`);
  } catch (e) {
    // Another ingest is writing: serve the database as it is (the server sees its changes as they land).
    if (!(e instanceof IngestBusyError)) throw e;
    process.stdout.write(`database: ${dbPath}: ${e.message}; serving it as it is\n`);
  }
  writable.$client.close();
}

// Editors' sessions, corrections and the audit log get their own writable connection; reads keep to the read-only one.
let writeDb: Db | undefined;
try {
  writeDb = openWritable(dbPath);
} catch (e) {
  process.stderr.write(`database ${dbPath}: cannot open it for writing (${(e as Error).message}); serving it read-only, without sign-in and corrections\n`);
}
const privateMode = process.env.NIANBAO_PRIVATE === '1';
if (privateMode && !writeDb) {
  process.stderr.write('NIANBAO_PRIVATE=1 needs a writable database (sessions are stored in it)\n');
  process.exit(2);
}

const webDist = resolve(REPO_ROOT, 'web/dist');
const app = await buildApp({
  db: openReadOnly(dbPath),
  webDist,
  logger: process.env.LOG_LEVEL ? { level: process.env.LOG_LEVEL } : false,
  cache: process.env.NIANBAO_API_CACHE !== '0',
  rewarmAfterMs: 2000,
  ...(writeDb ? { writeDb, auth: { secret: sessionSecret(dbPath), private: privateMode, ...(process.env.NIANBAO_ORIGIN ? { origin: process.env.NIANBAO_ORIGIN } : {}) } } : {}),
});
// "Listening" means ready: what the first page asks for is computed now, not on a visitor's clock.
// (In private mode the first visit's answers need a session: nothing to compute before listening.)
if (!privateMode) await warmUp(app);
await app.listen({ host, port });
const shownHost = host.includes(':') ? `[${host}]` : host;
process.stdout.write(`Nianbao listening on http://${shownHost}:${port}/  (API docs: http://${shownHost}:${port}/api/docs)\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0));
  });
}
