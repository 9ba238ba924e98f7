/**
 * Ingest against a real SQLite file: idempotence, update of a changed file, a failing file among
 * good ones, rule 5 across years, and values read back from the wide field table.
 */
import { copyFileSync, mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REPORTS_DIR } from '../paths.ts';
import { openWritable, type Db } from '../store/db.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { pickTownship } from '../testing/townships.ts';
import { formatSummary, ingest } from './ingest.ts';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-ingest-'));
  db = openWritable(join(mkdtempSync(join(tmpdir(), 'nianbao-db-')), 'test.sqlite'));
});
afterEach(() => db.$client.close());

const q = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];

describe('ingest', () => {
  it('stores the seed reports and is idempotent', async () => {
    const reports = join(dir, 'reports');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(reports);
    for (const f of ['000_69c037c7e9f6049d.txt', '004_233be8da4349a759.txt']) copyFileSync(resolve(DEFAULT_REPORTS_DIR, f), join(reports, f));

    const first = await ingest(db, [reports], { overrides: new Map() });
    expect([first.added, first.updated, first.unchanged, first.failed]).toEqual([2, 0, 0, 0]);
    const rows = q<{ organ: string; township_code: string | null; region_status: string; region_candidates: string | null }>(
      'select organ, township_code, region_status, region_candidates from reports order by organ',
    );
    expect(rows.map((r) => [r.organ, r.township_code, r.region_status])).toEqual([
      ['朱口镇人民政府', null, 'ambiguous'],
      ['渠县望溪镇', '511725126', 'resolved'],
    ]);
    expect(JSON.parse(rows[0].region_candidates!).map((c: { code: string }) => c.code)).toEqual(['350429101', '411627104']);
    expect(q('select name, level from regions where code in (?, ?, ?) order by code', '51', '5117', '511725')).toEqual([
      { name: '四川省', level: 'province' },
      { name: '达州市', level: 'city' },
      { name: '渠县', level: 'county' },
    ]);
    const ev = q<{ value: number; text: string }>("select value, text from evidence where field_id = 'proactive.total'");
    expect(ev).toHaveLength(1);
    expect(ev[0].value).toBe(20);
    expect(ev[0].text).toContain('累计 20 余条信息');

    const second = await ingest(db, [reports], { overrides: new Map() });
    expect([second.added, second.updated, second.unchanged, second.failed]).toEqual([0, 0, 2, 0]);
    expect(q<{ n: number }>('select count(*) n from reports')[0].n).toBe(2);
    expect(formatSummary(second).split('\n').pop()).toBe('added 0, updated 0, unchanged 2, failed 0');
  });

  it('replaces the values of a changed file in place and keeps its id', async () => {
    const r = rng(11);
    const place = pickTownship(r);
    const spec = randomSpec(r, { organ: place.organ, year: 2023 });
    const file = join(dir, 'a.txt');
    writeFileSync(file, renderTextReport(spec));
    await ingest(db, [file]);
    const before = q<{ id: number; v: number }>('select r.id, f.t3__granted__total v from reports r join report_fields f on f.report_id = r.id');
    expect(before[0].v).toBe(spec.values['t3.granted.total']);

    spec.values['t3.granted.natural_person'] = (spec.values['t3.granted.natural_person'] as number) + 3;
    spec.values['t3.granted.total'] = (spec.values['t3.granted.total'] as number) + 3;
    writeFileSync(file, renderTextReport(spec));
    const s = await ingest(db, [file]);
    expect([s.added, s.updated, s.unchanged, s.failed]).toEqual([0, 1, 0, 0]);
    const after = q<{ id: number; v: number }>('select r.id, f.t3__granted__total v from reports r join report_fields f on f.report_id = r.id');
    expect(after).toEqual([{ id: before[0].id, v: before[0].v + 3 }]);
    // Rule 2 now fails for 自然人 and 总计 (granted grew, the processed total did not).
    const failed = q<{ failed_rules: string }>('select failed_rules from reports')[0].failed_rules;
    expect(failed).toBe('2');
    expect(s.ruleFailures).toEqual([{ path: file, rules: '2' }]);
    const detail = q<{ detail: string }>('select detail from checks where rule = 2')[0].detail;
    expect(detail).toMatch(/^自然人: .*; 总计: /);
  });

  it('records a failing file with its reason and goes on with the others', async () => {
    const good = join(dir, 'good.txt');
    const r = rng(5);
    writeFileSync(good, renderTextReport(randomSpec(r, { organ: pickTownship(r).organ, year: 2022 })));
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x00]));
    writeFileSync(join(dir, 'empty.md'), '');
    writeFileSync(join(dir, 'notes.txt'), '会议纪要\n今天开会。\n');
    writeFileSync(join(dir, 'photo.jpg'), 'x');
    const s = await ingest(db, [dir]);
    expect(s.added).toBe(1);
    expect(s.failed).toBe(3);
    expect(s.errors.map((e) => [e.path.split('/').pop(), e.error])).toEqual([
      ['binary.txt', 'binary file, not text (NUL or control bytes)'],
      ['empty.md', 'empty file'],
      ['notes.txt', 'not a 政府信息公开工作年度报告: no tables and no reporting year found'],
    ]);
    expect(s.skipped.map((k) => k.path.split('/').pop())).toEqual(['photo.jpg']);
    const rows = q<{ file_name: string; status: string }>('select file_name, status from reports order by file_name');
    expect(rows).toEqual([
      { file_name: 'binary.txt', status: 'failed' },
      { file_name: 'empty.md', status: 'failed' },
      { file_name: 'good.txt', status: 'ok' },
      { file_name: 'notes.txt', status: 'failed' },
    ]);
    // Failed files hold no values; the good one holds all of its own.
    expect(q<{ n: number }>('select count(*) n from report_fields')[0].n).toBe(1);
    expect(formatSummary(s).split('\n').pop()).toBe('added 1, updated 0, unchanged 0, failed 3');
  });

  it('checks rule 5 between consecutive years of the same township', async () => {
    const r = rng(21);
    const place = pickTownship(r);
    const y1 = randomSpec(r, { organ: place.organ, year: 2022 });
    const y2 = randomSpec(r, { organ: place.organ, year: 2023 });
    writeFileSync(join(dir, '2022.txt'), renderTextReport(y1));
    writeFileSync(join(dir, '2023.txt'), renderTextReport(y2));
    await ingest(db, [dir]);
    const rule5 = q<{ year: number; status: string; detail: string }>(
      'select r.year, c.status, c.detail from checks c join reports r on r.id = c.report_id where c.rule = 5',
    );
    expect(rule5).toHaveLength(1);
    expect(rule5[0].year).toBe(2023);
    const continuous = [0, 1, 2, 3, 4, 5, 6].every((i) => {
      const col = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'][i];
      return y2.values[`t3.carried_over.${col}`] === y1.values[`t3.carried_forward.${col}`];
    }) && y2.values['t2.normative_docs.in_force'] === (y1.values['t2.normative_docs.in_force'] as number) + (y2.values['t2.normative_docs.issued'] as number) - (y2.values['t2.normative_docs.repealed'] as number);
    // Independent random years almost never line up: the rule must say so, with the numbers.
    expect(continuous).toBe(false);
    expect(rule5[0].status).toBe('fail');
    expect(rule5[0].detail).toMatch(/结转|现行有效/);
  });

  it('removes the reports of files deleted from an ingested folder, and what pointed at them', async () => {
    const r = rng(33);
    const place = pickTownship(r);
    const other = pickTownship(r);
    writeFileSync(join(dir, '2022.txt'), renderTextReport(randomSpec(r, { organ: place.organ, year: 2022 })));
    writeFileSync(join(dir, '2023.txt'), renderTextReport(randomSpec(r, { organ: place.organ, year: 2023 })));
    writeFileSync(join(dir, 'other.txt'), renderTextReport(randomSpec(r, { organ: other.organ, year: 2023 })));
    await ingest(db, [dir], { overrides: new Map() });
    const linked = () => q<{ year: number; prev: number | null }>('select year, prev_report_id prev from report_metrics where township_code = ? order by year', place.code);
    expect(linked().map((x) => [x.year, x.prev !== null])).toEqual([[2022, false], [2023, true]]);
    expect(q('select 1 from checks c join reports r on r.id = c.report_id where c.rule = 5')).toHaveLength(1);

    unlinkSync(join(dir, '2022.txt'));
    // Another folder's run and a missing folder remove nothing.
    const elsewhere = mkdtempSync(join(tmpdir(), 'nianbao-other-'));
    expect((await ingest(db, [elsewhere, join(dir, 'missing')], { overrides: new Map() })).removed).toEqual([]);
    expect(q<{ n: number }>('select count(*) n from reports')[0].n).toBe(3);

    const run = await ingest(db, [dir], { overrides: new Map() });
    expect(run.removed).toEqual([join(dir, '2022.txt')]);
    expect([run.added, run.updated, run.unchanged, run.failed]).toEqual([0, 0, 2, 0]);
    expect(formatSummary(run)).toContain(`removed ${join(dir, '2022.txt')}: the file is gone`);
    expect(q<{ source_path: string }>('select source_path from reports order by source_path').map((x) => x.source_path)).toEqual([join(dir, '2023.txt'), join(dir, 'other.txt')]);
    // The 2023 report no longer has a previous year, nor a rule-5 check against it.
    expect(linked().map((x) => [x.year, x.prev])).toEqual([[2023, null]]);
    expect(q('select 1 from checks c join reports r on r.id = c.report_id where c.rule = 5')).toHaveLength(0);
    for (const t of ['report_fields', 'checks', 'evidence', 'report_metrics']) {
      expect(q(`select 1 from ${t} where report_id not in (select id from reports)`), t).toHaveLength(0);
    }
  });
});

describe('parallel ingest', () => {
  it('parses in worker threads and stores exactly what the in-process path stores', async () => {
    const r = rng(99);
    for (let i = 0; i < 12; i++) {
      const place = pickTownship(r);
      writeFileSync(join(dir, `${i}.txt`), renderTextReport(randomSpec(r, { organ: place.organ, year: 2020 + (i % 5), template: i % 3 ? '2021' : '2019' })));
    }
    writeFileSync(join(dir, 'broken.txt'), Buffer.from([0, 1, 2]));
    const inline = await ingest(db, [dir], { workers: 0 });
    const dump = () => q<Record<string, unknown>>('select r.file_name, r.status, r.error, r.township_code, r.failed_rules, f.* from reports r left join report_fields f on f.report_id = r.id order by r.file_name');
    const expected = dump();

    const db2 = openWritable(join(mkdtempSync(join(tmpdir(), 'nianbao-db-')), 'p.sqlite'));
    const parallel = await ingest(db2, [dir], { workers: 2 });
    const got = db2.$client.prepare('select r.file_name, r.status, r.error, r.township_code, r.failed_rules, f.* from reports r left join report_fields f on f.report_id = r.id order by r.file_name').all();
    db2.$client.close();
    expect([parallel.added, parallel.failed]).toEqual([inline.added, inline.failed]);
    expect([parallel.added, parallel.failed]).toEqual([12, 1]);
    expect(got).toEqual(expected);
  });
});
