import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { walkReports } from './walk.ts';

const EXT = ['.txt', '.pdf', '.html'];

/** A folder holding what real folders hold besides reports. */
function hostileFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-walk-'));
  mkdirSync(join(dir, 'a/b'), { recursive: true });
  writeFileSync(join(dir, 'a/good.txt'), 'report');
  writeFileSync(join(dir, 'a/b/other.pdf'), 'pdf');
  execFileSync('mkfifo', [join(dir, 'a/fifo.txt')]);
  symlinkSync('/dev/zero', join(dir, 'a/zero.txt'));
  symlinkSync('..', join(dir, 'a/b/loop')); // a/b/loop → a: a folder read before
  symlinkSync(join(dir, 'a/good.txt'), join(dir, 'a/again.txt'));
  symlinkSync(join(dir, 'nowhere'), join(dir, 'a/dangling.txt'));
  writeFileSync(join(dir, 'a/.DS_Store'), 'x');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git/HEAD.txt'), 'x');
  writeFileSync(join(dir, 'a/notes.xlsx'), 'x');
  // A Windows zip's GBK name: not UTF-8.
  writeFileSync(Buffer.concat([Buffer.from(join(dir, 'a') + '/'), iconv.encode('望溪镇2023年报告.txt', 'gbk')]), 'gbk-named');
  return dir;
}

describe('walkReports', () => {
  it('reads each regular report file once and lists everything else with its reason', () => {
    const dir = hostileFolder();
    const w = walkReports([dir], EXT);
    const rel = (p: string) => p.slice(dir.length + 1);
    expect(w.files.map(rel).sort()).toEqual(['a/b/other.pdf', 'a/good.txt', 'a/望溪镇2023年报告.txt'].sort());
    const reasons = Object.fromEntries(w.skipped.map((s) => [rel(s.path), s.reason]));
    expect(reasons['a/fifo.txt']).toMatch(/a FIFO, not a regular file/);
    expect(reasons['a/zero.txt']).toMatch(/a character device, not a regular file/);
    expect(reasons['a/b/loop']).toMatch(/the same folder as .*\/a \(a link\); read once/);
    expect(reasons['a/again.txt']).toMatch(/the same file as .*good\.txt/);
    expect(reasons['a/dangling.txt']).toBe('a link to nothing');
    expect(reasons['a/.DS_Store']).toMatch(/hidden/);
    expect(reasons['.git']).toMatch(/hidden/);
    expect(reasons['a/notes.xlsx']).toBe('unsupported type .xlsx');
    // The GBK name is shown decoded and opened by its bytes.
    const gbk = w.files.find((f) => f.endsWith('望溪镇2023年报告.txt'))!;
    expect(readFileSync(w.raw.get(gbk)!, 'utf8')).toBe('gbk-named');
    expect(w.raw.size).toBe(1);
  });

  it('a folder that cannot be listed is skipped with the reason, as a user who is not root meets it', () => {
    const dir = hostileFolder();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked/x.txt'), 'x');
    chmodSync(join(dir, 'locked'), 0o000);
    chmodSync(dir, 0o755);
    const script = `import { walkReports } from ${JSON.stringify(join(REPO_ROOT, 'server/src/ingest/walk.ts'))};
      const w = walkReports([${JSON.stringify(dir)}], ${JSON.stringify(EXT)}); console.log(JSON.stringify(w.skipped.filter((s) => s.path.endsWith('locked'))));`;
    // As root every folder is readable: walk as nobody where this runs as root.
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const cmd = [...asNobody, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
    const out = execFileSync(cmd[0], cmd.slice(1), { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([{ path: join(dir, 'locked'), reason: 'cannot list folder: EACCES' }]);
  });
});
