import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import { type Fixture } from './testing/fixture.ts';
import { serveFixture } from './testing/servedFixture.ts';

let fx: Fixture;
let db: Db;
let app: FastifyInstance;

let close: (() => Promise<void>) | undefined;

/** A stand-in built dashboard in the fixture's folder. */
function fakeDist(fx: Fixture): string {
  const dist = join(fx.dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>年报</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  return dist;
}

beforeAll(async () => {
  ({ fx, db, app, close } = await serveFixture({ webDist: fakeDist }));
});
afterAll(async () => close?.());

it('serves the built dashboard with an SPA fallback, and JSON 404s under /api', async () => {
  expect((await app.inject('/')).body).toContain('<title>年报</title>');
  expect((await app.inject('/assets/app.js')).body).toBe('console.log(1)');
  const deep = await app.inject('/league/511725?year=2024');
  expect(deep.statusCode).toBe(200);
  expect(deep.body).toContain('<title>年报</title>');
  const api = await app.inject('/api/nope');
  expect(api.statusCode).toBe(404);
  expect(api.json().message).toContain('/api/nope');
  expect((await app.inject('/api/health')).json()).toEqual({ ok: true });
});
