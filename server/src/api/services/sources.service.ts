import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FIELD_BY_ID, T3_COLUMNS, T4_COLUMNS, T4_GROUPS } from '@nianbao/shared';
import type { ReportSourcesAnswer } from '@nianbao/shared';
import { DATA_DIR, REPO_ROOT } from '../../paths.ts';
import { decodeProvenance } from '../../store/provenance.ts';
import { NotFoundError } from '../errors.ts';
import type { SourcesRepository } from '../repositories/sources.repository.ts';

const run = promisify(execFile);
/** Resolution of rendered pages: a point of the PDF is PAGE_DPI / 72 pixels. */
const PAGE_DPI = 110;

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.markdown': 'text/plain; charset=utf-8',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.shtml': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.docm': 'application/vnd.ms-word.document.macroEnabled.12',
  '.doc': 'application/msword',
  '.wps': 'application/vnd.ms-works',
};

/** Column label of a table field as the template prints it (the printed header spans merged cells). */
function columnLabel(id: string): string {
  const f = FIELD_BY_ID.get(id);
  if (!f) return id;
  if (f.table === 't3') return T3_COLUMNS.find((c) => c.id === f.col)?.label ?? f.label;
  if (f.table === 't4') {
    const [, group, col] = id.split('.');
    return `${T4_GROUPS.find((g) => g.id === group)?.label ?? group}·${T4_COLUMNS.find((c) => c.id === col)?.label ?? col}`;
  }
  return f.label.split('·').pop() ?? f.label;
}

/**
 * Where a report's numbers come from: the printed rows and cells (from the provenance document
 * ingest stored), the original file (read-only, from where it was ingested), and for a PDF its
 * pages as images (rendered by poppler's pdftoppm, cached by the file's hash).
 */
export class SourcesService {
  constructor(private readonly repo: SourcesRepository) {}

  sources(id: number): ReportSourcesAnswer {
    const file = this.repo.file(id);
    if (!file) throw new NotFoundError(`no report ${id}`);
    const data = this.repo.data(id);
    const doc = data ? decodeProvenance(data) : null;
    const cells: ReportSourcesAnswer['cells'] = {};
    if (doc) {
      for (const [field, [row, cell]] of Object.entries(doc.fields)) {
        const r = doc.rows[row];
        cells[field] = { row, cell, raw: r.cells[cell] ?? '', column: columnLabel(field) };
      }
    }
    return {
      reportId: id,
      fileName: file.fileName,
      format: file.format,
      available: doc !== null,
      fileAvailable: this.path(file.sourcePath) !== null,
      flattened: doc?.flattened ?? false,
      rows: (doc?.rows ?? []).map((r) => ({ ...r, box: r.box ?? null })),
      cells,
      narrative: doc?.narrative ?? [],
      pageDpi: PAGE_DPI,
      headers: doc?.headers ?? {},
    };
  }

  /** The stored path as a file that exists, or null (moved or deleted since ingest). */
  private path(sourcePath: string): string | null {
    const p = isAbsolute(sourcePath) ? sourcePath : resolve(REPO_ROOT, sourcePath);
    try {
      return statSync(p).isFile() ? p : null;
    } catch {
      return null;
    }
  }

  /** The original file's bytes and type, as ingested (404 once it is gone or changed). */
  file(id: number): { bytes: Buffer; contentType: string; fileName: string } {
    const row = this.repo.file(id);
    if (!row) throw new NotFoundError(`no report ${id}`);
    const path = this.path(row.sourcePath);
    if (!path) throw new NotFoundError(`the file of report ${id} is no longer at ${row.sourcePath}`);
    return { bytes: readFileSync(path), contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', fileName: row.fileName };
  }

  /** Page `page` of a PDF report as a PNG, rendered once per file content and page. */
  async pagePng(id: number, page: number): Promise<Buffer> {
    const row = this.repo.file(id);
    if (!row) throw new NotFoundError(`no report ${id}`);
    if (row.format !== 'pdf') throw new NotFoundError(`report ${id} is not a PDF`);
    const path = this.path(row.sourcePath);
    if (!path) throw new NotFoundError(`the file of report ${id} is no longer at ${row.sourcePath}`);
    const dir = join(DATA_DIR, 'cache', 'pages');
    const out = join(dir, `${row.contentHash}-${page}.png`);
    if (!existsSync(out)) {
      mkdirSync(dir, { recursive: true });
      const prefix = join(dir, `${row.contentHash}-${page}.tmp-${process.pid}`);
      try {
        await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(PAGE_DPI), '-png', '-singlefile', path, prefix], { timeout: 20_000 });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new NotFoundError(code === 'ENOENT' ? 'pdftoppm is not installed (apt-get install poppler-utils)' : `page ${page} of report ${id} cannot be rendered`);
      }
      renameSync(`${prefix}.png`, out);
    }
    return readFileSync(out);
  }
}
