import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * DOCX files saved as Word 97 (.doc) by LibreOffice, all in one `soffice --convert-to` call (one
 * start for the lot) with a profile of its own, so it runs beside any other soffice. LibreOffice
 * writes no WPS format (its "wps" is this same Word 97 filter), and WPS Office's .wps files are
 * the same compound-file Word format, so these bytes serve as .wps files too.
 */
export async function saveAsDoc(docx: Buffer[], timeoutMs = 120_000): Promise<Buffer[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-saveasdoc-'));
  try {
    mkdirSync(join(dir, 'in'));
    const inputs = docx.map((bytes, i) => {
      const path = join(dir, 'in', `${i}.docx`);
      writeFileSync(path, bytes);
      return path;
    });
    await promisify(execFile)(
      process.env.NIANBAO_SOFFICE || 'soffice',
      [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--norestore', '--convert-to', 'doc:MS Word 97', '--outdir', join(dir, 'out'), ...inputs],
      { timeout: timeoutMs, killSignal: 'SIGKILL' },
    );
    return docx.map((_, i) => readFileSync(join(dir, 'out', `${i}.doc`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
