import { chromium, type Browser } from 'playwright-core';
import type { ReportSpec } from './generate.ts';
import { blocksToHtml } from './renderHtml.ts';
import { reportBlocks, type LayoutOptions } from './reportLayout.ts';

/**
 * A report as a PDF printed by headless Chromium from the template's HTML: A4 pages with `- N -`
 * page numbers, table 3 broken across pages, labels wrapped in narrow cells and the merged
 * 三、本年度办理结果 cell printed one character per line, as real PDFs are. Needs Chromium and
 * the fonts (`apt-get install chromium fonts-wqy-zenhei fonts-noto-cjk`); CHROMIUM_PATH
 * overrides /usr/bin/chromium.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The font a report is printed in, which decides how the PDF embeds it:
 * - `truetype`: WenQuanYi Zen Hei, a TrueType 黑体-like face. Chromium embeds it as a subset CID
 *   TrueType font, as WPS and Word do with 宋体/仿宋/黑体 in the real reports. (AR PL UMing, a
 *   Ming face, is not used: Chromium prints its small sizes from the embedded bitmaps as Type 3.)
 * - `opentype`: Noto Serif CJK, an OpenType (CFF) face. Chromium cannot subset CFF and writes
 *   every 256 glyphs as a Type 3 font, about a hundred per report: a harder and slower PDF
 *   (word boxes twice the font size, a hundred font dictionaries to parse) than any real
 *   report in the corpus.
 */
export type PdfFont = 'truetype' | 'opentype';
const FONT_FAMILY: Record<PdfFont, string> = {
  truetype: '"WenQuanYi Zen Hei", serif',
  opentype: '"Noto Serif CJK SC", "Noto Sans CJK SC", serif',
};

const CSS = (font: PdfFont) => `
body { font-family: ${FONT_FAMILY[font]}; font-size: 16px; line-height: 1.75; margin: 0; }
h1 { font-size: 22px; text-align: center; font-weight: normal; }
p { margin: 0; text-indent: 2em; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; font-size: 10px; line-height: 1.4; margin: 6px 0; }
td { border: 1px solid #000; padding: 3px 2px; text-align: center; word-break: break-all; }
td:first-child { text-align: left; }
`;

function reportHtml(spec: ReportSpec, o: LayoutOptions, font: PdfFont): string {
  const blocks = reportBlocks(spec, o);
  // A longer narrative, so the tables start low on a page and table 3 breaks across pages.
  const filler = '本单位坚持以公开为常态、不公开为例外，持续深化政务公开，围绕重点领域信息公开、政策解读、回应关切等工作，进一步规范公开流程，提升公开质量和实效。';
  const i = blocks.findIndex((b) => b.kind === 'heading' && b.text.startsWith('二'));
  blocks.splice(i, 0, ...Array.from({ length: 4 }, () => ({ kind: 'para' as const, text: filler })));
  let body = blocksToHtml(blocks);
  // Column widths: table 3's first label column one character wide (vertical 本年度办理结果).
  body = body.replace(/<table([^>]*)><tbody>\n(<tr><td colspan="3" rowspan="3">)/, '<table$1><colgroup><col style="width:14px"><col style="width:48px"><col style="width:150px">' + '<col>'.repeat(7) + '</colgroup><tbody>\n$2');
  body = body.replace(/<table([^>]*)><tbody>\n(<tr><td colspan="4">)/g, '<table$1><colgroup><col style="width:40%"><col><col><col></colgroup><tbody>\n$2');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${CSS(font)}</style></head><body>${body}</body></html>`;
}

export interface PrintOptions {
  footer?: string;
  cssPageSize?: boolean;
}

export interface PdfPrinter {
  print(spec: ReportSpec, o?: LayoutOptions, font?: PdfFont): Promise<Buffer>;
  /** Prints a page; `footer` replaces the `- N -` footer, `cssPageSize` lets `@page` rules set sizes (landscape pages). */
  printHtml(html: string, o?: PrintOptions): Promise<Buffer>;
  close(): Promise<void>;
}

export async function launchPdfPrinter(): Promise<PdfPrinter> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  const printHtml = async (html: string, o: PrintOptions = {}) => {
    await page.setContent(html, { waitUntil: 'load' });
    return page.pdf({
      format: 'A4',
      margin: { top: '25mm', bottom: '25mm', left: '26mm', right: '26mm' },
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: o.footer ?? '<div style="font-size:10px;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
      preferCSSPageSize: o.cssPageSize ?? false,
    });
  };
  return {
    print: (spec, o = {}, font = 'truetype') => printHtml(reportHtml(spec, o, font)),
    printHtml,
    close: () => browser.close(),
  };
}
