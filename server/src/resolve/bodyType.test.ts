import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { classifyBody, normaliseOrganName } from './bodyType.ts';
import { divisions } from './divisions.ts';
import { resolveRegion } from './region.ts';

/** An organ placed as ingest places it (resolve/region.ts), then typed. */
function body(organ: string, text = '') {
  const r = resolveRegion({ organ, text, path: '' }, []);
  return { ...classifyBody(organ, { divisionCode: r.divisionCode, townshipCode: r.code, townshipName: r.code ? null : r.township }), region: r };
}
const countyCode = (name: string) => {
  const list = divisions().countiesByName.get(name)!;
  expect(list).toHaveLength(1);
  return list[0].code;
};
const cityCode = (name: string) => divisions().citiesByName.get(name)![0].code;

describe('classifyBody', () => {
  it('types every report of the corpus by its organ and place (expected/ organs)', () => {
    const dir = join(REPO_ROOT, 'server/fixtures/corpus/expected');
    const typed = readdirSync(dir).sort().map((f) => {
      const organ = JSON.parse(readFileSync(join(dir, f), 'utf8')).fields.organ as string;
      return [organ, body(organ).type];
    });
    const want: Record<string, string> = {
      渠县望溪镇: 'township',
      平罗县渠口乡: 'township',
      米易县普威镇: 'township',
      重庆市大足区国梁镇人民政府: 'township',
      // Two townships are named 朱口镇: not placed, still a township.
      朱口镇人民政府: 'township',
      洪泽区人民政府: 'county_government',
      淮安市人民政府: 'city_government',
      平潭县人民政府: 'county_government',
      平潭综合实验区管委会办公室: 'department',
      平潭综合实验区海坛片区管理局: 'area',
      平潭综合实验区金井片区管理局: 'area',
      平潭综合实验区君山片区管理局: 'area',
      平潭综合实验区苏平片区管理局: 'area',
      平潭综合实验区财政金融局: 'department',
      平潭综合实验区公安局: 'department',
      平潭综合实验区交通与建设局: 'department',
      平潭综合实验区市场监督管理局: 'department',
      平潭综合实验区社会事业局: 'department',
      平潭综合实验区行政审批局: 'department',
      平潭综合实验区自然资源与生态环境局: 'department',
    };
    expect(typed.length).toBe(27);
    for (const [organ, type] of typed) expect([organ, type]).toEqual([organ, want[organ]]);
  });

  it('keys a department by its county and normalised name, whatever the spelling of its place', () => {
    const pingtan = countyCode('平潭县');
    expect(body('平潭综合实验区行政审批局').key).toBe(`${pingtan}:department:行政审批局`);
    expect(body('平潭综合实验区行政审批局').name).toBe('行政审批局');
    for (const variant of ['平潭县行政审批局', '平潭综合实验区 行政审批局', '福建省平潭综合实验区行政审批局', '平潭综合实验区行政审批局（区政务服务中心）', '平潭综合实验区行政审批局(区政务服务中心)']) {
      expect([variant, body(variant).key]).toEqual([variant, `${pingtan}:department:行政审批局`]);
    }
  });

  it('types township-level area offices (片区, 管理区) as areas, keyed like departments, and nothing else', () => {
    const pingtan = countyCode('平潭县');
    // Every 片区 of the 实验区 is its own body, the same however its place is written.
    const areas = ['海坛', '金井', '君山', '苏平'].map((a) => body(`平潭综合实验区${a}片区管理局`));
    expect(new Set(areas.map((a) => a.key)).size).toBe(4);
    expect(areas[0]).toMatchObject({ type: 'area', key: `${pingtan}:area:海坛片区管理局`, name: '海坛片区管理局' });
    for (const v of ['平潭县金井片区管理局', '福建省平潭综合实验区金井片区管理局', '平潭综合实验区 金井片区管理局（政务公开）']) {
      expect([v, body(v).key]).toEqual([v, `${pingtan}:area:金井片区管理局`]);
    }
    const qu = countyCode('渠县');
    const inQu = (organ: string) => classifyBody(organ, { divisionCode: qu, townshipCode: null });
    const areaNames = ['渠县东城片区管理局', '渠县东城片区管委会', '渠县东城片区管理委员会', '渠县东城片区办事处', '渠县大坪管理区', '渠县大坪管理区管委会', '渠县大坪管理区管理委员会', '渠县大坪管理区办事处'];
    for (const organ of areaNames) expect([organ, inQu(organ).type]).toEqual([organ, 'area']);
    expect(inQu('渠县东城片区管理委员会')).toEqual(inQu('渠县东城片区管委会'));
    expect(inQu('渠县大坪管理区').key).toBe(`${qu}:area:大坪管理区`);
    // County-level zones and their offices, free-trade 片区 and departments whose names carry 区 are departments.
    const notAreas = [
      '渠县经济开发区管委会', '渠县经济开发区', '渠县高新区管委会', '渠县高新技术产业开发区管理委员会', '渠县工业园区管委会',
      '渠县风景名胜区管理局', '渠县城区管理局', '渠县开发区管理区', '中国(福建)自由贸易试验区渠县片区管委会', '渠县自贸片区管委会', '渠县城市管理局',
    ];
    for (const organ of notAreas) expect([organ, inQu(organ).type]).toEqual([organ, 'department']);
    // Placed in a township: a township, whatever the organ says.
    expect(classifyBody('渠县大坪管理区', { divisionCode: '511725100', townshipCode: '511725100' }).type).toBe('township');
    // A 管理区 that is itself a county-level unit governs as a county government.
    const hangu = divisions().countiesByName.get('唐山市汉沽管理区')?.[0] ?? [...divisions().byCode.values()].find((d) => d.name === '唐山市汉沽管理区')!;
    expect(classifyBody('唐山市汉沽管理区管委会', { divisionCode: hangu.code, townshipCode: null }).type).toBe('county_government');
  });

  it('types county and city departments and governments of other places', () => {
    const qu = countyCode('渠县');
    expect(body('渠县教育局')).toMatchObject({ type: 'department', key: `${qu}:department:教育局`, name: '教育局' });
    expect(body('四川省达州市渠县教育局').key).toBe(`${qu}:department:教育局`);
    // 人民政府办公室 however written.
    const office = `${qu}:department:人民政府办公室`;
    for (const v of ['渠县人民政府办公室', '渠县政府办公室', '渠县政府办', '渠县人民政府办', ' 渠县人民政府办公室 ']) expect([v, body(v).key]).toEqual([v, office]);
    expect(body('渠县人民政府').key).toBe(`${qu}:county_government`);
    expect(body('渠县政府')).toMatchObject({ type: 'county_government', key: `${qu}:county_government` });
    const hongze = countyCode('洪泽区');
    expect(body('淮安市洪泽区卫生健康委员会')).toMatchObject({ type: 'department', key: `${hongze}:department:卫生健康委员会` });
    expect(body('洪泽区卫生健康委员会').key).toBe(`${hongze}:department:卫生健康委员会`);
    // 管理委员会 and 管委会 are one body.
    const inQu = (organ: string) => classifyBody(organ, { divisionCode: qu, townshipCode: null });
    expect(inQu('渠县经济开发区管理委员会')).toEqual(inQu('渠县经济开发区管委会'));
    expect(inQu('渠县经济开发区管委会').key).toBe(`${qu}:department:经济开发区管委会`);
    // A department of the city, not of a county; 市场监督管理局 keeps its 市.
    const huaian = cityCode('淮安市');
    expect(body('淮安市教育局')).toMatchObject({ type: 'department', key: `${huaian}:department:教育局` });
    expect(body('淮安市市场监督管理局')).toMatchObject({ type: 'department', key: `${huaian}:department:市场监督管理局` });
    expect(body('淮安市人民政府办公室')).toMatchObject({ type: 'department', key: `${huaian}:department:人民政府办公室` });
    expect(body('淮安市人民政府')).toMatchObject({ type: 'city_government', key: `${huaian}:city_government` });
    // A county-level city's government is a county government.
    const kunshan = countyCode('昆山市');
    expect(body('昆山市人民政府')).toMatchObject({ type: 'county_government', key: `${kunshan}:county_government` });
    expect(body('昆山市财政局')).toMatchObject({ type: 'department', key: `${kunshan}:department:财政局` });
  });

  it('keeps townships by their code, and types a street office as a township', () => {
    const t = body('渠县望溪镇人民政府');
    expect(t.type).toBe('township');
    expect(t.key).toBe(t.region.code);
    expect(t.key).toMatch(/^\d{9}$/);
    expect(classifyBody('某某街道办事处', { divisionCode: null, townshipCode: null }).type).toBe('township');
  });

  it('types bodies of a province or of no place as other', () => {
    expect(body('福建省人民政府').type).toBe('other');
    expect(body('福建省教育厅').type).toBe('other');
    expect(body('某某单位')).toMatchObject({ type: 'other', key: 'organ:某某单位', name: null });
    expect(classifyBody(null, { divisionCode: null, townshipCode: null })).toEqual({ type: 'other', key: null, name: null });
  });
});

describe('normaliseOrganName', () => {
  it('unifies width, blanks, bracketed notes and government spellings', () => {
    expect(normaliseOrganName('渠县 教育局（县语委办）')).toBe('渠县教育局');
    expect(normaliseOrganName('ＸＸ县教育局')).toBe('XX县教育局');
    expect(normaliseOrganName('渠县政府办')).toBe('渠县人民政府办公室');
    expect(normaliseOrganName('渠县人民政府办公室')).toBe('渠县人民政府办公室');
    expect(normaliseOrganName('渠县政府办事处')).toBe('渠县政府办事处');
    expect(normaliseOrganName('平潭综合实验区管理委员会办公室')).toBe('平潭综合实验区管委会办公室');
  });
});
