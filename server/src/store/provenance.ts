import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NUMERIC_FIELDS } from '@nianbao/shared';
import type { NarrativeSource } from '../parse/index.ts';
import type { SourceRow } from '../parse/sources.ts';
import type { SourceBox } from '../extract/types.ts';

/**
 * A report's provenance as the API serves it: every table value's printed row and cell, every
 * narrative value's sentence, and where in the file each sits.
 */
export interface ProvenanceDoc {
  /** The extractor that read the file (text, html, docx, pdf, doc). */
  format: string;
  /** Rows were rebuilt from a crawler's one-line dump: their lines are of the rebuilt text. */
  flattened: boolean;
  rows: (SourceRow & { where: string | null; box?: SourceBox | null })[];
  /** Field id → [index into rows, index into that row's cells]. */
  fields: Record<string, [number, number]>;
  /** Each table's header lines as printed (t2, t3, t4). */
  headers: Record<string, string[]>;
  narrative: NarrativeSource[];
}

/** The table fields in a fixed order: stored documents name a field by its place in this list. */
const TABLE_IDS = NUMERIC_FIELDS.filter((f) => /^t[234]/.test(f.table)).map((f) => f.id);
const TABLE_INDEX = new Map(TABLE_IDS.map((id, i) => [id, i]));

/**
 * zlib's preset dictionary for version 2: the template's printed labels, which nearly every row
 * of every report repeats, so they compress to back-references (1.9 KB a report without it,
 * about 0.8 KB with it). Frozen as text here, not derived from the catalog: a stored document
 * must inflate with the dictionary it was deflated with, whatever the catalog becomes.
 */
const DICTIONARY_V2 = Buffer.from(
  JSON.stringify(["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开", "（三）不予公开 1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供 1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理 1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理 1.申请人无正当理由逾期不补正", "2.申请人逾期未按收费通知要求缴纳费用", "3.其他", "（六）其他处理", "（七）总计", "四、结转下年度继续办理", "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "规范性文件", "其他对外管理服务事项", "政府集中采购", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "主动公开政府信息", "年，", "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第 1 页", "第 2 页", "第 3 页", "第 4 页", "第 5 页"]),
);

/**
 * Stored form (`report_sources.data`), version 2: JSON deflated (level 6) with DICTIONARY_V2.
 * A row is [line, label, cells joined by tabs, where, fields, box]: `box` (PDF) is [page, x0, top,
 * x1, bottom, then each value cell's x0, x1 where known] in points, or absent. `fields` is the TABLE_IDS index of
 * its first cell's field when its cells hold consecutive fields (almost every row), else one
 * index per cell (-1 for a cell no field was read from). `also` holds [field, row, cell] of the
 * fields that share a cell with another (a 2019 report's comparable t2.* ids). `n` is TABLE_IDS'
 * length then.
 */
interface Stored {
  v: 2;
  n: number;
  format: string;
  flattened: boolean;
  rows: [number, string, string, string | null, number | number[], number[]?][];
  also: [number, number, number][];
  headers?: Record<string, string[]>;
  narrative: NarrativeSource[];
}

export function encodeProvenance(doc: ProvenanceDoc): Buffer {
  const perRow: number[][] = doc.rows.map((r) => r.cells.map(() => -1));
  const also: Stored['also'] = [];
  for (const id in doc.fields) {
    const i = TABLE_INDEX.get(id);
    const [row, cell] = doc.fields[id];
    if (i === undefined || !perRow[row] || cell >= perRow[row].length) continue;
    if (perRow[row][cell] < 0) perRow[row][cell] = i;
    else also.push([i, row, cell]);
  }
  const rows = doc.rows.map((r, k): Stored['rows'][number] => {
    const f = perRow[k];
    const consecutive = f.length > 0 && f[0] >= 0 && f.every((x, j) => x === f[0] + j);
    const fields = consecutive ? f[0] : f;
    const b = r.box;
    return b ? [r.line, r.label, r.cells.join('\t'), r.where, fields, [b.page, ...b.row, ...(b.cells ?? []).flat()]] : [r.line, r.label, r.cells.join('\t'), r.where, fields];
  });
  const stored: Stored = { v: 2, n: TABLE_IDS.length, format: doc.format, flattened: doc.flattened, rows, also, headers: doc.headers, narrative: doc.narrative };
  return deflateRawSync(JSON.stringify(stored), { level: 6, dictionary: DICTIONARY_V2 });
}

/** The document, or null for one stored by another version or under another catalog (ingest again to renew it). */
export function decodeProvenance(data: Uint8Array): ProvenanceDoc | null {
  let s: Stored;
  try {
    s = JSON.parse(inflateRawSync(data, { dictionary: DICTIONARY_V2 }).toString('utf8')) as Stored;
  } catch {
    return null;
  }
  if (s.v !== 2 || s.n !== TABLE_IDS.length) return null;
  const fields: Record<string, [number, number]> = {};
  const rows = s.rows.map(([line, label, joined, where, f, b], k) => {
    const cells = joined === '' ? [] : joined.split('\t');
    cells.forEach((_, j) => {
      const i = typeof f === 'number' ? f + j : f[j];
      if (i >= 0 && i < TABLE_IDS.length) fields[TABLE_IDS[i]] = [k, j];
    });
    const box: SourceBox | null = b && b.length >= 5
      ? { page: b[0], row: [b[1], b[2], b[3], b[4]], cells: b.length > 5 ? Array.from({ length: (b.length - 5) / 2 }, (_, i): [number, number] => [b[5 + 2 * i], b[6 + 2 * i]]) : null }
      : null;
    return { line, label, cells, where, box };
  });
  for (const [i, row, cell] of s.also) if (i < TABLE_IDS.length) fields[TABLE_IDS[i]] = [row, cell];
  return { format: s.format, flattened: s.flattened, rows, fields, headers: s.headers ?? {}, narrative: s.narrative };
}
