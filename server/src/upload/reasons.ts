import { messageIn, messageTemplate } from '@nianbao/shared';

/**
 * An upload's reason in Chinese, the dashboard's language: the upload's own messages (English, as
 * the API answers them) by their known shapes here, the pipeline's file errors by the shared
 * message catalog (as 数据质量 and the CSVs say them); others keep their text after a Chinese lead.
 */
const RULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^a duplicate of report (\d+) \((.*)\)/, (m) => `重复：与已入库的报告 ${m[1]}（${m[2]}）内容相同，未重复入库`],
  [/^the same content as (.*) in this upload/, (m) => `重复：与本次上传的 ${m[1]} 内容相同`],
  [/^outside your region (\S+) (\S+): the report resolves to (.*)$/, (m) => `超出您的权限范围（${m[2]}）：该报告属于${m[3].replace('an ambiguous place', '无法确定的地区（多个同名乡镇）').replace('no place the parser could decide', '无法确定的地区')}，未入库`],
  [/^file too large: (.*) \(the limit is (.*) a file\)/, (m) => `文件过大：${m[1]}（每个文件上限 ${m[2]}）`],
  [/^not read: empty file|^empty file/, () => '空文件'],
  [/^not read: a damaged ZIP file/, () => '损坏的 ZIP 文件'],
  [/^not read: an Office file that is not a Word document/, () => '不是 Word 文档的 Office 文件（仅支持 .docx）'],
  [/^not read: a binary file of no supported type/, () => '不支持的文件类型（仅支持 PDF、Word、WPS、网页和文本）'],
  [/^an empty ZIP archive/, () => '空的 ZIP 压缩包（其中没有文件）'],
  [/^a ZIP inside a ZIP inside a ZIP/, () => '压缩包嵌套超过一层，未读取'],
];

export function zhReason(reason: string): string {
  for (const [re, f] of RULES) {
    const m = reason.match(re);
    if (m) return f(m);
  }
  return messageTemplate(reason) >= 0 ? messageIn('zh', reason) : `无法读取：${reason}`;
}
