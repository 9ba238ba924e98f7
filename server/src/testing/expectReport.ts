/**
 * Shared by the format tests: a generated report for a seed, and the check that a file written
 * from it parses back to every one of its values.
 */
import { expect } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { randomSpec, rng, type ReportSpec } from './generate.ts';
import { pickTownship } from './townships.ts';

/** A generated report (either template, some blank cells) and its township's division code. */
export function specFor(seed: number): { spec: ReportSpec; code: string | null } {
  const r = rng(seed);
  const place = pickTownship(r);
  const template = r() < 0.5 ? '2019' : '2021';
  const spec = randomSpec(r, { organ: place.organ, year: 2019 + Math.floor(r() * 6), template, singleOther: r() < 0.3, nullRate: r() < 0.4 ? 0.05 : 0 });
  return { spec, code: place.code };
}

/** Header, region, proactive count and every table cell of `spec`, read back from `bytes`. */
export async function expectSameValues(file: string, bytes: Buffer, spec: ReportSpec, code: string | null) {
  const out = (await processBytes(file, bytes)).output;
  expect(out.error).toBeNull();
  expect(out.fields.template).toBe(spec.template);
  expect(out.fields.year).toBe(spec.year);
  expect(out.fields.organ).toBe(spec.organ);
  expect(out.fields['region.code']).toBe(code);
  expect(out.fields['proactive.total']).toBe(spec.proactive.total);
  const tables = Object.fromEntries(Object.entries(out.fields).filter(([k]) => /^t[234]/.test(k)));
  expect(tables).toEqual(spec.values);
  return out;
}
