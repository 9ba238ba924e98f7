/**
 * The benchmarks' national-size database (`pnpm bench:api`, `pnpm bench:web`): 40,000 townships
 * spread over the whole country × 5 years = 200,000 reports, or BENCH_TOWNSHIPS of them (CI runs
 * 400). Generated values (testing/generate.ts randomSpec) are inserted straight into the store's
 * tables — parsing 200,000 rendered texts would only re-measure the parser (pnpm bench:ingest
 * does that) — then `refreshReportMetrics`, exactly as ingest ends.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NUMERIC_FIELDS, type CheckResult } from '@nianbao/shared';
import { sql } from 'drizzle-orm';
import { DATA_DIR, REPO_ROOT } from '../paths.ts';
import { divisions, lineage } from '../resolve/divisions.ts';
import { openWritable } from '../store/db.ts';
import { refreshReportMetrics } from '../store/reportMetrics.ts';
import { checks, regions, reportFields, reports, reportSources } from '../store/schema.ts';
import { encodeProvenance, type ProvenanceDoc } from '../store/provenance.ts';
import { randomSpec, rng } from '../testing/generate.ts';

const TOWNSHIPS = Number(process.env.BENCH_TOWNSHIPS ?? 40_000);
const YEARS = [2020, 2021, 2022, 2023, 2024];
export const NATIONAL_TOWNSHIPS = 40_000;
const DB_PATH = resolve(DATA_DIR, 'bench', TOWNSHIPS === NATIONAL_TOWNSHIPS ? 'api-national.sqlite' : `api-${TOWNSHIPS}.sqlite`);
/**
 * What the kept database was built by: the schema's migrations, the catalog and this file. A
 * database built by an older version is rebuilt, so a kept one never hides a broken build.
 */
function buildStamp(): string {
  const sources = [
    ...readdirSync(resolve(REPO_ROOT, 'server/drizzle')).filter((f) => f.endsWith('.sql')).sort().map((f) => `server/drizzle/${f}`),
    'shared/src/catalog.ts', 'shared/src/metrics.ts', 'server/src/store/reportMetrics.ts', 'server/src/cli/benchDb.ts',
  ];
  const h = createHash('sha256');
  for (const f of sources) h.update(f).update(readFileSync(resolve(REPO_ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

/** The table fields by printed row (t3.granted.* → one row), as a report lays them out. */
const TABLE_ROWS = (() => {
  const rows = new Map<string, { label: string; ids: string[] }>();
  for (const f of NUMERIC_FIELDS) {
    if (!/^t[234]/.test(f.table)) continue;
    const key = f.table === 't4' ? 't4' : `${f.table}.${f.row}`;
    const r = rows.get(key) ?? { label: f.label.split('·')[0], ids: [] };
    r.ids.push(f.id);
    rows.set(key, r);
  }
  return [...rows.values()];
})();

/** A provenance document like ingest stores: each value's printed row and cell. */
function provenanceOf(values: Record<string, number | null>): Buffer {
  const doc: ProvenanceDoc = { format: 'text', flattened: false, rows: [], fields: {}, headers: {}, narrative: [] };
  let line = 20;
  for (const r of TABLE_ROWS) {
    const cells = r.ids.filter((id) => id in values).map((id) => (values[id] === null ? '' : String(values[id])));
    if (!cells.length) continue;
    const k = doc.rows.length;
    doc.rows.push({ line: line++, label: r.label, cells, where: null });
    r.ids.filter((id) => id in values).forEach((id, i) => (doc.fields[id] = [k, i]));
  }
  return encodeProvenance(doc);
}

function build(): void {
  mkdirSync(resolve(DATA_DIR, 'bench'), { recursive: true });
  // Built under another name and renamed when complete, so an interrupted build is never reused.
  const building = `${DB_PATH}.building`;
  for (const p of [DB_PATH, building]) for (const s of ['', '-wal', '-shm', '.stamp']) rmSync(p + s, { force: true });
  const t0 = performance.now();
  const db = openWritable(building);
  const sqlite = db.$client;
  sqlite.pragma('synchronous = OFF');
  const towns = [...divisions().byCode.values()].filter((d) => d.level === 'township').sort((a, b) => a.code.localeCompare(b.code));
  // Spread the 40,000 over the whole country, not the first provinces in code order.
  const step = towns.length / TOWNSHIPS;
  const picked = Array.from({ length: Math.min(TOWNSHIPS, towns.length) }, (_, i) => towns[Math.floor(i * step)]);

  /** A prepared insert taking a row object: drizzle writes the SQL, better-sqlite3 runs it without per-row mapping. */
  const prepareInsert = (table: Parameters<typeof db.insert>[0], names: string[], ignore = false) => {
    const values = Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as never;
    const q = ignore ? db.insert(table).values(values).onConflictDoNothing().toSQL() : db.insert(table).values(values).toSQL();
    // Placeholders by name; a column left out is bound to its default, which drizzle writes as a value.
    const order = q.params.map((p) => {
      const x = p as { name?: string; value?: { name?: string } };
      const name = x.name ?? x.value?.name;
      return name === undefined ? { value: p } : { name };
    });
    const stmt = sqlite.prepare(q.sql);
    return (row: Record<string, unknown>) => stmt.run(order.map((o) => ('name' in o ? (row[o.name!] ?? null) : o.value)));
  };
  const insertFields = prepareInsert(reportFields, ['reportId', ...NUMERIC_FIELDS.map((f) => f.column)]);
  const insertReport = prepareInsert(reports, [
    'sourcePath', 'fileName', 'contentHash', 'parserVersion', 'format', 'encoding', 'status', 'organ', 'year', 'template', 'regionStatus',
    'divisionCode', 'townshipCode', 'countyCode', 'cityCode', 'provinceCode', 'bodyKey', 'bodyType', 'singleOther', 'failedRules', 'warnings', 'ingestedAt',
  ]);
  const insertRegion = prepareInsert(regions, ['code', 'name', 'level', 'parentCode', 'provinceCode', 'cityCode', 'countyCode'], true);
  const insertCheck = prepareInsert(checks, ['reportId', 'rule', 'status', 'detail']);
  const insertSources = prepareInsert(reportSources, ['reportId', 'data']);

  const r = rng(40_000);
  let n = 0;
  sqlite.transaction(() => {
    for (const t of picked) {
      const l = lineage(t);
      let parent: string | null = null;
      for (const x of [l.province, l.city, l.county, l.township].filter((y) => y !== null)) {
        insertRegion({
          code: x.code, name: x.name, level: x.level, parentCode: parent, provinceCode: x.provinceCode,
          cityCode: l.city && x.level !== 'province' ? l.city.code : null, countyCode: x.level === 'township' || x.level === 'county' ? x.countyCode : null,
        });
        parent = x.code;
      }
      const organ = `${l.county?.name ?? ''}${t.name}`;
      for (const year of YEARS) {
        const template = year < 2021 ? '2019' : '2021';
        const spec = randomSpec(r, { organ, year, template, nullRate: 0.02 });
        // One report in twenty breaks table 3's column sums (rule 3), as real ones do.
        const broken = r() < 0.05;
        if (broken && spec.values['t3.granted.total'] !== null) spec.values['t3.granted.total']! += 1;
        const results: CheckResult[] = [1, 2, 3, 4].map((rule) => ({ rule: rule as 1, status: broken && rule === 3 ? 'fail' : 'pass', detail: broken && rule === 3 ? '予以公开·总计 ≠ 各列之和' : '' }));
        const path = `bench/${t.code}_${year}.txt`;
        const info = insertReport({
          sourcePath: path, fileName: `${t.code}_${year}.txt`, contentHash: 'bench', parserVersion: 'bench', format: 'txt', encoding: 'utf8', status: 'ok',
          organ, year, template, regionStatus: 'resolved', divisionCode: t.code, townshipCode: t.code, countyCode: l.county?.code, cityCode: l.city?.code,
          provinceCode: l.province.code, bodyKey: t.code, bodyType: 'township', singleOther: spec.singleOther ? 1 : 0, failedRules: broken ? '3' : '', warnings: '[]',
          ingestedAt: '2026-01-01T00:00:00Z',
        });
        const id = Number(info.lastInsertRowid);
        const values = { ...spec.values, 'proactive.total': spec.proactive.total, 'proactive.approx': spec.proactive.approx ? 1 : 0 } as Record<string, number | null>;
        const row: Record<string, unknown> = { reportId: id };
        for (const f of NUMERIC_FIELDS) row[f.column] = values[f.id] ?? null;
        insertFields(row);
        for (const c of results) insertCheck({ reportId: id, ...c });
        insertSources({ reportId: id, data: provenanceOf(spec.values) });
        n++;
      }
    }
  })();
  const t1 = performance.now();
  console.log(`built ${n.toLocaleString()} reports (${picked.length.toLocaleString()} townships × ${YEARS.length} years) by direct insert in ${((t1 - t0) / 1000).toFixed(1)} s`);
  refreshReportMetrics(db, { force: true });
  console.log(`refreshReportMetrics (as at the end of ingest): ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  sqlite.pragma('journal_mode = DELETE');
  sqlite.close();
  renameSync(building, DB_PATH);
  writeFileSync(`${DB_PATH}.stamp`, buildStamp());
}

/** The benchmark database's path, built first when missing or built by other code (BENCH_REBUILD=1 forces it). */
export function benchDatabase(): string {
  const stale = !existsSync(DB_PATH) || !existsSync(`${DB_PATH}.stamp`) || readFileSync(`${DB_PATH}.stamp`, 'utf8') !== buildStamp();
  if (process.env.BENCH_REBUILD === '1' || stale) build();
  else console.log(`using ${DB_PATH}, built by this version (BENCH_REBUILD=1 to rebuild)`);
  return DB_PATH;
}
