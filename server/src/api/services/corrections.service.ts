import { FIELD_BY_ID, fieldIdsFor, implausibility, type AuditEntry, type ReportCorrection, type TemplateId } from '@nianbao/shared';
import { checkReport } from '../../check/rules.ts';
import { NUMERIC_INDEX, fieldsForChecks } from '../../store/corrections.ts';
import type { ResultCache } from '../cache.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { conflict, forbidden } from '../httpErrors.ts';
import type { AuditRow, CorrectionRow, CorrectionsRepository } from '../repositories/corrections.repository.ts';
import { AccountsService, type Editor } from './accounts.service.ts';

/** A correction and an audit entry as the API shows them (shared with the dashboard). */
export type CorrectionView = ReportCorrection;
export type AuditView = AuditEntry;

export interface CorrectionInput {
  field: string;
  value?: number | null;
  reason: string;
  confirm?: boolean;
}

export function correctionView(c: CorrectionRow): CorrectionView {
  return {
    id: c.id, field: c.fieldId, value: c.value, parsed: c.parsed, confirm: c.confirm, reason: c.reason, by: c.userName, at: c.createdAt,
    contentHash: c.contentHash, status: c.status, endedAt: c.endedAt, endedBy: c.endedBy, reparsed: c.reparsed,
  };
}

function auditView(a: AuditRow): AuditView {
  return {
    id: a.id, at: a.at, user: a.userName, action: a.action, reportId: a.reportId, field: a.fieldId, correctionId: a.correctionId,
    before: a.before === null ? null : JSON.parse(a.before), after: a.after === null ? null : JSON.parse(a.after),
  };
}

/**
 * Editors' corrections of table cells. Writes go through their own writable connection, each one
 * transaction: the correction, the cell in report_fields, the report's checks and failed rules,
 * rule 5 of its body, report_metrics, and the audit entry. Reads (history, audit, the detail's
 * marks) go through the server's read-only connection.
 */
export class CorrectionsService {
  constructor(
    private readonly writer: CorrectionsRepository,
    private readonly reader: CorrectionsRepository,
    private readonly cache: ResultCache,
  ) {}

  private editable(editor: Editor, reportId: number) {
    const r = this.writer.report(reportId);
    if (!r) throw new NotFoundError(`report ${reportId} does not exist`);
    if (!AccountsService.mayEdit(editor, r)) throw forbidden(`report ${reportId} lies outside your region ${editor.region!.code} ${editor.region!.name}`);
    if (r.status !== 'ok') throw conflict(`report ${reportId} is a file that could not be read: it has no values to correct`);
    return r;
  }

  correct(editor: Editor, reportId: number, input: CorrectionInput): CorrectionView {
    const r = this.editable(editor, reportId);
    const def = FIELD_BY_ID.get(input.field);
    const index = NUMERIC_INDEX.get(input.field);
    if (!def || index === undefined || def.kind === 'bool' || !r.template || !fieldIdsFor(r.template as TemplateId, Boolean(r.singleOther)).includes(input.field)) {
      throw new BadRequestError('field', `"${input.field}" is not a numeric cell of this report's template (${r.template}); see docs/fields.md`);
    }
    const reason = input.reason.trim();
    if (!reason) throw new BadRequestError('reason', 'say why the value is corrected');
    if (!input.confirm && input.value === undefined) throw new BadRequestError('value', 'a value (a number, or null for an empty cell) is required unless confirm is true');
    if (typeof input.value === 'number') {
      const why = implausibility(def, input.value);
      if (why) throw new BadRequestError('value', `${input.value}: ${why}`);
    }
    const at = new Date().toISOString();
    const out = this.writer.transaction(() => {
      const fields = this.writer.fields(reportId);
      if (!fields) throw conflict(`report ${reportId} has no table values`);
      const current = fields[index];
      const previous = this.writer.active(reportId, input.field);
      const parsed = previous ? previous.parsed : current;
      if (input.confirm && input.value !== undefined && input.value !== parsed) {
        throw new BadRequestError('value', `confirm keeps the parsed value (${parsed}); leave value out or send ${parsed}`);
      }
      const value = input.confirm ? parsed : (input.value as number | null);
      if (previous) this.writer.end(previous.id, 'superseded', at, editor.name);
      const c = this.writer.insert({
        reportId, fieldId: input.field, value, parsed, confirm: Boolean(input.confirm), reason, contentHash: r.contentHash, userName: editor.name,
        createdAt: at, status: 'active',
      });
      this.writer.setField(reportId, def.column, value);
      fields[index] = value;
      const list = checkReport(fieldsForChecks(r.template, Boolean(r.singleOther), (i) => fields[i]), this.writer.narrativeCount(reportId));
      this.writer.recheck(reportId, r.bodyKey, list, at);
      this.writer.audit({
        at, userName: editor.name, action: input.confirm ? 'correction.confirm' : 'correction.create', reportId, fieldId: input.field, correctionId: c.id,
        before: { value: current, correctionId: previous?.id ?? null }, after: { value, parsed, reason, contentHash: r.contentHash },
      });
      return correctionView(c);
    });
    // The read connection sees the commit as a new data_version: look now, not up to 25 ms later.
    this.cache.revalidate(true);
    return out;
  }

  /** Reverts an active correction (the parsed value returns) or dismisses one that needs review. */
  revert(editor: Editor, reportId: number, correctionId: number): CorrectionView {
    const r = this.editable(editor, reportId);
    const at = new Date().toISOString();
    const out = this.writer.transaction(() => {
      const c = this.writer.byId(reportId, correctionId);
      if (!c) throw new NotFoundError(`report ${reportId} has no correction ${correctionId}`);
      if (c.status !== 'active' && c.status !== 'needs_review') throw conflict(`correction ${correctionId} is ${c.status}: only an active or needs-review correction can be reverted`);
      this.writer.end(c.id, 'reverted', at, editor.name);
      let before: number | null = null;
      let after: number | null = null;
      if (c.status === 'active') {
        const def = FIELD_BY_ID.get(c.fieldId)!;
        const index = NUMERIC_INDEX.get(c.fieldId)!;
        const fields = this.writer.fields(reportId)!;
        before = fields[index];
        after = c.parsed;
        this.writer.setField(reportId, def.column, c.parsed);
        fields[index] = c.parsed;
        const list = checkReport(fieldsForChecks(r.template, Boolean(r.singleOther), (i) => fields[i]), this.writer.narrativeCount(reportId));
        this.writer.recheck(reportId, r.bodyKey, list, at);
      } else {
        // Not applied: the parsed value stands; the correction is only dismissed.
        before = after = this.writer.fields(reportId)?.[NUMERIC_INDEX.get(c.fieldId)!] ?? null;
      }
      this.writer.audit({
        at, userName: editor.name, action: 'correction.revert', reportId, fieldId: c.fieldId, correctionId: c.id,
        before: { value: before, status: c.status }, after: { value: after, status: 'reverted' },
      });
      return correctionView(this.writer.byId(reportId, correctionId)!);
    });
    this.cache.revalidate(true);
    return out;
  }

  /** Every correction of a report, oldest first, with the count needing review. */
  history(reportId: number): { reportId: number; needsReview: number; corrections: CorrectionView[] } {
    if (!this.reader.report(reportId)) throw new NotFoundError(`report ${reportId} does not exist`);
    const list = this.reader.history(reportId).map(correctionView);
    return { reportId, needsReview: list.filter((c) => c.status === 'needs_review').length, corrections: list };
  }

  /** The detail's marks: the cells an active correction holds, and those needing review. */
  marks(reportId: number): { corrections: CorrectionView[]; needsReview: number } {
    const list = this.reader.current(reportId).map(correctionView);
    return { corrections: list, needsReview: list.filter((c) => c.status === 'needs_review').length };
  }

  audit(opts: { limit: number; before?: number; reportId?: number }): { total: number; entries: AuditView[] } {
    const { total, rows } = this.reader.auditLog(opts);
    return { total, entries: rows.map(auditView) };
  }
}
