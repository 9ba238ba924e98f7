/**
 * The full export on the API fixture: the same CSV plain, gzip-encoded (a browser's download) and
 * as a .csv.gz file; one year or all years; and over a real socket, the header arrives as its own
 * first gzip chunk before the rows (the download starts before any row is read).
 */
import { get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.ts';
import { serveFixture } from './testing/servedFixture.ts';

let app: FastifyInstance;
let db: Db;
let close: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ app, db, close } = await serveFixture());
});
afterAll(async () => close?.());

const rowsOf = (text: string) => parse(text.replace(/^\uFEFF/, '')) as string[][];

describe('GET /api/export.csv', () => {
  it('gzip-encoded for a client that accepts it, a .csv.gz file on request: the same CSV as the plain one', async () => {
    const plain = await app.inject({ url: '/api/export.csv' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const files = (db.$client.prepare('select count(*) n from reports').get() as { n: number }).n;
    expect(rowsOf(plain.body)).toHaveLength(1 + files);

    const encoded = await app.inject({ url: '/api/export.csv', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(encoded.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(encoded.headers.vary).toMatch(/accept-encoding/);
    expect(gunzipSync(encoded.rawPayload).toString()).toBe(plain.body);
    expect(encoded.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const file = await app.inject({ url: '/api/export.csv.gz?year=2024&lang=en' });
    expect(file.headers['content-type']).toBe('application/gzip');
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(file.headers['content-disposition']).toContain('nianbao-export-2024.csv.gz');
    const rows = rowsOf(gunzipSync(file.rawPayload).toString());
    const year = rows[0].indexOf('Year');
    const in2024 = (db.$client.prepare('select count(*) n from reports where year = 2024').get() as { n: number }).n;
    expect(rows.slice(1).map((r) => r[year])).toEqual(Array(in2024).fill('2024'));
  });

  it('over a socket: the header is sent (flushed through gzip) before any row', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const raw = await new Promise<Buffer[]>((ok, fail) => {
      httpGet({ host: '127.0.0.1', port, path: '/api/export.csv.gz' }, (res) => {
        const out: Buffer[] = [];
        res.on('data', (c: Buffer) => out.push(c));
        res.on('end', () => ok(out)).on('error', fail);
      }).on('error', fail);
    });
    // Decoded as far as it goes (a flushed gzip stream decodes without its end): the first chunks
    // that hold a whole line hold the header line alone — rows were read only after it was flushed.
    const header = (await app.inject({ url: '/api/export.csv' })).body.split('\r\n')[0] + '\r\n';
    let k = 1;
    const decoded = () => gunzipSync(Buffer.concat(raw.slice(0, k)), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString();
    while (k < raw.length && !decoded().includes('\r\n')) k++;
    expect(k).toBeLessThan(raw.length);
    expect(decoded()).toBe(header);
    expect(header.startsWith('\uFEFF报告编号,文件,状态')).toBe(true);
    expect(gunzipSync(Buffer.concat(raw)).toString()).toBe((await app.inject({ url: '/api/export.csv' })).body);
  });
});
