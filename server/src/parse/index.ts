import { FIELD_BY_ID, implausibility, type FieldValue, type TemplateId } from '@nianbao/shared';
import { unflatten } from './flattened.ts';
import { toSimplified } from './traditional.ts';
import { SourceCollector, type TableSources } from './sources.ts';
import { parseHeader } from './header.ts';
import { parseApplicationCount, parseProactive, type ApplicationCount, type Proactive } from './narrative.ts';
import { toRows } from './rows.ts';
import { splitSections } from './sections.ts';
import { isTemplate2019Table2, parseTable2of2019, parseTable2of2021 } from './table2.ts';
import { parseTable3 } from './table3.ts';
import { parseTable4 } from './table4.ts';

/** Bumped whenever parsing changes what it reads, so ingest re-parses unchanged files. */
export const PARSER_VERSION = '4'; // 2: flattened web text, traditional Chinese, cover-letter titles, proactive count in later sub-sections; 3: undecided cells listed as uncertain; 4: titles from page metadata, proactive count tied to 主动公开, region hints from the whole text, empty flattened rows, implausible values uncertain

/** A narrative value's sentence and the line (1-based) of the text it stands on. */
export interface NarrativeSource {
  field: 'proactive.total' | 'narrative.applications';
  text: string;
  line: number;
}

export type ReportSources = TableSources & { narrative: NarrativeSource[] };

/** Line (1-based) of character `at` of `text` (the narrative is the text's first lines). */
function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Table 3's first row as a table line (its label, then a value): once per report. */
const T3_FIRST_ROW_LINE = /^[ \t]*(?:一\s*[、.．]\s*)?本年新收[^\n]{0,20}?申请数量[ \t|]*[\d/—-]/gm;

/** The parse stage's result: table and narrative fields; region fields come from the resolve stage. */
export interface ParsedReport {
  organ: string | null;
  year: number | null;
  template: TemplateId;
  singleOther: boolean;
  /** Every table field of the report's template (null where absent), in no particular order. */
  tables: Record<string, number | null>;
  proactive: Proactive;
  applications: ApplicationCount;
  /**
   * Table fields left null because the parser could not decide their value (a flattened digit
   * run that splits more than one way), as opposed to blank in the report. Each has a warning.
   */
  uncertain: string[];
  /** Where each table value and narrative value was read (provenance). */
  sources: ReportSources;
  /** The tables were rebuilt from a crawler's one-line dump (their lines are of the rebuilt text). */
  flattened: boolean;
  /**
   * The whole text as parsed (simplified, rows rebuilt), for region hints: a report's signature
   * line and closing sentences (`可在“呼兰区人民政府门户网站”查阅`) name its county.
   */
  text: string;
  warnings: string[];
}

/**
 * Reads one report's text (tables as tab-separated rows, one cell per line, `|` cells or plain
 * lines) into the canonical fields. Never throws on odd input: what it cannot read is null and
 * said in `warnings`.
 */
export function parseReport(text: string, titles: readonly string[] = []): ParsedReport {
  const warnings: string[] = [];
  const simplified = toSimplified(text.replace(/^\uFEFF/, ''));
  if (simplified.converted) warnings.push('text is in traditional Chinese; converted to simplified before parsing');
  const flat = unflatten(simplified.text);
  warnings.push(...flat.warnings);
  const clean = flat.text.replace(/\u00a0/g, ' ');
  const sections = splitSections(clean);
  const tables3 = clean.match(T3_FIRST_ROW_LINE)?.length ?? 0;
  if (tables3 > 1) warnings.push(`the file holds ${tables3} reports' tables (table 3 begins ${tables3} times); only the first report is read`);
  const { organ, year } = parseHeader(clean, warnings, titles.map((t) => toSimplified(t).text));
  const proactive = parseProactive(sections.narrative);
  const applications = parseApplicationCount(sections.narrative);

  let template: TemplateId = 'unknown';
  let singleOther = false;

  const t3Rows = sections.t3 ? toRows(sections.t3.text, sections.t3.firstLine) : [];
  const t3Warnings: string[] = [];
  const collector = new SourceCollector();
  collector.header('t3', t3Rows);
  const t3 = parseTable3(t3Rows, t3Warnings, collector);
  const tables: Record<string, number | null> = t3.rowsFound > 0 ? t3.fields : {};
  if (t3.rowsFound > 0) {
    const t2Text = sections.t2?.text ?? '';
    template = isTemplate2019Table2(t2Text) ? '2019' : '2021';
    singleOther = template === '2019' || t3.singleOther;
    const t2Rows = toRows(t2Text, sections.t2?.firstLine ?? 1);
    collector.header('t2', t2Rows);
    // Tables 2 and 4 write into table 3's object: copying ~200 keys between objects is costly.
    if (template === '2019') parseTable2of2019(t2Rows, warnings, tables, collector);
    else parseTable2of2021(t2Rows, warnings, tables, collector);
    warnings.push(...t3Warnings);
    const t4Rows = sections.t4 ? toRows(sections.t4.text, sections.t4.firstLine) : [];
    collector.header('t4', t4Rows);
    if (!sections.t4) warnings.push('table 4 (行政复议、行政诉讼) not found; its fields are null');
    parseTable4(t4Rows, warnings, tables, collector);
    if (template === '2021' && t3.singleOther) warnings.push('table 3 has a single （六）其他处理 row (hybrid of the 2019 and 2021 templates)');
  } else {
    warnings.push('no table 3 (收到和处理政府信息公开申请情况) found: template unknown, no table fields');
    if (year !== null && year < 2019) {
      const oldTable = /指标名称|计量单位|历年累计/.test(clean) ? ' (its 统计表 of 指标名称/计量单位/历年累计 maps to no canonical field)' : '';
      warnings.push(`report for ${year} predates the national templates of 2019/2021${oldTable}; only header and narrative fields are read`);
    }
  }

  const uncertain: string[] = [];
  for (const id in tables) {
    const v = tables[id];
    if (v === null) continue;
    if (Number.isNaN(v)) {
      tables[id] = null;
      uncertain.push(id);
      continue;
    }
    const why = implausibility(FIELD_BY_ID.get(id)!, v);
    if (why) {
      warnings.push(`${id}: value ${v} is ${why}; left null (uncertain)`);
      tables[id] = null;
      uncertain.push(id);
    }
  }
  if (proactive.total !== null && implausibility(FIELD_BY_ID.get('proactive.total')!, proactive.total)) {
    warnings.push(`proactive.total: ${proactive.total} items is ${implausibility(FIELD_BY_ID.get('proactive.total')!, proactive.total)}; left null`);
    proactive.total = null;
    proactive.approx = null;
    uncertain.push('proactive.total');
  }
  const narrativeSources: NarrativeSource[] = [];
  for (const [field, found] of [['proactive.total', proactive], ['narrative.applications', applications]] as const) {
    if (found.evidence && found.at !== null) narrativeSources.push({ field, text: found.evidence, line: lineAt(sections.narrative, found.at) });
  }
  const sources: ReportSources = { ...collector.result(), narrative: narrativeSources };
  return { organ, year, template, singleOther, tables, proactive, applications, uncertain, sources, flattened: flat.flattened, text: clean, warnings };
}

export type { FieldValue };
