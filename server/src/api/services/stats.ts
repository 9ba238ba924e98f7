/** Small statistics used by the league, aggregate and trend services. Nulls are "no value". */

export function median(sorted: number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = n >> 1;
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
  /** Values present. */
  n: number;
  sum: number | null;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  zeros: number;
}

export function summarize(values: (number | null)[]): Summary {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = present.length;
  if (n === 0) return { n: 0, sum: null, mean: null, median: null, min: null, max: null, zeros: 0 };
  let sum = 0;
  let zeros = 0;
  for (const v of present) {
    sum += v;
    if (v === 0) zeros++;
  }
  return { n, sum, mean: sum / n, median: median(present), min: present[0], max: present[n - 1], zeros };
}

/** Pooled share over reports where both parts exist: Σ numerator / Σ denominator. */
export function pooledShare(parts: { num: number | null; den: number | null }[]): number | null {
  let num = 0;
  let den = 0;
  for (const p of parts) {
    if (p.num === null || p.den === null || p.den === 0) continue;
    num += p.num;
    den += p.den;
  }
  return den === 0 ? null : num / den;
}

/**
 * Standard competition ranking ("1224"): equal values share a rank and the next rank skips.
 * `items` must already be sorted best-first with nulls last; null values get no rank.
 */
export function competitionRanks(sortedValues: (number | null)[]): (number | null)[] {
  const ranks: (number | null)[] = [];
  for (let i = 0; i < sortedValues.length; i++) {
    const v = sortedValues[i];
    if (v === null) ranks.push(null);
    else if (i > 0 && sortedValues[i - 1] === v) ranks.push(ranks[i - 1]);
    else ranks.push(i + 1);
  }
  return ranks;
}

/** Compares values in ranking order (desc or asc), nulls always last. */
export function byValue(order: 'asc' | 'desc') {
  return (a: number | null, b: number | null): number => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return order === 'desc' ? b - a : a - b;
  };
}

/** Region codes are digit strings: plain code-unit order, not locale collation (which is ~100× slower). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
