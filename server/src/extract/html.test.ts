import { describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { randomSpec, rng } from '../testing/generate.ts';
import { renderHtmlReport } from '../testing/renderHtml.ts';
import { MAX_HTML_DEPTH, MAX_HTML_NESTING } from './html.ts';

/** A real-looking report page wrapped in `depth` unclosed or closed `<div>`s. */
function nested(depth: number, closed: boolean): { page: Buffer; spec: ReturnType<typeof randomSpec> } {
  const spec = randomSpec(rng(depth), { organ: '渠县望溪镇', year: 2023 });
  const page = renderHtmlReport(spec, { chrome: false }).toString('utf8');
  const body = page.indexOf('<body>') + '<body>'.length;
  return { spec, page: Buffer.from(page.slice(0, body) + '<div>'.repeat(depth) + page.slice(body).replace('</body>', (closed ? '</div>'.repeat(depth) : '') + '</body>')) };
}

describe('deeply nested pages', () => {
  it(`a page nested ${MAX_HTML_DEPTH * 2} deep is read; what lies past ${MAX_HTML_DEPTH} is plain text, said in a warning`, async () => {
    const { page, spec } = nested(MAX_HTML_DEPTH * 2, true);
    const out = (await processBytes('deep.html', page)).output;
    expect(out.fields.year).toBe(2023);
    expect(out.fields.organ).toBe(spec.organ);
    expect(out.warnings.join('\n')).toMatch(/more than 400 deep; what lies deeper was read as plain text/);
  });

  it('a page under the cap reads every value', async () => {
    const { page, spec } = nested(200, false);
    const out = (await processBytes('deep.html', page)).output;
    expect(Object.fromEntries(Object.entries(out.fields).filter(([k]) => /^t[234]/.test(k)))).toEqual(spec.values);
  });

  it(`a page nested past ${MAX_HTML_NESTING} is refused at once with the reason`, async () => {
    for (const closed of [true, false]) {
      const t = performance.now();
      const out = (await processBytes('bomb.html', nested(100_000, closed).page)).output;
      expect(out.ok).toBe(false);
      expect(out.error).toMatch(/nests its elements more than 5000 deep/);
      expect(performance.now() - t).toBeLessThan(2000);
    }
  });
});
