import type { BodyType } from '@nianbao/shared';
import { COUNTY_ALIASES, divisions, type Division } from './divisions.ts';

/**
 * What kind of body published a report, and its identity across years, from the organ name and
 * the division the report was placed in (resolve/region.ts).
 *
 * - township: placed in a township, or the organ is a township's (镇/乡/街道/苏木 + 人民政府/办事处)
 *   even where the township's place is not settled.
 * - county_government / city_government: the organ is the government itself (人民政府, 政府,
 *   管委会 of a county-level unit or of a city), e.g. 平潭县人民政府, 淮安市人民政府.
 * - area: a township-level area office of a county or city with no township code of its own:
 *   平潭's 片区管理局 (海坛, 金井, 君山, 苏平 片区 stand in for townships), 片区管委会, 管理区(管委会).
 *   Not 开发区 / 高新区 管委会 (county-level units) nor a 自贸试验区's 片区.
 * - department: any other organ of a county or a city: 教育局, 人民政府办公室, 卫生健康委员会.
 * - other: bodies placed in a province or nowhere.
 */
/**
 * The classifier's version, kept in the database (`PRAGMA user_version`) by the store: raise it
 * whenever classifyBody would type or key a stored body differently, so databases typed by the
 * older rules are typed again once, and not on every open. 1: bodies typed (migration 0006);
 * 2: 片区管理局 and 管理区 as area offices.
 */
export const BODY_TYPES_VERSION = 2;

export interface BodyIdentity {
  type: BodyType;
  /**
   * Same body across years (rule 5 and the previous-year links): a township's code; a county or
   * city government's code with its type; a department's or area office's county (or city) code,
   * its type and its normalised name; otherwise the division and organ as printed (as before bodies were typed).
   */
  key: string | null;
  /** A department's or area office's name without its place and with spelling variants unified; else null. */
  name: string | null;
}

export interface BodyPlace {
  /** Deepest division resolved (township, county, city or province code), null when none. */
  divisionCode: string | null;
  /** The township's 9-digit code when placed in one. */
  townshipCode: string | null;
  /** A township name found in the organ whose place is not settled (ambiguous, unresolved). */
  townshipName?: string | null;
}

const GOVERNMENT = new Set(['人民政府', '政府', '管委会']);
const TOWNSHIP_ORGAN = /(镇|乡|街道|苏木)(人民政府|政府|办事处|街道办事处)?$/;
/**
 * An area office, after its places are taken off: a named 片区 or 管理区 with its 管理局 / 管委会 /
 * 办事处 (管理委员会 is already 管委会). A 管理区 that is itself a county-level unit of the division
 * list (唐山市汉沽管理区) is taken off as a place and leaves its 管委会: a county government.
 */
const AREA_ORGAN = /^[^片区]{1,10}(?:片区(?:管理局|管委会|办事处)|管理区(?:管委会|办事处)?)$/;
/** Free-trade-zone 片区 (中国(福建)自由贸易试验区平潭片区管委会) are not township-level. */
const NOT_AREA = /自由贸易|自贸/;

/**
 * An organ name as written in different years, in one spelling: full-width forms as half-width
 * (NFKC), no whitespace or trailing bracketed note (`（县外事办）`), 管理委员会 as 管委会 and
 * 政府办 / 政府办公室 as 人民政府办公室.
 */
export function normaliseOrganName(organ: string): string {
  // No blanks, and no commas (body keys are listed comma-separated).
  let s = organ.normalize('NFKC').replace(/[\s,]+/g, '');
  // A trailing note in brackets names merged offices or a second name, not another body.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/[(\[【][^()\[\]【】]*[)\]】]$/, '');
  }
  return s
    .replace(/管理委员会/g, '管委会')
    .replace(/(?:人民)?政府办(?:公室)?(?!事)/g, '人民政府办公室');
}

/** Names of a division as an organ may write them before its own name: full, and without 省/市/县/区. */
function placeNames(d: Division | undefined): string[] {
  if (!d || !d.name) return [];
  const names = [d.name];
  const short = d.name.replace(/(省|市|自治州|地区|盟|自治县|自治旗|县|区|旗|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');
  if (short !== d.name && short.length >= 2) names.push(short);
  return names;
}

/**
 * The organ without the places it names first (province, city, county, and aliases such as
 * 平潭综合实验区), e.g. 福建省福州市平潭县教育局 → 教育局, 区公安局 → 公安局.
 */
function withoutPlaces(organ: string, place: Division | undefined): string {
  const idx = divisions();
  const chain: Division[] = [];
  if (place) {
    const province = idx.byCode.get(place.provinceCode);
    const city = place.cityCode ? idx.byCode.get(place.cityCode) : undefined;
    const county = place.countyCode ? idx.byCode.get(place.countyCode) : undefined;
    for (const d of [province, city, county]) if (d) chain.push(d);
  }
  const prefixes = [
    ...Object.entries(COUNTY_ALIASES).filter(([, code]) => !place || code === place.countyCode).map(([alias]) => alias),
    ...chain.flatMap(placeNames),
  ].sort((a, b) => b.length - a.length);
  let s = organ;
  let named = false;
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of prefixes) {
      if (s.startsWith(p) && s.length > p.length) {
        s = s.slice(p.length);
        changed = named = true;
        break;
      }
    }
  }
  // 区公安局, 县教育局: the county named by its level alone (never 市, as in 市场监督管理局).
  if (!named && /^[县区](?!域)/.test(s) && s.length >= 3) s = s.slice(1);
  return s;
}

/** The type and cross-year identity of the body that published a report. */
export function classifyBody(organ: string | null, place: BodyPlace): BodyIdentity {
  const printed = organ ? normaliseOrganName(organ) : '';
  if (place.townshipCode) return { type: 'township', key: place.townshipCode, name: null };
  const idx = divisions();
  const division = place.divisionCode ? idx.byCode.get(place.divisionCode) : undefined;
  const fallbackKey = place.divisionCode ? `${place.divisionCode}:${organ ?? ''}` : organ ? `organ:${organ}` : null;
  if (place.townshipName || TOWNSHIP_ORGAN.test(printed)) {
    return { type: 'township', key: fallbackKey, name: null };
  }
  if (!division || (division.level !== 'county' && division.level !== 'city') || !printed) return { type: 'other', key: fallbackKey, name: null };
  const rest = withoutPlaces(printed, division);
  if (GOVERNMENT.has(rest)) {
    const type = division.level === 'county' ? 'county_government' : 'city_government';
    return { type, key: `${division.code}:${type}`, name: null };
  }
  if (rest.length < 2) return { type: 'other', key: fallbackKey, name: null };
  if (AREA_ORGAN.test(rest) && !NOT_AREA.test(rest)) return { type: 'area', key: `${division.code}:area:${rest}`, name: rest };
  return { type: 'department', key: `${division.code}:department:${rest}`, name: rest };
}
