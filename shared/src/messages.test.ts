import { describe, expect, it } from 'vitest';
import { MESSAGE_TEMPLATE_COUNT, englishLeftIn, messageIn, messageTemplate } from './messages.ts';

/**
 * One message per template, written as its producer in server/src writes it (with the constants
 * it uses), and the Chinese expected for a few. English captures (a library's error text) are
 * listed so the check for English words can set them aside.
 */
const EXAMPLES: { en: string; english?: string[] }[] = [
  { en: 'text is in traditional Chinese; converted to simplified before parsing' },
  { en: "the file holds 2 reports' tables (table 3 begins 2 times); only the first report is read" },
  { en: 'table 4 (行政复议、行政诉讼) not found; its fields are null' },
  { en: 'table 3 has a single （六）其他处理 row (hybrid of the 2019 and 2021 templates)' },
  { en: 'no table 3 (收到和处理政府信息公开申请情况) found: template unknown, no table fields' },
  { en: 'report for 2016 predates the national templates of 2019/2021; only header and narrative fields are read' },
  { en: 'proactive.total: 2000000 items is beyond 1,000,000, more than any body reports; left null' },
  { en: 't3.granted.total: value -3 is negative; left null (uncertain)' },
  { en: 'line 40: table 3 row 三、本年度办理结果·（一）予以公开 has 9 values for 7 columns; the first 7 are kept' },
  { en: 'line 41: table 4 has 10 values for 15 columns; the missing ones are null' },
  { en: 'table 4: no values found; its fields are null' },
  { en: 'table 4 行政复议·结果维持: 1.5 is not a count' },
  { en: 'table 3: row 一、本年新收政府信息公开申请数量 missing; its values are null (uncertain: values of unrecognised rows may be its own)' },
  { en: 'line 12: row "其他情况说明" not recognised, its 3 value(s) ignored' },
  { en: 'line 20: row t3.new_received appears twice; the first is kept' },
  { en: 'table 2 行政事业性收费: amount 12000 stated in 元, converted to 1.2 万元' },
  { en: 'table 2 行政事业性收费: amount 3 has no unit in the report; kept as written (template unit 万元)' },
  { en: 'table 2 行政处罚·本年处理决定数量: count 2.5 is not a whole number' },
  { en: 'title has no year; year 2023 taken from the statistics period' },
  { en: 'no title found; year 2023 taken from the opening sentence' },
  { en: 'no reporting year found in the title or statistics period' },
  { en: 'no issuing body found in the title' },
  { en: 'implausible year 1890; set to null' },
  { en: 'flattened web text: table cells had run together; rows rebuilt from the template' },
  { en: 'table 2 row 规章: digits "1234567" split too many ways to decide; values null (uncertain)' },
  { en: 'table 4: digits "12" cannot be split into 15 cells; values null' },
  { en: 'table 3 row （二）部分公开: digits "1210" split 2 ways (1/2/1/0/·/·/·; 12/1/0/·/·/·/·); not unique, values null (uncertain)' },
  { en: 'table 3 row "（三）不予公开": digits "000" split by rules 1–2 (the only split they allow); those rules cannot flag this row' },
  { en: 'no proactive-disclosure count (主动公开…条) found in section 一' },
  { en: 'not a 政府信息公开工作年度报告: no tables and no reporting year found' },
  { en: "parser error: Cannot read properties of undefined (reading 'x')", english: ["Cannot read properties of undefined (reading 'x')"] },
  { en: 'unsupported file type (supported: .txt .html .htm .docx .doc .wps .pdf)' },
  { en: 'cannot read: boom', english: ['boom'] },
  { en: 'text too long: 12.5 million characters (the limit is 10 million; a report has under 0.1)' },
  { en: 'cannot open: EACCES', english: ['EACCES'] },
  { en: 'parser crashed: time limit: reading it took more than 60 s' },
  { en: 'database: SQLITE_FULL', english: ['SQLITE_FULL'] },
  { en: 'unknown error' },
  { en: 'file too large: 80 MiB (the limit is 50 MiB)' },
  { en: 'out of memory: reading it needed more than 384 MB' },
  { en: 'the parser crashed: worker threw', english: ['worker threw'] },
  { en: 'the parse worker exited (code 1)' },
  { en: 'time limit: reading it took more than 0.50 s' },
  { en: 'every parse worker has failed' },
  { en: 'word/document.xml is damaged: invalid stored block lengths', english: ['invalid stored block lengths'] },
  { en: 'word/document.xml inflates past 64 MiB (a compression bomb, or no report): not read' },
  { en: 'not a .docx file (not a ZIP package: end of central directory record signature not found)', english: ['end of central directory record signature not found'] },
  { en: 'not a .docx file (a damaged or empty ZIP package)' },
  { en: 'not a .docx file (not a ZIP package)' },
  { en: 'not a .docx file (no word/document.xml)' },
  { en: 'empty file' },
  { en: 'document has no text' },
  { en: 'a Word 97-2003 (.doc) file named .docx; converted by LibreOffice' },
  { en: 'a .docx file named .doc; read as .docx' },
  { en: 'LibreOffice did not convert it within 60 s (stopped)' },
  { en: 'LibreOffice wrote no .docx' },
  { en: 'LibreOffice stopped while converting it (signal SIGKILL)', english: ['signal SIGKILL'] },
  { en: 'not a Word document: LibreOffice can read it only as plain text (a damaged or mislabelled file)' },
  { en: 'LibreOffice cannot read it: General input/output error', english: ['General input/output error'] },
  { en: "LibreOffice's Python-UNO bridge is missing (No module named 'uno'): apt-get install python3-uno", english: ["No module named 'uno'"] },
  { en: 'LibreOffice did not start: spawn ENOENT', english: ['spawn ENOENT'] },
  { en: 'LibreOffice is not installed (no soffice on PATH); it reads .doc and .wps files: apt-get install libreoffice-writer-nogui' },
  { en: 'no python3 to drive LibreOffice: apt-get install python3-uno' },
  { en: 'the converter was closed' },
  { en: 'cannot convert: unexpected token', english: ['unexpected token'] },
  { en: 'conversion failed' },
  { en: 'PDF of more than 200 pages (a report has a few dozen): not read' },
  { en: 'encrypted PDF: needs a password' },
  { en: 'cannot read PDF: Invalid PDF structure.' },
  { en: 'cannot read PDF: Bad FCHECK in flate stream: 120, 253', english: ['Bad FCHECK in flate stream: 120, 253'] },
  { en: 'PDF of 250 pages (more than 200; a report has a few dozen): not read' },
  { en: 'scanned PDF: 1 page, no text layer (OCR not supported)' },
  { en: 'PDF table row "（一）予以公开": digits continued on the next page do not add up with the row; 2 cell(s) uncertain' },
  { en: 'PDF table row "（一）予以公开": 5 values whose columns cannot be told (blank cells, no column header on the page); values uncertain' },
  { en: 'PDF table row "（一）予以公开": values off the row\'s line or between columns and no single reading adds up; 3 cell(s) uncertain' },
  { en: 'PDF table: 2 value(s) between columns; their rows are uncertain' },
  { en: 'not a PDF file (no %PDF header)' },
  { en: 'file is UTF-16LE without a byte-order mark; decoded' },
  { en: 'binary file, not text (NUL or control bytes)' },
  { en: 'decoded as GB18030 with 3 undecodable byte sequence(s)' },
  { en: 'file is GB18030, not UTF-8; decoded' },
  { en: 'file has no text' },
  { en: '4 undecodable byte sequence(s) in the page' },
  { en: 'page nests elements more than 400 deep; what lies deeper was read as plain text' },
  { en: 'page nests its elements more than 5000 deep: not read (no report page does)' },
  { en: 'page has no text' },
  { en: 'page declares gbk but is UTF-8; decoded as UTF-8' },
  { en: 'page is gb2312 (meta tag); decoded as GB18030' },
  { en: 'region: "某某县城关镇人民政府" names a county or city that does not contain 四川省南充市嘉陵区里坝镇; left unresolved' },
  { en: 'region: from the path "四川省/嘉陵区/里坝镇" (the body "里坝镇人民政府" names no place)' },
  { en: 'region: 86 townships are named 城关镇 and nothing in the report decides; add it to data/region-overrides.csv' },
  { en: 'region override 511304999 for "某镇人民政府" is not a known division code; ignored' },
  { en: 'region: no township, county or city of the division list found in "某单位"' },
];

describe('parser messages in Chinese', () => {
  it('every template has an example, each example is known and said without English words', () => {
    const used = new Set(EXAMPLES.map((e) => messageTemplate(e.en)));
    expect(EXAMPLES.filter((e) => messageTemplate(e.en) < 0).map((e) => e.en)).toEqual([]);
    expect(used.size).toBe(MESSAGE_TEMPLATE_COUNT);
    const english = EXAMPLES.map((e) => ({ en: e.en, zh: messageIn('zh', e.en), left: englishLeftIn(messageIn('zh', e.en), e.english) })).filter((x) => x.left.length);
    expect(english).toEqual([]);
  });

  it('keeps numbers, ids, labels and quoted text as written', () => {
    expect(messageIn('zh', 'line 41: table 4 has 10 values for 15 columns; the missing ones are null')).toBe('第 41 行：表四只有 10 个数值，而表格有 15 列；缺少的为空');
    expect(messageIn('zh', 't3.granted.total: value -3 is negative; left null (uncertain)')).toBe('t3.granted.total：数值 -3 为负数，置为空（无法确定）');
    expect(messageIn('zh', 'line 12: row "其他情况说明" not recognised, its 3 value(s) ignored')).toBe('第 12 行：未识别的行“其他情况说明”，其 3 个数值未采用');
    expect(messageIn('zh', 'report for 2016 predates the national templates of 2019/2021 (its 统计表 of 指标名称/计量单位/历年累计 maps to no canonical field); only header and narrative fields are read'))
      .toBe('2016 年报告早于 2019/2021 年全国模板（其“指标名称/计量单位/历年累计”统计表没有对应的标准字段）；只读取标题和正文字段');
    expect(messageIn('zh', 'region: from the path "四川省/里坝镇" (the report names no body)')).toBe('区划：取自路径“四川省/里坝镇”（报告未写明发布机关）');
  });

  it('a wrapped cause is said in Chinese too; English stays English; an unknown message is marked 原文', () => {
    expect(messageIn('zh', 'parser crashed: time limit: reading it took more than 60 s')).toBe('解析程序崩溃：超时：读取用时超过 60 秒');
    expect(messageIn('zh', 'cannot open: EACCES')).toBe('无法打开：没有读取权限（EACCES）');
    expect(messageIn('zh', 'cannot read PDF: Invalid PDF structure.')).toBe('无法读取 PDF：文件结构无效');
    expect(messageIn('en', 'empty file')).toBe('empty file');
    expect(messageIn('zh', 'something new')).toBe('原文：something new');
  });
});
