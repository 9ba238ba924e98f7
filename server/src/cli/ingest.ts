/**
 * `pnpm ingest [PATH...]` — parse every report under the paths (default data/reports/) into the
 * SQLite database (data/nianbao.sqlite, or $NIANBAO_DB). Incremental by content hash.
 */
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { formatSummary, ingest, IngestBusyError } from '../ingest/ingest.ts';
import { DEFAULT_REPORTS_DIR, databasePath } from '../paths.ts';
import { openWritable } from '../store/db.ts';
import { defaultWorkers } from '../ingest/parsePool.ts';

/** Another ingest holds the database (EX_TEMPFAIL: try again later). */
const EXIT_BUSY = 75;

const cwd = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2);
const paths = args.length ? args.map((a) => resolve(cwd, a)) : [DEFAULT_REPORTS_DIR];
const dbPath = databasePath();
const db = openWritable(dbPath);

// A progress bar only on a terminal; logs and CI get the summary alone.
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
  : null;
let started = false;
let summary;
try {
  summary = await ingest(db, paths, {
  workers: defaultWorkers(),
  onProgress: (done, total, path) => {
    if (!bar) return;
    if (!started) {
      bar.start(total, 0, { file: '' });
      started = true;
    }
    bar.update(done, { file: path.length > 40 ? '…' + path.slice(-39) : path });
  },
  });
} catch (e) {
  if (!(e instanceof IngestBusyError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(EXIT_BUSY);
}
bar?.stop();
db.$client.close();
process.stdout.write(`database: ${dbPath}\n${formatSummary(summary)}\n`);
// The exit status says how it went: 0 every file stored, 1 some files failed, 2 the run stopped.
process.exitCode = summary.aborted ? 2 : summary.failed > 0 ? 1 : 0;
