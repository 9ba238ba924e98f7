/**
 * Legacy Word (.doc) and WPS (.wps) files through the resident LibreOffice converter: generated
 * reports and the filled official template, written as DOCX and saved as Word 97 by soffice (one
 * batch call in the set-up), and a web page saved as .doc, read back value for value; one soffice
 * for a whole run, also through ingest's worker threads; a cache hit starts nothing; damaged files,
 * a conversion over the time limit and a machine without LibreOffice give clear per-file errors,
 * never a hang; a process killed mid-conversion leaves no soffice, folder or pipe file behind.
 *
 * LibreOffice is required (CI installs libreoffice-writer-nogui): a missing soffice fails here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/ingest.ts';
import { REPO_ROOT } from '../paths.ts';
import { processBytes } from '../pipeline.ts';
import { openWritable } from '../store/db.ts';
import { expectSameValues, specFor } from '../testing/expectReport.ts';
import { fillOfficialTemplate } from '../testing/fillOfficialTemplate.ts';
import { randomSpec, rng, type ReportSpec } from '../testing/generate.ts';
import { renderDocxReport } from '../testing/renderDocx.ts';
import { renderHtmlReport } from '../testing/renderHtml.ts';
import { saveAsDoc } from '../testing/saveAsDoc.ts';
import { pickTownship } from '../testing/townships.ts';
import { closeConverter, converterStats } from './soffice.ts';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

interface Case {
  name: string;
  spec: ReportSpec;
  code: string | null;
  doc: Buffer;
}

let dir: string;
const cases: Case[] = [];
const env = { ...process.env };

/** Processes (pids) whose command line names one of the converter folders of process `of`. */
function ourSofficeProcesses(of = process.pid): string[] {
  const mark = `nianbao-soffice-${of}-`;
  const pids: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(mark)) pids.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const ourTempDirs = (of = process.pid) => readdirSync(tmpdir()).filter((d) => d.startsWith(`nianbao-soffice-${of}-`));
/** LibreOffice's pipe files for the UNO pipes of process `of` (left behind by a soffice killed and not cleaned up). */
const ourPipeFiles = (of = process.pid) => readdirSync('/tmp').filter((f) => /^OSL_PIPE_\d+_nianbao-/.test(f) && f.includes(`_nianbao-${of}-`));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-legacydoc-'));
  const docx: Buffer[] = [];
  for (const [i, seed] of [3, 8, 14, 27, 41, 56].entries()) {
    const { spec, code } = specFor(seed);
    docx.push(await renderDocxReport(spec, { nullAs: (['', '/', '—'] as const)[i % 3], autoNumbered: i % 2 === 1 }));
    cases.push({ name: `gen${seed}`, spec, code, doc: Buffer.alloc(0) });
  }
  for (const seed of [5, 19]) {
    const r = rng(seed);
    const place = pickTownship(r);
    const spec = randomSpec(r, { organ: place.organ, year: 2021 + Math.floor(r() * 4), template: '2021', singleOther: false, nullRate: seed === 19 ? 0.05 : 0 });
    docx.push(fillOfficialTemplate(spec));
    cases.push({ name: `official${seed}`, spec, code: place.code, doc: Buffer.alloc(0) });
  }
  // One soffice call saves them all as Word 97.
  const docs = await saveAsDoc(docx);
  cases.forEach((c, i) => (c.doc = docs[i]));
  // Its own cache: the first read of each file converts it.
  process.env.NIANBAO_CACHE_DIR = join(dir, 'cache');
}, 90_000);

afterEach(() => {
  for (const k of ['NIANBAO_SOFFICE', 'NIANBAO_SOFFICE_TIMEOUT', 'NIANBAO_CACHE_DIR']) {
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  process.env.NIANBAO_CACHE_DIR = join(dir, 'cache');
});

afterAll(async () => {
  await closeConverter();
  expect(ourSofficeProcesses()).toEqual([]);
  expect(ourTempDirs()).toEqual([]);
  expect(ourPipeFiles()).toEqual([]); // also after the soffice stopped over the time limit
  if (env.NIANBAO_CACHE_DIR === undefined) delete process.env.NIANBAO_CACHE_DIR;
  else process.env.NIANBAO_CACHE_DIR = env.NIANBAO_CACHE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe('.doc and .wps through LibreOffice', () => {
  it('generated reports saved as Word 97 .doc: every field read back, one soffice start for all', async () => {
    const before = converterStats();
    for (const c of cases.filter((x) => x.name.startsWith('gen'))) {
      expect(c.doc.subarray(0, 8).equals(OLE_MAGIC)).toBe(true);
      const out = await expectSameValues(`${c.name}.doc`, c.doc, c.spec, c.code);
      expect(out.warnings).toEqual(expect.not.arrayContaining([expect.stringMatching(/LibreOffice/)]));
      expect((await processBytes(`${c.name}.doc`, c.doc)).source).toBe('DOC (LibreOffice → DOCX)');
    }
    const after = converterStats();
    expect(after.starts - before.starts).toBeLessThanOrEqual(1);
    expect(after.conversions - before.conversions).toBe(6);
  });

  it('the official 2021 template filled in and saved as .doc: every value', async () => {
    for (const c of cases.filter((x) => x.name.startsWith('official'))) await expectSameValues(`${c.name}.doc`, c.doc, c.spec, c.code);
  });

  it('.wps (Word 97 under the WPS name) and a .doc named .docx read the same', async () => {
    const [a, b] = cases;
    const wps = await processBytes('report.wps', a.doc);
    expect(wps.format).toBe('doc');
    expect(wps.source).toBe('WPS (LibreOffice → DOCX)');
    await expectSameValues('report.wps', a.doc, a.spec, a.code);
    const misnamed = await expectSameValues('report.docx', b.doc, b.spec, b.code);
    expect(misnamed.warnings).toContain('a Word 97-2003 (.doc) file named .docx; converted by LibreOffice');
    // …and a DOCX package named .doc is read directly.
    const docx = await renderDocxReport(a.spec);
    const out = await expectSameValues('saved-as.doc', docx, a.spec, a.code);
    expect(out.warnings).toContain('a .docx file named .doc; read as .docx');
  });

  it('a web page saved as .doc (as web editors export "Word" files) is converted like one', async () => {
    const { spec, code } = specFor(61);
    const out = await expectSameValues('exported.doc', renderHtmlReport(spec, { encoding: 'gb18030-meta' }), spec, code);
    expect(out.warnings).toEqual(expect.not.arrayContaining([expect.stringMatching(/LibreOffice|GB18030/)]));
  });

  it('a file converted once comes from the cache: no soffice, no conversion', async () => {
    await closeConverter();
    const before = converterStats();
    const c = cases[2];
    await expectSameValues('again.doc', c.doc, c.spec, c.code);
    const after = converterStats();
    expect(after.starts).toBe(before.starts);
    expect(after.conversions).toBe(before.conversions);
    expect(after.cacheHits).toBe(before.cacheHits + 1);
    expect(ourSofficeProcesses()).toEqual([]);
    expect(readdirSync(join(dir, 'cache', 'docx')).filter((f) => f.endsWith('.docx')).length).toBeGreaterThanOrEqual(cases.length);
  });

  it('damaged files: a clear error per file, quickly, and the converter goes on', async () => {
    const t0 = performance.now();
    const r = rng(99);
    const garbage = Buffer.concat([OLE_MAGIC, Buffer.from(Array.from({ length: 8000 }, () => Math.floor(r() * 256)))]);
    expect((await processBytes('broken.doc', garbage)).output.error).toBe(
      'not a Word document: LibreOffice can read it only as plain text (a damaged or mislabelled file)',
    );
    expect((await processBytes('broken.docx', garbage)).output.error).toMatch(/not a Word document/);
    expect((await processBytes('empty.doc', Buffer.alloc(0))).output.error).toBe('empty file');
    // Cut in half: whatever LibreOffice makes of it, the file fails with a reason, never a value.
    const half = cases[3].doc.subarray(0, cases[3].doc.length >> 1);
    const cut = (await processBytes('cut.doc', half)).output;
    expect(cut.ok).toBe(false);
    expect(cut.error).toMatch(/\S/);
    // The converter still works after them.
    await expectSameValues(`${cases[4].name}.doc`, cases[4].doc, cases[4].spec, cases[4].code);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('a conversion over the time limit is stopped with an error; the next file gets a new soffice', async () => {
    process.env.NIANBAO_CACHE_DIR = 'off';
    process.env.NIANBAO_SOFFICE_TIMEOUT = '0.001';
    const c = cases[5];
    expect((await processBytes('slow.doc', c.doc)).output.error).toBe('LibreOffice did not convert it within 0.001 s (stopped)');
    await new Promise((r) => setTimeout(r, 300)); // the killed soffice is reaped
    delete process.env.NIANBAO_SOFFICE_TIMEOUT;
    const before = converterStats();
    await expectSameValues('next.doc', c.doc, c.spec, c.code);
    expect(converterStats().starts).toBe(before.starts + 1);
  });

  it('without LibreOffice: a per-file error naming the Debian package, no hang', async () => {
    await closeConverter();
    process.env.NIANBAO_CACHE_DIR = 'off';
    process.env.NIANBAO_SOFFICE = join(dir, 'no-such-soffice');
    for (const name of ['a.doc', 'b.wps', 'c.docx']) {
      expect((await processBytes(name, cases[0].doc)).output.error).toBe(
        `LibreOffice is not installed (no executable ${join(dir, 'no-such-soffice')}); it reads .doc and .wps files: apt-get install libreoffice-writer-nogui`,
      );
    }
    await closeConverter(); // forgets the failure: the next run looks for soffice again
  });

  it('a process killed while converting leaves no soffice and no temporary folder behind', async () => {
    writeFileSync(join(dir, 'victim.doc'), cases[0].doc);
    const script = join(dir, 'victim.mts');
    writeFileSync(
      script,
      [
        `import { readFileSync } from 'node:fs';`,
        `import { processBytes } from ${JSON.stringify(join(REPO_ROOT, 'server/src/pipeline.ts'))};`,
        `process.env.NIANBAO_CACHE_DIR = 'off';`,
        `const doc = readFileSync(${JSON.stringify(join(dir, 'victim.doc'))});`,
        `await processBytes('a.doc', doc);`, // soffice is up
        `setTimeout(() => process.kill(process.pid, 'SIGKILL'), 30);`,
        `for (;;) await processBytes('b.doc', doc);`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore', cwd: REPO_ROOT });
    const signal = await new Promise((r) => child.on('exit', (_code, sig) => r(sig)));
    expect(signal).toBe('SIGKILL');
    const t0 = performance.now();
    while ((ourSofficeProcesses(child.pid).length || ourTempDirs(child.pid).length) && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect(ourSofficeProcesses(child.pid)).toEqual([]);
    expect(ourTempDirs(child.pid)).toEqual([]);
    expect(ourPipeFiles(child.pid)).toEqual([]);
  });

  it('an ingest run with parse workers: one soffice for all its .doc files, gone when the run ends', async () => {
    await closeConverter();
    process.env.NIANBAO_CACHE_DIR = 'off';
    const reports = join(dir, 'reports');
    mkdirSync(reports);
    for (const c of cases) writeFileSync(join(reports, `${c.name}.doc`), c.doc);
    writeFileSync(join(reports, 'copy.wps'), cases[1].doc);
    const db = openWritable(join(dir, 'ingest.sqlite'));
    try {
      const before = converterStats();
      const summary = await ingest(db, [reports], { workers: 2, overrides: new Map() });
      expect(summary.errors).toEqual([]);
      expect([summary.added, summary.failed]).toEqual([cases.length + 1, 0]);
      const after = converterStats();
      expect(after.starts - before.starts).toBe(1);
      expect(after.conversions - before.conversions).toBe(cases.length + 1);
      expect(ourSofficeProcesses()).toEqual([]);
      expect(ourTempDirs()).toEqual([]);
      const formats = db.$client.prepare('select format, count(*) n from reports group by format').all();
      expect(formats).toEqual([{ format: 'doc', n: cases.length + 1 }]);
    } finally {
      db.$client.close();
    }
  });
});
