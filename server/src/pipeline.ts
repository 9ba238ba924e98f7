import { readFile } from 'node:fs/promises';
import { fieldIdsFor, type CheckResult, type FieldValue, type ParseOutput } from '@nianbao/shared';
import { checkReport } from './check/rules.ts';
import { ExtractError, extractorFor, supportedExtensions, type Extracted } from './extract/index.ts';
import { encodeProvenance } from './store/provenance.ts';
import { parseReport, type ParsedReport } from './parse/index.ts';
import { resolveRegion, type ResolvedRegion } from './resolve/region.ts';

/** Text beyond this is no report (a real one has under 100,000 characters) and is not parsed. */
export const MAX_TEXT_CHARS = 20_000_000;

/** Everything one report file yields, for `parse --json` and for the store. */
export interface ProcessedReport {
  output: ParseOutput;
  parsed: ParsedReport | null;
  region: ResolvedRegion | null;
  format: string | null;
  source: string | null;
  /** Where each value was read (store/provenance.ts), deflated; for ok reports. */
  provenance?: Uint8Array;
  /**
   * The numeric fields in NUMERIC_FIELDS order (NaN for null), set where a parse worker moved
   * them out of `output.fields` to send them cheaply; the store reads either.
   */
  numeric?: Float64Array;
}

export interface PipelineOptions {
  overrides?: Map<string, string>;
  /** Path used for region hints (folder names); defaults to the file path. */
  hintPath?: string;
}

/** A file that yields no report, with the reason (stored as a failed report, listed on 数据质量). */
export function failed(file: string, error: string, warnings: string[] = []): ProcessedReport {
  return { output: { file, ok: false, error, fields: {}, checks: [], warnings, uncertain: [] }, parsed: null, region: null, format: null, source: null };
}

/** extract → parse → resolve → check, on bytes already read. Never throws. */
export async function processBytes(file: string, bytes: Buffer, opts: PipelineOptions = {}): Promise<ProcessedReport> {
  const extractor = extractorFor(file);
  if (!extractor) return failed(file, `unsupported file type (supported: ${supportedExtensions().join(' ')})`);
  let text: string;
  let titles: string[] = [];
  let locate: Extracted['locate'];
  let box: Extracted['box'];
  const warnings: string[] = [];
  let source: string;
  try {
    const ex = await extractor.extract(bytes, file);
    text = ex.text;
    titles = ex.titles ?? [];
    locate = ex.locate;
    box = ex.box;
    source = ex.source;
    warnings.push(...ex.warnings);
  } catch (e) {
    const reason = e instanceof ExtractError ? e.message : `cannot read: ${(e as Error).message}`;
    return failed(file, reason);
  }
  if (text.length > MAX_TEXT_CHARS) return failed(file, `text too long: ${(text.length / 1e6).toFixed(1)} million characters (the limit is ${MAX_TEXT_CHARS / 1e6} million; a report has under 0.1)`);
  try {
    const parsed = parseReport(text, titles);
    warnings.push(...parsed.warnings);
    const region = resolveRegion({ organ: parsed.organ, text: parsed.text, path: opts.hintPath ?? file, overrides: opts.overrides }, warnings);
    const header: Record<string, FieldValue> = {
      organ: parsed.organ,
      year: parsed.year,
      template: parsed.template,
      'region.township': region.township,
      'region.county': region.county,
      'region.city': region.city,
      'region.province': region.province,
      'region.code': region.code,
      'region.status': region.status,
      'proactive.total': parsed.proactive.total,
      'proactive.approx': parsed.proactive.approx,
      'proactive.evidence': parsed.proactive.evidence,
    };
    // Catalog order, in one pass: header, region and narrative ids, then the template's tables.
    const fields: Record<string, FieldValue> = {};
    for (const id of fieldIdsFor(parsed.template, parsed.singleOther)) {
      fields[id] = id in header ? header[id] : parsed.tables[id] ?? null;
    }
    if (region.candidates && region.status !== 'resolved') fields['region.candidates'] = region.candidates;
    if (parsed.proactive.total === null) warnings.push('no proactive-disclosure count (主动公开…条) found in section 一');
    const checks: CheckResult[] = checkReport(fields, parsed.applications.value);
    const ok = parsed.template !== 'unknown' || parsed.year !== null;
    const provenance = ok
      ? encodeProvenance({
          format: extractor.format,
          flattened: parsed.flattened,
          rows: parsed.sources.rows.map((r) => ({ ...r, where: locate?.(r.line) ?? null, box: box?.(r.line) ?? null })),
          fields: parsed.sources.fields,
          headers: parsed.sources.headers,
          narrative: parsed.sources.narrative,
        })
      : undefined;
    return {
      output: { file, ok, error: ok ? null : 'not a 政府信息公开工作年度报告: no tables and no reporting year found', fields, checks, warnings, uncertain: parsed.uncertain },
      parsed,
      region,
      format: extractor.format,
      source,
      provenance,
    };
  } catch (e) {
    // A parser bug must not stop a run; it is reported against the file.
    return failed(file, `parser error: ${(e as Error).message}`, warnings);
  }
}

export async function processFile(file: string, opts: PipelineOptions = {}): Promise<ProcessedReport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return failed(file, `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return processBytes(file, bytes, opts);
}
