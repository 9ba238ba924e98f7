import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../ingest/ingest.ts';
import { openWritable } from '../../store/db.ts';
import { randomSpec, renderTextReport, rng, type ReportSpec } from '../../testing/generate.ts';
import { citiesWithTwoCounties, type GeneratedTownship, type TwoCountyFixture } from '../../testing/townships.ts';
import { divisions } from '../../resolve/divisions.ts';

/**
 * A real SQLite file built the way production builds it: generated report texts with known
 * values written to a temp dir, then `ingest`. Two counties of one city:
 *
 *   county A, townships a1..a4 — proactive.total 2024: 50, 30, 30, 10 (a4 also breaks rule 4);
 *                                                   2023: 45, 30, 35, (no report)
 *   county B, townships b1..b3 — proactive.total 2024: 5, 0, 7 (no 2023 reports)
 *
 * plus one unreadable file named `=SUM(A1).txt` (for the data-quality list and CSV escaping).
 */
/** `specs` also holds county A's government's report, as `${countyCode}|2024`. */
export interface Fixture extends TwoCountyFixture {
  dir: string;
  dbPath: string;
  cleanup: () => void;
}

export const PROACTIVE_2024_A = [50, 30, 30, 10];
export const PROACTIVE_2023_A = [45, 30, 35, null];
export const PROACTIVE_2024_B = [5, 0, 7];
/** Proactive disclosures of county A's government's own 2024 report. */
export const COUNTY_BODY_PROACTIVE = 777;

/** The first city (in code order) with two counties of at least four uniquely named townships. */
function pickCounties(): { a: GeneratedTownship[]; b: GeneratedTownship[] } {
  const first = citiesWithTwoCounties()[0];
  if (!first) throw new Error('no city with two suitable counties in the division list');
  return first;
}

function spec(r: () => number, t: GeneratedTownship, year: number, proactive: number, chainedYear: boolean): ReportSpec {
  const s = randomSpec(r, { organ: t.organ, year });
  s.proactive = { total: proactive, approx: false };
  if (chainedYear) {
    // Random years do not chain (rule 5); blank the linking cells so rule 5 is uncertain, not failed.
    for (const id of Object.keys(s.values)) if (id.startsWith('t3.carried_over.') || id.endsWith('.in_force')) s.values[id] = null;
  }
  return s;
}

export async function buildFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-api-'));
  const reportsDir = join(dir, 'reports');
  const dbPath = join(dir, 'test.sqlite');
  const { a, b } = pickCounties();
  const r = rng(20240601);
  const specs = new Map<string, ReportSpec>();
  const write = (t: GeneratedTownship, s: ReportSpec) => {
    specs.set(`${t.code}|${s.year}`, s);
    writeFileSync(join(dir, `${t.code}_${s.year}.txt`), renderTextReport(s));
  };
  a.forEach((t, i) => {
    const had2023 = PROACTIVE_2023_A[i] !== null;
    if (had2023) write(t, spec(r, t, 2023, PROACTIVE_2023_A[i]!, false));
    const s = spec(r, t, 2024, PROACTIVE_2024_A[i], had2023);
    if (i === 3) s.values['t4.review.total'] = (s.values['t4.review.total'] ?? 0) + 1; // breaks rule 4
    write(t, s);
  });
  b.forEach((t, i) => write(t, spec(r, t, 2024, PROACTIVE_2024_B[i], false)));
  // The county government's own report: a body above township level, outside the township leagues.
  const countyName = divisions().byCode.get(a[0].countyCode)!.name;
  const countyBody = randomSpec(r, { organ: `${countyName}人民政府`, year: 2024 });
  countyBody.proactive = { total: COUNTY_BODY_PROACTIVE, approx: false };
  specs.set(`${a[0].countyCode}|2024`, countyBody);
  writeFileSync(join(dir, `${a[0].countyCode}_county_2024.txt`), renderTextReport(countyBody));
  writeFileSync(join(dir, '=SUM(A1).txt'), '这不是年度报告。');

  const db = openWritable(dbPath);
  await ingest(db, [dir], { overrides: new Map() });
  db.$client.close();
  void reportsDir;
  return {
    dir,
    dbPath,
    countyA: a,
    countyB: b,
    countyACode: a[0].countyCode,
    countyBCode: b[0].countyCode,
    cityCode: divisions().byCode.get(a[0].countyCode)!.cityCode!,
    provinceCode: divisions().byCode.get(a[0].countyCode)!.provinceCode,
    specs,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
