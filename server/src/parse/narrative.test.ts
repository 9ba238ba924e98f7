import { describe, expect, it } from 'vitest';
import { parseProactive } from './narrative.ts';

const total = (text: string) => parseProactive(text).total;

describe('the proactive count is the number tied to 主动公开 in its clause', () => {
  it('not the total of everything made before it', () => {
    expect(total('（一）主动公开情况。全年制发公文类政府信息383条，其中主动公开54条。')).toBe(54);
  });
  it('in 份 or 件 when 主动公开 stands right before it, never an application count', () => {
    expect(total('（一）主动公开情况。本年度制发文件325份，其中主动公开317份。（二）依申请公开情况。共收到申请1条。')).toBe(317);
    expect(total('（一）主动公开。主动公开文件42件。（二）依申请公开。受理申请3件。')).toBe(42);
  });
  it('a count in the clause after the one that speaks of 主动公开', () => {
    const p = parseProactive('（一）主动公开。通过门户网站主动公开政府信息，累计20余条。');
    expect([p.total, p.approx]).toEqual([20, true]);
  });
  it('a clause that only counts, in a sentence that does not disclose, is not read', () => {
    expect(total('（一）主动公开。开展培训3次，参训人员45人，印发资料200条。')).toBeNull();
  });
  it('keeps what it read before: totals over breakdowns, never 历年累计', () => {
    expect(total('（一）主动公开。共公开政府信息116条，其中工作动态30条。')).toBe(116);
    expect(total('（一）主动公开。历年累计公开9000条，本年主动公开政府信息68条。')).toBe(68);
    expect(total('（一）主动公开。获取政府信息总数473条，其中主动公开政府信息123条。')).toBe(123);
  });
});
