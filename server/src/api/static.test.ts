import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openReadOnly, type Db } from '../store/db.ts';
import { buildApp } from './app.ts';
import { buildFixture, type Fixture } from './testing/fixture.ts';

let fx: Fixture;
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await buildFixture();
  const dist = join(fx.dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>年报</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  db = openReadOnly(fx.dbPath);
  app = await buildApp({ db, webDist: dist });
});
afterAll(async () => {
  await app?.close();
  db?.$client.close();
  fx?.cleanup();
});

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
