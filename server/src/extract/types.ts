/**
 * Extract stage: file bytes → plain text in which every table row is one line of tab-separated
 * cells. Each format is one module implementing `Extractor`; the parser never sees formats.
 */
export interface Extracted {
  text: string;
  /** Encoding the bytes were decoded from, or the format's own description. */
  source: string;
  warnings: string[];
  /**
   * Titles the document states outside its text, best first: a page's article-title `meta`,
   * article-title element, `<title>` (site name cut off), first heading. The parser reads the
   * body and year from these before the text, whose opening may be a sentence.
   */
  titles?: string[];
  /**
   * Where a line (1-based) of `text` sits in the file, where the format knows more than the line
   * (a PDF's page: `第 3 页`), for provenance; absent or null elsewhere.
   */
  locate?: (line: number) => string | null;
  /**
   * Where a table row's line is printed (PDF: page, and in points from the page's top left the
   * row's box and its value cells' x ranges where known), for drawing it on the page's image.
   */
  box?: (line: number) => SourceBox | null;
}

export interface SourceBox {
  page: number;
  row: [number, number, number, number];
  cells: [number, number][] | null;
}

export interface Extractor {
  format: string;
  extensions: string[];
  extract(bytes: Buffer, path: string): Promise<Extracted>;
}

/** An input that cannot be read at all; the message names the reason (the caller adds the file). */
export class ExtractError extends Error {}
