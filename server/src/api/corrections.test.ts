import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/ingest.ts';
import { openReadOnly, openWritable, type Db } from '../store/db.ts';
import { renderTextReport, type ReportSpec } from '../testing/generate.ts';
import { buildApp } from './app.ts';
import { AccountsRepository } from './repositories/accounts.repository.ts';
import { AccountsService } from './services/accounts.service.ts';
import { buildFixture, type Fixture } from './testing/fixture.ts';

/**
 * Corrections and accounts over a real SQLite file built by ingesting generated reports (the API
 * fixture: county A's townships a1..a4 with proactive.total 2024 = 50, 30, 30, 10). The server
 * reads through a read-only connection and writes through its own writable one, as `pnpm start` does.
 */
const ORIGIN = 'http://localhost'; // light-my-request's Host is localhost:80
const SECRET = 'x'.repeat(40);

let fx: Fixture;
let readDb: Db;
let writeDb: Db;
/** A third connection, as a test's own eyes on the rows. */
let look: Db;
let app: FastifyInstance;
const passwords = new Map<string, string>();
let a2Spec: ReportSpec;
let a2Granted: number;

const sqlite = () => look.$client;
const reportId = (township: string, year: number) =>
  (sqlite().prepare('SELECT id FROM reports WHERE township_code = ? AND year = ?').get(township, year) as { id: number }).id;
const cell = (id: number, column: string) => (sqlite().prepare(`SELECT ${column} AS v FROM report_fields WHERE report_id = ?`).get(id) as { v: number | null }).v;
const count = (table: string) => (sqlite().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const checkStatus = (id: number, rule: number) => (sqlite().prepare('SELECT status FROM checks WHERE report_id = ? AND rule = ?').get(id, rule) as { status: string } | undefined)?.status;
const metric = (id: number, column: string) => (sqlite().prepare(`SELECT ${column} AS v FROM report_metrics WHERE report_id = ?`).get(id) as { v: number | null }).v;

/** Everything a refused write must leave alone. */
function snapshot(id: number) {
  return {
    corrections: count('corrections'),
    audit: (sqlite().prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'correction.%'").get() as { n: number }).n,
    checks: JSON.stringify(sqlite().prepare('SELECT rule, status, detail FROM checks WHERE report_id = ? ORDER BY rule').all(id)),
    proactive: cell(id, 'proactive__total'),
    metric: metric(id, 'm_proactive__total'),
    failed: (sqlite().prepare('SELECT failed_rules AS f FROM reports WHERE id = ?').get(id) as { f: string }).f,
  };
}

async function signIn(name: string, target = app, password = passwords.get(name)!): Promise<string> {
  const res = await target.inject({ method: 'POST', url: '/api/session', headers: { origin: ORIGIN }, payload: { name, password } });
  expect(res.statusCode, res.body).toBe(200);
  const c = res.cookies.find((x) => x.name === 'nianbao_session')!;
  expect(c.httpOnly).toBe(true);
  expect(c.sameSite).toBe('Strict');
  return `nianbao_session=${c.value}`;
}

function correct(cookie: string | null, id: number, body: object, origin: string | null = ORIGIN) {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (origin) headers.origin = origin;
  return app.inject({ method: 'POST', url: `/api/reports/${id}/corrections`, headers, payload: body });
}

async function get(url: string, cookie?: string) {
  const res = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  return res;
}

function csvRows(body: string): string[][] {
  return parse(body.replace(/^\uFEFF/, ''), { relax_column_count: true });
}

async function reingest(paths: string[]) {
  const db = openWritable(fx.dbPath);
  try {
    return await ingest(db, paths, { overrides: new Map() });
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  fx = await buildFixture();
  // b2's 2024 report states one more granted application in the total column than its columns hold:
  // rules 2 and 3 fail (the 总计 of row 予以公开 ≠ the sum of the six applicant columns).
  const a2 = fx.countyB[1];
  a2Spec = structuredClone(fx.specs.get(`${a2.code}|2024`)!);
  a2Granted = a2Spec.values['t3.granted.total']!;
  a2Spec.values['t3.granted.total'] = a2Granted + 1;
  writeFileSync(join(fx.dir, `${a2.code}_2024.txt`), renderTextReport(a2Spec));
  await reingest([fx.dir]);

  writeDb = openWritable(fx.dbPath);
  const accounts = new AccountsService(new AccountsRepository(writeDb));
  for (const [name, region] of [['root', null], ['editorA', fx.countyACode], ['editorB', fx.countyBCode], ['cityEditor', fx.cityCode]] as const) {
    passwords.set(name, (await accounts.add(name, region)).password);
  }
  readDb = openReadOnly(fx.dbPath);
  look = openReadOnly(fx.dbPath);
  app = await buildApp({ db: readDb, writeDb, auth: { secret: SECRET, signInLimit: { max: 1000, timeWindow: 60_000 } } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const d of [readDb, writeDb, look]) d?.$client.close();
  fx?.cleanup();
});

describe('sessions', () => {
  it('says nobody is signed in, signs in with the cookie, says who, signs out', async () => {
    expect((await get('/api/session')).json()).toEqual({ editor: null, private: false });
    const cookie = await signIn('editorA');
    const who = (await get('/api/session', cookie)).json();
    expect(who.editor.name).toBe('editorA');
    expect(who.editor.region.code).toBe(fx.countyACode);
    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, origin: ORIGIN } });
    expect(out.statusCode).toBe(200);
    expect((await get('/api/session', cookie)).json().editor).toBeNull();
  });

  it('refuses a wrong password and an unknown name alike (401)', async () => {
    for (const payload of [{ name: 'editorA', password: 'wrong' }, { name: 'nobody', password: 'wrong' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/session', headers: { origin: ORIGIN }, payload });
      expect(res.statusCode).toBe(401);
      expect(res.cookies.find((c) => c.name === 'nianbao_session')).toBeUndefined();
    }
  });

  it('refuses a sign-in from a foreign origin (403)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/session', headers: { origin: 'http://evil.example' }, payload: { name: 'root', password: passwords.get('root') } });
    expect(res.statusCode).toBe(403);
  });
});

describe('refused writes change nothing', () => {
  it('without a session, with a foreign or missing Origin, by another region’s editor, after sign-out', async () => {
    const a4 = reportId(fx.countyA[3].code, 2024);
    const before = snapshot(a4);
    const body = { field: 'proactive.total', value: 99, reason: 'test' };

    expect((await correct(null, a4, body)).statusCode).toBe(401);

    const cookieA = await signIn('editorA');
    expect((await correct(cookieA, a4, body, 'http://evil.example')).statusCode).toBe(403);
    expect((await correct(cookieA, a4, body, 'http://localhost:8740')).statusCode).toBe(403);
    expect((await correct(cookieA, a4, body, null)).statusCode).toBe(403);

    const cookieB = await signIn('editorB');
    const other = await correct(cookieB, a4, body);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toMatch(/outside your region/);

    await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: cookieA, origin: ORIGIN } });
    expect((await correct(cookieA, a4, body)).statusCode).toBe(401);
    const revert = await app.inject({ method: 'POST', url: `/api/reports/${a4}/corrections/1/revert`, headers: { cookie: cookieA, origin: ORIGIN } });
    expect(revert.statusCode).toBe(401);

    expect(snapshot(a4)).toEqual(before);
  });

  it('refuses a field the template does not have, a negative count, a missing value (400), an unknown report (404)', async () => {
    const cookie = await signIn('root');
    const a4 = reportId(fx.countyA[3].code, 2024);
    const before = snapshot(a4);
    expect((await correct(cookie, a4, { field: 'no.such.field', value: 1, reason: 'x' })).statusCode).toBe(400);
    expect((await correct(cookie, a4, { field: 'proactive.total', value: -1, reason: 'x' })).statusCode).toBe(400);
    expect((await correct(cookie, a4, { field: 'proactive.total', reason: 'x' })).statusCode).toBe(400);
    expect((await correct(cookie, a4, { field: 'proactive.total', value: 1, reason: '  ' })).statusCode).toBe(400);
    expect((await correct(cookie, 999_999, { field: 'proactive.total', value: 1, reason: 'x' })).statusCode).toBe(404);
    expect(snapshot(a4)).toEqual(before);
  });

  it('the audit log needs a session', async () => {
    expect((await get('/api/audit')).statusCode).toBe(401);
  });
});

describe('a correction', () => {
  it('changes the league, aggregates and CSVs at once (the memoised answers are dropped), marks the detail, and is audited', async () => {
    const a4 = reportId(fx.countyA[3].code, 2024);
    const league = `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`;
    const aggregates = `/api/aggregates?metric=proactive.total&year=2024&level=county&parent=${fx.cityCode}`;
    // Asked twice before: memoised.
    for (let i = 0; i < 2; i++) expect((await get(league)).json().rows.map((r: { value: number }) => r.value)).toEqual([50, 30, 30, 10]);
    const sumBefore = (await get(aggregates)).json().rows.find((r: { code: string }) => r.code === fx.countyACode).sum;
    expect(sumBefore).toBe(120);
    await get(`${league.replace('/api/league', '/api/league.csv')}&lang=en`);

    const cookie = await signIn('editorA');
    const res = await correct(cookie, a4, { field: 'proactive.total', value: 100, reason: 'the report says 100 in its own words' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ field: 'proactive.total', value: 100, parsed: 10, by: 'editorA', status: 'active', confirm: false });
    expect(c.contentHash).toMatch(/^[0-9a-f]{64}$/);

    // Read straight away, no waiting out the cache's 25 ms recheck.
    const rows = (await get(league)).json().rows;
    expect(rows.map((r: { value: number }) => r.value)).toEqual([100, 50, 30, 30]);
    expect(rows[0].code).toBe(fx.countyA[3].code);
    expect((await get(aggregates)).json().rows.find((r: { code: string }) => r.code === fx.countyACode).sum).toBe(210);
    const csv = csvRows((await get(`${league.replace('/api/league', '/api/league.csv')}&lang=en`)).body);
    expect(csv[1]).toContain('100');
    const exported = csvRows((await get('/api/export.csv?year=2024&lang=en')).body);
    const header = exported[0];
    const col = header.findIndex((h) => h.includes('[proactive.total]'));
    expect(exported.find((r) => r.includes(String(a4)) && r[0] === String(a4))![col]).toBe('100');

    const detail = (await get(`/api/reports/${a4}`)).json();
    expect(detail.proactive.total).toBe(100);
    expect(detail.needsReview).toBe(0);
    expect(detail.corrections).toEqual([expect.objectContaining({ field: 'proactive.total', value: 100, parsed: 10, by: 'editorA', reason: 'the report says 100 in its own words' })]);
    expect(metric(a4, 'm_proactive__total')).toBe(100);

    const audit = (await get('/api/audit', cookie)).json();
    expect(audit.entries[0]).toMatchObject({ user: 'editorA', action: 'correction.create', reportId: a4, field: 'proactive.total', correctionId: c.id, before: { value: 10 }, after: { value: 100, parsed: 10 } });
  });

  it('of a failing rule-3 row makes the report pass rules 2 and 3, and its league row no longer flagged', async () => {
    const a2 = reportId(fx.countyB[1].code, 2024);
    expect(checkStatus(a2, 3)).toBe('fail');
    expect((sqlite().prepare('SELECT failed_rules AS f FROM reports WHERE id = ?').get(a2) as { f: string }).f).toBe('2,3');
    const cookie = await signIn('cityEditor'); // a city's editor corrects its townships' reports
    const res = await correct(cookie, a2, { field: 't3.granted.total', value: a2Granted, reason: '总计 misprinted: the columns sum to it' });
    expect(res.statusCode, res.body).toBe(201);
    expect(checkStatus(a2, 3)).toBe('pass');
    expect(checkStatus(a2, 2)).toBe('pass');
    const detail = (await get(`/api/reports/${a2}`)).json();
    expect(detail.failedRules).toEqual([]);
    expect(detail.checks.find((c: { rule: number }) => c.rule === 3).status).toBe('pass');
    const league = (await get(`/api/league?metric=t3.granted.total&year=2024&parent=${fx.countyBCode}`)).json();
    expect(league.rows.find((r: { reportId: number }) => r.reportId === a2)).toMatchObject({ value: a2Granted, hasFailure: false });
  });

  it('reverts: the parsed value, its checks and the league come back; the history and audit keep both', async () => {
    const a4 = reportId(fx.countyA[3].code, 2024);
    const cookie = await signIn('editorA');
    const active = (await get(`/api/reports/${a4}`)).json().corrections[0];
    const res = await app.inject({ method: 'POST', url: `/api/reports/${a4}/corrections/${active.id}/revert`, headers: { cookie, origin: ORIGIN } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'reverted', endedBy: 'editorA' });
    expect((await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json().rows.map((r: { value: number }) => r.value)).toEqual([50, 30, 30, 10]);
    expect(cell(a4, 'proactive__total')).toBe(10);
    expect((await get(`/api/reports/${a4}`)).json().corrections).toEqual([]);
    const history = (await get(`/api/reports/${a4}/history`)).json();
    expect(history.corrections.map((c: { status: string }) => c.status)).toEqual(['reverted']);
    const again = await app.inject({ method: 'POST', url: `/api/reports/${a4}/corrections/${active.id}/revert`, headers: { cookie, origin: ORIGIN } });
    expect(again.statusCode).toBe(409);
    const audit = (await get(`/api/audit?report=${a4}`, cookie)).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['correction.revert', 'correction.create']);
    expect(audit.entries[0]).toMatchObject({ before: { value: 100 }, after: { value: 10 } });
  });

  it('a second correction of a cell supersedes the first and still replaces the parsed value; confirm keeps the parsed value', async () => {
    const a3 = reportId(fx.countyA[2].code, 2024);
    const cookie = await signIn('root');
    expect((await correct(cookie, a3, { field: 'proactive.total', value: 31, reason: 'first' })).statusCode).toBe(201);
    const second = (await correct(cookie, a3, { field: 'proactive.total', value: 32, reason: 'second' })).json();
    expect(second).toMatchObject({ value: 32, parsed: 30 });
    const confirm = await correct(cookie, a3, { field: 'proactive.total', confirm: true, reason: 'the printed 30 is right' });
    expect(confirm.statusCode, confirm.body).toBe(201);
    expect(confirm.json()).toMatchObject({ value: 30, parsed: 30, confirm: true });
    expect(cell(a3, 'proactive__total')).toBe(30);
    const history = (await get(`/api/reports/${a3}/history`)).json();
    expect(history.corrections.map((c: { status: string }) => c.status)).toEqual(['superseded', 'superseded', 'active']);
  });

  it('recomputes rule 5 across years for the report’s body (and reverting undoes it)', async () => {
    const a1 = fx.countyA[0];
    const id = reportId(a1.code, 2024);
    expect(checkStatus(id, 5)).toBe('uncertain'); // its carried-over cells are blank
    const lastForward = fx.specs.get(`${a1.code}|2023`)!.values['t3.carried_forward.total']!;
    const cookie = await signIn('editorA');
    const res = await correct(cookie, id, { field: 't3.carried_over.total', value: lastForward + 1, reason: 'as printed' });
    expect(res.statusCode, res.body).toBe(201);
    expect(checkStatus(id, 5)).toBe('fail');
    const detail = (await get(`/api/reports/${id}`)).json();
    expect(detail.failedRules).toContain(5);
    const league = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json();
    expect(league.rows.find((r: { reportId: number }) => r.reportId === id).hasFailure).toBe(true);
    await app.inject({ method: 'POST', url: `/api/reports/${id}/corrections/${res.json().id}/revert`, headers: { cookie, origin: ORIGIN } });
    expect(checkStatus(id, 5)).toBe('uncertain');
    expect((await get(`/api/reports/${id}`)).json().failedRules).not.toContain(5);
  });

  it('is seen by the server’s read connection although its own connection wrote it (data_version)', async () => {
    const b1 = reportId(fx.countyB[0].code, 2024);
    const url = `/api/reports/${b1}`;
    // The detail is memoised once asked twice.
    await get(url);
    await get(url);
    const cookie = await signIn('editorB');
    expect((await correct(cookie, b1, { field: 'proactive.total', value: 6, reason: 'misread' })).statusCode).toBe(201);
    expect((await get(url)).json().proactive.total).toBe(6);
    expect(readDb.$client.prepare('SELECT proactive__total AS v FROM report_fields WHERE report_id = ?').get(b1)).toEqual({ v: 6 });
  });
});

describe('re-ingest', () => {
  it('of the same file (a new parser version) keeps its correction, applied and checked', async () => {
    const a2 = reportId(fx.countyB[1].code, 2024);
    writeDb.$client.prepare("UPDATE reports SET parser_version = 'older' WHERE id = ?").run(a2);
    const summary = await reingest([join(fx.dir, `${fx.countyB[1].code}_2024.txt`)]);
    expect(summary.updated).toBe(1);
    expect(cell(a2, 't3__granted__total')).toBe(a2Granted);
    expect(checkStatus(a2, 3)).toBe('pass');
    const detail = (await get(`/api/reports/${a2}`)).json();
    expect(detail.failedRules).toEqual([]);
    expect(detail.corrections).toEqual([expect.objectContaining({ field: 't3.granted.total', status: 'active' })]);
  });

  it('of a changed file keeps a correction whose cell still reads the replaced value, and marks one whose cell changed for review', async () => {
    const a2code = fx.countyB[1].code;
    const a2 = reportId(a2code, 2024);
    const cookie = await signIn('root');
    expect((await correct(cookie, a2, { field: 'proactive.total', value: 33, reason: 'narrative misread' })).statusCode).toBe(201);
    const hashBefore = (sqlite().prepare('SELECT content_hash AS h FROM reports WHERE id = ?').get(a2) as { h: string }).h;
    // The file changes: its proactive count now reads 34 (the correction's cell), table 3 unchanged.
    const changed = structuredClone(a2Spec);
    changed.proactive.total = 34;
    writeFileSync(join(fx.dir, `${a2code}_2024.txt`), renderTextReport(changed));
    await reingest([fx.dir]);
    const hashAfter = (sqlite().prepare('SELECT content_hash AS h FROM reports WHERE id = ?').get(a2) as { h: string }).h;
    expect(hashAfter).not.toBe(hashBefore);

    // Kept: t3.granted.total still parses as the value it replaced; applied to the new file.
    expect(cell(a2, 't3__granted__total')).toBe(a2Granted);
    expect(checkStatus(a2, 3)).toBe('pass');
    // Needs review: the parsed value stands.
    expect(cell(a2, 'proactive__total')).toBe(34);
    const detail = (await get(`/api/reports/${a2}`)).json();
    expect(detail.needsReview).toBe(1);
    expect(detail.proactive.total).toBe(34);
    const history = (await get(`/api/reports/${a2}/history`)).json();
    expect(history.needsReview).toBe(1);
    const byField = Object.fromEntries(history.corrections.filter((c: { status: string }) => c.status !== 'superseded').map((c: { field: string }) => [c.field, c]));
    expect(byField['t3.granted.total']).toMatchObject({ status: 'active', contentHash: hashAfter });
    expect(byField['proactive.total']).toMatchObject({ status: 'needs_review', value: 33, parsed: 0, reparsed: 34, endedBy: 'ingest', contentHash: hashBefore });

    // Dismissing it (revert) clears the review; the parsed value stays.
    const dismiss = await app.inject({ method: 'POST', url: `/api/reports/${a2}/corrections/${byField['proactive.total'].id}/revert`, headers: { cookie, origin: ORIGIN } });
    expect(dismiss.statusCode, dismiss.body).toBe(200);
    expect((await get(`/api/reports/${a2}`)).json()).toMatchObject({ needsReview: 0, proactive: { total: 34 } });
  });

  it('of an unchanged file changes nothing', async () => {
    const a2 = reportId(fx.countyB[1].code, 2024);
    const before = count('corrections');
    const summary = await reingest([fx.dir]);
    expect(summary.updated).toBe(0);
    expect(count('corrections')).toBe(before);
    expect(cell(a2, 't3__granted__total')).toBe(a2Granted);
  });
});

describe('while an ingest holds the database', () => {
  it('a write waits, then answers 503 with Retry-After and changes nothing', async () => {
    const a4 = reportId(fx.countyA[3].code, 2024);
    const cookie = await signIn('root');
    const before = snapshot(a4);
    const holder = new Database(fx.dbPath);
    holder.exec('BEGIN IMMEDIATE');
    writeDb.$client.pragma('busy_timeout = 200');
    try {
      const res = await correct(cookie, a4, { field: 'proactive.total', value: 77, reason: 'busy' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      writeDb.$client.pragma('busy_timeout = 5000');
    }
    expect(snapshot(a4)).toEqual(before);
  });
});

describe('OpenAPI', () => {
  it('documents the session, correction, history and audit routes', async () => {
    const doc = (await get('/api/openapi.json')).json();
    for (const path of ['/api/session', '/api/reports/{id}/corrections', '/api/reports/{id}/corrections/{cid}/revert', '/api/reports/{id}/history', '/api/audit']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/session'])).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
  });
});

describe('audit log', () => {
  it('lists every accepted write, newest first, with who, when, what, before and after', async () => {
    const cookie = await signIn('root');
    const audit = (await get('/api/audit?limit=1000', cookie)).json();
    const actions = audit.entries.map((e: { action: string }) => e.action);
    expect(audit.total).toBe(audit.entries.length);
    const n = (action: string) => actions.filter((a: string) => a === action).length;
    expect(n('correction.create') + n('correction.confirm')).toBe(count('corrections'));
    expect(n('correction.revert')).toBe((sqlite().prepare("SELECT count(*) AS n FROM corrections WHERE status = 'reverted'").get() as { n: number }).n);
    expect(n('correction.needs_review')).toBe(1);
    expect(actions).toContain('session.sign_in');
    for (const e of audit.entries) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const ids = audit.entries.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});

describe('rate limit and private mode', () => {
  it('limits sign-in attempts per client (429), right password or not', async () => {
    const limited = await buildApp({ db: readDb, writeDb, auth: { secret: SECRET, signInLimit: { max: 3, timeWindow: 60_000 } } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.inject({ method: 'POST', url: '/api/session', headers: { origin: ORIGIN }, payload: { name: 'root', password: i < 3 ? 'guess' : passwords.get('root') } });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('NIANBAO_PRIVATE: every read needs a session; signing in and health do not', async () => {
    const priv = await buildApp({ db: readDb, writeDb, auth: { secret: SECRET, private: true } });
    try {
      const league = `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`;
      for (const url of [league, '/api/regions', '/api/reports/1', '/api/export.csv', '/api/reports/1/history']) {
        expect((await priv.inject(url)).statusCode, url).toBe(401);
      }
      expect((await priv.inject('/api/health')).statusCode).toBe(200);
      expect((await priv.inject('/api/session')).json()).toEqual({ editor: null, private: true });
      const cookie = await signIn('editorB', priv);
      expect((await priv.inject({ url: league, headers: { cookie } })).statusCode).toBe(200);
    } finally {
      await priv.close();
    }
  });

  it('a removed editor’s session ends at once', async () => {
    const cookie = await signIn('cityEditor');
    expect((await get('/api/session', cookie)).json().editor.name).toBe('cityEditor');
    new AccountsService(new AccountsRepository(writeDb)).remove('cityEditor', 'test');
    expect((await get('/api/session', cookie)).json().editor).toBeNull();
    expect((await get('/api/audit', cookie)).statusCode).toBe(401);
  });
});
