/**
 * Finding a township as people type it (GET /api/regions/search and the shared rule behind the
 * dashboard's picker), on the whole national division list stored as the regions table, and on
 * the API fixture's database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionSearchResponse } from '@nianbao/shared';
import { divisions, type Division } from '../resolve/divisions.ts';
import { openWritable, type Db } from '../store/db.ts';
import { regions as regionsTable } from '../store/schema.ts';
import { ResultCache } from './cache.ts';
import { RegionsRepository } from './repositories/regions.repository.ts';
import { RegionsService } from './services/regions.service.ts';
import type { Fixture } from './testing/fixture.ts';
import { serveFixture } from './testing/servedFixture.ts';

describe('region search on the national division list', () => {
  let dir: string;
  let db: Db;
  let service: RegionsService;
  const all = [...divisions().byCode.values()];
  const townships = all.filter((d) => d.level === 'township');
  const named = (name: string) => townships.filter((t) => t.name === name);

  beforeAll(() => {
    // Every division as the regions table holds it (parent: the county, the city — unless a
    // placeholder — or the province).
    dir = mkdtempSync(join(tmpdir(), 'nianbao-search-'));
    db = openWritable(join(dir, 'search.sqlite'));
    const parentOf = (d: Division): string | null => {
      if (d.level === 'township') return d.countyCode;
      if (d.level === 'county') return d.cityCode && divisions().byCode.get(d.cityCode)?.name ? d.cityCode : d.provinceCode;
      if (d.level === 'city') return d.provinceCode;
      return null;
    };
    const rows = all.filter((d) => d.level !== 'city' || d.name).map((d) => ({
      code: d.code, name: d.name, level: d.level, parentCode: parentOf(d), provinceCode: d.provinceCode, cityCode: d.cityCode, countyCode: d.countyCode,
    }));
    db.transaction((tx) => {
      for (let i = 0; i < rows.length; i += 500) tx.insert(regionsTable).values(rows.slice(i, i + 500)).run();
    });
    service = new RegionsService(new RegionsRepository(db), new ResultCache(db));
  });
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const codes = (r: RegionSearchResponse) => r.regions.map((x) => x.code);

  it('finds 清水河县城关镇 among the country’s many 城关镇 by its county’s name', () => {
    const chengguan = named('城关镇');
    expect(chengguan.length).toBeGreaterThan(80);
    const inQingshuihe = chengguan.filter((t) => divisions().byCode.get(t.countyCode!)!.name === '清水河县');
    expect(inQingshuihe).toHaveLength(1);
    const r = service.search('清水河县城关镇', ['township'], 15);
    expect(r.total).toBe(1);
    expect(codes(r)).toEqual([inQingshuihe[0].code]);
    expect(r.regions[0].path.map((p) => p.name)).toEqual(['内蒙古自治区', '呼和浩特市', '清水河县']);
    // The county's short name and a space work too.
    expect(codes(service.search('清水河 城关', ['township'], 15))).toEqual([inQingshuihe[0].code]);
  });

  it('name only: every 城关镇 counts, the first 15 shown, exact names first', () => {
    const r = service.search('城关镇', ['township'], 15);
    const containing = townships.filter((t) => t.name.includes('城关镇'));
    expect(r.total).toBe(containing.length);
    expect(r.regions).toHaveLength(15);
    expect(r.regions.every((x) => x.name === '城关镇')).toBe(true);
    // Asking for more gives every one.
    const more = service.search('城关镇', ['township'], 500);
    expect(new Set(codes(more))).toEqual(new Set(containing.map((t) => t.code)));
  });

  it('嘉陵区里坝镇, 嘉陵 里坝, 四川 嘉陵 里坝 and 里坝 find 里坝镇 of 南充市嘉陵区', () => {
    const libazhen = named('里坝镇').filter((t) => divisions().byCode.get(t.countyCode!)!.name === '嘉陵区');
    expect(libazhen).toHaveLength(1);
    for (const q of ['嘉陵区里坝镇', '嘉陵 里坝', '四川 嘉陵 里坝', '南充嘉陵里坝']) {
      const r = service.search(q, ['township'], 15);
      expect([q, codes(r)[0]]).toEqual([q, libazhen[0].code]);
      expect(r.total).toBe(1);
    }
    const byName = service.search('里坝', ['township'], 15);
    expect(codes(byName)).toContain(libazhen[0].code);
    expect(byName.total).toBe(townships.filter((t) => t.name.includes('里坝')).length);
  });

  it('by code: a full code is the one township, a county code prefix lists its townships', () => {
    const libazhen = named('里坝镇').find((t) => t.countyCode === '511304')!;
    expect(codes(service.search(libazhen.code, ['township'], 15))).toEqual([libazhen.code]);
    const r = service.search('511304', ['township'], 500);
    expect(r.total).toBe(townships.filter((t) => t.countyCode === '511304').length);
    expect(codes(service.search('511304', ['county'], 15))).toEqual(['511304']);
  });

  it('a county’s name lists the county first, then (other levels asked for) its townships', () => {
    const r = service.search('嘉陵区', ['county', 'township'], 100);
    const jialing = all.filter((d) => d.level === 'county' && d.name === '嘉陵区');
    expect(codes(r).slice(0, jialing.length).sort()).toEqual(jialing.map((d) => d.code).sort());
    expect(r.total).toBe(jialing.length + townships.filter((t) => jialing.some((c) => c.code === t.countyCode)).length + townships.filter((t) => t.name.includes('嘉陵区')).length);
    // Township level only: the county's townships, matched through its name.
    const only = service.search('嘉陵区', ['township'], 100);
    expect(only.regions.every((x) => x.path.some((p) => p.name === '嘉陵区') || x.name.includes('嘉陵区'))).toBe(true);
  });

  it('nothing matches nonsense', () => {
    expect(service.search('不存在的乡镇名字', ['township'], 15)).toEqual({ total: 0, regions: [] });
  });
});

describe('GET /api/regions/search', () => {
  let fx: Fixture;
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ fx, app, close } = await serveFixture());
  });
  afterAll(async () => close?.());
  const get = async (url: string) => app.inject({ method: 'GET', url });

  it('finds a fixture township by county and name, by name and by code; says how many match', async () => {
    const a1 = divisions().byCode.get(fx.countyA[0].code)!;
    const q = encodeURIComponent(`${fx.countyA[0].county}${a1.name}`);
    const res = await get(`/api/regions/search?q=${q}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as RegionSearchResponse;
    expect(body.regions[0]).toMatchObject({ code: a1.code, name: a1.name, level: 'township' });
    expect(body.regions[0].path.at(-1)).toEqual({ code: fx.countyACode, name: fx.countyA[0].county, level: 'county' });
    expect((await get(`/api/regions/search?q=${fx.countyA[0].code}`)).json()).toMatchObject({ total: 1, regions: [{ code: a1.code }] });
    // The county's code as a prefix: its four townships (the fixture's county A), two at a time.
    const page = (await get(`/api/regions/search?q=${fx.countyACode}&limit=2`)).json() as RegionSearchResponse;
    expect(page.total).toBe(fx.countyA.length);
    expect(page.regions.map((r) => r.code)).toEqual(fx.countyA.slice(0, 2).map((t) => t.code));
  });

  it('rejects an empty query and an unknown level', async () => {
    expect((await get('/api/regions/search?q=')).statusCode).toBe(400);
    expect((await get('/api/regions/search?q=x&levels=village')).json()).toMatchObject({ statusCode: 400, parameter: 'levels' });
  });
});
