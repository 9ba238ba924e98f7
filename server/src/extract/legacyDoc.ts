import { extname } from 'node:path';
import { docxToLines } from './docx.ts';
import { convertToDocx } from './soffice.ts';
import { ExtractError, type Extracted, type Extractor } from './types.ts';

/**
 * Legacy Word (.doc, Word 97–2003) and WPS (.wps) files: converted to DOCX by a resident
 * LibreOffice (`soffice.ts`: one soffice per run, results cached by content hash) and read by the
 * DOCX reader, so both formats come out exactly as a .docx would. A .doc that is really a DOCX
 * package (saved under the old name) is read directly.
 */
export const legacyDocExtractor: Extractor = {
  format: 'doc',
  extensions: ['.doc', '.wps'],
  async extract(bytes: Buffer, path: string): Promise<Extracted> {
    if (bytes.length === 0) throw new ExtractError('empty file');
    const ext = extname(path).toLowerCase() || '.doc';
    const kind = ext === '.wps' ? 'WPS' : 'DOC';
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      const { text, places } = await docxToLines(bytes);
      if (text.trim() === '') throw new ExtractError('document has no text');
      return { text, source: 'DOCX', warnings: [`a .docx file named ${ext}; read as .docx`], locate: (line) => places.get(line - 1) ?? null };
    }
    const { text, places } = await docxToLines(await convertToDocx(bytes, ext));
    if (text.trim() === '') throw new ExtractError('document has no text');
    return { text, source: `${kind} (LibreOffice → DOCX)`, warnings: [], locate: (line) => places.get(line - 1) ?? null };
  },
};
