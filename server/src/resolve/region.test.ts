import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverrides } from './overrides.ts';
import { resolveRegion } from './region.ts';

const resolve = (organ: string, extra: { text?: string; path?: string; overrides?: Map<string, string> } = {}) => {
  const warnings: string[] = [];
  const r = resolveRegion({ organ, text: extra.text ?? '', path: extra.path ?? 'x.txt', overrides: extra.overrides }, warnings);
  return { ...r, warnings };
};

describe('resolveRegion', () => {
  it('resolves a township by its unique name, with county, city and province', () => {
    const r = resolve('渠县望溪镇');
    expect([r.code, r.township, r.county, r.city, r.province, r.status]).toEqual(['511725126', '望溪镇', '渠县', '达州市', '四川省', 'resolved']);
  });

  it('a municipality district: the city is the municipality', () => {
    const r = resolve('重庆市大足区国梁镇人民政府');
    expect([r.code, r.county, r.city, r.province]).toEqual(['500111112', '大足区', '重庆市', '重庆市']);
  });

  it('a shared name stays ambiguous with its candidates, until a hint decides', () => {
    const a = resolve('朱口镇人民政府');
    expect(a.status).toBe('ambiguous');
    expect(a.code).toBeNull();
    expect(a.candidates).toEqual([
      { code: '350429101', name: '福建省三明市泰宁县朱口镇' },
      { code: '411627104', name: '河南省周口市太康县朱口镇' },
    ]);
    expect(a.warnings.join()).toMatch(/region-overrides/);
    // A folder named after the county decides.
    expect(resolve('朱口镇人民政府', { path: 'reports/泰宁县/2024.txt' }).code).toBe('350429101');
    expect(resolve('朱口镇人民政府', { path: 'reports/太康/朱口镇2024.txt' }).code).toBe('411627104');
    // So does the county named in the title, or in the text.
    expect(resolve('太康县朱口镇').code).toBe('411627104');
    expect(resolve('朱口镇人民政府', { text: '在泰宁县委、县政府的领导下' }).code).toBe('350429101');
  });

  it('reads user overrides from a CSV file (organ or township name → code)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-ov-'));
    const file = join(dir, 'o.csv');
    writeFileSync(file, '# comment\nname,code\n朱口镇人民政府,411627104\n');
    const overrides = loadOverrides(file);
    expect([...overrides]).toEqual([['朱口镇人民政府', '411627104']]);
    const r = resolve('朱口镇人民政府', { overrides });
    expect([r.status, r.code, r.county]).toEqual(['resolved', '411627104', '太康县']);
    expect(loadOverrides(join(dir, 'missing.csv')).size).toBe(0);
  });

  it('bodies above township level resolve as far as they go, with no township code', () => {
    const county = resolve('洪泽区人民政府', { text: '淮安市洪泽区' });
    expect([county.code, county.township, county.county, county.city, county.province, county.level]).toEqual([null, null, '洪泽区', '淮安市', '江苏省', 'county']);
    const city = resolve('淮安市人民政府');
    expect([city.code, city.county, city.city, city.province, city.level]).toEqual([null, null, '淮安市', '江苏省', 'city']);
    const pingtan = resolve('平潭综合实验区苏平片区管理局');
    expect([pingtan.county, pingtan.city, pingtan.province]).toEqual(['平潭县', '福州市', '福建省']);
  });

  it('does not take a district tail (城区) for a township, and names nothing it cannot find', () => {
    expect(resolve('鼎城区中河口镇').code).toBe('430703102');
    const none = resolve('某某单位');
    expect(none.status).toBe('unresolved');
    expect(none.warnings.join()).toMatch(/no township, county or city/);
  });
});
