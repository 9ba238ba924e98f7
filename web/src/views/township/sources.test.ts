import type { ReportSourcesAnswer } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { cellSource, narrativeSource, pageOf } from './sources.ts';

const answer: ReportSourcesAnswer = {
  reportId: 7, fileName: 'a.pdf', format: 'pdf', available: true, fileAvailable: true, flattened: false,
  rows: [
    { line: 40, where: '第 3 页', label: '（一）予以公开', cells: ['5', '0', '0', '0', '0', '0', '5'],
      box: { page: 3, row: [72, 144, 540, 160], cells: [[200, 220], [230, 250], [260, 280], [290, 310], [320, 340], [350, 370], [380, 400]] } },
    { line: 44, where: null, label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', cells: ['1', '0', '0', '0', '0', '0', '1'], box: null },
  ],
  cells: {
    't3.granted.total': { row: 0, cell: 6, raw: '5', column: '总计' },
    't3.partial.natural_person': { row: 1, cell: 0, raw: '1', column: '自然人' },
  },
  narrative: [{ field: 'proactive.total', text: '2024年，主动公开政府信息68条。', line: 9 }],
  pageDpi: 144,
  headers: { t3: ['申请人情况', '自然人\t法人或其他组织\t总计'] },
};

describe('source panel model', () => {
  it('marks the cell the number was read from in its printed row, with its line and PDF page', () => {
    const s = cellSource(answer, 't3.granted.total')!;
    expect(s.cells.map((c) => (c.marked ? `[${c.text}]` : c.text)).join(' ')).toBe('5 0 0 0 0 0 [5]');
    expect([s.label, s.column, s.line, s.page]).toEqual(['（一）予以公开', '总计', 40, 3]);
    expect(s.header).toEqual(['申请人情况', '自然人\t法人或其他组织\t总计']);
    const p = cellSource(answer, 't3.partial.natural_person')!;
    expect([p.cells[0].marked, p.page, p.where, p.boxes]).toEqual([true, null, null, null]);
  });
  it('boxes on the page image, in pixels at its resolution: the row, and the marked cell within it', () => {
    // 144 dpi: two pixels a point.
    expect(cellSource(answer, 't3.granted.total')!.boxes).toEqual({ row: { x: 144, y: 288, w: 936, h: 32 }, cell: { x: 760, y: 288, w: 40, h: 32 } });
  });
  it('nothing for a number the report keeps no source of', () => {
    expect(cellSource(answer, 't3.denied.state_secret.total')).toBeNull();
  });
  it('reads page numbers in both languages, and the narrative sentence', () => {
    expect([pageOf('第 12 页'), pageOf('page 2'), pageOf(null), pageOf('表 2')]).toEqual([12, 2, null, null]);
    expect(narrativeSource(answer, 'proactive.total')!.line).toBe(9);
  });
});
