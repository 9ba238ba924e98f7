/**
 * Accuracy of the PDF reader on PDFs made as offices make them (server/src/testing/producers.ts):
 * per producer, N generated reports (known values) through the whole pipeline; prints % of fields
 * exact, header fields (organ, year, region) %, proactive.total %, wrong values and uncertain
 * cells. Targets: ≥ 99.5% fields exact, headers ≥ 99%, proactive ≥ 99%, zero wrong values.
 *
 * Also `.doc`: the lo-docx producer's Word files saved as Word 97 by LibreOffice, read back
 * through the resident converter (extract/legacyDoc.ts) as an office's .doc or .wps would be.
 *
 *   pnpm accuracy:producers          (ACCURACY_REPORTS=n per producer, default 200;
 *                                     ACCURACY_PRODUCERS=lo-docx,chromium-split,doc to pick some;
 *                                     ACCURACY_VERBOSE=1 lists each wrong or lost field)
 */
import { processBytes } from '../server/src/pipeline.ts';
import { addScore, emptyTotals, scoreReport, type AccuracyTotals } from '../server/src/testing/accuracy.ts';
import { closeConverter } from '../server/src/extract/soffice.ts';
import { PRODUCERS, PdfProducers, asOfficeWrites, producerCase, type Producer } from '../server/src/testing/producers.ts';
import { renderDocxReport } from '../server/src/testing/renderDocx.ts';
import { saveAsDoc } from '../server/src/testing/saveAsDoc.ts';

const N = Number(process.env.ACCURACY_REPORTS ?? 200);
const SEED0 = Number(process.env.ACCURACY_SEED ?? 1000);
const VERBOSE = process.env.ACCURACY_VERBOSE === '1';
type Source = Producer | 'doc';
const chosen = (process.env.ACCURACY_PRODUCERS?.split(',') ?? [...PRODUCERS, 'doc']) as Source[];

/** The lo-docx producer's Word files saved as .doc (one LibreOffice start for the lot). */
async function docFiles(cases: ReturnType<typeof producerCase>[]): Promise<Buffer[]> {
  const docx = await Promise.all(cases.map(async (c) => asOfficeWrites(await renderDocxReport(c.spec, { nullAs: (['', '/', '—'] as const)[c.seed % 3] }), c.seed)));
  return saveAsDoc(docx, 600_000);
}

const pct = (a: number, b: number) => (b ? (100 * a) / b : 100).toFixed(2).padStart(6) + '%';
const producers = new PdfProducers();
const results: [Source, AccuracyTotals][] = [];
try {
  for (const producer of chosen) {
    const t0 = performance.now();
    const cases = Array.from({ length: N }, (_, i) => producerCase(producer === 'doc' ? 'lo-docx' : producer, SEED0 + i));
    const files = producer === 'doc' ? await docFiles(cases) : await producers.produce(producer, cases);
    const ext = producer === 'doc' ? 'doc' : 'pdf';
    const made = (performance.now() - t0) / 1000;
    const totals = emptyTotals();
    for (let i = 0; i < cases.length; i++) {
      const out = (await processBytes(`${producer}-${cases[i].seed}.${ext}`, files[i])).output;
      const s = scoreReport(out, cases[i].spec, cases[i].code);
      addScore(totals, s, !out.ok);
      if (VERBOSE && (s.wrong.length || s.lost.length || out.error)) {
        console.log(`  ${producer} seed ${cases[i].seed}: ${out.error ?? ''} wrong ${JSON.stringify(s.wrong)} lost ${s.lost.join(',')} uncertain ${s.uncertain.length}`);
      }
    }
    results.push([producer, totals]);
    console.error(`${producer}: ${N} ${ext === 'doc' ? '.doc files' : 'PDFs'} made in ${made.toFixed(1)} s, read in ${((performance.now() - t0) / 1000 - made).toFixed(1)} s`);
  }
} finally {
  await producers.close();
  await closeConverter();
}

console.log('PDF and .doc accuracy per producer (generated reports, every field):');
console.log(`  ${'producer'.padEnd(20)} reports  fields exact  headers  proactive  wrong  uncertain  lost  failed`);
let ok = true;
for (const [p, t] of results) {
  const met = t.wrong === 0 && t.exact / t.fields >= 0.995 && t.headerExact / t.headerFields >= 0.99 && t.proactive / t.reports >= 0.99;
  ok &&= met;
  console.log(`  ${p.padEnd(20)} ${String(t.reports).padStart(7)}  ${pct(t.exact, t.fields).padStart(12)}  ${pct(t.headerExact, t.headerFields)}  ${pct(t.proactive, t.reports).padStart(9)}  ${String(t.wrong).padStart(5)}  ${String(t.uncertain).padStart(9)}  ${String(t.lost).padStart(4)}  ${String(t.failed).padStart(6)}${met ? '' : '   targets NOT met'}`);
}
console.log(ok ? 'all targets met' : 'targets: ≥ 99.5% fields exact, headers ≥ 99%, proactive ≥ 99%, 0 wrong values');
process.exitCode = ok ? 0 : 1;
