import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { divisions } from './divisions.ts';
import { loadOverrides } from './overrides.ts';
import { resolveRegion } from './region.ts';
import { processBytes } from '../pipeline.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';

const resolve = (organ: string | null, extra: { text?: string; path?: string; overrides?: Map<string, string> } = {}) => {
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

  describe('folder and file names, when the organ names no place', () => {
    // The codes come from the division index, not from memory.
    const only = (name: string) => {
      const list = divisions().townshipsByName.get(name)!;
      expect(list).toHaveLength(1);
      return list[0].code;
    };
    const inCounty = (name: string, county: string) => {
      const list = divisions().townshipsByName.get(name)!;
      expect(list.length).toBeGreaterThan(1);
      return list.find((d) => divisions().byCode.get(d.countyCode!)!.name === county)!.code;
    };

    it('a township folder or file name resolves, with a warning naming the segments used', () => {
      const wangxi = only('望溪镇');
      const a = resolve(null, { path: '四川省/渠县/望溪镇/report.txt' });
      expect([a.status, a.code, a.township, a.county, a.city, a.province]).toEqual(['resolved', wangxi, '望溪镇', '渠县', '达州市', '四川省']);
      expect(a.warnings).toEqual(['region: from the path "四川省/渠县/望溪镇" (the report names no body)']);
      expect(resolve(null, { path: 'reports/四川省/渠县/望溪镇.txt' }).code).toBe(wangxi);
      const b = resolve('某某单位', { path: '/data/2024/渠县/望溪镇2024年报.txt' });
      expect([b.status, b.code]).toEqual(['resolved', wangxi]);
      expect(b.warnings).toEqual(['region: from the path "渠县/望溪镇2024年报" (the body "某某单位" names no place)']);
      // Without a township name, the deepest county (or city, or province) folder.
      const county = resolve(null, { path: '四川省/渠县/2024/report.txt' });
      expect([county.status, county.code, county.county, county.level]).toEqual(['resolved', null, '渠县', 'county']);
      expect(county.warnings.join()).toMatch(/from the path "四川省\/渠县"/);
    });

    it('a shared township name is decided by the county (or province) folder above it', () => {
      const taining = inCounty('朱口镇', '泰宁县');
      const taikang = inCounty('朱口镇', '太康县');
      expect(resolve(null, { path: '福建省/泰宁县/朱口镇/2024.txt' }).code).toBe(taining);
      expect(resolve(null, { path: 'reports/太康县/朱口镇年报.txt' }).code).toBe(taikang);
      expect(resolve(null, { path: '河南省/朱口镇.txt' }).code).toBe(taikang);
    });

    it('stays ambiguous with its candidates when no folder decides', () => {
      const r = resolve(null, { path: 'reports/朱口镇/2024.txt' });
      expect([r.status, r.code, r.township]).toEqual(['ambiguous', null, '朱口镇']);
      expect(r.candidates!.map((c) => c.code).sort()).toEqual([inCounty('朱口镇', '泰宁县'), inCounty('朱口镇', '太康县')].sort());
      expect(r.warnings.join()).toMatch(/from the path "朱口镇".*2 townships are named 朱口镇/);
      // A county folder contradicting a unique township name leaves it unresolved, not guessed.
      const c = resolve(null, { path: '泰宁县/望溪镇.txt' });
      expect([c.status, c.code]).toEqual(['unresolved', null]);
      expect(c.warnings.join()).toMatch(/does not contain .*望溪镇; left unresolved/);
    });

    it('generic folder names match nothing', () => {
      for (const path of ['/tmp/xyz/reports/2024/report.txt', 'data/年报/2024年政府信息公开工作年度报告.txt', '乡镇街道/城区/各街道/2024年镇街年报.pdf', '经济开发区/工业园区/x.txt']) {
        const r = resolve(null, { path });
        expect([path, r.status, r.divisionCode, r.candidates, r.warnings]).toEqual([path, 'unresolved', null, null, []]);
      }
      expect(resolve('某某单位', { path: 'reports/2024/x.txt' }).warnings.join()).toMatch(/no township, county or city/);
    });

    it('never overrides a region the organ resolves', () => {
      const r = resolve('渠县望溪镇', { path: '福建省/泰宁县/朱口镇/x.txt' });
      expect([r.status, r.code]).toEqual(['resolved', only('望溪镇')]);
      expect(r.warnings.join()).not.toMatch(/from the path/);
      const county = resolve('洪泽区人民政府', { path: '福建省/泰宁县/朱口镇/x.txt' });
      expect([county.county, county.code, county.level]).toEqual(['洪泽区', null, 'county']);
      expect(county.warnings).toEqual([]);
    });
  });
});

describe('the county a report names anywhere decides between same-named townships', () => {
  const spec = randomSpec(rng(11), { organ: '许堡乡人民政府', year: 2023 });
  const resolveText = async (text: string) => (await processBytes('2023.txt', Buffer.from(text))).output.fields;

  it('stays ambiguous when nothing names the county', async () => {
    const f = await resolveText(renderTextReport(spec));
    expect([f['region.status'], f['region.code']]).toEqual(['ambiguous', null]);
  });
  it('the signature line after the tables', async () => {
    const f = await resolveText(`${renderTextReport(spec)}\n呼兰区许堡乡人民政府\n2024年1月20日\n`);
    expect([f['region.status'], f['region.county'], f['region.township']]).toEqual(['resolved', '呼兰区', '许堡乡']);
  });
  it('a closing sentence naming the county website', async () => {
    const f = await resolveText(`${renderTextReport(spec)}\n本报告可在“云州区人民政府门户网站”查阅。\n`);
    expect([f['region.status'], f['region.county']]).toEqual(['resolved', '云州区']);
  });
});
