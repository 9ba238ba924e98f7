import { strToU8, zipSync } from 'fflate';
import type { ReportSpec } from './generate.ts';
import { reportBlocks, type DocBlock, type DocCell, type LayoutOptions } from './reportLayout.ts';

/**
 * A report as a Word file: the template's tables with merged cells written the way Word writes
 * them (`w:gridSpan` for columns, `w:vMerge` restart/continue for rows), paragraphs as `w:p`.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function para(text: string, bold = false): string {
  if (!text) return '<w:p/>';
  return `<w:p><w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

/** Word's grid: each row's cells in column order, with a continuation cell under a merged one. */
function tableXml(rows: DocCell[][]): string {
  const width = Math.max(...rows.map((r) => r.reduce((s, c) => s + (c.colspan ?? 1), 0)));
  const below: ({ span: number; left: number } | null)[] = new Array(width).fill(null);
  const out: string[] = [];
  for (const row of rows) {
    const tcs: string[] = [];
    let col = 0;
    let k = 0;
    while (col < width) {
      const cont = below[col];
      if (cont && cont.left > 0) {
        tcs.push(`<w:tc><w:tcPr>${cont.span > 1 ? `<w:gridSpan w:val="${cont.span}"/>` : ''}<w:vMerge/></w:tcPr><w:p/></w:tc>`);
        cont.left--;
        col += cont.span;
        continue;
      }
      const c = row[k++];
      if (!c) break;
      const span = c.colspan ?? 1;
      const rs = c.rowspan ?? 1;
      const pr = `${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${rs > 1 ? '<w:vMerge w:val="restart"/>' : ''}`;
      tcs.push(`<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${para(c.text)}</w:tc>`);
      below[col] = rs > 1 ? { span, left: rs - 1 } : null;
      col += span;
    }
    out.push(`<w:tr>${tcs.join('')}</w:tr>`);
  }
  const grid = `<w:tblGrid>${'<w:gridCol w:w="600"/>'.repeat(width)}</w:tblGrid>`;
  return `<w:tbl><w:tblPr><w:tblBorders><w:insideH w:val="single"/></w:tblBorders></w:tblPr>${grid}${out.join('')}</w:tbl>`;
}

export function blocksToDocumentXml(blocks: DocBlock[]): string {
  const body = blocks
    .map((b) => (b.kind === 'table' ? tableXml(b.rows) : para(b.text, b.kind !== 'para')))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

export async function renderDocxReport(spec: ReportSpec, o: LayoutOptions = {}): Promise<Buffer> {
  const files = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
    'word/document.xml': strToU8(blocksToDocumentXml(reportBlocks(spec, o))),
  };
  return Buffer.from(zipSync(files, { level: 6 }));
}
