import { Unzip, UnzipInflate } from 'fflate';
import { Parser } from 'htmlparser2';
import { convertToDocx } from './soffice.ts';
import { ExtractError, type Extracted, type Extractor } from './types.ts';

/**
 * Word (.docx) → text: paragraphs as lines, tables row by row with tab-separated cells.
 * Merged cells: a `gridSpan` cell is one cell; a `vMerge` continuation (the rows under a cell
 * merged downwards) is left out, so a group label (`（三）不予公开`) stands only in its first row,
 * as the parser expects (it joins a row's label cells and reads its values in order).
 */

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const NUMERIC = /^[-−]?\d[\d,]*(\.\d+)?(万元|元)?$/;

interface TableState {
  rows: { text: string; continues: boolean }[][];
  row: { text: string; continues: boolean }[] | null;
  cell: { text: string; continues: boolean } | null;
}

/** A table's rows as lines; `vMerge` continuations left out, blank value cells as `/`. */
/** A table's rows as lines, each with its row number in the table (1-based, empty rows counted). */
function tableLines(t: TableState): { line: string; row: number }[] {
  const out: { line: string; row: number }[] = [];
  for (const [k, row] of t.rows.entries()) {
    const cells = row.filter((c) => !c.continues).map((c) => c.text.replace(/\s+/g, ' ').trim());
    if (cells.every((c) => c === '')) continue;
    // In a row of numbers, an empty cell after the label is a blank cell (null), not padding.
    const lastLabel = cells.reduce((k, c, i) => (c !== '' && !NUMERIC.test(c.replace(/\s/g, '')) ? i : k), -1);
    const hasNumber = cells.some((c) => NUMERIC.test(c.replace(/\s/g, '')));
    out.push({ line: cells.map((c, i) => (c === '' && hasNumber && i > lastLabel ? '/' : c)).join('\t'), row: k + 1 });
  }
  return out;
}

/**
 * document.xml read as a stream of tags (no tree): body paragraphs become lines, tables rows of
 * cells. Only `w:t` text is read, so deleted text (`w:delText`) and field codes (`w:instrText`)
 * stay out; a table nested in a cell becomes that cell's text.
 */
export function documentXmlToText(xml: string): string {
  return documentXmlToLines(xml).text;
}

/** The text, and where each table row line sits in the document (`第 2 个表格第 5 行`), by line index. */
export function documentXmlToLines(xml: string): { text: string; places: Map<number, string> } {
  const places = new Map<number, string>();
  let tableNo = 0;
  const out: string[] = [];
  const tables: TableState[] = [];
  let para = '';
  let inText = false;
  let inBody = false;
  const append = (t: string) => {
    const top = tables[tables.length - 1];
    if (top) {
      if (top.cell) top.cell.text += t;
    } else para += t;
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        switch (name) {
          case 'w:body':
            inBody = true;
            break;
          case 'w:t':
            inText = true;
            break;
          case 'w:tab':
          case 'w:br':
          case 'w:cr':
            if (inBody) append(' ');
            break;
          case 'w:tbl':
            tables.push({ rows: [], row: null, cell: null });
            break;
          case 'w:tr':
            if (tables.length) tables[tables.length - 1].row = [];
            break;
          case 'w:tc':
            if (tables.length) tables[tables.length - 1].cell = { text: '', continues: false };
            break;
          case 'w:vMerge': {
            const cell = tables[tables.length - 1]?.cell;
            if (cell && (attribs['w:val'] ?? 'continue') === 'continue') cell.continues = true;
            break;
          }
        }
      },
      ontext(text) {
        if (inText && inBody) append(text);
      },
      onclosetag(name) {
        switch (name) {
          case 'w:t':
            inText = false;
            break;
          case 'w:p':
            if (!tables.length) {
              const t = para.replace(/[ \t]+/g, ' ').trim();
              if (t) out.push(t);
              para = '';
            }
            break;
          case 'w:tc': {
            const t = tables[tables.length - 1];
            if (t?.cell && t.row) t.row.push(t.cell);
            if (t) t.cell = null;
            break;
          }
          case 'w:tr': {
            const t = tables[tables.length - 1];
            if (t?.row) t.rows.push(t.row);
            if (t) t.row = null;
            break;
          }
          case 'w:tbl': {
            const t = tables.pop();
            if (!t) break;
            if (tables.length) append(' ' + t.rows.map((r) => r.map((c) => c.text).join(' ')).join(' ') + ' ');
            else {
              tableNo++;
              // No spread: a table may have 10⁵ rows.
              for (const { line, row } of tableLines(t)) {
                places.set(out.length, `第 ${tableNo} 个表格第 ${row} 行`);
                out.push(line);
              }
            }
            break;
          }
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return { text: out.join('\n'), places };
}

/**
 * The most `word/document.xml` may inflate to. A real report's is well under 1 MiB; a zip bomb's
 * (a 611 KB file inflating to 200 MiB or 2 GiB) is stopped here, before it is held in memory.
 */
export const MAX_DOCUMENT_XML_BYTES = 32 * 1024 * 1024;

/**
 * One part of a ZIP package, inflated as a stream and stopped once it passes `limit` bytes (the
 * sizes a ZIP declares can lie). Only this part is inflated; styles, media and the rest stay packed.
 */
export function readZipPart(bytes: Uint8Array, name: string, limit: number): Buffer | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let found = false;
  let failure: Error | null = null;
  let entries = 0;
  const unzip = new Unzip((file) => {
    entries++;
    if (file.name !== name || found) return;
    found = true;
    file.ondata = (err, data) => {
      if (failure) return;
      if (err) failure = new ExtractError(`${name} is damaged: ${err.message}`);
      else if ((size += data.length) > limit) {
        failure = new ExtractError(`${name} inflates past ${limit / 1024 / 1024} MiB (a compression bomb, or no report): not read`);
        file.terminate();
      } else chunks.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch (e) {
    if (!failure) throw new ExtractError(`not a .docx file (not a ZIP package: ${(e as Error).message})`);
  }
  if (failure) throw failure;
  if (entries === 0) throw new ExtractError('not a .docx file (a damaged or empty ZIP package)');
  return found ? Buffer.concat(chunks, size) : null;
}

export async function docxToText(bytes: Buffer): Promise<string> {
  return (await docxToLines(bytes)).text;
}

/** The document's text, and where each table row line sits in it. */
export async function docxToLines(bytes: Buffer): Promise<{ text: string; places: Map<number, string> }> {
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) throw new ExtractError('not a .docx file (not a ZIP package)');
  const doc = readZipPart(bytes, 'word/document.xml', MAX_DOCUMENT_XML_BYTES);
  if (!doc) throw new ExtractError('not a .docx file (no word/document.xml)');
  return documentXmlToLines(doc.toString('utf8'));
}

export const docxExtractor: Extractor = {
  format: 'docx',
  extensions: ['.docx', '.docm'],
  async extract(bytes: Buffer): Promise<Extracted> {
    if (bytes.length === 0) throw new ExtractError('empty file');
    // A Word 97–2003 file saved under a .docx name: converted as a .doc.
    const ole = bytes.subarray(0, 8).equals(OLE_MAGIC);
    const { text, places } = await docxToLines(ole ? await convertToDocx(bytes, '.doc') : bytes);
    if (text.trim() === '') throw new ExtractError('document has no text');
    const locate = (line: number) => places.get(line - 1) ?? null;
    return ole
      ? { text, source: 'DOC (LibreOffice → DOCX)', warnings: ['a Word 97-2003 (.doc) file named .docx; converted by LibreOffice'], locate }
      : { text, source: 'DOCX', warnings: [], locate };
  },
};
