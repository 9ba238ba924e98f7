import type { ReportSpec } from './generate.ts';
import { reportBlocks } from './reportLayout.ts';

/**
 * A report as a crawler's flattened text dump: a metadata header, then the page body on one
 * line where each table row's cells run together (`…申请数量21710000218`). A blank cell is the
 * page's `&nbsp;`, a space; some other cell borders get a space too, as real dumps do.
 */
export function renderFlattenedReport(spec: ReportSpec, r: () => number, spaceRate = 0.2): string {
  const blocks = reportBlocks(spec, { nullAs: '' });
  const title = `${spec.organ}${spec.year}年政府信息公开工作年度报告`;
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.kind !== 'table') {
      // Headings start a new paragraph on the page: the dump keeps one space before them.
      parts.push((b.kind === 'heading' ? ' ' : '') + b.text);
      continue;
    }
    for (const row of b.rows) {
      let s = '';
      row.forEach((c, i) => {
        const isValue = c.text === '' || /^-?\d/.test(c.text);
        if (c.text === '') s += ' ';
        else s += (i > 0 && isValue && r() < spaceRate ? ' ' : '') + c.text;
      });
      parts.push(s);
    }
  }
  return [
    `标题: ${title}`,
    `发布时间: ${spec.year + 1}-01-18 09:30`,
    '文号: ',
    '栏目: 政府信息公开年报',
    '原文链接: https://www.example.gov.cn/zwgk/nb/t20240118_1.htm',
    '==================== 正文 ====================',
    `当前位置： 首页政务公开政府信息公开年报 ${title} 来源： 时间：${spec.year + 1}-01-18 ` + parts.join('') + ' 附件下载',
    '',
  ].join('\n');
}
