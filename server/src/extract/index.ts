import { extname } from 'node:path';
import { docxExtractor } from './docx.ts';
import { htmlExtractor } from './html.ts';
import { legacyDocExtractor } from './legacyDoc.ts';
import { pdfExtractor } from './pdf.ts';
import { textExtractor } from './text.ts';
import type { Extractor } from './types.ts';

export * from './types.ts';

/** Registered formats; a new format is one module added here. */
export const EXTRACTORS: Extractor[] = [textExtractor, htmlExtractor, docxExtractor, legacyDocExtractor, pdfExtractor];

export function extractorFor(path: string): Extractor | undefined {
  const ext = extname(path).toLowerCase();
  return EXTRACTORS.find((e) => e.extensions.includes(ext));
}

export function supportedExtensions(): string[] {
  return EXTRACTORS.flatMap((e) => e.extensions);
}
