/**
 * `pnpm --silent parse --json FILE...` — parse reports and print one JSON array (no database).
 * Without --json, prints a short human summary per file.
 */
import { resolve } from 'node:path';
import { closeConverter } from '../extract/soffice.ts';
import { processFile } from '../pipeline.ts';
import { loadOverrides } from '../resolve/overrides.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((a) => a !== '--json');
if (files.length === 0) {
  process.stderr.write('usage: pnpm --silent parse --json FILE...\n');
  process.exit(2);
}
// pnpm runs scripts from the workspace root; resolve paths against where the user typed them.
const cwd = process.env.INIT_CWD ?? process.cwd();
const overrides = loadOverrides();
const out = [];
for (const f of files) {
  const r = await processFile(resolve(cwd, f), { overrides });
  // The documented shape, key for key: {file, ok, error, fields, checks, warnings}. The cells left
  // uncertain are named in the warnings (and stored, for the API, by ingest).
  const { uncertain: _uncertain, ...o } = r.output;
  out.push({ ...o, file: f });
}
await closeConverter(); // the soffice a .doc started, if any
if (json) process.stdout.write(JSON.stringify(out, null, 1) + '\n');
else {
  for (const o of out) {
    const failedChecks = o.checks.filter((c) => c.status === 'fail').map((c) => `rule ${c.rule}`);
    process.stdout.write(
      o.ok
        ? `${o.file}: ${o.fields.organ} ${o.fields.year} template ${o.fields.template}, region ${o.fields['region.status']} ${o.fields['region.code'] ?? ''}` +
            `${failedChecks.length ? `, FAILED ${failedChecks.join(', ')}` : ''}, ${o.warnings.length} warning(s)\n`
        : `${o.file}: ERROR ${o.error}\n`,
    );
  }
}
