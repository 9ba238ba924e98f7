import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { T2_ROWS_2021, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS } from '@nianbao/shared';
import { REPO_ROOT } from '../paths.ts';
import type { ReportSpec } from './generate.ts';

/**
 * A 2021-template report written into the official blank Word template
 * (`server/fixtures/corpus/template/official-2021-template-blank.docx`) the way a clerk fills it:
 * the title and the first （文字描述） replaced, and every empty value cell of the three tables
 * given its number (blank where the spec's value is null). Everything else — merged cells, column
 * widths, header rows — is the State Council's own file.
 */
export const OFFICIAL_TEMPLATE = resolve(REPO_ROOT, 'server/fixtures/corpus/template/official-2021-template-blank.docx');

/** Field ids in the order of the template's empty value cells, table by table. */
export function officialSlotOrder(): string[][] {
  const t2 = T2_ROWS_2021.flatMap((r) => r.cols.map((c) => `t2.${r.id}.${c.id}`));
  const t3 = T3_ROWS.filter((r) => r.id !== 'other.total').flatMap((r) => T3_COLUMNS.map((c) => `t3.${r.id}.${c.id}`));
  const t4 = T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => `t4.${g.id}.${c.id}`));
  return [t2, t3, t4];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (text: string) => `<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;

function cellText(tc: string): string {
  return (tc.match(/<w:t[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('').trim();
}

/** Writes `value` into an empty cell: a run in its first paragraph. */
function fillCell(tc: string, value: string): string {
  if (/<w:p\/>/.test(tc)) return tc.replace('<w:p/>', `<w:p>${run(value)}</w:p>`);
  return tc.replace(/(<w:p[ >][\s\S]*?)(<\/w:p>)/, (_, open: string, close: string) => `${open}${run(value)}${close}`);
}

/** Replaces the text of the first paragraph whose text is `from` with `to`. */
function replaceParagraph(xml: string, from: string, to: string): string {
  let done = false;
  return xml.replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => {
    if (done || cellText(p) !== from) return p;
    done = true;
    const props = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(p)?.[0] ?? '';
    return `<w:p>${props}${run(to)}</w:p>`;
  });
}

export function fillOfficialTemplate(spec: ReportSpec): Buffer {
  if (spec.template !== '2021' || spec.singleOther) throw new Error('the official template is the 2021 one, with split （六） rows');
  const files = unzipSync(readFileSync(OFFICIAL_TEMPLATE));
  let xml = strFromU8(files['word/document.xml']);
  const order = officialSlotOrder();
  let table = 0;
  xml = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    const ids = order[table++] ?? [];
    let k = 0;
    const filled = tbl.replace(/<w:tc>[\s\S]*?<\/w:tc>/g, (tc) => {
      // Under a merged cell (vMerge continuation) or with a label: not a value cell.
      if (/<w:vMerge\/>|<w:vMerge w:val="continue"\/>/.test(tc) || cellText(tc) !== '') return tc;
      const id = ids[k++];
      const v = id === undefined ? null : spec.values[id];
      return v === null || v === undefined ? tc : fillCell(tc, String(v));
    });
    if (k !== ids.length) throw new Error(`official template table ${table}: ${k} empty cells for ${ids.length} fields`);
    return filled;
  });
  xml = replaceParagraph(xml, '政府信息公开工作年度报告格式模板', `${spec.organ}${spec.year}年政府信息公开工作年度报告`);
  const approx = spec.proactive.approx ? '余' : '';
  xml = replaceParagraph(xml, '（文字描述）', `${spec.year}年，通过门户网站等渠道主动公开政府信息${spec.proactive.total}${approx}条。本年度收到政府信息公开申请${spec.applications}件。`);
  files['word/document.xml'] = strToU8(xml);
  return Buffer.from(zipSync(files));
}
