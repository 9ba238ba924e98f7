/**
 * Accuracy on the real corpus: every field of every expected answer (fixtures/corpus/expected,
 * copied from shared/corpus) is reproduced exactly, except the ids the answer lists as uncertain.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';

const CORPUS = resolve(REPO_ROOT, 'server/fixtures/corpus');

interface Expected {
  file: string;
  fields: Record<string, unknown>;
  uncertain: string[];
}

/** Source file of an expected answer, inside the fixture copy of the corpus. */
function sourceOf(e: Expected): string {
  return resolve(CORPUS, e.file.replace(/^shared\/corpus\//, ''));
}

const expectedFiles = readdirSync(resolve(CORPUS, 'expected')).filter((f) => f.endsWith('.json'));
const all: Expected[] = expectedFiles.map((f) => JSON.parse(readFileSync(resolve(CORPUS, 'expected', f), 'utf8')));
/** The formats read so far; the formats issue widens this to the real PDFs and web text. */
const readable = all.filter((e) => /\/seeds\//.test(e.file));

describe('seed reports reproduce the expected answers field by field', () => {
  it('covers all five seeds', () => expect(readable.length).toBe(5));
  for (const e of readable) {
    it(e.file, async () => {
      const r = await processFile(sourceOf(e));
      expect(r.output.error).toBeNull();
      expect(r.output.ok).toBe(true);
      const mismatches: string[] = [];
      for (const [id, want] of Object.entries(e.fields)) {
        if (e.uncertain.includes(id)) continue;
        const got = r.output.fields[id];
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
      expect(mismatches).toEqual([]);
      // No id outside the report's template, and none missing.
      const extra = Object.keys(r.output.fields).filter((id) => !(id in e.fields) && id !== 'proactive.evidence');
      expect(extra).toEqual([]);
    });
  }
});
