import { describe, expect, it } from 'vitest';
import type { QualityRow } from '@nianbao/shared';
import { DEFAULTS, parseUrl, toUrl, withChange } from '../../lib/url.ts';
import { failingLink, pageCount, placeOf, problemOf, qualityQuery, ruleFilterLabel } from './quality.ts';

const row = (o: Partial<QualityRow>): QualityRow => ({
  id: 1, fileName: 'a.txt', sourcePath: '/r/a.txt', status: 'ok', error: null, organ: '某镇人民政府', year: 2024, regionStatus: 'resolved', candidates: [],
  failedRules: [], provinceCode: '11', provinceName: '北京市', cityCode: '1101', cityName: '北京市', countyCode: '110105', countyName: '朝阳区',
  townshipCode: '110105001', townshipName: '某街道', ...o,
});

describe('quality view helpers', () => {
  it('a failing count links to that scope’s failing township reports, and the link round-trips through the URL', () => {
    const s = withChange({ ...DEFAULTS, view: 'overview', scope: '511725', page: 3 }, failingLink('511725', 2024));
    const url = toUrl(s);
    expect(url).toBe('/quality?scope=511725&year=2024&rule=failing&townships=1');
    const [path, query] = url.split('?');
    expect(parseUrl(path, query)).toEqual(s);
    expect(qualityQuery(s)).toEqual({ region: '511725', year: 2024, rule: 'failing', townships: true, page: 1, pageSize: 50 });
    // A township's flag: the quality view takes a township scope; other views fall back to its county.
    const tw = withChange(DEFAULTS, failingLink('511725101', 2024));
    expect(parseUrl('/quality', toUrl(tw).split('?')[1]).scope).toBe('511725101');
    expect(withChange(tw, { view: 'league' }).scope).toBe('511725');
    expect(withChange(tw, { view: 'league' })).toMatchObject({ rule: null, townships: false });
  });

  it('all years and all problems leave the filters out of the query', () => {
    expect(qualityQuery({ scope: 'all', year: null, rule: null, townships: false, page: 2, size: 20 })).toEqual({ region: 'all', page: 2, pageSize: 20 });
  });

  it('pages: at least one, rounded up', () => {
    expect([pageCount(0), pageCount(50), pageCount(51), pageCount(10184)]).toEqual([1, 1, 2, 204]);
  });

  it('names the place once per level and says what is wrong', () => {
    expect(placeOf(row({}))).toBe('北京市 › 朝阳区 › 某街道');
    expect(placeOf(row({ provinceCode: null, provinceName: null, cityCode: null, cityName: null, countyCode: null, countyName: null, townshipCode: null, townshipName: null }))).toBe('');
    expect(problemOf(row({ failedRules: [1, 4] }), 'zh')).toBe('规则 1, 4');
    expect(problemOf(row({ status: 'failed', error: 'no tables found' }), 'en')).toBe('no tables found');
    // A stored (English) file error said in Chinese on a Chinese page.
    expect(problemOf(row({ status: 'failed', error: 'scanned PDF: 3 pages, no text layer (OCR not supported)' }), 'zh')).toBe('扫描版 PDF：3 页，没有文字层（不支持文字识别）');
    expect(problemOf(row({ regionStatus: 'ambiguous', candidates: [{ code: '350429101', name: '朱口镇' }] }), 'zh')).toBe('区划不唯一: 朱口镇（350429101）');
    expect(ruleFilterLabel('4', 'zh', new Map([[4, '复议诉讼合计']]))).toBe('规则 4：复议诉讼合计');
    expect(ruleFilterLabel(null, 'en', new Map())).toBe('Every problem');
  });
});
