/**
 * The API over the database `pnpm start` builds: the sample reports of data/reports/ (five seed
 * township reports, two real PDFs, twelve flattened 平潭 pages) ingested into a real SQLite file.
 * Every number asserted comes from the corpus's expected answers (server/fixtures/corpus/expected),
 * not from this file.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodiesResponse, LeagueResponse, MetricsResponse, ReportDetail } from '@nianbao/shared';
import { readExpected, serveSample } from './testing/servedSample.ts';

const expected = readExpected();
/** The sample files that are township reports placed in one township (the seeds but 朱口镇, which is ambiguous). */
const seedTownships = ['000_69c037c7e9f6049d', '001_c6746dbda78f73e9', '002_c95c1b585de130d6', '003_0492d4f23311c1f9'];

let app: FastifyInstance;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ app, close } = await serveSample());
}, 60_000);
afterAll(async () => close?.());

const json = async <T>(url: string): Promise<T> => {
  const res = await app.inject(url);
  expect(res.statusCode, url).toBe(200);
  return res.json() as T;
};

/** Standard competition ranks of values, largest first (1, 2, 2, 4). */
const competitionRanks = (values: number[]) => values.map((v) => 1 + values.filter((w) => w > v).length);

describe('the sample reports, as pnpm start serves them', () => {
  it('ranks the seed townships by proactive disclosures, as their reports say', async () => {
    const league = await json<LeagueResponse>('/api/league?metric=proactive.total&year=2024&parent=all');
    const want = seedTownships.map((f) => ({ organ: expected.get(f)!.fields.organ as string, value: expected.get(f)!.fields['proactive.total'] as number }));
    want.sort((a, b) => b.value - a.value);
    expect(league.rows.map((r) => r.value)).toEqual(want.map((w) => w.value));
    expect(league.rows.map((r) => r.rank)).toEqual(competitionRanks(want.map((w) => w.value)));
    for (const [i, r] of league.rows.entries()) expect(want[i].organ).toContain(r.name);
  });

  it('gives tied townships one rank: none of the seeds received an application in 2024', async () => {
    const league = await json<LeagueResponse>('/api/league?metric=applications.received&year=2024&parent=all');
    const values = seedTownships.map((f) => expected.get(f)!.fields['t3.new_received.total'] as number);
    expect(league.rows.map((r) => r.value).sort()).toEqual(values.sort());
    expect(league.rows.map((r) => r.rank)).toEqual(competitionRanks(league.rows.map((r) => r.value as number)));
    expect(new Set(league.rows.map((r) => r.rank)).size).toBe(new Set(values).size);
  });

  it('lists 淮安市 among the bodies outside the township league, with its figures', async () => {
    const huaian = expected.get('huaian-city-2024')!.fields;
    const bodies = await json<BodiesResponse>('/api/bodies?metric=applications.received&year=2024&parent=all');
    const row = bodies.rows.find((r) => r.organ === huaian.organ)!;
    expect(row).toBeDefined();
    expect(row.received).toBe(huaian['t3.new_received.total']);
    expect(row.proactive).toBe(huaian['proactive.total']);
    expect(row.name).toBe(huaian['region.city']);
    // Largest first.
    const values = bodies.rows.map((r) => r.value ?? -Infinity);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('shows every table cell of the 淮安市 PDF as the expected answer has it, with its source file', async () => {
    const want = expected.get('huaian-city-2024')!;
    const id = (await json<BodiesResponse>('/api/bodies?metric=applications.received&year=2024&parent=all')).rows.find((r) => r.organ === want.fields.organ)!.reportId;
    const detail = await json<ReportDetail>(`/api/reports/${id}`);
    expect(detail.fileName).toBe('huaian-city-2024.pdf');
    const cells = new Map(detail.tables.flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => [c.field, c.value] as const))));
    const tableFields = Object.entries(want.fields).filter(([k]) => /^t[234]\./.test(k) && !want.uncertain.includes(k));
    expect(tableFields.length).toBeGreaterThan(150);
    const differ = tableFields.filter(([k, v]) => cells.get(k) !== v);
    expect(differ).toEqual([]);
    expect(detail.checks.length).toBeGreaterThan(0);
  });

  it('lists the cells a flattened page leaves undecided, null, with the warning that explains them', async () => {
    const bodies = await json<BodiesResponse>('/api/bodies?metric=applications.received&year=2020&parent=all');
    const id = bodies.rows.find((r) => r.organ === expected.get('pingtan_3_2020')!.fields.organ)!.reportId;
    const detail = await json<ReportDetail>(`/api/reports/${id}`);
    const cells = new Map(detail.tables.flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => [c.field, c.value] as const))));
    expect(detail.uncertain).toEqual(expect.arrayContaining(['t2_2019.licensing.prev_items', 't2_2019.licensing.change', 't2_2019.licensing.decisions']));
    // (The 2021-comparable ids a 2019 report fills, such as t2.licensing.decisions, are not cells of its tables.)
    for (const f of detail.uncertain) if (cells.has(f)) expect(cells.get(f), f).toBeNull();
    expect(detail.warnings.join('\n')).toMatch(/行政许可: digits "88-720" split 2 ways/);
    // Where the expected answer has a value, the parser either has it too or lists the cell as uncertain.
    const want = expected.get('pingtan_3_2020')!;
    for (const [k, v] of Object.entries(want.fields)) {
      if (!/^t[234]/.test(k) || want.uncertain.includes(k) || detail.uncertain.includes(k)) continue;
      if (cells.has(k)) expect(cells.get(k), k).toBe(v);
    }
    // A report read from a clean table leaves nothing undecided.
    const seed = (await json<LeagueResponse>('/api/league?metric=proactive.total&year=2024&parent=all')).rows[0].reportId;
    expect((await json<ReportDetail>(`/api/reports/${seed}`)).uncertain).toEqual([]);
  });

  it('shows no template tables for the 2012 report, older than the templates', async () => {
    const bodies = await json<BodiesResponse>('/api/bodies?metric=proactive.total&year=2012&parent=all');
    expect(bodies.rows).toHaveLength(1);
    const detail = await json<ReportDetail>(`/api/reports/${bodies.rows[0].reportId}`);
    expect(detail.template).toBe(expected.get('pingtan_22_2012')!.fields.template);
    expect(detail.template).toBe('unknown');
    expect(detail.tables).toEqual([]);
    expect(detail.proactive.total).toBe(expected.get('pingtan_22_2012')!.fields['proactive.total']);
  });

  it('says which templates print a metric, as the reports bear out', async () => {
    const { metrics } = await json<MetricsResponse>('/api/metrics');
    const templatesOf = (id: string) => metrics.find((m) => m.id === id)!.templates;
    expect(templatesOf('t3.other.no_correction.total')).toEqual(['2021']);
    expect(templatesOf('t3.other.total.total')).toEqual(expect.arrayContaining(['2019']));
    // The 2019-template sample reports have the single （六） row and none of the sub-rows.
    const of2019 = [...expected.values()].filter((e) => e.fields.template === '2019');
    expect(of2019.length).toBeGreaterThan(0);
    for (const e of of2019) {
      expect(e.fields['t3.other.no_correction.total']).toBeNull();
      expect(e.fields['t3.other.total.total']).not.toBeNull();
    }
  });

  it('downloads the proactive league as CSV with a BOM, Chinese headers and codes as text', async () => {
    const res = await app.inject('/api/league.csv?metric=proactive.total&year=2024&parent=all');
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse(res.body.slice(1)) as string[][];
    expect(rows[0].slice(0, 3)).toEqual(['排名', '区划代码', '名称']);
    const league = await json<LeagueResponse>('/api/league?metric=proactive.total&year=2024&parent=all&pageSize=100');
    // A code cell starts with a tab, so Excel keeps it text (no 5.00111E+08, leading zeros kept).
    expect(rows.slice(1).map((r) => r[1])).toEqual(league.rows.map((r) => `\t${r.code}`));
    expect(rows[1][1]).toMatch(/^\t\d{9}$/);
  });
});
