import { T4_COLUMNS, T4_GROUPS } from '@nianbao/shared';
import type { Row } from './rows.ts';
import type { SourceCollector } from './sources.ts';

const WIDTH = T4_GROUPS.length * T4_COLUMNS.length;

const GROUP_LABEL: Record<string, RegExp> = {
  suit_after_review: /复议后/,
  suit_direct: /未经复议|直接起诉/,
  review: /行政复议/,
};

/**
 * Table 4 (reconsiderations and suits) → `t4.<group>.<col>`. The usual layout is one row of 15
 * values under a two-level header; a layout with one labelled row per group is read by label.
 */
export function parseTable4(rows: Row[], warnings: string[], fields: Record<string, number | null> = {}, sources?: SourceCollector): Record<string, number | null> {
  const valueRows = rows.filter((r) => r.values.length > 0);
  let values: (number | null)[] = [];
  /** Where each value was printed: its row and its cell there. */
  const origins: [Row, number][] = [];

  const byGroup = new Map<string, Row>();
  for (const r of valueRows) {
    if (r.values.length !== T4_COLUMNS.length) continue;
    const g = Object.keys(GROUP_LABEL).find((k) => GROUP_LABEL[k].test(r.label));
    if (g && !byGroup.has(g)) byGroup.set(g, r);
  }
  if (byGroup.size === T4_GROUPS.length) {
    for (const g of T4_GROUPS) {
      const r = byGroup.get(g.id)!;
      r.values.forEach((v, k) => {
        values.push(v);
        origins.push([r, k]);
      });
    }
  } else {
    // No spread: a row may hold 10⁵ values.
    for (const r of valueRows) {
      for (let k = 0; k < r.values.length; k++) {
        values.push(r.values[k]);
        if (origins.length < WIDTH) origins.push([r, k]);
      }
    }
    const line = valueRows[0]?.line ?? 0;
    if (values.length > WIDTH) {
      warnings.push(`line ${line}: table 4 has ${values.length} values for ${WIDTH} columns; the first ${WIDTH} are kept`);
      values = values.slice(0, WIDTH);
    } else if (values.length < WIDTH) {
      warnings.push(
        values.length === 0
          ? 'table 4: no values found; its fields are null'
          : `line ${line}: table 4 has ${values.length} values for ${WIDTH} columns; the missing ones are null`,
      );
      while (values.length < WIDTH) values.push(null);
    }
  }
  let i = 0;
  for (const g of T4_GROUPS) {
    for (const c of T4_COLUMNS) {
      const value = values[i++];
      if (value !== null && !Number.isNaN(value) && (value < 0 || !Number.isInteger(value))) warnings.push(`table 4 ${g.label}·${c.label}: ${value} is not a count`);
      fields[`t4.${g.id}.${c.id}`] = value;
      const origin = origins[i - 1];
      if (origin) sources?.cell(`t4.${g.id}.${c.id}`, origin[0], origin[1]);
    }
  }
  return fields;
}
