import { Readable } from 'node:stream';
import { NUMERIC_FIELDS, messageIn } from '@nianbao/shared';
import { BOM, csvHeader, csvLine, csvRecord, type CsvColumn, type CsvLang } from '../csv.ts';
import type { ExportFilter, FieldsRow, ReportRow, ReportsRepository } from '../repositories/reports.repository.ts';
import type { RegionsService } from './regions.service.ts';

type ExportRow = { report: ReportRow; fields: FieldsRow | null; proactiveEvidence: string | null };

/**
 * The full-data export: one row per report, every field of the catalog, streamed. Failed files
 * are rows too (status, error, warnings, empty fields), so the export accounts for every file.
 */
export class ExportService {
  constructor(private readonly repo: ReportsRepository, private readonly regions: RegionsService) {}

  columns(lang: CsvLang): CsvColumn<ExportRow>[] {
    const name = (code: string | null) => (code ? (this.regions.directory().get(code)?.name ?? null) : null);
    const fixed: CsvColumn<ExportRow>[] = [
      { zh: '报告编号', en: 'Report id', value: (r) => r.report.id },
      { zh: '文件', en: 'File', value: (r) => r.report.sourcePath },
      { zh: '状态', en: 'Status', kind: 'term', value: (r) => r.report.status },
      { zh: '错误', en: 'Error', kind: 'message', value: (r) => r.report.error },
      { zh: '发布机关', en: 'Issuing body', value: (r) => r.report.organ },
      { zh: '年度', en: 'Year', value: (r) => r.report.year },
      { zh: '模板', en: 'Template', value: (r) => r.report.template },
      { zh: '乡镇（街道）代码', en: 'Township code', kind: 'code', value: (r) => r.report.townshipCode },
      { zh: '乡镇（街道）', en: 'Township', value: (r) => name(r.report.townshipCode) },
      { zh: '县（区）代码', en: 'County code', kind: 'code', value: (r) => r.report.countyCode },
      { zh: '县（区）', en: 'County', value: (r) => name(r.report.countyCode) },
      { zh: '市代码', en: 'City code', kind: 'code', value: (r) => r.report.cityCode },
      { zh: '市', en: 'City', value: (r) => name(r.report.cityCode) },
      { zh: '省代码', en: 'Province code', kind: 'code', value: (r) => r.report.provinceCode },
      { zh: '省', en: 'Province', value: (r) => name(r.report.provinceCode) },
      { zh: '区划匹配', en: 'Region status', kind: 'term', value: (r) => r.report.regionStatus },
      { zh: '候选区划', en: 'Region candidates', value: (r) => r.report.regionCandidates },
      { zh: '未通过的勾稽规则', en: 'Failed rules', value: (r) => r.report.failedRules },
      // Several warnings in one cell: each said in the export's language, then joined.
      { zh: '提示', en: 'Warnings', value: (r) => (JSON.parse(r.report.warnings) as string[]).map((w) => messageIn(lang, w)).join(' | ') },
    ];
    const numeric: CsvColumn<ExportRow>[] = NUMERIC_FIELDS.map((f) => ({
      zh: `${f.label} [${f.id}]`,
      en: `${f.labelEn} [${f.id}]`,
      value: (r) => {
        const v = r.fields?.[f.column] ?? null;
        return f.kind === 'bool' && v !== null ? v === 1 : v;
      },
    }));
    const evidenceColumn: CsvColumn<ExportRow> = { zh: '主动公开数出处 [proactive.evidence]', en: 'Proactive count evidence [proactive.evidence]', value: (r) => r.proactiveEvidence };
    return [...fixed, ...numeric, evidenceColumn];
  }

  /** BOM and header line: sent (and flushed through gzip) before any row is read. */
  header(lang: CsvLang): string {
    return BOM + csvLine(csvHeader(this.columns(lang), lang));
  }

  /** The rows, a few hundred at a time as the client takes them (back-pressure): 200,000 reports never sit in memory. */
  rows(filter: ExportFilter, lang: CsvLang): Readable {
    const columns = this.columns(lang);
    const repo = this.repo;
    function* chunks() {
      let text = '';
      let n = 0;
      // Pages of 250 reports: the event loop is never held long, so other requests are answered during an export.
      for (const row of repo.exportRows(filter, 250)) {
        text += csvLine(csvRecord(columns, row, lang));
        if (++n === 250) {
          yield text;
          text = '';
          n = 0;
        }
      }
      if (text) yield text;
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 20 });
  }

  /** Header then rows, as one stream of text. */
  stream(filter: ExportFilter, lang: CsvLang): Readable {
    const header = this.header(lang);
    const rows = () => this.rows(filter, lang);
    return Readable.from((async function* () {
      yield header;
      yield* rows();
    })(), { objectMode: false });
  }
}
