import type { RegionNode, RegionsResponse } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { ancestorOf, countiesIn, indexRegions, levelOf, parentOf, pathLabel, regionsFromCsv, reportCount, searchRegionIndex, yearsOfRegionsCsv } from './regions.ts';

const n = (code: string, name: string, level: RegionNode['level'], counts: [number, number][], children: RegionNode[] = []): RegionNode => ({
  code, name, level, reports: counts.map(([year, count]) => ({ year, count })), children,
});
const tree: RegionsResponse = {
  years: [2024, 2023],
  provinces: [
    n('13', '河北省', 'province', [[2023, 1], [2024, 3]], [
      n('1302', '唐山市', 'city', [[2023, 1], [2024, 3]], [
        n('130204', '古冶区', 'county', [[2023, 1], [2024, 2]], [n('130204100', '范各庄镇', 'township', [[2023, 1], [2024, 1]]), n('130204101', '卑家店镇', 'township', [[2024, 1]])]),
        n('130205', '开平区', 'county', [[2024, 1]], [n('130205100', '开平镇', 'township', [[2024, 1]])]),
      ]),
    ]),
    n('51', '四川省', 'province', [[2024, 2]], [n('511725', '渠县', 'county', [[2024, 2]], [n('511725100', '渠江镇', 'township', [[2024, 2]])])]),
  ],
};

describe('region index', () => {
  const idx = indexRegions(tree);
  it('indexes every region with its path, years ascending', () => {
    expect(idx.years).toEqual([2023, 2024]);
    expect(idx.townships.map((t) => t.node.code)).toEqual(['130204100', '130204101', '130205100', '511725100']);
    expect(pathLabel(idx, '130204101')).toBe('河北省 · 唐山市 · 古冶区 · 卑家店镇');
  });
  it('counts reports of a scope and year', () => {
    expect(reportCount(idx, 'all', 2024)).toBe(5);
    expect(reportCount(idx, '130204', 2023)).toBe(1);
    expect(reportCount(idx, '130205', 2023)).toBe(0);
    expect(reportCount(idx, '99', 2024)).toBe(0);
  });
  it('finds parents, ancestors and counties (a county directly under a province too)', () => {
    expect(parentOf(idx, '130204')).toBe('1302');
    expect(parentOf(idx, '511725')).toBe('51');
    expect(parentOf(idx, '13')).toBe('all');
    expect(ancestorOf(idx, '130204100', 'city')?.code).toBe('1302');
    expect(ancestorOf(idx, '511725100', 'city')).toBeNull();
    expect(levelOf(idx, '1302')).toBe('city');
    expect(levelOf(idx, '99')).toBe('province');
    expect(countiesIn(idx, 'all').map((c) => c.code)).toEqual(['130204', '130205', '511725']);
    expect(countiesIn(idx, '51').map((c) => c.code)).toEqual(['511725']);
  });
  it('searches townships by name, by county and name, by code; counts every match', () => {
    const codes = (r: { matches: { node: RegionNode }[] }) => r.matches.map((t) => t.node.code);
    expect(codes(searchRegionIndex(idx, '开平'))).toEqual(['130205100']);
    // Through the county's name: its townships.
    expect(codes(searchRegionIndex(idx, '古冶'))).toEqual(['130204100', '130204101']);
    expect(codes(searchRegionIndex(idx, '古冶区卑家店镇'))).toEqual(['130204101']);
    expect(codes(searchRegionIndex(idx, '古冶 范各庄'))).toEqual(['130204100']);
    expect(codes(searchRegionIndex(idx, '1302'))).toEqual(['130204100', '130204101', '130205100']);
    const one = searchRegionIndex(idx, '镇', { limit: 1 });
    expect([one.total, codes(one)]).toEqual([4, ['130204100']]);
    expect(codes(searchRegionIndex(idx, '镇', { exclude: ['130204100'], levels: ['township', 'county'] }))).toEqual(['130204101', '130205100', '511725100']);
    expect(codes(searchRegionIndex(idx, '古冶', { levels: ['county', 'township'] }))).toEqual(['130204', '130204100', '130204101']);
  });
});

describe('region tree from regions.csv', () => {
  it('rebuilds the same tree as GET /api/regions', () => {
    // As the API writes it: tree order, codes as text ("\t" prefix), a count column per year.
    const rows: (string | number)[][] = [['Code', 'Name', 'Level', 'Province', 'City', 'County', 'Reports 2023', 'Reports 2024']];
    const walk = (nodes: RegionNode[]) => {
      for (const x of nodes) {
        rows.push([`\t${x.code}`, x.name, x.level, '', '', '', ...[2023, 2024].map((y) => x.reports.find((r) => r.year === y)?.count ?? 0)]);
        walk(x.children);
      }
    };
    walk(tree.provinces);
    const back = regionsFromCsv(toCsv(rows));
    expect(back.years).toEqual([2023, 2024]);
    expect(yearsOfRegionsCsv(toCsv(rows))).toEqual([2023, 2024]);
    expect(back.provinces).toEqual(tree.provinces);
  });
  it('says which column is missing', () => {
    expect(() => regionsFromCsv('Foo,Bar\r\n')).toThrow(/Code/);
  });
});
