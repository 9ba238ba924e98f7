import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { windowsZip } from '../testing/windowsZip.ts';
import { ArchiveError, entryName, readZip, sniff } from './archive.ts';

const LIMITS = { maxEntries: 10, maxTotalBytes: 1_000_000, maxEntryBytes: 1_000_000 };

describe('sniff: a file’s type by its bytes', () => {
  it('tells PDF, DOCX, ZIP, OLE, HTML, text and binary apart whatever the name', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n...'))).toEqual({ kind: 'report', ext: '.pdf' });
    expect(sniff(zipSync({ '[Content_Types].xml': new Uint8Array(1), 'word/document.xml': new Uint8Array(1) }))).toEqual({ kind: 'report', ext: '.docx' });
    expect(sniff(zipSync({ 'a.txt': new Uint8Array(1) }))).toEqual({ kind: 'zip' });
    expect(sniff(zipSync({ '[Content_Types].xml': new Uint8Array(1), 'xl/workbook.xml': new Uint8Array(1) })).kind).toBe('unknown');
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual({ kind: 'report', ext: '.doc' });
    expect(sniff(Buffer.from('\uFEFF<!DOCTYPE html><html><body>年度报告</body></html>'))).toEqual({ kind: 'report', ext: '.html' });
    expect(sniff(Buffer.from('某镇人民政府2024年政府信息公开工作年度报告'))).toEqual({ kind: 'report', ext: '.txt' });
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])).kind).toBe('unknown');
    expect(sniff(Buffer.alloc(0)).kind).toBe('unknown');
  });
});

describe('readZip', () => {
  it('decodes GBK names (no flag), UTF-8 flagged names and unflagged UTF-8, drops folders and __MACOSX', () => {
    const zip = windowsZip([
      { name: '江苏省/', data: '' },
      { name: '江苏省/某县/甲镇报告.txt', data: 'a' },
      { name: '乙镇.txt', data: 'b', encoding: 'utf8' },
      { name: '__MACOSX/._x', data: 'c' },
    ]);
    expect(readZip(zip, LIMITS, 'z').map((e) => [e.name, Buffer.from(e.bytes).toString()])).toEqual([['江苏省/某县/甲镇报告.txt', 'a'], ['乙镇.txt', 'b']]);
    expect(entryName(Buffer.from('丙镇.txt', 'utf8').toString('latin1'))).toBe('丙镇.txt');
  });

  it('refuses escaping entries (400) and archives past the limits (413); never inflates past a declared size', () => {
    const refused = (z: Buffer | Uint8Array) => {
      try {
        readZip(z, LIMITS, 'z');
        return null;
      } catch (e) {
        return (e as ArchiveError).status;
      }
    };
    expect(refused(windowsZip([{ name: '../x.txt', data: 'a' }]))).toBe(400);
    expect(refused(windowsZip([{ name: 'a\\..\\..\\x.txt', data: 'a' }]))).toBe(400);
    expect(refused(zipSync({ 'big.txt': new Uint8Array(2_000_000) }))).toBe(413);
    expect(refused(zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, new Uint8Array(1)]))))).toBe(413);
    // An archive lying about its sizes gets no more than it declared.
    const liar = windowsZip([{ name: 'a.txt', data: Buffer.alloc(20_000_000), declaredSize: 1000 }]);
    expect(readZip(liar, LIMITS, 'z')[0].bytes.length).toBe(1000);
    expect(refused(Buffer.from('PK\x03\x04 not really'))).toBe(400);
  });
});
