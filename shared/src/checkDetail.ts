/**
 * A check's detail (written by rules.ts in English words around Chinese labels and numbers) as a
 * Chinese CSV or page says it. Only the fixed phrases are translated; labels and numbers are kept. Shared: the API's CSVs
 * and the web's report page say it alike.
 */
const PHRASES: [RegExp, string][] = [
  [/^all (\d+) hold$/, '全部 $1 项成立'],
  [/^operand missing in (.*)$/, '缺少数值：$1'],
  [/^the narrative states no application count$/, '正文未写明申请数'],
  [/^t3\.new_received\.total is missing$/, '表三“本年新收申请”总计缺失'],
  [/^narrative (\S+) = table (\S+)$/, '正文 $1 = 表格 $2'],
  [/^narrative (\S+) ≠ t3\.new_received\.total (\S+) \(advisory: the narrative may count a different scope\)$/, '正文 $1 ≠ 表三本年新收申请总计 $2（参考：正文统计的范围可能不同）'],
];

export function checkDetailText(detail: string, lang: 'zh' | 'en'): string {
  if (lang === 'en') return detail;
  for (const [re, zh] of PHRASES) if (re.test(detail)) return detail.replace(re, zh);
  // A failure lists "label: arithmetic → a ≠ b" items; its only English word is "vs".
  return detail.replace(/ vs /g, ' 对比 ');
}
