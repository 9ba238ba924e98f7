/**
 * An upload's reason in Chinese, the dashboard's language: the pipeline's and the upload's
 * messages (English, as `pnpm ingest` prints them) by their known shapes; others keep their text
 * after a Chinese lead.
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
  [/^not a 政府信息公开工作年度报告/, () => '不是政府信息公开工作年度报告：未找到表格和报告年度'],
  [/^scanned PDF: (\d+) page/, (m) => `扫描版 PDF（${m[1]} 页），没有文字层，暂不支持识别`],
  [/^(document|page|file) has no text/, () => '文件中没有文字'],
  [/^binary file, not text/, () => '不是文本文件（含二进制内容）'],
  [/^not a Word document/, () => '不是有效的 Word 文档'],
  [/^not a \.docx file/, () => '不是有效的 .docx 文件'],
  [/^not a PDF file/, () => '不是有效的 PDF 文件'],
  [/is damaged/, () => '文件已损坏，无法读取'],
  [/^cannot read PDF: (.*)$/, (m) => `无法读取该 PDF（文件已损坏或不完整：${m[1]}）`],
  [/LibreOffice/, (m) => `LibreOffice 无法转换该文件（${m.input}）`],
  [/inflates past|compression bomb/, () => '解压后过大（疑似压缩炸弹），未读取'],
  [/text too long/, () => '文字过长，不像是一份年度报告'],
];

export function zhReason(reason: string): string {
  for (const [re, f] of RULES) {
    const m = reason.match(re);
    if (m) return f(m);
  }
  return `无法读取：${reason}`;
}
