import { existsSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { openReadOnly, openWritable, type Db } from '../store/db.ts';
import { ingest } from '../ingest/ingest.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { multipartBody } from '../testing/multipart.ts';
import { uniqueTownships } from '../testing/townships.ts';
import { windowsZip } from '../testing/windowsZip.ts';
import { divisions } from '../resolve/divisions.ts';
import { buildApp } from './app.ts';
import { AccountsRepository } from './repositories/accounts.repository.ts';
import { AccountsService } from './services/accounts.service.ts';
import { buildFixture, type Fixture } from './testing/fixture.ts';

/**
 * Uploads from the browser over the API fixture (county A: a1..a4, county B: b1..b3): the gates
 * (session, Origin, sizes, archives), duplicates, region hints from a Windows zip's GBK names, an
 * editor's region, the audit, withdrawing.
 */
const ORIGIN = 'http://localhost';
const SECRET = 'y'.repeat(40);
const LIMITS = { maxFileBytes: 200_000, maxUploadBytes: 450_000, maxFiles: 50, archive: { maxEntries: 40, maxTotalBytes: 1_000_000, maxEntryBytes: 200_000 } };

let fx: Fixture;
let readDb: Db;
let writeDb: Db;
let look: Db;
let app: FastifyInstance;
let uploadsDir: string;
const passwords = new Map<string, string>();
const cookies = new Map<string, string>();
const r = rng(777);

const count = (sql: string, ...args: unknown[]) => (look.$client.prepare(sql).get(...args) as { n: number }).n;
const reportsCount = () => count('SELECT count(*) AS n FROM reports');
const storedFiles = () => (existsSync(uploadsDir) ? readdirSync(uploadsDir) : []);

/** Townships of a county the fixture has no report of (names unique in the country). */
function freshTownships(countyCode: string, n: number) {
  const used = new Set([...fx.countyA, ...fx.countyB].map((t) => t.code));
  return uniqueTownships().filter((d) => d.countyCode === countyCode && !used.has(d.code)).slice(0, n);
}

/** The first county outside the fixture's city with `n` townships of nationally unique names. */
function otherCounty(n: number, skip = 0) {
  const by = new Map<string, ReturnType<typeof uniqueTownships>>();
  for (const d of uniqueTownships()) {
    if (d.cityCode === fx.cityCode || !d.countyCode) continue;
    by.set(d.countyCode, [...(by.get(d.countyCode) ?? []), d]);
  }
  const list = [...by.entries()].filter(([, l]) => l.length >= n);
  const [code, towns] = list[skip];
  return { county: divisions().byCode.get(code)!, towns: towns.slice(0, n) };
}

function report(organ: string, year: number, proactive = 12): string {
  const s = randomSpec(r, { organ, year });
  s.proactive = { total: proactive, approx: false };
  return renderTextReport(s);
}

async function signIn(name: string): Promise<string> {
  if (cookies.has(name)) return cookies.get(name)!;
  const res = await app.inject({ method: 'POST', url: '/api/session', headers: { origin: ORIGIN }, payload: { name, password: passwords.get(name) } });
  expect(res.statusCode, res.body).toBe(200);
  const c = `nianbao_session=${res.cookies.find((x) => x.name === 'nianbao_session')!.value}`;
  cookies.set(name, c);
  return c;
}

function upload(files: { name: string; data: Buffer | Uint8Array | string }[], cookie: string | null, opts: { origin?: string | null; target?: FastifyInstance } = {}) {
  const body = multipartBody(files);
  const headers: Record<string, string> = { ...body.headers };
  if (cookie) headers.cookie = cookie;
  const origin = opts.origin === undefined ? ORIGIN : opts.origin;
  if (origin) headers.origin = origin;
  return (opts.target ?? app).inject({ method: 'POST', url: '/api/uploads', headers, payload: body.payload });
}

/** Nothing stored: no report row, no audit entry, no file. */
function nothingStored(before: { reports: number; audit: number; files: number }) {
  expect(reportsCount()).toBe(before.reports);
  expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'report.upload'")).toBe(before.audit);
  expect(storedFiles().length).toBe(before.files);
}
const state = () => ({ reports: reportsCount(), audit: count("SELECT count(*) AS n FROM audit_log WHERE action = 'report.upload'"), files: storedFiles().length });

beforeAll(async () => {
  fx = await buildFixture();
  uploadsDir = join(fx.dir, 'uploads');
  writeDb = openWritable(fx.dbPath);
  const accounts = new AccountsService(new AccountsRepository(writeDb));
  for (const [name, region] of [['root', null], ['editorA', fx.countyACode], ['other', null]] as const) passwords.set(name, (await accounts.add(name, region)).password);
  readDb = openReadOnly(fx.dbPath);
  look = openReadOnly(fx.dbPath);
  app = await buildApp({ db: readDb, writeDb, auth: { secret: SECRET, signInLimit: { max: 1000, timeWindow: 60_000 } }, uploads: { limits: LIMITS, rateLimit: { max: 1000, timeWindow: 60_000 }, workers: 0, lockWaitMs: 3000, overrides: new Map() } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const d of [readDb, writeDb, look]) d?.$client.close();
  fx?.cleanup();
});

describe('uploads refused whole, storing nothing', () => {
  it('without a session (401) and from a foreign Origin (403)', async () => {
    const [t] = freshTownships(fx.countyACode, 1);
    const files = [{ name: 'a/x.txt', data: report(t.name, 2024) }];
    const before = state();
    expect((await upload(files, null)).statusCode).toBe(401);
    const cookie = await signIn('root');
    const foreign = await upload(files, cookie, { origin: 'http://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect((await upload(files, cookie, { origin: null })).statusCode).toBe(403);
    nothingStored(before);
  });

  it('over the size of a file or of the upload (413, saying the limit)', async () => {
    const cookie = await signIn('root');
    const before = state();
    const big = await upload([{ name: 'big.txt', data: Buffer.alloc(250_000, 'a') }], cookie);
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toMatch(/larger than 195\.3 KiB|larger than 196 KiB|the limit of one file/);
    const [t] = freshTownships(fx.countyACode, 1);
    const pad = '\n'.repeat(150_000);
    const many = await upload([1, 2, 3].map((i) => ({ name: `p${i}.txt`, data: report(t.name, 2024, i) + pad })), cookie);
    expect(many.statusCode).toBe(413);
    expect(many.json().message).toMatch(/the limit of one upload/);
    nothingStored(before);
  });

  it('a zip with an entry outside it (zip slip: ../ or an absolute path) is refused (400)', async () => {
    const cookie = await signIn('root');
    const [t1, t2] = otherCounty(2, 1).towns;
    const before = state();
    for (const evil of ['../escape.txt', '/etc/cron.d/x.txt', 'C:/Windows/x.txt', 'ok/../../x.txt']) {
      const zip = windowsZip([{ name: `县/${t1.name}.txt`, data: report(t1.name, 2024) }, { name: evil, data: report(t2.name, 2024) }]);
      const res = await upload([{ name: 'reports.zip', data: zip }], cookie);
      expect(res.statusCode, evil).toBe(400);
      expect(res.json().message).toMatch(/outside the archive/);
    }
    nothingStored(before);
  });

  it('a zip bomb (an entry or all entries inflating past the limits, or too many entries) is refused (413)', async () => {
    const cookie = await signIn('root');
    const before = state();
    const bomb = zipSync({ 'zeros.txt': new Uint8Array(5_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    const one = await upload([{ name: 'bomb.zip', data: bomb }], cookie);
    expect(one.statusCode).toBe(413);
    expect(one.json().message).toMatch(/inflates to/);
    const spread = zipSync(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`z${i}.txt`, new Uint8Array(190_000)])), { level: 9 });
    const total = await upload([{ name: 'spread.zip', data: spread }], cookie);
    expect(total.statusCode).toBe(413);
    expect(total.json().message).toMatch(/compression bomb/);
    const crowd = zipSync(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`c${i}.txt`, new Uint8Array(10)])));
    const entries = await upload([{ name: 'crowd.zip', data: crowd }], cookie);
    expect(entries.statusCode).toBe(413);
    // A zip inside a zip that is a bomb refuses the whole upload too.
    const nested = zipSync({ 'inner.zip': bomb }, { level: 0 });
    expect((await upload([{ name: 'nested.zip', data: nested }], cookie)).statusCode).toBe(413);
    nothingStored(before);
  });

  it('an editor of county A stores nothing of county B: held back with the reason', async () => {
    const cookie = await signIn('editorA');
    const [b] = freshTownships(fx.countyBCode, 1);
    const before = state();
    const res = await upload([{ name: 'b/report.txt', data: report(b.name, 2024) }], cookie);
    expect(res.statusCode, res.body).toBe(200);
    const [item] = res.json().results;
    expect(item.status).toBe('held');
    expect(item.reason).toMatch(new RegExp(`outside your region ${fx.countyACode}`));
    expect(item.reasonZh).toMatch(/超出您的权限范围/);
    expect(item.region.code).toBe(b.code);
    nothingStored(before);
  });

  it('answers 503 while an ingest holds the database, storing nothing', async () => {
    const cookie = await signIn('root');
    const [t] = otherCounty(1, 2).towns;
    const lock = `${fx.dbPath}.ingest-lock`;
    writeFileSync(lock, String(process.pid));
    const before = state();
    try {
      const res = await upload([{ name: 'x.txt', data: report(t.name, 2024) }], cookie);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      rmSync(lock, { force: true });
    }
    nothingStored(before);
  });
});

describe('uploads stored', () => {
  it('stores by content type (not the name), content-addressed, audited; a duplicate is skipped with a link; failed files store nothing', async () => {
    const cookie = await signIn('editorA');
    const [t] = freshTownships(fx.countyACode, 1);
    const text = report(t.name, 2024, 41);
    const existing = readFileSync(join(fx.dir, `${fx.countyA[0].code}_2024.txt`));
    const res = await upload([
      { name: '上传/renamed.pdf', data: text },
      { name: '上传/again.txt', data: existing },
      { name: '上传/picture.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) },
      { name: '上传/notes.txt', data: '会议纪要：无表格。' },
    ], cookie);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const [stored, dup, png, notes] = body.results;
    expect(stored.status).toBe('stored');
    expect(stored.format).toBe('txt');
    expect(stored.region.code).toBe(t.code);
    expect(stored.year).toBe(2024);
    expect(stored.checks.length).toBeGreaterThan(0);
    expect(Array.isArray(stored.uncertain)).toBe(true);
    const row = look.$client.prepare('SELECT source_path AS p, township_code AS t, content_hash AS h FROM reports WHERE id = ?').get(stored.reportId) as { p: string; t: string; h: string };
    expect(row.t).toBe(t.code);
    expect(row.p.endsWith(`uploads/${stored.sha256}.txt`)).toBe(true);
    expect(readFileSync(join(uploadsDir, `${stored.sha256}.txt`), 'utf8')).toBe(text);
    const expectedDup = (look.$client.prepare('SELECT id FROM reports WHERE township_code = ? AND year = 2024').get(fx.countyA[0].code) as { id: number }).id;
    expect(dup.status).toBe('skipped');
    expect(dup.duplicateOf.id).toBe(expectedDup);
    expect(dup.reportId).toBe(expectedDup);
    expect(dup.reasonZh).toMatch(/重复/);
    expect(png.status).toBe('failed');
    expect(png.reasonZh).toMatch(/不支持的文件类型/);
    expect(notes.status).toBe('failed');
    expect(notes.reasonZh).toMatch(/不是政府信息公开工作年度报告/);
    expect(storedFiles()).toEqual([`${stored.sha256}.txt`]);
    expect(body).toMatchObject({ stored: 1, skipped: 1, failed: 2, held: 0 });
    const audit = look.$client.prepare("SELECT user_name AS u, after FROM audit_log WHERE action = 'report.upload' AND report_id = ?").get(stored.reportId) as { u: string; after: string };
    expect(audit.u).toBe('editorA');
    expect(JSON.parse(audit.after).name).toBe('上传/renamed.pdf');
    const who = await app.inject({ method: 'GET', url: `/api/reports/${stored.reportId}/upload` });
    expect(who.json().upload).toMatchObject({ by: 'editorA', name: '上传/renamed.pdf' });
    // The new township is in county A's league.
    const league = await app.inject({ method: 'GET', url: `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}` });
    expect(league.json().rows.find((x: { code: string }) => x.code === t.code)?.value).toBe(41);

    // Withdrawn: only by who uploaded it; then gone from every view, the file deleted, the audit kept.
    const other = await signIn('other');
    const refused = await app.inject({ method: 'POST', url: `/api/reports/${stored.reportId}/withdraw`, headers: { cookie: other, origin: ORIGIN } });
    expect(refused.statusCode).toBe(403);
    const notUploaded = await app.inject({ method: 'POST', url: `/api/reports/${expectedDup}/withdraw`, headers: { cookie, origin: ORIGIN } });
    expect(notUploaded.statusCode).toBe(409);
    const foreign = await app.inject({ method: 'POST', url: `/api/reports/${stored.reportId}/withdraw`, headers: { cookie, origin: 'http://evil.example' } });
    expect(foreign.statusCode).toBe(403);
    const out = await app.inject({ method: 'POST', url: `/api/reports/${stored.reportId}/withdraw`, headers: { cookie, origin: ORIGIN } });
    expect(out.statusCode, out.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/reports/${stored.reportId}` })).statusCode).toBe(404);
    const after = await app.inject({ method: 'GET', url: `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}` });
    expect(after.json().rows.find((x: { code: string }) => x.code === t.code)).toBeUndefined();
    const csv = await app.inject({ method: 'GET', url: `/api/export.csv?year=2024&region=${fx.countyACode}` });
    expect(csv.body).not.toContain(t.code);
    expect(storedFiles()).toEqual([]);
    const actions = look.$client.prepare('SELECT action FROM audit_log WHERE report_id = ? ORDER BY id').all(stored.reportId).map((x) => (x as { action: string }).action);
    expect(actions).toEqual(['report.upload', 'report.withdraw']);
    // The same file can be uploaded again once withdrawn.
    const again = await upload([{ name: 'again/renamed.txt', data: text }], cookie);
    expect(again.json().results[0].status).toBe('stored');
  });

  it('reads a Windows zip: GBK entry names (and UTF-8 flagged ones), nested folders and a zip inside it, its names as region hints', async () => {
    const cookie = await signIn('root');
    const { county, towns: [t1, t2, t3] } = otherCounty(3);
    // Reports naming no body: the place comes from the folder and file names only.
    const noOrgan = (year: number, p: number) => report('', year, p);
    const inner = windowsZip([{ name: `${t3.name}/2022年报告.txt`, data: noOrgan(2022, 23) }]);
    const zip = windowsZip([
      { name: `${county.name}/`, data: '' },
      { name: `${county.name}/${t1.name}/2022年度报告.txt`, data: noOrgan(2022, 21) },
      { name: `${county.name}/${t2.name}2022年报告.txt`, data: noOrgan(2022, 22), encoding: 'utf8' },
      { name: `${county.name}/更多.zip`, data: inner },
    ]);
    const res = await upload([{ name: `${county.name}报告.zip`, data: zip }], cookie);
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as { name: string; status: string; region: { code: string } | null; reason: string | null }[];
    expect(results.map((x) => x.name)).toEqual([
      `${county.name}报告.zip/${county.name}/${t1.name}/2022年度报告.txt`,
      `${county.name}报告.zip/${county.name}/${t2.name}2022年报告.txt`,
      `${county.name}报告.zip/${county.name}/更多.zip/${t3.name}/2022年报告.txt`,
    ]);
    expect(results.map((x) => [x.status, x.region?.code])).toEqual([['stored', t1.code], ['stored', t2.code], ['stored', t3.code]]);
    // Parsed again (a new parser version) by `pnpm ingest` of the uploads folder: the uploaded paths stay their hints.
    const ids = (res.json().results as { reportId: number }[]).map((x) => x.reportId);
    const w = openWritable(fx.dbPath);
    try {
      w.$client.prepare(`UPDATE reports SET parser_version = 'old' WHERE id IN (${ids.join(',')})`).run();
      const s = await ingest(w, [uploadsDir], { overrides: new Map() });
      expect(s.updated).toBe(3);
    } finally {
      w.$client.close();
    }
    const codes = ids.map((id) => (look.$client.prepare('SELECT township_code AS c FROM reports WHERE id = ?').get(id) as { c: string }).c);
    expect(codes).toEqual([t1.code, t2.code, t3.code]);
  });

  it('two uploads of the same new file at once: one stores it, the other says it is a duplicate; an empty zip says so', async () => {
    const cookie = await signIn('root');
    const [t] = otherCounty(1, 3).towns;
    const text = report(t.name, 2023, 9);
    const [a, b] = await Promise.all([upload([{ name: 'one/x.txt', data: text }], cookie), upload([{ name: 'two/x.txt', data: text }], cookie)]);
    const statuses = [a.json().results[0].status, b.json().results[0].status].sort();
    expect(statuses).toEqual(['skipped', 'stored']);
    expect(count('SELECT count(*) AS n FROM reports WHERE township_code = ? AND year = 2023', t.code)).toBe(1);
    const empty = await upload([{ name: 'empty.zip', data: zipSync({}) }], cookie);
    expect(empty.statusCode).toBe(200);
    expect(empty.json().results[0]).toMatchObject({ name: 'empty.zip', status: 'failed', reasonZh: '空的 ZIP 压缩包（其中没有文件）' });
  });

  it('rate-limits uploads per editor (429)', async () => {
    const limited = await buildApp({ db: readDb, writeDb, auth: { secret: SECRET }, uploads: { limits: LIMITS, rateLimit: { max: 2, timeWindow: 60_000 }, workers: 0 } });
    try {
      const res0 = await limited.inject({ method: 'POST', url: '/api/session', headers: { origin: ORIGIN }, payload: { name: 'root', password: passwords.get('root') } });
      const cookie = `nianbao_session=${res0.cookies.find((x) => x.name === 'nianbao_session')!.value}`;
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await upload([{ name: 'n.txt', data: '没有表格' }], cookie, { target: limited })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
