/**
 * Every warning and file error the pipeline writes for real and generated reports is a template of
 * shared/src/messages.ts: a Chinese CSV or page says it in Chinese, never as 原文 (the fallback).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishLeftIn, messageIn, messageTemplate } from '@nianbao/shared';
import { processBytes } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';
import { randomSpec, renderTextReport, rng, LAYOUTS } from '../testing/generate.ts';
import { renderFlattenedReport } from '../testing/renderFlattened.ts';
import { pickTownship } from '../testing/townships.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const READ = /\.(txt|html?|docx|doc|wps|pdf)$/i;
const SOURCES = [resolve(REPO_ROOT, 'server/fixtures/corpus'), resolve(REPO_ROOT, 'data/reports')].flatMap(filesUnder).filter((f) => READ.test(f));

/** The messages (warnings, then the error) of one file, with where they came from. */
async function messagesOf(file: string, bytes: Buffer): Promise<{ file: string; text: string }[]> {
  const out = (await processBytes(file, bytes)).output;
  return [...out.warnings, ...(out.error ? [out.error] : [])].map((text) => ({ file, text }));
}

function untranslated(messages: { file: string; text: string }[]) {
  return messages
    .map((m) => ({ ...m, zh: messageIn('zh', m.text) }))
    .filter((m) => messageTemplate(m.text) < 0 || englishLeftIn(m.zh).length > 0);
}

describe('parser messages said in Chinese', () => {
  it('every message of the real and seed corpus and the sample reports', async () => {
    const messages = (await Promise.all(SOURCES.map((f) => messagesOf(f, readFileSync(f))))).flat();
    expect(SOURCES.length).toBeGreaterThan(40);
    // The corpus does warn (region, flattened digits, PDF tables), so the check has something to check.
    expect(messages.length).toBeGreaterThan(20);
    expect(untranslated(messages)).toEqual([]);
  }, 120_000);

  it('every message of generated reports (all layouts, flattened text, nulls, quirks) and of unreadable files', async () => {
    const messages: { file: string; text: string }[] = [];
    for (let seed = 1; seed <= 120; seed++) {
      const r = rng(seed);
      const place = pickTownship(r);
      const spec = randomSpec(r, { organ: place.organ, year: 2015 + Math.floor(r() * 10), template: r() < 0.5 ? '2021' : '2019', singleOther: r() < 0.2, nullRate: r() < 0.5 ? 0.1 : 0 });
      const text = seed % 3 === 0
        ? renderFlattenedReport(spec, r)
        : renderTextReport(spec, LAYOUTS[seed % LAYOUTS.length], { spacedLabels: r() < 0.5, wrappedLabels: r() < 0.5, pageNumbers: r() < 0.5, fullWidth: r() < 0.5, thousands: r() < 0.5, openingSentence: r() < 0.5 });
      messages.push(...(await messagesOf(`generated-${seed}.txt`, Buffer.from(text))));
      // The same report cut short: tables lost, rows missing.
      messages.push(...(await messagesOf(`cut-${seed}.txt`, Buffer.from(text.slice(0, Math.floor(text.length * r()))))));
    }
    // Files that cannot be read, one per reason the extractors give.
    const broken: [string, Buffer][] = [
      ['empty.txt', Buffer.alloc(0)],
      ['blank.txt', Buffer.from('   \n')],
      ['binary.txt', Buffer.from([0, 1, 2, 3, 0, 0, 5, 6])],
      ['gbk.txt', Buffer.from([0xc4, 0xea, 0xb6, 0xc8, 0xb1, 0xa8, 0xb8, 0xe6])],
      ['empty.html', Buffer.alloc(0)],
      ['blank.html', Buffer.from('<html><body> </body></html>')],
      ['notzip.docx', Buffer.from('plain text, not a zip')],
      ['empty.docx', Buffer.alloc(0)],
      ['notpdf.pdf', Buffer.from('plain text')],
      ['broken.pdf', Buffer.from('%PDF-1.4\n%%EOF')],
      ['report.xls', Buffer.from('x')],
    ];
    for (const [name, bytes] of broken) messages.push(...(await messagesOf(name, bytes)));
    expect(new Set(messages.map((m) => messageTemplate(m.text))).size).toBeGreaterThan(15);
    expect(untranslated(messages)).toEqual([]);
  }, 120_000);
});
