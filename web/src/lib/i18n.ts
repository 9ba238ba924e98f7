/**
 * Words of the interface in Chinese and English. Metric, field, table and rule names are not
 * here: they come from the shared catalogs (METRICS, FIELDS, RULE_TITLES) or the API's labels.
 */
import { METRIC_BY_ID, METRIC_UNITS, type Lang } from '@nianbao/shared';
import type { ViewId } from './url.ts';

const STRINGS = {
  appTitle: ['年报 · 乡镇政府信息公开年度报告', 'Nianbao · township information-disclosure reports'],
  'view.overview': ['概览', 'Overview'],
  'view.league': ['排行榜', 'League table'],
  'view.counties': ['区县对比', 'Counties'],
  'view.township': ['乡镇详情', 'Township'],
  'view.trends': ['趋势', 'Trends'],
  'view.compare': ['乡镇对比', 'Compare'],
  'view.quality': ['数据质量', 'Data quality'],
  'view.upload': ['上传报告', 'Upload reports'],
  scope: ['范围', 'Scope'],
  all: ['全部', 'All'],
  allCountry: ['全国', 'All regions'],
  province: ['省', 'Province'],
  city: ['市', 'City'],
  county: ['县（区）', 'County'],
  township: ['乡镇（街道）', 'Township'],
  year: ['年度', 'Year'],
  metric: ['指标', 'Metric'],
  language: ['语言', 'Language'],
  loading: ['加载中…', 'Loading…'],
  error: ['出错了', 'Something went wrong'],
  retry: ['重试', 'Retry'],
  noReports: ['该范围在所选年度没有报告。', 'There are no reports for this scope and year.'],
  noCountyReports: ['该县（区）在所选年度没有报告。', 'This county has no reports for the selected year.'],
  noData: ['没有数据。', 'No data.'],
  reports: ['报告数（各级机关）', 'Reports (all bodies)'],
  townships: ['乡镇数', 'Townships'],
  failingReports: ['未通过勾稽校验的报告', 'Reports failing checks'],
  topBottom: ['前 {n} 名与后 {n} 名', 'Top {n} and bottom {n}'],
  top: ['前列', 'Top'],
  bottom: ['末位', 'Bottom'],
  distribution: ['乡镇分布', 'Distribution across townships'],
  townshipsInBin: ['乡镇数', 'townships'],
  source: ['数据来源：{n} 份报告，{year} 年', 'Source: {n} reports, {year}'],
  sourceYears: ['数据来源：{n} 份报告，{from}–{to} 年', 'Source: {n} reports, {from}–{to}'],
  downloadCsv: ['下载所示数据（CSV）', 'Data shown (CSV)'],
  downloadFull: ['下载全部数据（CSV）', 'Full data (CSV)'],
  downloadPng: ['下载图表（PNG）', 'Chart (PNG)'],
  rank: ['排名', 'Rank'],
  name: ['名称', 'Name'],
  value: ['数值', 'Value'],
  change: ['较上年', 'Change'],
  flag: ['校验', 'Checks'],
  failsCheck: ['未通过勾稽校验', 'Fails a consistency check'],
  otherBodies: ['其他机关的报告', 'Reports of other bodies'],
  reportOfBody: ['报告详情', 'Report'],
  otherBodiesNote: [
    '县、市政府及其部门、片区管理局等非乡镇机关的报告，以及区划未能确定的乡镇报告：不计入乡镇排行和汇总；部门、片区和县、市政府在各自的排行中与同类机关排名（见各行链接）。',
    'Reports of bodies that are not townships (county and city governments, their departments, area offices) and of townships whose place is not settled: outside the township rankings and sums. Departments, area offices and governments rank among their peers in their own leagues (links on each row).',
  ],
  body: ['发布机关', 'Issuing body'],
  placedIn: ['所在区划', 'Placed in'],
  bodyKind: ['排名对象', 'Ranking'],
  'body.township': ['乡镇/街道', 'Townships'],
  'body.department': ['部门', 'Departments'],
  'body.area': ['片区（乡镇级）', 'Area offices (township level)'],
  'body.county_government': ['县级政府', 'County governments'],
  'body.city_government': ['市级政府', 'City governments'],
  'bodyName.township': ['乡镇（街道）', 'Township'],
  'bodyName.department': ['部门', 'Department'],
  'bodyName.area': ['片区（乡镇级）', 'Area office (township level)'],
  'bodyName.county_government': ['县级政府', 'County government'],
  'bodyName.city_government': ['市级政府', 'City government'],
  'bodyLeague.township': ['乡镇排名', 'Townships’ league'],
  'bodyLeague.department': ['部门排名', 'Departments’ league'],
  'bodyLeague.area': ['片区排名', 'Area offices’ league'],
  'bodyLeague.county_government': ['县级政府排名', 'County governments’ league'],
  'bodyLeague.city_government': ['市级政府排名', 'City governments’ league'],
  departmentsNote: [
    '{place}各部门（含管委会办公室等）按本部门年度报告排名；上年值为同一部门（按规范化名称识别）上一年度的报告。片区管理局属乡镇级，另在“片区”中排名。',
    'The departments of {place} (offices included), ranked by their own reports; the previous year is the same department’s report (matched by its normalised name). Area offices are township-level and rank apart, under “Area offices”.',
  ],
  departmentsPickPlace: ['部门按所属县（区）或市排名：请选择一个县（区）或市。', 'Departments rank within their county or city: choose a county or a city.'],
  departmentsPlaces: ['{year} 年有部门报告的地方：', 'Places with department reports in {year}:'],
  departmentsNone: ['所选范围在该年度没有部门报告。', 'There are no department reports in this scope and year.'],
  areasNote: [
    '{place}各片区（片区管理局、管理区等乡镇级机关，无乡镇区划代码）按本片区年度报告排名；上年值为同一片区（按规范化名称识别）上一年度的报告。',
    'The area offices of {place} (township-level bodies, such as pianqu administration bureaus, without a township code of their own), ranked by their own reports; the previous year is the same area office’s report (matched by its normalised name).',
  ],
  areasPickPlace: ['片区按所属县（区）或市排名：请选择一个县（区）或市。', 'Area offices rank within their county or city: choose a county or a city.'],
  areasPlaces: ['{year} 年有片区报告的地方：', 'Places with area office reports in {year}:'],
  areasNone: ['所选范围在该年度没有片区报告。', 'There are no area office reports in this scope and year.'],
  cityGovernmentScope: ['市级政府在省内或全国排名：请选择省或全国。', 'City governments rank within a province or the country: choose a province or all regions.'],
  noBodyMatch: ['没有匹配的机关。', 'No body matches.'],
  bodyYears: ['历年', 'Across years'],
  bodyYearsTotal: ['{place}{what}合计', '{place}, total of {what}'],
  'status.ambiguous': ['区划不唯一', 'place ambiguous'],
  'status.unresolved': ['区划未识别', 'place unresolved'],
  search: ['搜索乡镇名称', 'Search township name'],
  searchBody: ['搜索机关名称', 'Search body name'],
  countyFilter: ['按县（区）筛选', 'Filter by county'],
  page: ['第 {page} / {pages} 页，共 {total} 行', 'Page {page} of {pages}, {total} rows'],
  prev: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  order: ['排名方向', 'Ranking'],
  orderDesc: ['数值大者居前', 'Largest first'],
  orderAsc: ['数值小者居前', 'Smallest first'],
  searchAll: ['正在载入全部行以便搜索…', 'Loading every row to search…'],
  noMatch: ['没有匹配的乡镇。', 'No township matches.'],
  outcomes: ['申请办理结果', 'Outcomes of applications'],
  applicants: ['申请人类型（本年新收）', 'Applicant types (new applications)'],
  sum: ['合计', 'Total'],
  median: ['中位数', 'Median'],
  mean: ['平均', 'Mean'],
  zeroShare: ['为零乡镇比例', 'Share at zero'],
  failingShare: ['未通过校验比例', 'Share failing checks'],
  countiesNote: ['范围为全国或省时，按所选指标合计列出前 {n} 个区县。', 'For a country or province scope, the {n} counties with the largest total are drawn.'],
  chooseTownship: ['在排行榜中点击乡镇，或在下方选择：', 'Pick a township in the league table, or choose one here:'],
  noReportYear: ['该乡镇在 {year} 年没有报告。有报告的年度：', 'This township has no report for {year}. Years with a report:'],
  rankInCounty: ['在{county}排名第 {rank} / {n}', 'Rank {rank} of {n} in {county}'],
  evidence: ['主动公开数出处', 'Where the proactive figure was read'],
  approx: ['（约数）', '(a bound)'],
  checks: ['勾稽校验', 'Consistency checks'],
  'check.pass': ['通过', 'pass'],
  'check.fail': ['未通过', 'fail'],
  'check.uncertain': ['无法判断', 'uncertain'],
  warnings: ['解析提示', 'Parser warnings'],
  sourceFile: ['源文件', 'Source file'],
  template: ['模板', 'Template'],
  overYears: ['历年变化', 'Over the years'],
  regions: ['地区', 'Regions'],
  addRegion: ['添加地区', 'Add a region'],
  remove: ['移除', 'Remove'],
  pickRegions: ['请选择至少一个地区。', 'Pick at least one region.'],
  pickTownships: ['请选择至少两个乡镇进行对比。', 'Pick at least two townships to compare.'],
  addTownship: ['添加乡镇', 'Add a township'],
  files: ['文件', 'Files'],
  ok: ['成功', 'Read'],
  failed: ['失败', 'Failed'],
  failedFiles: ['读取失败的文件', 'Files that failed'],
  regionIssues: ['区划不明确的报告', 'Reports with an ambiguous or unknown region'],
  ruleFailures: ['未通过勾稽校验的报告', 'Reports failing a consistency rule'],
  rule: ['规则', 'Rule'],
  advisory: ['（参考）', '(advisory)'],
  pass: ['通过', 'Pass'],
  fail: ['未通过', 'Fail'],
  uncertain: ['无法判断', 'Uncertain'],
  candidates: ['候选区划', 'Candidates'],
  regionStatus: ['区划匹配', 'Region'],
  errorCol: ['错误', 'Error'],
  organ: ['发布机关', 'Issuing body'],
  report: ['报告', 'Report'],
  open: ['查看', 'Open'],
  resolved: ['已匹配', 'resolved'],
  ambiguous: ['不明确', 'ambiguous'],
  unresolved: ['未匹配', 'unresolved'],
  skip: ['跳到正文', 'Skip to content'],
  chartAlt: ['图表的文字说明', 'Text description of the chart'],
  allYears: ['全部年度', 'All years'],
  problem: ['问题', 'Problem'],
  place: ['所在区划', 'Placed in'],
  onlyTownships: ['只含计入乡镇排行的报告（每个乡镇每年一份）', 'Only reports counted in the township rankings (one per township and year)'],
  failingOnly: ['只看未通过勾稽校验的', 'Failing a check only'],
  widen: ['扩大到{name}', 'Widen to {name}'],
  listFailing: ['查看未通过勾稽校验的报告', 'List the reports failing checks'],
  downloadList: ['下载此列表（CSV）', 'This list (CSV)'],
  perPage: ['每页行数', 'Rows per page'],
  perSeriesNote: ['乡镇为其报告数值；区域为所辖乡镇之和（比例指标为合并比例）。', 'A township shows its report’s value; a region the sum over its townships (pooled for shares).'],
  // Issue 12 (h-mobile): the region picker, errors with their way out.
  pickerPlaceholder: ['名称、县区加名称（如 嘉陵区里坝镇）或代码', 'name, county and name together, or code'],
  moreMatches: ['还有 {n} 个匹配', '{n} more match'],
  showMore: ['显示更多', 'Show more'],
  noRegionMatch: ['没有匹配的地区', 'No region matches'],
  errNoReportsYear: ['{year} 年没有报告。', 'There are no reports for {year}.'],
  errUnknownRegion: ['没有该地区（代码 {code}）的报告。', 'There are no reports for the region {code}.'],
  errInvalidParameter: ['链接中的参数“{parameter}”无效。', 'The link’s “{parameter}” is not valid.'],
  errNotFound: ['找不到所请求的内容（可能已被撤回）。', 'Not found (it may have been withdrawn).'],
  errUnauthorized: ['请先以编辑身份登录。', 'Sign in as an editor first.'],
  errForbidden: ['您的账号无权进行此操作。', 'Your account may not do this.'],
  errConflict: ['与现有数据冲突。', 'This conflicts with the data as it is now.'],
  errTooLarge: ['文件太大。', 'The file is too large.'],
  errTooMany: ['尝试次数过多，请稍后再试。', 'Too many attempts; try again later.'],
  errSignIn: ['用户名或密码错误。', 'Wrong name or password.'],
  errBadRequest: ['无法处理该请求。', 'The request cannot be handled.'],
  errBusy: ['服务器正在写入数据，请稍候重试。', 'The server is writing data; try again in a few seconds.'],
  errInternal: ['服务器出错，请稍后重试。', 'The server failed; try again later.'],
  errNetwork: ['无法连接服务器，请检查网络后重试。', 'Cannot reach the server; check the connection and retry.'],
  errLoad: ['页面加载失败，请重试或刷新页面。', 'Part of the page failed to load; retry or reload the page.'],
  yearsWithReports: ['有报告的年度：', 'Years with reports:'],
  scopeYearsWithReports: ['该地区有报告的年度：', 'Years with reports here:'],
  goAllRegions: ['查看全国', 'Show all regions'],
  goOverview: ['回到概览', 'Back to the overview'],
  // Charts: directions, units, relative views, downloads (issue 12, charts part).
  downloadSvg: ['下载图表（SVG）', 'Chart (SVG)'],
  'better.higher': ['越大越好', 'higher is better'],
  'better.lower': ['越小越好', 'lower is better'],
  'better.neutral': ['不分好坏', 'neither way is better'],
  direction: ['方向', 'Direction'],
  unit: ['单位', 'Unit'],
  bestLegend: [
    '绿底粗体：按指标方向该行最好的数值（↑ 越大越好，↓ 越小越好）；不分好坏的指标（申请量、收费、许可数等）不标记。',
    'Bold on green: the best value of a row by the metric’s direction (↑ higher is better, ↓ lower is better); metrics where neither way is better (applications, fees, licensing …) are not marked.',
  ],
  changeLegend: [
    '较上年：▲ 增加，▼ 减少；绿色为向好的方向，红色为向差的方向，灰色为不分好坏的指标。比例指标的变化以百分点计。',
    'Change: ▲ up, ▼ down; green when it moves the better way, red the worse way, grey where neither way is better. Changes of a share are in percentage points.',
  ],
  statLabel: ['统计', 'Statistic'],
  'stat.sum': ['合计', 'Total'],
  'stat.sumShare': ['合并比例', 'Pooled share'],
  'stat.mean': ['每乡镇平均', 'Mean per township'],
  'stat.median': ['每乡镇中位数', 'Median per township'],
  modeLabel: ['显示为', 'Show as'],
  'mode.value': ['数值', 'Values'],
  'mode.index': ['指数（基年 = 100）', 'Index (base year = 100)'],
  'mode.change': ['较上年变化', 'Change on previous year'],
  baseYear: ['基年', 'Base year'],
  fromYear: ['起始年', 'From'],
  toYear: ['截止年', 'To'],
  indexUnit: ['指数，{base} 年 = 100', 'index, {base} = 100'],
  changePct: ['较上年变化（%）', 'change on previous year (%)'],
  changePp: ['较上年变化（百分点）', 'change on previous year (percentage points)'],
  statNote: [
    '平均与中位数按当年有报告且有该数值的乡镇计算；合计随报告乡镇的多少而变。',
    'Mean and median are over the townships that reported that year with a value; a total moves with how many townships reported.',
  ],
  indexShareNote: ['比例指标不编指数，变化以百分点计。', 'Shares are not indexed; their changes are in percentage points.'],
  noPrevYear: ['上年无数据时变化留空。', 'A change is blank where the previous year has no figure.'],
  trendsTopNote: [
    '未选择地区：显示 {year} 年数值最大的 {n} 个省份（共 {total} 个有数据）。可在下方移除或添加地区。',
    'Nothing chosen: showing the {n} provinces with the largest value in {year} (of {total} with data). Remove or add regions below.',
  ],
  tiedMore: ['另有 {n} 个并列第 {rank} 名未显示', '+{n} more tied at rank {rank} not shown'],
  tiedMoreBottom: ['末位另有 {n} 个并列未显示', '+{n} more tied at the bottom not shown'],
  tiedNote: ['“=3” 表示并列第 3 名。', '“=3” means tied for rank 3.'],
  valuesTable: ['图中数值：', 'Values shown: '],
  overYearsTable: ['各年', 'Over the years'],
} as const;

export type StringKey = keyof typeof STRINGS;

/** A UI string, with `{name}` placeholders filled from `vars`. */
/** Placeholders holding counts get thousands separators; years and ranks do not. */
const COUNTS = new Set(['n', 'total']);

export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  const s = STRINGS[key][lang === 'en' ? 1 : 0] as string;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (!(k in vars)) return `{${k}}`;
    const v = vars[k];
    return typeof v === 'number' && COUNTS.has(k) ? v.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN') : String(v);
  });
}

export function viewTitle(lang: Lang, v: ViewId): string {
  return t(lang, `view.${v}` as StringKey);
}

export function metricLabel(lang: Lang, id: string): string {
  const m = METRIC_BY_ID.get(id);
  if (!m) return id;
  return lang === 'en' ? m.labelEn : m.label;
}

export function unitLabel(lang: Lang, id: string): string {
  const m = METRIC_BY_ID.get(id);
  return m ? METRIC_UNITS[m.unit][lang] : '';
}

/** "label（unit）" / "label (unit)"; shares carry no unit (they are shown as percentages). */
export function metricWithUnit(lang: Lang, id: string): string {
  const m = METRIC_BY_ID.get(id);
  if (!m || m.unit === 'share') return metricLabel(lang, id);
  return lang === 'en' ? `${m.labelEn} (${METRIC_UNITS[m.unit].en})` : `${m.label}（${METRIC_UNITS[m.unit].zh}）`;
}

/** Either of a pair of labels the API sends (label / labelEn, title / titleEn). */
export function pick(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

export const STRING_KEYS = Object.keys(STRINGS) as StringKey[];

/** "Source: n reports, years": one year, or the first–last. */
export function yearsCaption(lang: Lang, n: number, years: number[]): string {
  if (!years.length) return t(lang, 'noData');
  const from = Math.min(...years);
  const to = Math.max(...years);
  return from === to ? t(lang, 'source', { n, year: from }) : t(lang, 'sourceYears', { n, from, to });
}
