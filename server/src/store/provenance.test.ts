/**
 * Every stored table value can be traced to its report: the cell its source names, as printed,
 * reads as that value, in a row whose printed label is the row's; on the real corpus (text,
 * PDF, web pages, flattened dumps) and on generated reports in every format read without a browser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIELD_BY_ID, T3_ROWS } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { classifyCell, normalizeLabel } from '../parse/cells.ts';
import { processBytes, processFile } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';
import { LAYOUTS, randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { renderDocxReport } from '../testing/renderDocx.ts';
import { renderHtmlReport } from '../testing/renderHtml.ts';
import { decodeProvenance } from './provenance.ts';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ProcessedReport } from '../pipeline.ts';

const CORPUS = resolve(REPO_ROOT, 'server/fixtures/corpus');

/** Problems of a report's provenance: values whose printed cell does not read as the value. */
function traceProblems(r: ProcessedReport): string[] {
  expect(r.provenance, r.output.file).toBeDefined();
  const doc = decodeProvenance(r.provenance!)!;
  const problems: string[] = [];
  let traced = 0;
  for (const [id, value] of Object.entries(r.output.fields)) {
    if (!/^t[234]/.test(id) || typeof value !== 'number') continue;
    const at = doc.fields[id];
    if (!at) {
      problems.push(`${id}=${value}: no source`);
      continue;
    }
    const row = doc.rows[at[0]];
    const printed = classifyCell(row.cells[at[1]]);
    const read = printed.kind === 'number' ? printed.value : null;
    // Money printed in 元 is stored in 万元.
    const same = read === value || (FIELD_BY_ID.get(id)!.kind === 'money' && read !== null && Math.abs(read / 10000 - value) < 1e-6);
    if (!same) problems.push(`${id}=${value}: its cell reads "${row.cells[at[1]]}" (line ${row.line}, ${row.label})`);
    traced++;
    // A table 3 row's printed label is that row's (the catalog's patterns match it).
    const t3 = /^t3\.(.+)\.[a-z_]+$/.exec(id);
    const def = t3 && T3_ROWS.find((x) => x.id === t3[1]);
    if (def && !doc.flattened && !def.match.some((re) => re.test(normalizeLabel(row.label)))) problems.push(`${id}: printed label "${row.label}" is not ${def.label}`);
  }
  expect(traced, r.output.file).toBeGreaterThan(0);
  // Web pages and Word files name the table and row each value's row is, PDFs the page.
  const where = r.format === 'pdf' ? /^第 \d+ 页$/ : r.format === 'html' || r.format === 'docx' || r.format === 'doc' ? /^第 \d+ 个表格第 \d+ 行$/ : null;
  if (where && !doc.flattened) for (const [id, [row]] of Object.entries(doc.fields)) if (!where.test(doc.rows[row].where ?? '')) problems.push(`${id}: where "${doc.rows[row].where}"`);
  return problems;
}

describe('the table and row a web page prints a value in', () => {
  it('is the row of that table that holds the printed cells (a real 平潭 page)', async () => {
    const file = resolve(CORPUS, 'real/html-article/pingtan_shenpi_2022.html');
    const r = await processFile(file);
    const doc = decodeProvenance(r.provenance!)!;
    const dom = parseDocument(readFileSync(file, 'utf8'));
    // Tables without tables inside, in document order, as the extractor counts them.
    const tables = DomUtils.findAll((e) => e.name === 'table' && !DomUtils.findOne((x) => x.name === 'table', e.children), dom.children);
    for (const id of ['t3.new_received.total', 't2.normative_docs.in_force', 't4.review.total']) {
      const [row, cell] = doc.fields[id];
      const m = /^第 (\d+) 个表格第 (\d+) 行$/.exec(doc.rows[row].where!)!;
      const trs = DomUtils.findAll((e) => e.name === 'tr', tables[Number(m[1]) - 1].children);
      const text = DomUtils.textContent(trs[Number(m[2]) - 1]).replace(/\s+/g, '');
      expect([id, text.includes(doc.rows[row].cells[cell])]).toEqual([id, true]);
      if (doc.rows[row].label) expect(text).toContain(doc.rows[row].label.replace(/\s+/g, '').slice(0, 4));
    }
  });
});

describe('provenance of every stored table value', () => {
  const expected = readdirSync(resolve(CORPUS, 'expected')).map((f) => JSON.parse(readFileSync(resolve(CORPUS, 'expected', f), 'utf8')) as { file: string; fields: Record<string, unknown> });
  const withTables = expected.filter((e) => e.fields.template !== 'unknown');
  for (const e of withTables) {
    it(`real: ${e.file}`, async () => {
      const r = await processFile(resolve(CORPUS, e.file.replace(/^(shared\/)?corpus\//, '')));
      expect(traceProblems(r)).toEqual([]);
      // Narrative values carry their sentence and its line; tables their header as printed (the column labels).
      const doc = decodeProvenance(r.provenance!)!;
      expect(doc.headers.t3.join('')).toContain('自然人');
      expect(doc.headers.t4.join('')).toContain('行政复议');
      if (r.output.fields['proactive.total'] !== null) expect(doc.narrative.find((n) => n.field === 'proactive.total')?.line).toBeGreaterThan(0);
    });
  }

  it('generated: text in every layout, web pages, Word files', async () => {
    const r = rng(77);
    for (let i = 0; i < 20; i++) {
      const spec = randomSpec(r, { organ: '渠县望溪镇', year: 2019 + (i % 6), template: i % 3 === 0 ? '2019' : '2021', nullRate: 0.05 });
      for (const [name, bytes] of [
        ['r.txt', Buffer.from(renderTextReport(spec, LAYOUTS[i % LAYOUTS.length]))],
        ['r.html', renderHtmlReport(spec)],
        ['r.docx', await renderDocxReport(spec)],
      ] as const) {
        const out = await processBytes(name, bytes);
        expect([name, i, traceProblems(out)]).toEqual([name, i, []]);
      }
    }
  });
});
