import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { overridesPath } from '../paths.ts';

/**
 * User settlements of ambiguous regions: a CSV `name,code` (organ as in the title, or township
 * name → division code). Lines starting with # are comments.
 */
export function loadOverrides(path = overridesPath()): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(path)) return map;
  const records: string[][] = parse(readFileSync(path, 'utf8'), { comment: '#', skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  for (const r of records) {
    if (r.length < 2 || r[0] === 'name') continue;
    map.set(r[0].replace(/\s+/g, ''), r[1]);
  }
  return map;
}
