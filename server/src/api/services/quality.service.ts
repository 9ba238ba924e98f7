import { RULE_TITLES, type ProblemReport, type QualityRule } from '@nianbao/shared';
import type { ResultCache } from '../cache.ts';
import type { ReportsRepository } from '../repositories/reports.repository.ts';
import { reportIdentity } from './reports.service.ts';

/** Problem and rule rows are what the API sends; the types live in shared/ for the web client. */
export type { ProblemReport, QualityRule };

/** What ingest could not read cleanly: failed files, unplaced regions, consistency failures. */
export class QualityService {
  constructor(private readonly repo: ReportsRepository, private readonly cache: ResultCache) {}

  summary() {
    return this.cache.get('quality', () => {
      const byStatus = new Map(this.repo.countByStatus().map((r) => [r.status, r.n]));
      const byRegion = new Map(this.repo.countByRegionStatus().map((r) => [r.status ?? 'unresolved', r.n]));
      const ruleCounts = this.repo.countByRule();
      const rules = ([1, 2, 3, 4, 5, 6] as const).map((rule): QualityRule => {
        const n = (s: string) => ruleCounts.find((c) => c.rule === rule && c.status === s)?.n ?? 0;
        return { rule, title: RULE_TITLES[rule].zh, titleEn: RULE_TITLES[rule].en, advisory: rule === 6, pass: n('pass'), fail: n('fail'), uncertain: n('uncertain') };
      });
      const problems: ProblemReport[] = this.repo.problems().map((r) => ({
        ...reportIdentity(r),
        regionStatus: r.regionStatus,
        candidates: r.regionCandidates ? JSON.parse(r.regionCandidates) : [],
        failedRules: r.failedRules ? r.failedRules.split(',').map(Number) : [],
      }));
      const ok = byStatus.get('ok') ?? 0;
      const failed = byStatus.get('failed') ?? 0;
      return {
        files: ok + failed,
        ok,
        failed,
        regions: { resolved: byRegion.get('resolved') ?? 0, ambiguous: byRegion.get('ambiguous') ?? 0, unresolved: byRegion.get('unresolved') ?? 0 },
        rules,
        failures: problems.filter((p) => p.status === 'failed'),
        regionIssues: problems.filter((p) => p.status === 'ok' && p.regionStatus !== 'resolved'),
        ruleFailures: problems.filter((p) => p.failedRules.length > 0),
        problems,
      };
    });
  }
}
