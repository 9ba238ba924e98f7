import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ingest } from '../ingest/ingest.ts';
import { openReadOnly, openWritable, type Db } from '../store/db.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { buildApp } from './app.ts';
import { RECHECK_MS, ResultCache } from './cache.ts';
import { firstVisitRequests } from './warmup.ts';
import { type Fixture } from './testing/fixture.ts';
import { serveFixture } from './testing/servedFixture.ts';

let fx: Fixture;
let db: Db;
let app: FastifyInstance;

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ fx, db, app, close } = await serveFixture());
});
afterAll(async () => close?.());

it('forgets memoised answers once an ingest run changes the database', async () => {
  const url = `/api/league?metric=proactive.total&year=2024&parent=${fx.countyBCode}`;
  const first = (await app.inject(url)).json();
  expect(first.rows.map((r: { value: number }) => r.value)).toEqual([7, 5, 0]);

  // b2 rewrites its report: 0 → 99 items proactively disclosed.
  const b2 = fx.countyB[1];
  const spec = randomSpec(rng(99), { organ: b2.organ, year: 2024 });
  spec.proactive = { total: 99, approx: false };
  writeFileSync(join(fx.dir, `${b2.code}_2024.txt`), renderTextReport(spec));
  const writer = openWritable(fx.dbPath);
  await ingest(writer, [fx.dir], { overrides: new Map() });
  writer.$client.close();
  // The server looks at the database at most every RECHECK_MS.
  await new Promise((ok) => setTimeout(ok, RECHECK_MS + 5));

  const second = (await app.inject(url)).json();
  expect(second.rows.map((r: { value: number }) => r.value)).toEqual([99, 7, 5]);
  const csv = (await app.inject(url.replace('/api/league', '/api/league.csv'))).body;
  expect(csv).toContain(',99,');
});

it('keeps a long-tail answer only from its second ask on', () => {
  const cache = new ResultCache(db);
  let computed = 0;
  const ask = (key: string) => cache.getOnSecondAsk(key, () => ({ n: ++computed }));
  expect(ask('report:1')).toEqual({ n: 1 }); // first ask: computed, not kept
  expect(ask('report:2')).toEqual({ n: 2 });
  expect(ask('report:1')).toEqual({ n: 3 }); // second ask: computed and kept
  expect(ask('report:1')).toEqual({ n: 3 }); // then served from the memo
  expect(computed).toBe(3);
  let plain = 0;
  cache.get('league', () => ++plain);
  cache.get('league', () => ++plain);
  expect(plain).toBe(1); // ordinary answers are kept at once
});

it('looks at the database at most once per recheck interval', () => {
  const cache = new ResultCache(db, { recheckMs: 60_000 });
  const later = new ResultCache(db, { recheckMs: 0 });
  cache.revalidate();
  later.revalidate();
  cache.get('answer', () => 'before');
  later.get('answer', () => 'before');
  // Any commit by another connection changes data_version.
  const writer = openWritable(fx.dbPath);
  writer.$client.exec('create table if not exists touched (x); insert into touched values (1)');
  writer.$client.close();
  cache.revalidate();
  later.revalidate();
  expect(cache.get('answer', () => 'after')).toBe('before'); // within the interval: not looked
  expect(later.get('answer', () => 'after')).toBe('after'); // looked: the memo was cleared
});

it('computes the first visit’s answers again once an ingest has changed the database and it has gone quiet', async () => {
  const reader = openReadOnly(fx.dbPath);
  const warm = await buildApp({ db: reader, rewarmAfterMs: 30 });
  const asked: string[] = [];
  warm.addHook('onRequest', async (req) => {
    asked.push(req.url);
  });
  await warm.ready();
  const latest = Math.max(...((await warm.inject('/api/regions')).json() as { years: number[] }).years);
  asked.length = 0;
  await new Promise((ok) => setTimeout(ok, 100));
  expect(asked).toEqual([]); // nothing changed: nothing recomputed

  const writer = openWritable(fx.dbPath);
  writer.$client.exec('create table if not exists touched_again (x); insert into touched_again values (1)');
  writer.$client.close();
  // The first visit's answers, then the trends view's default (its province aggregates, its trend).
  await vi.waitFor(() => expect(asked.at(-1)).toMatch(/^\/api\/trend\?metric=proactive\.total&regions=\d{2}(,\d{2})*$/), { timeout: 5000, interval: 20 });
  expect(asked.slice(0, firstVisitRequests(latest).length)).toEqual(firstVisitRequests(latest));
  await warm.close();
  reader.$client.close();
});
