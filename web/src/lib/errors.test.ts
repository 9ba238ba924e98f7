import { describe, expect, it } from 'vitest';
import { ApiFailure } from './api.ts';
import { describeError, errorText } from './errors.ts';

const fail = (status: number, code?: string, detail = {}) => new ApiFailure('english prose from the API', status, undefined, code as never, detail);

describe('describeError', () => {
  it('says each API code in the page’s language, never the API’s English message', () => {
    const cases: [ApiFailure, string, string][] = [
      [fail(404, 'not_found'), '找不到所请求的内容（可能已被撤回）。', 'Not found (it may have been withdrawn).'],
      [fail(403, 'forbidden'), '您的账号无权进行此操作。', 'Your account may not do this.'],
      [fail(429, 'too_many_requests'), '尝试次数过多，请稍后再试。', 'Too many attempts; try again later.'],
      [fail(503, 'busy'), '服务器正在写入数据，请稍候重试。', 'The server is writing data; try again in a few seconds.'],
      [fail(500, 'internal'), '服务器出错，请稍后重试。', 'The server failed; try again later.'],
      [fail(502), '服务器出错，请稍后重试。', 'The server failed; try again later.'],
      [fail(0), '无法连接服务器，请检查网络后重试。', 'Cannot reach the server; check the connection and retry.'],
    ];
    for (const [e, zh, en] of cases) {
      expect(errorText('zh', e)).toBe(zh);
      expect(errorText('en', e)).toBe(en);
    }
  });

  it('offers Retry only where asking again can help, and the way out otherwise', () => {
    expect(describeError('zh', fail(0)).retry).toBe(true);
    expect(describeError('zh', fail(503, 'busy')).retry).toBe(true);
    expect(describeError('zh', fail(400, 'invalid_parameter')).retry).toBe(false);
    const year = describeError('zh', fail(400, 'no_reports_for_year', { year: 2019, years: [2022, 2023] }));
    expect(year).toEqual({ text: '2019 年没有报告。', retry: false, years: [2022, 2023], way: null });
    // The region in view's own years come first when known.
    expect(describeError('zh', fail(400, 'no_reports_for_year', { year: 2019, years: [2022, 2023] }), [2023]).years).toEqual([2023]);
    expect(describeError('en', new ApiFailure('parent: unknown region code 99 (…)', 400, 'parent', 'unknown_region'))).toMatchObject({ text: 'There are no reports for the region 99.', way: 'all' });
    // A chunk that failed to load (not an API answer): Retry.
    expect(describeError('zh', new Error('Failed to fetch dynamically imported module'))).toMatchObject({ text: '页面加载失败，请重试或刷新页面。', retry: true });
  });
});
