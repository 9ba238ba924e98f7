import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { MAX_DOCUMENT_XML_BYTES } from './docx.ts';

/** A .docx whose document.xml is `bytes` of one repeated paragraph: megabytes that pack to kilobytes. */
function bomb(bytes: number): Buffer {
  const enc = new TextEncoder();
  const [head, para, tail] = ['<w:document><w:body>', '<w:p><w:r><w:t>主动公开政府信息</w:t></w:r></w:p>', '</w:body></w:document>'].map((x) => enc.encode(x));
  const xml = new Uint8Array(bytes).fill(0x20);
  xml.set(head, 0);
  for (let at = head.length; at + para.length + tail.length <= bytes; at += para.length) xml.set(para, at);
  xml.set(tail, bytes - tail.length);
  return Buffer.from(zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': xml }, { level: 9 }));
}

describe('Word files that inflate without end', () => {
  it(`a document.xml past ${MAX_DOCUMENT_XML_BYTES / 1024 / 1024} MiB is refused as it inflates, with the reason`, async () => {
    const file = bomb(MAX_DOCUMENT_XML_BYTES + 8 * 1024 * 1024);
    expect(file.length).toBeLessThan(1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const t = performance.now();
    const out = (await processBytes('bomb.docx', file)).output;
    expect(out.ok).toBe(false);
    expect(out.error).toBe('word/document.xml inflates past 32 MiB (a compression bomb, or no report): not read');
    expect(performance.now() - t).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('one under the ceiling is read (and its text has no report: said so)', async () => {
    const out = (await processBytes('big.docx', bomb(2 * 1024 * 1024))).output;
    expect(out.error).toMatch(/^not a 政府信息公开工作年度报告/);
  });

  it('a file that is no ZIP at all, or a ZIP without document.xml', async () => {
    expect((await processBytes('x.docx', Buffer.from('PK\x03\x04 broken'))).output.error).toMatch(/^not a \.docx file/);
    expect((await processBytes('x.docx', Buffer.from(zipSync({ 'a.txt': new Uint8Array(3) })))).output.error).toBe('not a .docx file (no word/document.xml)');
  });
});
