import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from '../api/testing/fixture.ts';
import { ingest } from '../ingest/ingest.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { openWritable, type Db } from './db.ts';
import { refreshReportMetrics } from './reportMetrics.ts';

let fx: Fixture;
let db: Db;

beforeAll(async () => {
  fx = await buildFixture();
  db = openWritable(fx.dbPath);
});
afterAll(() => {
  db?.$client.close();
  fx?.cleanup();
});

const snapshot = () => db.$client.prepare('select * from report_metrics order by report_id').all();

describe('refreshReportMetrics', () => {
  it('does nothing when no report changed since the last refresh', () => {
    expect(refreshReportMetrics(db)).toBeNull();
  });

  it('recomputes a new report and its township’s other years, and matches a full rebuild', async () => {
    const a4 = fx.countyA[3];
    const before = db.$client.prepare('select prev_report_id p from report_metrics m join reports r on r.id = m.report_id where r.township_code = ? and r.year = 2024').get(a4.code) as { p: number | null };
    expect(before.p).toBeNull();
    const spec = randomSpec(rng(7), { organ: a4.organ, year: 2023 });
    writeFileSync(join(fx.dir, `${a4.code}_2023.txt`), renderTextReport(spec));
    await ingest(db, [fx.dir], { overrides: new Map() }); // ends with refreshReportMetrics
    const newId = (db.$client.prepare("select id from reports where township_code = ? and year = 2023").get(a4.code) as { id: number }).id;
    const after = db.$client.prepare('select prev_report_id p from report_metrics m join reports r on r.id = m.report_id where r.township_code = ? and r.year = 2024').get(a4.code) as { p: number };
    expect(after.p).toBe(newId);
    const incremental = snapshot();
    // 11 township reports (3 + 1 new in 2023, 7 in 2024) and county A's government's 2024 report.
    expect(incremental).toHaveLength(12);
    expect(refreshReportMetrics(db, { force: true })).toBe(12);
    expect(snapshot()).toEqual(incremental);
  });
});
