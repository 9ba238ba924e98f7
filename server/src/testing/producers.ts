import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, isSplitOtherRow } from '@nianbao/shared';
import { fillOfficialTemplate } from './fillOfficialTemplate.ts';
import { randomSpec, rng, type ReportSpec } from './generate.ts';
import { renderDocxReport } from './renderDocx.ts';
import { blocksToHtml } from './renderHtml.ts';
import { launchPdfPrinter, type PdfPrinter } from './renderPdf.ts';
import { reportBlocks, type DocBlock, type DocCell } from './reportLayout.ts';
import { pickTownship } from './townships.ts';

/**
 * PDFs made the ways offices make them, from known values, so the PDF reader is tested against
 * producers that do not share its assumptions:
 * - `lo-docx`: the generated Word file (renderDocx.ts: plain grid, narrow columns, labels wrapped
 *   over several lines in their cells) exported by LibreOffice;
 * - `lo-template`: the State Council's own 2021 Word template filled in cell by cell
 *   (fillOfficialTemplate.ts) exported by LibreOffice;
 * - `chromium-*`: government-style web pages printed by Chromium in three stylesheets unlike
 *   renderPdf.ts's: row ordinals in cells of their own, vertical group labels, narrow wrapped
 *   label columns, 仿宋/宋体-style faces, table header rows repeated on every page (thead),
 *   landscape table pages, titles over two lines or two runs, narratives wrapped mid-phrase.
 * LibreOffice runs with a private profile (`-env:UserInstallation`) so it never meets another
 * soffice run; one start converts a whole batch.
 */
export const PRODUCERS = ['lo-docx', 'lo-template', 'chromium-ordinal', 'chromium-landscape', 'chromium-split'] as const;
export type Producer = (typeof PRODUCERS)[number];

export interface ProducedCase {
  seed: number;
  spec: ReportSpec;
  /** The township's 9-digit code the organ resolves to. */
  code: string;
}

/** The spec a seed gives for a producer (the official template holds 2021 reports only). */
export function producerCase(producer: Producer, seed: number): ProducedCase {
  const r = rng(seed);
  const place = pickTownship(r);
  const official = producer === 'lo-template';
  const template = official ? '2021' : r() < 0.5 ? '2019' : '2021';
  const year = template === '2021' ? 2021 + Math.floor(r() * 4) : 2019 + Math.floor(r() * 2);
  const spec = randomSpec(r, { organ: place.organ, year, template, singleOther: !official && r() < 0.3, nullRate: r() < 0.4 ? 0.05 : 0 });
  // Chromium pages name the body as offices title them (`XX镇人民政府`); the organ is the title's words.
  if (producer.startsWith('chromium') && r() < 0.5) spec.organ += '人民政府';
  return { seed, spec, code: place.code };
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

const run = promisify(execFile);
export const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';

/**
 * Converts Word files to PDF in one LibreOffice start (its start-up is most of a small batch's
 * time), with a private user profile under `dir`.
 */
export async function sofficeToPdf(files: Buffer[], dir = mkdtempSync(join(tmpdir(), 'nianbao-lo-'))): Promise<Buffer[]> {
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  mkdirSync(inDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const paths = files.map((b, i) => {
    const p = join(inDir, `r${i}.docx`);
    writeFileSync(p, b);
    return p;
  });
  try {
    await run(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...paths], { timeout: 600_000, maxBuffer: 64 << 20 });
    return files.map((_, i) => readFileSync(join(outDir, `r${i}.pdf`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The generated Word file as an office's: A4 with 2.54 cm margins, tables in 小五/五号 (9 or
 * 10.5 pt) with column widths of its own (label columns of random widths, so labels wrap over one
 * to four lines; value columns wide enough for four or five digits).
 */
export function asOfficeWrites(docx: Buffer, seed: number): Buffer {
  const r = rng(seed ^ 0x2f6b1d);
  const between = (a: number, b: number) => Math.round(a + r() * (b - a));
  const files = unzipSync(docx);
  let xml = strFromU8(files['word/document.xml']);
  const size = r() < 0.5 ? 18 : 21;
  const TEXT = 9026;
  xml = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    const n = (tbl.match(/<w:gridCol /g) ?? []).length;
    let widths: number[];
    if (n === 10) {
      const outer = between(380, 620);
      const group = between(650, 1150);
      const label = between(1300, 3700 - outer - group);
      const v = Math.floor((TEXT - outer - group - label) / 7);
      widths = [outer, group, label, ...Array(7).fill(v)];
    } else if (n === 4) {
      const label = between(1600, 3600);
      widths = [label, ...Array(3).fill(Math.floor((TEXT - label) / 3))];
    } else widths = Array(n).fill(Math.floor(TEXT / n));
    return tbl
      .replace(/<w:tblGrid>[\s\S]*?<\/w:tblGrid>/, `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`)
      .replace(/<w:tblPr>/, '<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>')
      .replace(/<w:tblBorders>[\s\S]*?<\/w:tblBorders>/, '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>')
      .replace(/<w:r>(<w:rPr>)?/g, (_, pr) => (pr ? `<w:r><w:rPr><w:sz w:val="${size}"/>` : `<w:r><w:rPr><w:sz w:val="${size}"/></w:rPr>`));
  });
  xml = xml.replace('<w:sectPr/>', '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>');
  files['word/document.xml'] = strToU8(xml);
  return Buffer.from(zipSync(files));
}

// ---------------------------------------------------------------------------------------------
// Chromium stylesheets

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const val = (spec: ReportSpec, id: string, nullAs: string) => {
  const v = spec.values[id];
  return v === null || v === undefined ? nullAs : String(v);
};

/** One table cell's HTML. */
function td(text: string, a: { cs?: number; rs?: number; cls?: string; th?: boolean } = {}): string {
  const tag = a.th ? 'th' : 'td';
  return `<${tag}${a.cs && a.cs > 1 ? ` colspan="${a.cs}"` : ''}${a.rs && a.rs > 1 ? ` rowspan="${a.rs}"` : ''}${a.cls ? ` class="${a.cls}"` : ''}>${text === '' ? '&nbsp;' : text}</${tag}>`;
}

const GROUP_LABEL: Record<string, string> = { denied: '（三）不予公开', unable: '（四）无法提供', not_processed: '（五）不予处理', other: '（六）其他处理' };
const OUTER = ['new_received', 'carried_over', 'carried_forward'];

/** Ordinal of a 2021 label (`（一）`, `1.`) and its words. */
function splitOrdinal(label: string, style: '、' | '.' | ''): [string, string] {
  const m = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+\.)\s*(.*)$/.exec(label);
  if (!m) return ['', label];
  let ord = m[1];
  if (/^\d/.test(ord)) ord = style === '' ? ord.replace('.', '') : ord.replace('.', style);
  return [ord, m[2]];
}

interface T3Style {
  /** Ordinals in a cell of their own (`1、 | 属于国家秘密`), with this punctuation (`''`: a bare `1`). */
  ordinalCell: '、' | '.' | '' | null;
  /** Group and 本年度办理结果 labels: CSS vertical writing, or one character per line. */
  vertical: 'writing-mode' | 'br';
  /** Header rows in a thead (Chromium repeats them on each page the table spans). */
  thead: boolean;
}

function verticalText(s: string, how: T3Style['vertical']): string {
  return how === 'br' ? [...s].map(esc).join('<br>') : `<span class="vt">${esc(s)}</span>`;
}

function table3Html(spec: ReportSpec, nullAs: string, st: T3Style): string {
  const withOrd = st.ordinalCell !== null;
  const labelCols = withOrd ? 4 : 3;
  const head = [
    `<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { cs: labelCols, rs: 3, th: true })}${td('申请人情况', { cs: 7, th: true })}</tr>`,
    `<tr>${td('自然人', { rs: 2, th: true })}${td('法人或其他组织', { cs: 5, th: true })}${td('总计', { rs: 2, th: true })}</tr>`,
    `<tr>${T3_COLUMNS.slice(1, 6).map((c) => td(c.label, { th: true })).join('')}</tr>`,
  ];
  const present = T3_ROWS.filter((r) => (spec.singleOther ? !isSplitOtherRow(r.id) : r.id !== 'other.total'));
  const outcome = present.filter((r) => !OUTER.includes(r.id));
  const values = (id: string) => T3_COLUMNS.map((c) => td(val(spec, `t3.${id}.${c.id}`, nullAs), { cls: 'v' })).join('');
  const body: string[] = [];
  let first = true;
  for (const r of present) {
    const cells: string[] = [];
    if (OUTER.includes(r.id)) {
      if (withOrd) {
        const [ord, words] = splitOrdinal(r.label, st.ordinalCell!);
        cells.push(td(esc(ord)), td(esc(words), { cs: labelCols - 1 }));
      } else cells.push(td(esc(r.label), { cs: labelCols }));
      body.push(`<tr>${cells.join('')}${values(r.id)}</tr>`);
      continue;
    }
    if (first) {
      cells.push(td(withOrd ? verticalText('三、', st.vertical) + verticalText('本年度办理结果', st.vertical) : verticalText('三、本年度办理结果', st.vertical), { rs: outcome.length, cls: 'narrow' }));
      first = false;
    }
    const group = r.id.includes('.') && r.id !== 'other.total' ? r.id.split('.')[0] : null;
    const label = r.label.includes(' ') ? r.label.split(' ')[1] : r.label;
    const tail = r.id === 'other.no_correction' || r.id === 'other.no_fee' ? '、行政机关不再处理其政府信息公开申请' : '';
    if (group && GROUP_LABEL[group]) {
      const members = present.filter((x) => x.id.startsWith(group + '.'));
      if (members[0].id === r.id) cells.push(td(verticalText(GROUP_LABEL[group], st.vertical), { rs: members.length, cls: 'group' }));
      if (withOrd) {
        const [ord, words] = splitOrdinal(label, st.ordinalCell!);
        cells.push(td(esc(ord), { cls: 'ord' }), td(esc(words + tail), { cls: 'lab' }));
      } else cells.push(td(esc(label + tail), { cls: 'lab' }));
    } else {
      const text = r.id === 'partial' ? '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' : r.label;
      if (withOrd) {
        const [ord, words] = splitOrdinal(text, st.ordinalCell!);
        cells.push(td(esc(ord), { cls: 'ord' }), td(esc(words), { cs: 2, cls: 'lab' }));
      } else cells.push(td(esc(text), { cs: 2, cls: 'lab' }));
    }
    body.push(`<tr>${cells.join('')}${values(r.id)}</tr>`);
  }
  const cols = withOrd
    ? '<col class="c-outer"><col class="c-group"><col class="c-ord"><col class="c-label">'
    : '<col class="c-outer"><col class="c-group"><col class="c-label">';
  const rows = st.thead ? `<thead>${head.join('')}</thead><tbody>${body.join('\n')}</tbody>` : `<tbody>${head.join('')}${body.join('\n')}</tbody>`;
  return `<table class="t3"><colgroup>${cols}${'<col class="c-v">'.repeat(7)}</colgroup>${rows}</table>`;
}

function table4Html(spec: ReportSpec, nullAs: string, thead: boolean): string {
  const heads = T4_COLUMNS.map((c) => td(c.label, { th: true })).join('');
  const head = `<tr>${td('行政复议', { cs: 5, th: true })}${td('行政诉讼', { cs: 10, th: true })}</tr><tr>${td('', { cs: 5, th: true })}${td('未经复议直接起诉', { cs: 5, th: true })}${td('复议后起诉', { cs: 5, th: true })}</tr><tr>${heads}${heads}${heads}</tr>`;
  const row = `<tr>${T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => td(val(spec, `t4.${g.id}.${c.id}`, nullAs), { cls: 'v' }))).join('')}</tr>`;
  return `<table class="t4">${thead ? `<thead>${head}</thead><tbody>${row}</tbody>` : `<tbody>${head}${row}</tbody>`}</table>`;
}

/** Table 2 from the template's layout, with a thead of its own and the group rows. */
function table2Html(blocks: DocBlock[]): string {
  const t2 = blocks.find((b): b is { kind: 'table'; rows: DocCell[][] } => b.kind === 'table')!;
  return blocksToHtml([t2]).replace('<table', '<table class="t2"');
}

/** Narrative paragraphs in an office's own words, long enough to wrap mid-phrase. */
function narrativeParas(spec: ReportSpec, variant: number): string[] {
  const approx = spec.proactive.approx ? '余' : '';
  const n = spec.proactive.total;
  const lead = ['', '本机关', '全年', '围绕中心工作，'][variant % 4];
  const proactive = [
    `（一）主动公开。${spec.year}年，${lead}通过政府门户网站、政务新媒体等平台主动公开政府信息共计 ${n}${approx} 条，其中政策文件12条。`,
    `（一）主动公开政府信息情况。${lead}依托门户网站主动公开政府信息${n}${approx}条，内容涵盖机构职能、政策文件、财政预决算等方面。`,
    `（一）主动公开。${lead}${spec.year}年度共主动公开政府信息 ${n}${approx} 条，及时更新各类公开目录。`,
  ][variant % 3];
  const apps = spec.applications === 0 ? `${spec.year}年，本机关未收到政府信息公开申请。` : `${spec.year}年，本机关共收到政府信息公开申请${spec.applications}件，均已按期办结。`;
  return [
    `根据《中华人民共和国政府信息公开条例》规定，现公布${spec.year}年度政府信息公开工作年度报告。本报告所列数据统计期限为${spec.year}年1月1日至${spec.year}年12月31日。`,
    proactive,
    `（二）依申请公开。${apps}`,
    '（三）政府信息管理。进一步规范政府信息公开审查机制，严格执行保密审查，确保公开内容准确规范。',
    '（四）平台建设。持续加强政府网站信息公开专栏建设，及时调整栏目设置，保障公开渠道畅通。',
  ];
}

interface ChromiumStyle {
  css: string;
  title: (organ: string, rest: string) => string;
  t3: T3Style;
  /** Tables on landscape pages of their own. */
  landscape: boolean;
  footer: string;
  /** Table 3 forced onto a new page after this many body rows (the thead repeats). */
  breakAfter: number | null;
}

const SERIF = '"FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", serif';
const SONG = '"SimSun", "宋体", "WenQuanYi Zen Hei", sans-serif';

const STYLES: Record<Exclude<Producer, 'lo-docx' | 'lo-template'>, ChromiumStyle> = {
  // 仿宋 body (Noto Serif: Type 3 fonts), ordinals in their own cells (`1、`), group labels in CSS
  // vertical writing, header rows repeated, the title over two lines.
  'chromium-ordinal': {
    css: `body{font-family:${SERIF};font-size:16pt;line-height:1.6;margin:0}
h1{font-family:${SONG};font-size:20pt;text-align:center;font-weight:bold;margin:0 0 12pt}
p{margin:0;text-indent:2em}
table{border-collapse:collapse;width:100%;font-size:9pt;line-height:1.3;margin:6pt 0}
td,th{border:0.75pt solid #000;padding:2pt 1pt;text-align:center;font-weight:normal}
.vt{writing-mode:vertical-rl;text-orientation:upright}
td.lab{text-align:left}
.t3{table-layout:fixed}
.c-outer{width:22px}.c-group{width:26px}.c-ord{width:26px}.c-label{width:120px}`,
    title: (organ, rest) => `<h1>${esc(organ)}<br>${esc(rest)}</h1>`,
    t3: { ordinalCell: '、', vertical: 'writing-mode', thead: true },
    landscape: false,
    footer: '<div style="font-size:9pt;width:100%;text-align:center">— <span class="pageNumber"></span> —</div>',
    breakAfter: null,
  },
  // 宋体-like TrueType face; tables on landscape pages; narrow label columns wrapping labels over
  // three or more lines; bare row numbers (`1`) in their own narrow cells; vertical labels one
  // character per line; the title as two runs in different sizes on one line.
  'chromium-landscape': {
    css: `@page land{size:A4 landscape;margin:18mm 20mm}
@page{size:A4;margin:25mm 26mm}
.land{page:land}
body{font-family:${SONG};font-size:15px;line-height:1.8;margin:0}
.ttl{text-align:center;margin:0 0 14px}.ttl .o{font-size:18px}.ttl .r{font-size:24px;font-weight:bold}
p{margin:0;text-indent:2em}
table{border-collapse:collapse;font-size:10px;line-height:1.35;margin:8px 0}
td,th{border:1px solid #333;padding:3px 3px;text-align:center;font-weight:normal}
td.v{text-align:right}
.t3{table-layout:fixed;width:640px}
.c-outer{width:16px}.c-group{width:18px}.c-ord{width:14px}.c-label{width:74px}
.t2{table-layout:fixed;width:560px}.t4{width:100%}`,
    title: (organ, rest) => `<div class="ttl"><span class="o">${esc(organ)}</span>&nbsp;&nbsp;<span class="r">${esc(rest)}</span></div>`,
    t3: { ordinalCell: '', vertical: 'br', thead: false },
    landscape: true,
    footer: '<div style="font-size:9px;width:100%;text-align:right;padding-right:20mm">第<span class="pageNumber"></span>页 共<span class="totalPages"></span>页</div>',
    breakAfter: null,
  },
  // A portal's print view: a narrow content column (narrative wrapping often, mid-phrase), the
  // title split by a line break before the year, ordinals as `1.` cells, table 3 broken onto a
  // new page with its header rows repeated, table 4's header repeated too.
  'chromium-split': {
    css: `body{font-family:${SONG};font-size:14px;line-height:1.9;margin:0 auto;width:520px}
h2{font-size:21px;text-align:center;color:#c00;margin:0 0 10px;line-height:1.5}
p{margin:0 0 2px;text-indent:2em}
table{border-collapse:collapse;width:100%;font-size:11px;line-height:1.4;margin:6px 0}
td,th{border:1px solid #000;padding:4px 2px;text-align:center;font-weight:normal}
th{background:#eee}
td.lab{text-align:left}
.t3{table-layout:fixed}
.c-outer{width:18px}.c-group{width:44px}.c-ord{width:20px}.c-label{width:110px}
tr.brk{break-before:page}`,
    title: (organ, rest) => `<h2>${esc(organ)}<br>${esc(rest)}</h2>`,
    t3: { ordinalCell: '.', vertical: 'br', thead: true },
    landscape: false,
    footer: '<div style="font-size:10px;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
    breakAfter: 9,
  },
};

export function chromiumHtml(producer: Exclude<Producer, 'lo-docx' | 'lo-template'>, spec: ReportSpec, seed: number): string {
  const st = STYLES[producer];
  const nullAs = ['', '/', '—'][seed % 3];
  const blocks = reportBlocks(spec, { nullAs: nullAs as '' | '/' | '—' });
  const paras = narrativeParas(spec, seed).map((t) => `<p>${esc(t)}</p>`);
  let t3 = table3Html(spec, nullAs, st.t3);
  if (st.breakAfter !== null) {
    let k = 0;
    t3 = t3.replace(/<tbody>([\s\S]*?)<\/tbody>/, (all) => all.replace(/<tr>/g, (m) => (k++ === st.breakAfter ? '<tr class="brk">' : m)));
  }
  const tables = [
    '<p><strong>二、主动公开政府信息情况</strong></p>', table2Html(blocks),
    '<p><strong>三、收到和处理政府信息公开申请情况</strong></p>', t3,
    '<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>', table4Html(spec, nullAs, st.t3.thead),
  ].join('\n');
  const body = [
    st.title(spec.organ, `${spec.year}年政府信息公开工作年度报告`),
    paras[0],
    '<p><strong>一、总体情况</strong></p>',
    ...paras.slice(1),
    st.landscape ? `<div class="land">${tables}</div>` : tables,
    '<p><strong>五、存在的主要问题及改进情况</strong></p><p>信息公开的及时性、规范性有待进一步提高，下一步将加强业务培训。</p>',
    '<p><strong>六、其他需要报告的事项</strong></p><p>本年度未收取信息处理费。</p>',
  ].join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${st.css}</style></head><body>${body}</body></html>`;
}

// ---------------------------------------------------------------------------------------------
// All producers

/** Makes PDFs through every producer; Chromium is started once and reused. */
export class PdfProducers {
  private printer: PdfPrinter | null = null;

  async produce(producer: Producer, cases: ProducedCase[]): Promise<Buffer[]> {
    if (producer === 'lo-docx') return sofficeToPdf(await Promise.all(cases.map(async (c) => asOfficeWrites(await renderDocxReport(c.spec, { nullAs: (['', '/', '—'] as const)[c.seed % 3] }), c.seed))));
    if (producer === 'lo-template') return sofficeToPdf(cases.map((c) => fillOfficialTemplate(c.spec)));
    this.printer ??= await launchPdfPrinter();
    const st = STYLES[producer];
    const out: Buffer[] = [];
    for (const c of cases) out.push(await this.printer.printHtml(chromiumHtml(producer, c.spec, c.seed), { footer: st.footer, cssPageSize: st.landscape }));
    return out;
  }

  async close(): Promise<void> {
    await this.printer?.close();
    this.printer = null;
  }
}
