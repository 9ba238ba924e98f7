/**
 * `pnpm bench:upload`: reports/s stored from one .zip uploaded through the API (POST /api/uploads,
 * over HTTP, as the browser sends it) against `pnpm ingest` of the same files from a folder, each
 * into a fresh database. The target: the upload stores at no less than half the ingest rate.
 *
 * BENCH_UPLOAD_REPORTS (default 100) generated township reports, BENCH_ROUNDS (default 3, the best
 * of each counts), NIANBAO_WORKERS as for ingest. BENCH_STRICT=1 exits 1 below the target.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { zipSync } from 'fflate';
import { buildApp } from '../api/app.ts';
import { AccountsRepository } from '../api/repositories/accounts.repository.ts';
import { AccountsService } from '../api/services/accounts.service.ts';
import { ingest } from '../ingest/ingest.ts';
import { openReadOnly, openWritable } from '../store/db.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { multipartBody } from '../testing/multipart.ts';
import { describe, uniqueTownships } from '../testing/townships.ts';

const N = Number(process.env.BENCH_UPLOAD_REPORTS) || 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;
const WORKERS = Number(process.env.NIANBAO_WORKERS) || availableParallelism();

const root = mkdtempSync(join(tmpdir(), 'nianbao-bench-upload-'));
const reports = join(root, 'reports');
mkdirSync(reports);
const r = rng(31337);
const towns = uniqueTownships();
for (let i = 0; i < N; i++) {
  const t = describe(towns[(i * 97) % towns.length]);
  const s = randomSpec(r, { organ: t.organ, year: 2024 });
  writeFileSync(join(reports, `${t.code}_2024.txt`), renderTextReport(s));
}
const names = readdirSync(reports).sort();
const zip = Buffer.from(zipSync(Object.fromEntries(names.map((n) => [`报告/${n}`, readFileSync(join(reports, n))]))));

async function timeIngest(round: number): Promise<number> {
  const db = openWritable(join(root, `ingest-${round}.sqlite`));
  try {
    const t0 = performance.now();
    const s = await ingest(db, [reports], { workers: WORKERS, overrides: new Map() });
    const seconds = (performance.now() - t0) / 1000;
    if (s.added !== N) throw new Error(`ingest stored ${s.added} of ${N}`);
    return seconds;
  } finally {
    db.$client.close();
  }
}

async function timeUpload(round: number): Promise<number> {
  const dbPath = join(root, `upload-${round}.sqlite`);
  const writeDb = openWritable(dbPath);
  const { password } = await new AccountsService(new AccountsRepository(writeDb)).add('bench', null);
  const db = openReadOnly(dbPath);
  const app = await buildApp({ db, writeDb, auth: { secret: 'b'.repeat(40) }, uploads: { workers: WORKERS, overrides: new Map() } });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', password }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const body = multipartBody([{ name: `${N}份报告.zip`, data: zip }]);
    const t0 = performance.now();
    const res = await fetch(`${url}/api/uploads`, { method: 'POST', headers: { ...body.headers, origin: url, cookie }, body: new Uint8Array(body.payload) });
    const answer = (await res.json()) as { stored: number; message?: string };
    const seconds = (performance.now() - t0) / 1000;
    if (res.status !== 200 || answer.stored !== N) throw new Error(`upload answered ${res.status}, stored ${answer.stored} of ${N} ${answer.message ?? ''}`);
    return seconds;
  } finally {
    await app.close();
    db.$client.close();
    writeDb.$client.close();
  }
}

try {
  const ingestTimes: number[] = [];
  const uploadTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ingestTimes.push(await timeIngest(i));
    uploadTimes.push(await timeUpload(i));
  }
  const ingestRate = N / Math.min(...ingestTimes);
  const uploadRate = N / Math.min(...uploadTimes);
  const ratio = uploadRate / ingestRate;
  console.log(`${N} generated text reports, ${WORKERS} parse worker(s), best of ${ROUNDS}; zip ${(zip.length / 1024).toFixed(0)} KiB`);
  console.log(`pnpm ingest (folder): ${ingestRate.toFixed(1)} reports/s (${Math.min(...ingestTimes).toFixed(2)} s)`);
  console.log(`upload (one zip over HTTP): ${uploadRate.toFixed(1)} reports/s (${Math.min(...uploadTimes).toFixed(2)} s)`);
  console.log(`upload / ingest: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  if (process.env.BENCH_STRICT === '1' && ratio < 0.5) process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
