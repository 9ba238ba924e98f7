import type { TemplateId } from './catalog.ts';

/** A field value as `parse --json` prints it. */
export type FieldValue = number | string | boolean | null | RegionCandidate[];

export interface RegionCandidate {
  code: string;
  name: string;
}

export type RegionStatus = 'resolved' | 'ambiguous' | 'unresolved';
export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export type CheckStatus = 'pass' | 'fail' | 'uncertain';

/** One consistency rule (勾稽关系) of fields.md, evaluated on one report. */
export interface CheckResult {
  rule: 1 | 2 | 3 | 4 | 5 | 6;
  status: CheckStatus;
  /** Human-readable: the numbers that disagree, or the operands that are missing. */
  detail: string;
}

/** The contract of `parse --json`: one object per file. */
export interface ParseOutput {
  file: string;
  ok: boolean;
  error: string | null;
  fields: Record<string, FieldValue>;
  checks: CheckResult[];
  warnings: string[];
  /**
   * Table fields the parser left null because it could not decide their value (a flattened
   * digit run that splits more than one way), as opposed to cells the report leaves blank.
   * Each is explained in `warnings`.
   */
  uncertain: string[];
}

export const RULE_TITLES: Record<CheckResult['rule'], { zh: string; en: string }> = {
  1: { zh: '新收+结转=办结+结转下年（各列）', en: 'received + carried over = processed + carried forward (per column)' },
  2: { zh: '总计=各办理结果之和（各列）', en: 'processed total = sum of outcomes (per column)' },
  3: { zh: '各申请人列之和=总计（各行）', en: 'applicant columns sum to total (per row)' },
  4: { zh: '复议、诉讼各项之和=总计', en: 'review/suit results sum to total' },
  5: { zh: '跨年衔接（结转、现行有效件数）', en: 'year-to-year continuity' },
  6: { zh: '正文申请数与表三一致（参考）', en: 'narrative application count matches table 3 (advisory)' },
};

export type { TemplateId };

/**
 * Kinds of body that publish a report (server/src/resolve/bodyType.ts): each ranks among its
 * peers — townships in a region, departments of one county or city, township-level area offices
 * (片区管理局, 管理区) of one county or city, county governments in a region, city governments in a
 * province. `other` (bodies placed in a province or nowhere) ranks
 * nowhere.
 */
export const BODY_TYPES = ['township', 'department', 'area', 'county_government', 'city_government', 'other'] as const;
export type BodyType = (typeof BODY_TYPES)[number];
/** Body types with a league. */
export const LEAGUE_BODY_TYPES = ['township', 'department', 'area', 'county_government', 'city_government'] as const;
export type LeagueBodyType = (typeof LEAGUE_BODY_TYPES)[number];
/**
 * Bodies that belong to one county or city and rank only among its others, keyed by that
 * county's (city's) code and their normalised name: departments, and area offices (片区 /
 * 管理区, township-level units with no township code of their own).
 */
export const LOCAL_BODY_TYPES = ['department', 'area'] as const;
export type LocalBodyType = (typeof LOCAL_BODY_TYPES)[number];
export const isLocalBodyType = (t: string | null | undefined): t is LocalBodyType => t === 'department' || t === 'area';
export const BODY_TYPE_LABELS: Record<BodyType, { zh: string; en: string }> = {
  township: { zh: '乡镇/街道', en: 'Townships' },
  department: { zh: '部门', en: 'Departments' },
  area: { zh: '片区（乡镇级）', en: 'Area offices (township level)' },
  county_government: { zh: '县级政府', en: 'County governments' },
  city_government: { zh: '市级政府', en: 'City governments' },
  other: { zh: '其他', en: 'Other' },
};
