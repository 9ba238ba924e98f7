/**
 * Rows that printed no values in a real crawler dump: the row's label runs straight into the next
 * one (`…申请3.其他（七）总计2000002`). Made from a real 平潭 dump by deleting rows' digits.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T3_COLUMNS } from '@nianbao/shared';
import { processBytes } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';

const CORPUS = resolve(REPO_ROOT, 'server/fixtures/corpus');
const dump = readFileSync(resolve(CORPUS, 'real/flattened-web-text/pingtan_17_2023.txt'), 'utf8');
const expected = JSON.parse(readFileSync(resolve(CORPUS, 'expected/pingtan_17_2023.json'), 'utf8')) as { fields: Record<string, unknown>; uncertain: string[] };

/** The dump with the digits after each label removed (the label must be followed by seven digits). */
function withoutValues(...labels: string[]): string {
  let text = dump;
  for (const label of labels) {
    const at = text.indexOf(label);
    expect(at).toBeGreaterThan(0);
    const digits = /^\s*\d{7}/.exec(text.slice(at + label.length))![0];
    text = text.slice(0, at + label.length) + text.slice(at + label.length + digits.length);
  }
  return text;
}

async function readBack(text: string, emptyRows: string[]) {
  const out = (await processBytes('pingtan.txt', Buffer.from(text))).output;
  const blank = emptyRows.flatMap((row) => T3_COLUMNS.map((c) => `t3.${row}.${c.id}`));
  const wrong: string[] = [];
  for (const [id, want] of Object.entries(expected.fields)) {
    if (expected.uncertain.includes(id)) continue;
    const got = out.fields[id];
    if (blank.includes(id)) {
      if (got !== null) wrong.push(`${id}: printed no value, got ${got}`);
    } else if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  return { out, wrong };
}

describe('flattened text: a label followed directly by the next label is a row without values', () => {
  it('two sub-rows of （六） and then （七）总计: the total stays with its own row', async () => {
    const text = withoutValues('要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他');
    expect(text).toContain('申请3.其他（七）总计2000002');
    const { wrong } = await readBack(text, ['other.no_fee', 'other.other']);
    expect(wrong).toEqual([]);
  });

  it('the first sub-row under its group label', async () => {
    const { wrong } = await readBack(withoutValues('1.属于国家秘密'), ['denied.state_secret']);
    expect(wrong).toEqual([]);
  });

  it('a group row before the next group', async () => {
    const { wrong } = await readBack(withoutValues('（七）总计'), ['processed_total']);
    expect(wrong).toEqual([]);
  });
});
