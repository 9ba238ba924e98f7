/**
 * A folder as users hand them over: good reports among broken PDFs and Word files, compression
 * bombs, FIFOs, links to devices, link loops, names that are not UTF-8, hidden files, a folder
 * that cannot be listed, 10,000-deep HTML and bit-flipped reports. Ingested as a user who is not
 * root (so the locked folder is locked), with parse workers: no hang, no crash, bounded memory,
 * every good report stored once with its values, every bad file named with its reason, no
 * impossible value stored.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NUMERIC_FIELDS, PLAUSIBLE_MAX } from '@nianbao/shared';
import { REPO_ROOT } from '../src/paths.ts';
import { randomSpec, renderTextReport, rng, type ReportSpec } from '../src/testing/generate.ts';
import { renderDocxReport } from '../src/testing/renderDocx.ts';
import { renderHtmlReport } from '../src/testing/renderHtml.ts';
import { describe as describePlace, uniqueTownships } from '../src/testing/townships.ts';

const REAL_PDF = resolve(REPO_ROOT, 'server/fixtures/corpus/real/pdf/huaian-city-2024.pdf');

interface Good {
  name: string;
  spec: ReportSpec;
}

async function buildFolder(dir: string): Promise<{ good: Good[]; bad: string[] }> {
  const r = rng(2026);
  const towns = uniqueTownships();
  const good: Good[] = [];
  const bad: string[] = [];
  const put = (name: string, bytes: Buffer | string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  };
  // Good reports: text, HTML and Word, one township each.
  for (let i = 0; i < 30; i++) {
    const t = describePlace(towns[(i * 1013) % towns.length]);
    const spec = randomSpec(r, { organ: t.organ, year: 2023 });
    const kind = i % 3;
    const name = `good/${t.code}.${['txt', 'html', 'docx'][kind]}`;
    put(name, kind === 0 ? renderTextReport(spec) : kind === 1 ? renderHtmlReport(spec) : await renderDocxReport(spec));
    good.push({ name, spec });
  }
  // A good report under a GBK name, as a Windows zip unpacks it.
  const gbkTown = describePlace(towns[(31 * 1013) % towns.length]);
  const gbkSpec = randomSpec(r, { organ: gbkTown.organ, year: 2023 });
  mkdirSync(join(dir, 'gbk'));
  writeFileSync(Buffer.concat([Buffer.from(join(dir, 'gbk') + '/'), iconv.encode(`${gbkTown.organ}年报.txt`, 'gbk')]), renderTextReport(gbkSpec));
  good.push({ name: `gbk/${gbkTown.organ}年报.txt`, spec: gbkSpec });

  // Broken files.
  const pdf = readFileSync(REAL_PDF);
  put('bad/truncated.pdf', pdf.subarray(0, pdf.length >> 1));
  put('bad/noise.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 50_000 }, () => Math.floor(r() * 256)))]));
  put('bad/not-a-zip.docx', Buffer.from('PK\x03\x04 and then nothing'));
  put('bad/empty.txt', '');
  put('bad/binary.txt', Buffer.from([0, 1, 2, 3, 0, 0, 255]));
  const enc = new TextEncoder();
  const xml = new Uint8Array(64 * 1024 * 1024).fill(0x20);
  xml.set(enc.encode('<w:document><w:body>'), 0);
  put('bad/bomb.docx', Buffer.from(zipSync({ 'word/document.xml': xml }, { level: 9 })));
  put('bad/deep.html', `<html><body>${'<div>'.repeat(10_000)}某镇2023年政府信息公开工作年度报告${'</div>'.repeat(10_000)}</body></html>`);
  // Bit-flipped copies of good reports: whatever they read, nothing impossible is stored.
  for (let i = 0; i < 10; i++) {
    const bytes = Buffer.from(renderTextReport(good[i * 3].spec));
    for (let k = 0; k < 4; k++) bytes[Math.floor(r() * bytes.length)] ^= 1 << Math.floor(r() * 8);
    put(`flipped/${i}.txt`, bytes);
  }
  bad.push('bad/truncated.pdf', 'bad/noise.pdf', 'bad/not-a-zip.docx', 'bad/empty.txt', 'bad/binary.txt', 'bad/bomb.docx', 'bad/deep.html');

  // Things that are not files to read.
  execFileSync('mkfifo', [join(dir, 'bad/fifo.txt')]);
  symlinkSync('/dev/zero', join(dir, 'bad/zero.txt'));
  symlinkSync('/dev/urandom', join(dir, 'bad/random.pdf'));
  symlinkSync('..', join(dir, 'good/loop'));
  symlinkSync(join(dir, 'good'), join(dir, 'again'));
  put('.hidden/x.txt', 'x');
  put('good/.DS_Store', 'x');
  put('good/._mac-shadow.pdf', 'x');
  mkdirSync(join(dir, 'locked'));
  put('locked/x.txt', renderTextReport(good[0].spec));
  chmodSync(join(dir, 'locked'), 0o000);
  return { good, bad };
}

describe('ingest of a hostile folder', () => {
  it('stores every good report once with its values, names every bad file, stores nothing impossible, in bounded memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-hostile-'));
    chmodSync(dir, 0o755);
    const reports = join(dir, 'reports');
    mkdirSync(reports);
    const { good, bad } = await buildFolder(reports);
    const dbDir = join(dir, 'db');
    mkdirSync(dbDir);
    chmodSync(dbDir, 0o777);
    const db = join(dbDir, 'h.sqlite');
    const script = `import { ingest } from ${JSON.stringify(join(REPO_ROOT, 'server/src/ingest/ingest.ts'))};
      import { openWritable } from ${JSON.stringify(join(REPO_ROOT, 'server/src/store/db.ts'))};
      const db = openWritable(${JSON.stringify(db)});
      const s = await ingest(db, [${JSON.stringify(reports)}], { workers: 2, overrides: new Map() });
      db.$client.close();
      console.log(JSON.stringify({ s, maxRss: process.resourceUsage().maxRSS * 1024 }));`;
    // As root every folder is readable: ingest as nobody where this runs as root.
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    // A file, not -e: worker threads inherit the process's flags, and --input-type is not for them.
    const scriptFile = join(dir, 'run-ingest.mts');
    writeFileSync(scriptFile, script);
    const cmd = [...asNobody, process.execPath, '--import', 'tsx', scriptFile];
    const t = performance.now();
    const p = spawnSync(cmd[0], cmd.slice(1), { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000, env: { ...process.env, NIANBAO_CACHE_DIR: 'off' } });
    expect(p.status, p.stderr).toBe(0);
    expect(performance.now() - t).toBeLessThan(120_000);
    const { s, maxRss } = JSON.parse(p.stdout.trim().split('\n').pop()!) as { s: { errors: { path: string; error: string }[]; skipped: { path: string; reason: string }[]; added: number }; maxRss: number };
    expect(maxRss).toBeLessThan(1024 * 1024 * 1024);

    const rel = (x: string) => x.slice(reports.length + 1);
    const errors = Object.fromEntries(s.errors.map((e) => [rel(e.path), e.error]));
    const skipped = Object.fromEntries(s.skipped.map((e) => [rel(e.path), e.reason]));
    for (const name of bad) expect(errors[name], name).toMatch(/\w{4}/);
    expect(errors['bad/bomb.docx']).toMatch(/inflates past 32 MiB/);
    expect(errors['bad/deep.html']).toMatch(/nests its elements more than 5000 deep/);
    expect(skipped['bad/fifo.txt']).toMatch(/FIFO/);
    expect(skipped['bad/zero.txt']).toMatch(/character device/);
    expect(skipped['bad/random.pdf']).toMatch(/character device/);
    expect(skipped['good/loop']).toMatch(/the same folder/);
    expect(skipped.again).toMatch(/the same folder/);
    expect(skipped['.hidden']).toMatch(/hidden/);
    expect(skipped['good/.DS_Store']).toMatch(/hidden/);
    expect(skipped.locked).toBe('cannot list folder: EACCES');

    const sqlite = new Database(db, { readonly: true });
    try {
      for (const g of good) {
        const rows = sqlite.prepare('select r.status, f.* from reports r left join report_fields f on f.report_id = r.id where r.source_path = ?').all(join(reports, g.name)) as Record<string, unknown>[];
        expect(rows, g.name).toHaveLength(1);
        expect(rows[0].status, g.name).toBe('ok');
        for (const f of NUMERIC_FIELDS) if (f.id in g.spec.values) expect([g.name, f.id, rows[0][f.column]]).toEqual([g.name, f.id, g.spec.values[f.id]]);
      }
      // Each report stored once: no path through a link or a loop stored it again.
      const paths = (sqlite.prepare('select source_path p from reports').all() as { p: string }[]).map((x) => rel(x.p));
      expect(paths.filter((x) => x.startsWith('again/') || x.includes('/loop/'))).toEqual([]);
      expect(new Set(paths).size).toBe(paths.length);
      // Nothing impossible in any stored value.
      for (const f of NUMERIC_FIELDS) {
        if (f.kind !== 'count' && f.kind !== 'money') continue;
        const worst = sqlite.prepare(`select max(abs(${f.column})) m from report_fields`).get() as { m: number | null };
        expect([f.id, (worst.m ?? 0) <= PLAUSIBLE_MAX[f.kind]]).toEqual([f.id, true]);
      }
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      sqlite.close();
    }
  }, 240_000);
});
