import JSZip from 'jszip';
import { parseDocument } from 'htmlparser2';
import { ExtractError, type Extracted, type Extractor } from './types.ts';

/**
 * Word (.docx) → text: paragraphs as lines, tables row by row with tab-separated cells.
 * Merged cells: a `gridSpan` cell is one cell; a `vMerge` continuation (the rows under a cell
 * merged downwards) is left out, so a group label (`（三）不予公开`) stands only in its first row,
 * as the parser expects (it joins a row's label cells and reads its values in order).
 */

interface XmlNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
  data?: string;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const NUMERIC = /^[-−]?\d[\d,]*(\.\d+)?(万元|元)?$/;

function kids(n: XmlNode, name?: string): XmlNode[] {
  return (n.children ?? []).filter((c) => c.type === 'tag' && (!name || c.name === name));
}

function child(n: XmlNode, name: string): XmlNode | undefined {
  return (n.children ?? []).find((c) => c.type === 'tag' && c.name === name);
}

/** Text of runs under `n`: `w:t`, tabs and breaks; deleted text (`w:delText`) is not read. */
function runText(n: XmlNode): string {
  let s = '';
  for (const c of n.children ?? []) {
    if (c.type === 'text') continue;
    if (c.type !== 'tag') continue;
    switch (c.name) {
      case 'w:t':
        s += (c.children ?? []).map((t) => t.data ?? '').join('');
        break;
      case 'w:tab':
        s += ' ';
        break;
      case 'w:br':
      case 'w:cr':
        s += ' ';
        break;
      case 'w:del':
      case 'w:delText':
      case 'w:instrText':
      case 'w:rPr':
      case 'w:pPr':
        break;
      case 'w:tbl':
        s += ' ' + kids(c, 'w:tr').map((tr) => kids(tr, 'w:tc').map(runText).join(' ')).join(' ');
        break;
      default:
        s += runText(c);
    }
  }
  return s;
}

function cellText(tc: XmlNode): string {
  return kids(tc, 'w:p').length || kids(tc, 'w:tbl').length || kids(tc, 'w:sdt').length
    ? runText(tc).replace(/\s+/g, ' ').trim()
    : '';
}

function vMergeContinues(tc: XmlNode): boolean {
  const pr = child(tc, 'w:tcPr');
  const vm = pr && child(pr, 'w:vMerge');
  return Boolean(vm) && (vm!.attribs?.['w:val'] ?? 'continue') === 'continue';
}

function renderTable(tbl: XmlNode, out: string[]): void {
  for (const tr of rowsOf(tbl)) {
    const cells: string[] = [];
    for (const tc of cellsOf(tr)) {
      if (vMergeContinues(tc)) continue;
      cells.push(cellText(tc));
    }
    if (cells.every((c) => c === '')) continue;
    // In a row of numbers, an empty cell after the label is a blank cell (null), not padding.
    const lastLabel = cells.reduce((k, c, i) => (c !== '' && !NUMERIC.test(c.replace(/\s/g, '')) ? i : k), -1);
    const hasNumber = cells.some((c) => NUMERIC.test(c.replace(/\s/g, '')));
    out.push(cells.map((c, i) => (c === '' && hasNumber && i > lastLabel ? '/' : c)).join('\t'));
  }
}

/** Rows and cells, looking through content controls (`w:sdt`) and custom XML wrappers. */
function rowsOf(tbl: XmlNode): XmlNode[] {
  return (tbl.children ?? []).flatMap((c) => (c.type !== 'tag' ? [] : c.name === 'w:tr' ? [c] : /^w:(sdt|sdtContent|customXml)$/.test(c.name!) ? rowsOf(c) : []));
}
function cellsOf(tr: XmlNode): XmlNode[] {
  return (tr.children ?? []).flatMap((c) => (c.type !== 'tag' ? [] : c.name === 'w:tc' ? [c] : /^w:(sdt|sdtContent|customXml)$/.test(c.name!) ? cellsOf(c) : []));
}

function renderBody(n: XmlNode, out: string[]): void {
  for (const c of n.children ?? []) {
    if (c.type !== 'tag') continue;
    if (c.name === 'w:p') {
      const t = runText(c).replace(/[ \t]+/g, ' ').trim();
      if (t) out.push(t);
    } else if (c.name === 'w:tbl') renderTable(c, out);
    else if (/^w:(sdt|sdtContent|customXml|ins|smartTag|body)$/.test(c.name!)) renderBody(c, out);
  }
}

export async function docxToText(bytes: Buffer): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new ExtractError('not a .docx file (not a ZIP package)');
  }
  const doc = zip.file('word/document.xml');
  if (!doc) throw new ExtractError('not a .docx file (no word/document.xml)');
  const xml = await doc.async('string');
  const root = parseDocument(xml, { xmlMode: true, decodeEntities: true }) as unknown as XmlNode;
  const out: string[] = [];
  const body = findTag(root, 'w:body');
  if (body) renderBody(body, out);
  return out.join('\n');
}

function findTag(n: XmlNode, name: string): XmlNode | undefined {
  for (const c of n.children ?? []) {
    if (c.type !== 'tag') continue;
    if (c.name === name) return c;
    const f = findTag(c, name);
    if (f) return f;
  }
  return undefined;
}

export const docxExtractor: Extractor = {
  format: 'docx',
  extensions: ['.docx', '.docm'],
  async extract(bytes: Buffer): Promise<Extracted> {
    if (bytes.length === 0) throw new ExtractError('empty file');
    if (bytes.subarray(0, 8).equals(OLE_MAGIC)) throw new ExtractError('legacy .doc (Word 97-2003) inside a .docx name: convert to .docx');
    const text = await docxToText(bytes);
    if (text.trim() === '') throw new ExtractError('document has no text');
    return { text, source: 'DOCX', warnings: [] };
  },
};

/** Legacy Word files are a binary format this project does not read; say what to do. */
export const legacyDocExtractor: Extractor = {
  format: 'doc',
  extensions: ['.doc', '.wps'],
  async extract(): Promise<Extracted> {
    throw new ExtractError('legacy .doc: convert to .docx (e.g. `libreoffice --headless --convert-to docx`)');
  },
};
