/**
 * Reports/s per input format: the same generated reports written as text, HTML (GB18030, merged
 * cells), DOCX, flattened web text and PDF (printed once by headless Chromium), each run through
 * the whole pipeline (extract → parse → resolve → check) from bytes in memory, on one thread.
 * Targets on 2 cores: HTML and DOCX ≥ 500/s, PDF ≥ 50/s, .doc (LibreOffice) ≥ 10/s. PDF from
 * every producer (Chromium, LibreOffice from Word and from the official template), with the CPU
 * the whole PDF path spends per report against what `pdftotext` alone spends on the same files
 * (target ≤ 1.5×).
 *
 *   pnpm tsx scripts/bench-formats.ts            (BENCH_FORMAT_REPORTS=n, BENCH_PDFS=n, BENCH_DOCS=n,
 *                                                 BENCH_PDF_WARMUP=untimed PDF reads before each timing)
 *   import { benchFormats } from './bench-formats.ts'   (returns the figures)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../server/src/paths.ts';
import { processBytes } from '../server/src/pipeline.ts';
import { randomSpec, renderTextReport, rng, type ReportSpec } from '../server/src/testing/generate.ts';
import { renderDocxReport } from '../server/src/testing/renderDocx.ts';
import { renderFlattenedReport } from '../server/src/testing/renderFlattened.ts';
import { renderHtmlReport } from '../server/src/testing/renderHtml.ts';
import { launchPdfPrinter, type PdfFont } from '../server/src/testing/renderPdf.ts';
import { PdfProducers, producerCase } from '../server/src/testing/producers.ts';
import { closeConverter } from '../server/src/extract/soffice.ts';
import { saveAsDoc } from '../server/src/testing/saveAsDoc.ts';
import { describe, uniqueTownships } from '../server/src/testing/townships.ts';

export interface FormatFigure {
  format: string;
  reports: number;
  perSecond: number;
  failed: number;
  target: number | null;
  /** PDF: CPU ms per report of this process, of `pdftotext -bbox` alone on the same files, and the whole path's CPU over pdftotext's. */
  cpu?: { nodeMs: number; pdftotextMs: number; ratio: number };
}

function specs(n: number): ReportSpec[] {
  const r = rng(2025);
  const towns = uniqueTownships();
  return Array.from({ length: n }, (_, i) => {
    const t = describe(towns[(i * 7919) % towns.length]);
    const year = 2020 + (i % 5);
    return randomSpec(r, { organ: t.organ, year, template: year < 2021 ? '2019' : '2021' });
  });
}

/**
 * Runs every file `rounds` times through the pipeline, `inFlight` at a time: above one, work that
 * waits on another process (pdftotext) overlaps with parsing on this thread.
 */
const PDF_WARMUP = Number(process.env.BENCH_PDF_WARMUP ?? 1000);

async function measure(format: string, files: { name: string; bytes: Buffer }[], rounds: number, target: number | null, inFlight = 1): Promise<FormatFigure> {
  const queue = Array.from({ length: rounds }, () => files).flat();
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < queue.length) {
      const f = queue[next++];
      if (!(await processBytes(f.name, f.bytes)).output.ok) failed++;
    }
  };
  // Warm-up, untimed: the division index and lazy modules, and for PDFs the JIT. A cold PDF
  // reader spends two to three times a warm one's CPU per file over its first several hundred
  // files (V8 compiling it: about 8 ms a report against 3–4 ms); an ingest of thousands runs
  // warm, so the timed pass follows BENCH_PDF_WARMUP (default 1000) untimed reads.
  if (files[0].name.endsWith('.pdf')) {
    for (let read = 0; read < Math.max(queue.length, PDF_WARMUP); read += queue.length) {
      next = 0;
      await Promise.all(Array.from({ length: inFlight }, lane));
    }
  }
  else for (const f of files.slice(0, 50)) await processBytes(f.name, f.bytes);
  failed = 0;
  next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: inFlight }, lane));
  const sec = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const reports = files.length * rounds;
  const figure: FormatFigure = { format, reports, perSecond: reports / sec, failed, target };
  if (files[0].name.endsWith('.pdf')) {
    // The whole path's CPU: this process's (extract → parse → check) plus pdftotext's own, which
    // runs in the runner's shells and is measured alone on the same files.
    const nodeMs = (used.user + used.system) / 1000 / reports;
    const pdftotextMs = pdftotextCpuMs(files, Math.min(rounds, 3));
    if (pdftotextMs !== null) figure.cpu = { nodeMs, pdftotextMs, ratio: (nodeMs + pdftotextMs) / pdftotextMs };
  }
  return figure;
}

/** CPU ms per file that `pdftotext -bbox` alone spends on the files (its children's times in one shell), or null without it. */
function pdftotextCpuMs(files: { name: string; bytes: Buffer }[], rounds: number): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-pdf-'));
  try {
    const paths = files.map((f, i) => {
      const p = join(dir, `${i}.pdf`);
      writeFileSync(p, f.bytes);
      return p;
    });
    const script = `for r in $(seq ${rounds}); do for f in "$@"; do pdftotext -bbox -q "$f" - > /dev/null; done; done; times`;
    const run = spawnSync('bash', ['-c', script, '_', ...paths], { encoding: 'utf8' });
    const children = run.stdout.trim().split('\n')[1];
    const m = children && /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(children);
    if (run.status !== 0 || !m) return null;
    const sec = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
    return (sec * 1000) / (files.length * rounds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * .doc (the DOCX above saved as Word 97 by one soffice call) through the resident LibreOffice
 * converter, cache off so every file is converted: the warm-up file starts soffice, the figure
 * is the running converter's; then with two soffice processes (NIANBAO_SOFFICE_INSTANCES=2) and
 * two files in flight. Target on 2 cores: ≥ 10/s.
 */
async function benchDoc(docx: Buffer[]): Promise<FormatFigure[]> {
  if (docx.length === 0) return [];
  const env = { cache: process.env.NIANBAO_CACHE_DIR, instances: process.env.NIANBAO_SOFFICE_INSTANCES };
  process.env.NIANBAO_CACHE_DIR = 'off';
  try {
    let saved: Buffer[];
    try {
      saved = await saveAsDoc(docx);
    } catch (e) {
      console.error(`doc: not measured, LibreOffice could not write the .doc files (${(e as Error).message.split('\n')[0]})`);
      return [];
    }
    const doc = saved.map((bytes, i) => ({ name: `${i}.doc`, bytes }));
    const one = await measure('doc (LibreOffice → DOCX, resident soffice)', doc, 1, 10);
    await closeConverter();
    process.env.NIANBAO_SOFFICE_INSTANCES = '2';
    await Promise.all(doc.slice(0, 2).map((f) => processBytes(f.name, f.bytes))); // both started
    const two = await measure('doc, 2 soffice, 2 in flight', doc, 1, null, 2);
    return [one, two];
  } finally {
    await closeConverter();
    for (const [k, v] of [['NIANBAO_CACHE_DIR', env.cache], ['NIANBAO_SOFFICE_INSTANCES', env.instances]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function benchFormats(n = Number(process.env.BENCH_FORMAT_REPORTS ?? 1000), pdfCount = Number(process.env.BENCH_PDFS ?? 20)): Promise<FormatFigure[]> {
  const all = specs(n);
  const r = rng(7);
  const figures: FormatFigure[] = [];
  figures.push(await measure('text', all.map((s, i) => ({ name: `${i}.txt`, bytes: Buffer.from(renderTextReport(s)) })), 1, null));
  figures.push(await measure('html (GB18030, merged cells)', all.map((s, i) => ({ name: `${i}.html`, bytes: renderHtmlReport(s, { encoding: 'gb18030-meta' }) })), 1, 500));
  const docx = await Promise.all(all.map(async (s, i) => ({ name: `${i}.docx`, bytes: await renderDocxReport(s) })));
  figures.push(await measure('docx (gridSpan/vMerge)', docx, 1, 500));
  figures.push(...(await benchDoc(docx.slice(0, Number(process.env.BENCH_DOCS ?? 50)).map((f) => f.bytes))));
  figures.push(await measure('flattened web text', all.map((s, i) => ({ name: `${i}.txt`, bytes: Buffer.from(renderFlattenedReport(s, r)) })), 1, null));
  // Printed in both fonts (renderPdf.ts PdfFont): a TrueType face embeds as CID TrueType, as in
  // the WPS/Word-exported real reports; an OpenType CJK face makes Chromium write about a hundred
  // Type 3 fonts per report, which pdftotext alone takes ~25 ms of CPU to parse.
  const printer = await launchPdfPrinter();
  const pdfs: Record<PdfFont, { name: string; bytes: Buffer }[]> = { truetype: [], opentype: [] };
  try {
    for (const font of ['truetype', 'opentype'] as const) {
      for (let i = 0; i < pdfCount; i++) pdfs[font].push({ name: `${i}.pdf`, bytes: await printer.print(all[i], {}, font) });
    }
  } finally {
    await printer.close();
  }
  // BENCH_PDF_ROUNDS=1 for CI's tiny run; by default each PDF is read until 200 reads are timed.
  const pdfRounds = Number(process.env.BENCH_PDF_ROUNDS ?? Math.max(1, Math.ceil(200 / pdfCount)));
  // pdftotext runs as its own process, so a second core is used by keeping files in flight.
  const cores = availableParallelism();
  figures.push(await measure('pdf (Chromium, TrueType font), 1 at a time', pdfs.truetype, pdfRounds, null));
  figures.push(await measure(`pdf (Chromium, TrueType font), ${cores * 2} in flight`, pdfs.truetype, pdfRounds, 50, cores * 2));
  figures.push(await measure(`pdf (Chromium, Type 3 fonts), ${cores * 2} in flight`, pdfs.opentype, pdfRounds, 50, cores * 2));
  // PDFs as offices make them (testing/producers.ts): LibreOffice exports of Word files and of the
  // official template, government pages printed by Chromium in TrueType (宋体-like) faces.
  const producers = new PdfProducers();
  try {
    for (const producer of ['lo-docx', 'lo-template', 'chromium-landscape', 'chromium-split'] as const) {
      const cases = Array.from({ length: pdfCount }, (_, i) => producerCase(producer, 7000 + i));
      const made = await producers.produce(producer, cases);
      const files = made.map((bytes, i) => ({ name: `${producer}-${i}.pdf`, bytes }));
      figures.push(await measure(`pdf (${producer}), ${cores * 2} in flight`, files, pdfRounds, 50, cores * 2));
    }
  } catch (e) {
    console.error(`PDF producers: not measured (${(e as Error).message.split('\n')[0]})`);
  } finally {
    await producers.close();
  }
  // The corpus's two real reports (淮安市 2024, 洪泽区 2023): WPS-exported, CID TrueType fonts.
  const realDir = resolve(REPO_ROOT, 'server/fixtures/corpus/real/pdf');
  const real = readdirSync(realDir).filter((f) => f.endsWith('.pdf')).map((f) => ({ name: f, bytes: readFileSync(join(realDir, f)) }));
  figures.push(await measure(`pdf, real reports (${real.length}), ${cores * 2} in flight`, real, Number(process.env.BENCH_PDF_ROUNDS ?? 100), 50, cores * 2));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchFormats();
  console.log('format throughput, whole pipeline from bytes, one thread (and for PDF, files in flight):');
  for (const f of figures) {
    const ok = f.target === null ? '' : f.perSecond >= f.target ? `   target ≥ ${f.target}/s: met` : `   target ≥ ${f.target}/s: NOT met`;
    console.log(`  ${f.format.padEnd(44)} ${f.perSecond.toFixed(0).padStart(6)} reports/s  (${f.reports} runs, ${f.failed} failed)${ok}`);
    if (f.cpu) {
      const met = f.cpu.ratio <= 1.5 ? 'met' : 'NOT met';
      console.log(`  ${''.padEnd(44)} CPU/report: ${f.cpu.nodeMs.toFixed(1)} ms here + ${f.cpu.pdftotextMs.toFixed(1)} ms pdftotext = ${f.cpu.ratio.toFixed(2)}× pdftotext alone   target ≤ 1.5×: ${met}`);
    }
  }
}
