import { describe, expect, it } from 'vitest';
import { columnsByRepeatedGroups } from './pdfGrid.ts';

/** Value boxes (x, right) of table 4's row as Chromium printed it on a landscape page of its own,
 * its header left on the page before (pdftotext -bbox of a generated chromium-landscape report). */
const PRINTED_X = [103.31, 209.44, 262.5, 292.98, 346.04, 399.11, 452.17, 505.23, 535.71, 588.77, 641.84, 694.9, 747.96, 778.5];
const PRINTED = ['0', '0', '0', '0', '0', '0', '0', '1', '1', '0', '2', '0', '2', '4'].map((text, i) => ({ x: PRINTED_X[i], right: PRINTED_X[i] + 4.5, text }));

/** A row of table 4 whose groups add up (1 + 2 + 3 + 4 = 10), blank cells left out, at given anchors. */
function row(blanks: number[], anchor: 'left' | 'centre' | 'right', values = [1, 2, 3, 4, 10]) {
  const pitch = 243;
  const offsets = [0, 53, 106, 159, 189.5];
  const cells = [];
  for (let c = 0; c < 15; c++) {
    if (blanks.includes(c)) continue;
    const text = String(values[c % 5]);
    const w = 4.5 * text.length;
    const at = 100 + Math.floor(c / 5) * pitch + offsets[c % 5];
    const x = anchor === 'left' ? at : anchor === 'centre' ? at - w / 2 : at - w;
    cells.push({ x, right: x + w, text });
  }
  return cells;
}

describe('columnsByRepeatedGroups', () => {
  it('puts the blank where the three groups repeat one pattern (here 行政复议·结果纠正)', () => {
    expect(columnsByRepeatedGroups(PRINTED)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('reads a blank in any column of any group, by left edge, centre or right edge', () => {
    for (const anchor of ['left', 'centre', 'right'] as const) {
      for (let blank = 0; blank < 15; blank++) {
        const cols = columnsByRepeatedGroups(row([blank], anchor));
        expect(cols, `${anchor}, blank ${blank}`).toEqual(Array.from({ length: 15 }, (_, c) => c).filter((c) => c !== blank));
      }
    }
    expect(columnsByRepeatedGroups(row([1, 7], 'centre'))).toEqual([0, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('leaves a first- or last-column blank undecided when the sums cannot tell the shifted reading apart', () => {
    // Shifted by a column, the pattern repeats as well: only arithmetic can decide, and zeros add up either way.
    expect(columnsByRepeatedGroups(row([0], 'left', [0, 0, 0, 0, 0]))).toBeNull();
    expect(columnsByRepeatedGroups(row([14], 'left', [0, 0, 0, 0, 0]))).toBeNull();
    expect(columnsByRepeatedGroups(row([3], 'left', [0, 0, 0, 0, 0]))).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('does not decide when the geometry allows two readings or shows no pattern', () => {
    // Evenly spaced columns: any blank position repeats the pattern as well as another.
    const even = Array.from({ length: 14 }, (_, i) => ({ x: 100 + 50 * i, right: 105 + 50 * i, text: '1' }));
    expect(columnsByRepeatedGroups(even)).toBeNull();
    // Irregular positions: no pattern at all.
    const irregular = [0, 31, 90, 100, 170, 230, 241, 300, 390, 400, 455, 530, 560, 610].map((x) => ({ x, right: x + 5, text: '1' }));
    expect(columnsByRepeatedGroups(irregular)).toBeNull();
  });
});
