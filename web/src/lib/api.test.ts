import { describe, expect, it, vi } from 'vitest';
import { ApiFailure, api, apiUrl, csv, errorMessage, memoSize, setFetch } from './api.ts';

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('API client', () => {
  it('builds URLs with only the parameters given, commas kept readable', () => {
    expect(apiUrl('trend', { metric: 'proactive.total', regions: '13,51', x: undefined, y: null, z: '' })).toBe('/api/trend?metric=proactive.total&regions=13,51');
    expect(csv.full({ year: 2024, region: 'all' }, 'en')).toBe('/api/export.csv?year=2024&lang=en');
    expect(csv.league({ metric: 'm', year: 2024, parent: '13' }, 'zh')).toBe('/api/league.csv?metric=m&year=2024&parent=13&lang=zh');
  });

  it('asks once per URL and forgets failures so a retry asks again', async () => {
    const f = vi.fn(async (url: string | URL | Request) => (String(url).includes('bad') ? new Response(JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'unknown region code 99', parameter: 'parent' }), { status: 400 }) : ok({ year: 2024, townships: [], metrics: [] })));
    setFetch(f as typeof fetch);
    await api.compare(2024, ['130204100', '130204101']);
    await api.compare(2024, ['130204100', '130204101']);
    expect(f).toHaveBeenCalledTimes(1);
    const fail = api.league({ metric: 'bad', year: 2024 });
    await expect(fail).rejects.toBeInstanceOf(ApiFailure);
    const e = await fail.catch((x) => x);
    expect(errorMessage(e)).toBe('unknown region code 99 (HTTP 400, parent)');
    await api.league({ metric: 'bad', year: 2024 }).catch(() => {});
    expect(f).toHaveBeenCalledTimes(3);
  });

  it('reports a network failure as a message, and keeps at most 300 answers', async () => {
    setFetch((async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch);
    expect(errorMessage(await api.quality().catch((x) => x))).toBe('network error: Failed to fetch');
    setFetch((async () => ok({})) as typeof fetch);
    await Promise.all(Array.from({ length: 320 }, (_, i) => api.report(i + 1)));
    expect(memoSize()).toBe(300);
  });
});
