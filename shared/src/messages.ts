/**
 * The parser's warnings and file errors, said in Chinese. The database and the JSON API keep the
 * English sentences the parser wrote (they are searched and compared as stored); a Chinese CSV or
 * page renders them through this catalog at the edge. Each entry is one English template from
 * server/src (parse/, extract/, resolve/, pipeline.ts, ingest/) as a RegExp whose captures (numbers,
 * field ids, labels, quoted report text, file names) are kept as written.
 */

type Groups = string[];
type Zh = string | ((g: Groups) => string);

const TABLE: Record<string, string> = { '2': '表二', '3': '表三', '4': '表四' };

/** `table 3 row X` / `table 4` (the part of a table a count warning is about). */
function part(what: string): string {
  const row = /^table (\d) row (.*)$/.exec(what);
  if (row) return `${TABLE[row[1]] ?? `表${row[1]}`}“${row[2]}”行`;
  const table = /^table (\d)$/.exec(what);
  return table ? (TABLE[table[1]] ?? `表${table[1]}`) : what;
}

/** shared/src/catalog.ts `implausibility`: why a value was left null. */
function why(text: string): string {
  if (text === 'not a finite number') return '不是有限数';
  if (text === 'negative') return '为负数';
  if (text === 'not a whole number') return '不是整数';
  const beyond = /^beyond ([\d,]+), more than any body reports$/.exec(text);
  return beyond ? `超过 ${beyond[1]}，大于任何机关的实际数` : text;
}

/** resolve/region.ts: where a place name was read (`"organ"` or `the path "a/b"`). */
function source(text: string): string {
  const path = /^the path "(.*)"$/.exec(text);
  if (path) return `路径“${path[1]}”`;
  const quoted = /^"(.*)"$/.exec(text);
  return quoted ? `“${quoted[1]}”` : text;
}

/** A cause wrapped by another message (a worker's error inside "parser crashed: …"): said in Chinese when known. */
function cause(text: string): string {
  return zhOf(text) ?? text;
}

/** The system error codes a file fails to open with, as words (others are kept as the code). */
const OPEN_ERRORS: Record<string, string> = {
  ENOENT: '文件不存在（ENOENT）',
  EACCES: '没有读取权限（EACCES）',
  EPERM: '没有读取权限（EPERM）',
  EISDIR: '这是一个文件夹（EISDIR）',
  EMFILE: '同时打开的文件过多（EMFILE）',
  EIO: '读取出错（EIO）',
};

/** pdf.js's usual reasons for a damaged PDF, as words (others are kept as pdf.js says them). */
const PDFJS_ERRORS: Record<string, string> = {
  'Invalid PDF structure.': '文件结构无效',
  'Invalid XRef stream': '交叉引用表无效',
  'Invalid XRef stream header': '交叉引用表无效',
};

const orUncertain = (g: string | undefined) => (g ? '（无法确定：未识别行的数值可能属于该行）' : '');

const MESSAGES: [RegExp, Zh][] = [
  // parse/index.ts
  [/^text is in traditional Chinese; converted to simplified before parsing$/, '正文为繁体中文，已转为简体后读取'],
  [/^the file holds (\d+) reports' tables \(table 3 begins \d+ times\); only the first report is read$/, '文件含 $1 份报告的表格（表三出现 $1 次），只读取第一份报告'],
  [/^table 4 \(行政复议、行政诉讼\) not found; its fields are null$/, '未找到表四（行政复议、行政诉讼），其字段为空'],
  [/^table 3 has a single （六）其他处理 row \(hybrid of the 2019 and 2021 templates\)$/, '表三只有一行（六）其他处理（2019 与 2021 年模板的混合）'],
  [/^no table 3 \(收到和处理政府信息公开申请情况\) found: template unknown, no table fields$/, '未找到表三（收到和处理政府信息公开申请情况）：模板未知，没有表格字段'],
  [
    /^report for (\d+) predates the national templates of 2019\/2021( \(its 统计表 of 指标名称\/计量单位\/历年累计 maps to no canonical field\))?; only header and narrative fields are read$/,
    (g) => `${g[1]} 年报告早于 2019/2021 年全国模板${g[2] ? '（其“指标名称/计量单位/历年累计”统计表没有对应的标准字段）' : ''}；只读取标题和正文字段`,
  ],
  [/^proactive\.total: (\S+) items is (.+); left null$/, (g) => `主动公开数 proactive.total：${g[1]} 条${why(g[2])}，置为空`],
  [/^(\S+): value (\S+) is (.+); left null \(uncertain\)$/, (g) => `${g[1]}：数值 ${g[2]} ${why(g[3])}，置为空（无法确定）`],
  // parse/match.ts, table2.ts, table3.ts, table4.ts
  [/^line (\d+): (.+) has (\d+) values for (\d+) columns; the first \d+ are kept$/, (g) => `第 ${g[1]} 行：${part(g[2])}有 ${g[3]} 个数值，而表格只有 ${g[4]} 列；保留前 ${g[4]} 个`],
  [/^line (\d+): (.+) has (\d+) values for (\d+) columns; the missing ones are null$/, (g) => `第 ${g[1]} 行：${part(g[2])}只有 ${g[3]} 个数值，而表格有 ${g[4]} 列；缺少的为空`],
  [/^table 4: no values found; its fields are null$/, '表四：未找到数值，其字段为空'],
  [/^table (\d) (.+?)·(.+): (\S+) is not a count$/, (g) => `${part(`table ${g[1]}`)} ${g[2]}·${g[3]}：${g[4]} 不是计数`],
  [/^table (\d): row (.+) missing; its values are null( \(uncertain: values of unrecognised rows may be its own\))?$/, (g) => `${part(`table ${g[1]}`)}：缺少“${g[2]}”行，其数值为空${orUncertain(g[3])}`],
  [/^line (\d+): row "(.*)" not recognised, its (\d+) value\(s\) ignored$/, '第 $1 行：未识别的行“$2”，其 $3 个数值未采用'],
  [/^line (\d+): row (\S+) appears twice; the first is kept$/, '第 $1 行：$2 行出现两次，保留第一次'],
  [/^table 2 (.+): amount (\S+) stated in 元, converted to (\S+) 万元$/, '表二 $1：金额 $2 以元为单位，已换算为 $3 万元'],
  [/^table 2 (.+): amount (\S+) has no unit in the report; kept as written \(template unit 万元\)$/, '表二 $1：金额 $2 在报告中未注明单位，按原文保留（模板单位为万元）'],
  [/^table 2 (.+)·(.+): count (\S+) is not a whole number$/, '表二 $1·$2：数量 $3 不是整数'],
  // parse/header.ts
  [/^title has no year; year (\d+) taken from the statistics period$/, '标题中没有年度；年度 $1 取自统计期间'],
  [/^no title found; year (\d+) taken from the opening sentence$/, '未找到标题；年度 $1 取自开头一句'],
  [/^no reporting year found in the title or statistics period$/, '标题和统计期间中都未找到报告年度'],
  [/^no issuing body found in the title$/, '标题中未找到发布机关'],
  [/^implausible year (\S+); set to null$/, '年度 $1 不合理，置为空'],
  // parse/flattened.ts (digits of a row printed without separators)
  [/^flattened web text: table cells had run together; rows rebuilt from the template$/, '网页文本中表格各格连在一起；已按模板重建各行'],
  [/^(.+): digits "(.*)" split too many ways to decide; values null \(uncertain\)$/, (g) => `${part(g[1])}：数字串“${g[2]}”的拆分方式过多，无法判断；数值为空（无法确定）`],
  [/^(.+): digits "(.*)" cannot be split into (\d+) cells; values null$/, (g) => `${part(g[1])}：数字串“${g[2]}”无法拆分为 ${g[3]} 格；数值为空`],
  [
    /^(.+): digits "(.*)" split (\d+) ways(?: \((.*)\))?; not unique, values null \(uncertain\)$/,
    (g) => `${part(g[1])}：数字串“${g[2]}”有 ${g[3]} 种拆分${g[4] ? `（${g[4]}）` : ''}，不唯一；数值为空（无法确定）`,
  ],
  [/^table 3 row "(.*)": digits "(.*)" split by rules 1–2 \(the only split they allow\); those rules cannot flag this row$/, '表三“$1”行：数字串“$2”按规则 1–2 拆分（两条规则唯一允许的拆分）；这两条规则因此无法检出该行的问题'],
  // pipeline.ts
  [/^no proactive-disclosure count \(主动公开…条\) found in section 一$/, '第一部分未找到主动公开数（主动公开…条）'],
  [/^not a 政府信息公开工作年度报告: no tables and no reporting year found$/, '不是政府信息公开工作年度报告：未找到表格和报告年度'],
  [/^parser error: (.*)$/s, (g) => `解析出错：${cause(g[1])}`],
  [/^unsupported file type \(supported: (.*)\)$/, '不支持的文件类型（支持：$1）'],
  [/^cannot read: (.*)$/s, (g) => `无法读取：${cause(g[1])}`],
  [/^text too long: (\S+) million characters \(the limit is (\S+) million; a report has under 0\.1\)$/, '文本过长：$1 百万字（上限 $2 百万字；一份报告不到 0.1 百万字）'],
  [/^cannot open: (.*)$/, (g) => `无法打开：${OPEN_ERRORS[g[1]] ?? g[1]}`],
  // ingest/ingest.ts, ingest/walk.ts, ingest/parsePool.ts
  [/^parser crashed: (.*)$/s, (g) => `解析程序崩溃：${cause(g[1])}`],
  [/^database: (.*)$/s, '数据库出错：$1'],
  [/^unknown error$/, '未知错误'],
  [/^file too large: (\S+) MiB \(the limit is (\S+) MiB\)$/, '文件过大：$1 MB（上限 $2 MB）'],
  [/^out of memory: reading it needed more than (\d+) MB$/, '内存不足：读取需要超过 $1 MB'],
  [/^the parser crashed: (.*)$/s, (g) => `解析程序崩溃：${cause(g[1])}`],
  [/^the parse worker exited \(code (.*)\)$/, '解析进程已退出（代码 $1）'],
  [/^time limit: reading it took more than (\S+) s$/, '超时：读取用时超过 $1 秒'],
  [/^every parse worker has failed$/, '所有解析进程都已失败'],
  // extract/docx.ts, legacyDoc.ts
  [/^(.+) is damaged: (.*)$/, '$1 已损坏：$2'],
  [/^(.+) inflates past (\S+) MiB \(a compression bomb, or no report\): not read$/, '$1 解压后超过 $2 MB（压缩炸弹，或不是报告）：未读取'],
  [/^not a \.docx file \(not a ZIP package: (.*)\)$/, '不是 .docx 文件（不是 ZIP 包：$1）'],
  [/^not a \.docx file \(a damaged or empty ZIP package\)$/, '不是 .docx 文件（ZIP 包损坏或为空）'],
  [/^not a \.docx file \(not a ZIP package\)$/, '不是 .docx 文件（不是 ZIP 包）'],
  [/^not a \.docx file \(no word\/document\.xml\)$/, '不是 .docx 文件（缺少 word/document.xml）'],
  [/^empty file$/, '空文件'],
  [/^document has no text$/, '文档中没有文字'],
  [/^a Word 97-2003 \(\.doc\) file named \.docx; converted by LibreOffice$/, '扩展名为 .docx 的 Word 97-2003（.doc）文件；已由 LibreOffice 转换'],
  [/^a \.docx file named (\S+); read as \.docx$/, '扩展名为 $1 的 .docx 文件；已按 .docx 读取'],
  // extract/soffice.ts (.doc and .wps through LibreOffice)
  [/^LibreOffice did not convert it within (\S+) s \(stopped\)$/, 'LibreOffice 未在 $1 秒内完成转换（已停止）'],
  [/^LibreOffice wrote no \.docx$/, 'LibreOffice 未生成 .docx'],
  [/^LibreOffice stopped while converting it(?: \((.*)\))?$/, (g) => `LibreOffice 在转换时中止${g[1] ? `（${g[1]}）` : ''}`],
  [/^not a Word document: LibreOffice can read it only as plain text \(a damaged or mislabelled file\)$/, '不是 Word 文档：LibreOffice 只能把它当作纯文本读取（文件损坏或扩展名有误）'],
  [/^LibreOffice cannot read it: (.*)$/, 'LibreOffice 无法读取：$1'],
  [/^LibreOffice's Python-UNO bridge is missing \((.*)\): apt-get install python3-uno$/, '缺少 LibreOffice 的 Python-UNO 桥接（$1）：apt-get install python3-uno'],
  [/^LibreOffice did not start: (.*)$/, 'LibreOffice 未能启动：$1'],
  [
    /^LibreOffice is not installed \((?:no soffice on PATH|no executable (.*))\); it reads \.doc and \.wps files: (.*)$/,
    (g) => `未安装 LibreOffice（${g[1] ? `找不到可执行文件 ${g[1]}` : 'PATH 中没有 soffice'}）；读取 .doc 和 .wps 文件需要它：${g[2]}`,
  ],
  [/^no python3 to drive LibreOffice: apt-get install python3-uno$/, '没有驱动 LibreOffice 的 python3：apt-get install python3-uno'],
  [/^the converter was closed$/, '转换程序已关闭'],
  [/^cannot convert: (.*)$/, '无法转换：$1'],
  [/^conversion failed$/, '转换失败'],
  // extract/pdf.ts, pdfGrid.ts
  [/^PDF of more than (\d+) pages \(a report has a few dozen\): not read$/, 'PDF 超过 $1 页（一份报告只有几十页）：未读取'],
  [/^encrypted PDF: needs a password$/, '加密的 PDF：需要密码'],
  [/^cannot read PDF: (.*)$/, (g) => `无法读取 PDF：${PDFJS_ERRORS[g[1]] ?? g[1]}`],
  [/^PDF of (\d+) pages \(more than (\d+); a report has a few dozen\): not read$/, 'PDF 共 $1 页（超过 $2 页；一份报告只有几十页）：未读取'],
  [/^scanned PDF: (\d+) pages?, no text layer \(OCR not supported\)$/, '扫描版 PDF：$1 页，没有文字层（不支持文字识别）'],
  [/^PDF table row "(.*)": digits continued on the next page do not add up with the row; (\d+) cell\(s\) uncertain$/, 'PDF 表格“$1”行：续到下一页的数字与该行合不上；$2 格无法确定'],
  [/^PDF table row "(.*)": (\d+) values whose columns cannot be told \(blank cells, no column header on the page\); values uncertain$/, 'PDF 表格“$1”行：$2 个数值无法确定所在列（有空格，本页没有列标题）；数值无法确定'],
  [/^PDF table row "(.*)": values off the row's line or between columns and no single reading adds up; (\d+) cell\(s\) uncertain$/, 'PDF 表格“$1”行：数值偏离本行或位于两列之间，且没有唯一一种读法能对上合计；$2 格无法确定'],
  [/^PDF table: (\d+) value\(s\) between columns; their rows are uncertain$/, 'PDF 表格：$1 个数值位于两列之间；所在行无法确定'],
  [/^not a PDF file \(no %PDF header\)$/, '不是 PDF 文件（没有 %PDF 文件头）'],
  // extract/text.ts, html.ts
  [/^file is (UTF-16LE|UTF-16BE) without a byte-order mark; decoded$/, '文件为不带字节顺序标记的 $1 编码；已解码'],
  [/^binary file, not text \(NUL or control bytes\)$/, '二进制文件，不是文本（含 NUL 或控制字节）'],
  [/^decoded as (\S+) with (\d+) undecodable byte sequence\(s\)$/, '已按 $1 解码，有 $2 处无法解码的字节序列'],
  [/^file is (\S+), not UTF-8; decoded$/, '文件为 $1 编码，不是 UTF-8；已解码'],
  [/^file has no text$/, '文件中没有文字'],
  [/^(\d+) undecodable byte sequence\(s\) in the page$/, '网页中有 $1 处无法解码的字节序列'],
  [/^page nests elements more than (\d+) deep; what lies deeper was read as plain text$/, '网页元素嵌套超过 $1 层；更深的部分按纯文本读取'],
  [/^page nests its elements more than (\d+) deep: not read \(no report page does\)$/, '网页元素嵌套超过 $1 层：未读取（报告网页不会如此）'],
  [/^page has no text$/, '网页中没有文字'],
  [/^page declares (\S+) but is UTF-8; decoded as UTF-8$/, '网页声明为 $1 编码，实为 UTF-8；已按 UTF-8 解码'],
  [/^page is (\S+) \(meta tag\); decoded as (\S+)$/, '网页为 $1 编码（meta 标签）；已按 $2 解码'],
  // resolve/region.ts
  [/^region: (.+) names a county or city that does not contain (.+); left unresolved$/, (g) => `区划：${source(g[1])}所写的县或市不包含${g[2]}；未匹配`],
  [
    /^region: from (the path ".*") \((?:the report names no body|the body "(.*)" names no place)\)$/,
    (g) => `区划：取自${source(g[1])}（${g[2] === undefined ? '报告未写明发布机关' : `发布机关“${g[2]}”未写明地名`}）`,
  ],
  [/^region: (\d+) townships are named (.+) and nothing in the (path|report) decides; add it to data\/region-overrides\.csv$/, (g) => `区划：有 ${g[1]} 个乡镇名为${g[2]}，${g[3] === 'path' ? '路径' : '报告'}中没有可区分的信息；请在 data/region-overrides.csv 中指定`],
  [/^region override (\S+) for "(.*)" is not a known division code; ignored$/, '区划指定 $1（“$2”）不是已知的区划代码；已忽略'],
  [/^region: no township, county or city of the division list found in "(.*)"$/, '区划：“$1”中未找到区划表中的乡镇、县或市'],
];

/** The Chinese sentence for a known message, else null. */
function zhOf(text: string): string | null {
  for (const [re, zh] of MESSAGES) {
    const m = re.exec(text);
    if (m) return typeof zh === 'string' ? text.replace(re, zh) : zh([...m]);
  }
  return null;
}

/** Which template a message is (its index in the catalog), or -1: for tests that every message is known. */
export function messageTemplate(text: string): number {
  return MESSAGES.findIndex(([re]) => re.test(text));
}

export const MESSAGE_TEMPLATE_COUNT = MESSAGES.length;

/**
 * A stored parser warning or file error in the language asked for. English is the stored text; an
 * unknown Chinese one is shown as it is, marked 原文 so a reader knows it was not translated.
 */
export function messageIn(lang: 'zh' | 'en', text: string): string {
  if (lang === 'en') return text;
  return zhOf(text) ?? `原文：${text}`;
}

/**
 * Names a Chinese message keeps in Latin letters: file formats, encodings, programs and the
 * commands that install them, a data file's path. Anything else of 3+ letters is an untranslated word.
 */
const KEPT_NAMES = /LibreOffice|Python-UNO|python3(?:-uno)?|libreoffice-writer-nogui|apt-get install|soffice|PATH|word\/document\.xml|data\/region-overrides\.csv|ZIP|PDF|OCR|NUL|UTF-(?:8|16LE|16BE)|GB18030|GBK|gbk|gb2312|Big5|meta|Word|\bMB\b/g;

/**
 * The English words left in a Chinese message once the kept names, field ids (t3.granted.total),
 * file extensions (.docx), text quoted from the report (“…”) and the given captured English (a library's error) are set aside.
 */
export function englishLeftIn(zh: string, capturedEnglish: string[] = []): string[] {
  let rest = zh;
  for (const c of capturedEnglish) rest = rest.split(c).join(' ');
  rest = rest.replace(KEPT_NAMES, ' ').replace(/“[^”]*”/g, ' ').replace(/[a-z0-9_]+(?:\.[a-z0-9_]+)+/g, ' ').replace(/\.[a-z]{2,8}\b/g, ' ');
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}
