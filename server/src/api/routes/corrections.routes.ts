import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireEditor } from '../auth.ts';
import { Defaulted, ErrorBody, Nullable, NullableNumber, NullableString } from '../schemas.ts';
import type { CorrectionsService } from '../services/corrections.service.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Report id' }) });
export const CorrectionSchema = Type.Object({
  id: Type.Integer(),
  field: Type.String({ description: 'Field id (docs/fields.md)' }),
  value: NullableNumber,
  parsed: Nullable(Type.Number({ description: 'The parsed value it replaces' })),
  confirm: Type.Boolean({ description: 'Confirms an uncertain cell as parsed' }),
  reason: Type.String(),
  by: Type.String(),
  at: Type.String(),
  contentHash: Type.String({ description: 'SHA-256 of the file the correction applies to' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('superseded'), Type.Literal('reverted'), Type.Literal('needs_review')]),
  endedAt: NullableString,
  endedBy: NullableString,
  reparsed: Nullable(Type.Number({ description: 'needs_review: what the changed file reads now' })),
});
const History = Type.Object({ reportId: Type.Integer(), needsReview: Type.Integer(), corrections: Type.Array(CorrectionSchema) });
const Audit = Type.Object({
  total: Type.Integer(),
  entries: Type.Array(Type.Object({
    id: Type.Integer(), at: Type.String(), user: Type.String(), action: Type.String(), reportId: Nullable(Type.Integer()), field: NullableString,
    correctionId: Nullable(Type.Integer()), before: Type.Unknown(), after: Type.Unknown(),
  })),
});
const WriteErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };

/**
 * A write that waited its 5 s for the database while an ingest run holds it (a commit batch stays
 * open while its files are parsed): 503 with Retry-After, nothing written.
 */
function whenFree<T>(reply: FastifyReply, write: () => T): T | FastifyReply {
  try {
    return write();
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      return reply.code(503).header('retry-after', '5').send({ statusCode: 503, error: 'Service Unavailable', code: 'busy', message: 'the database is busy (an ingest is writing); nothing was changed, try again in a few seconds' });
    }
    throw e;
  }
}

/** Corrections of table cells (signed-in editors, within their region), their history, the audit log. */
export function correctionsRoutes(fastify: FastifyInstance, corrections: CorrectionsService) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/reports/:id/corrections', {
    schema: {
      tags: ['corrections'],
      summary: 'Correct one table cell of a report (signed in, report inside the editor’s region, Origin this server’s). Every view, league, aggregate and CSV then uses the value; the report’s checks are recomputed. Audited.',
      params: IdParams,
      body: Type.Object({
        field: Type.String({ description: 'Field id of a numeric cell of the report’s template (docs/fields.md)' }),
        value: Type.Optional(Nullable(Type.Number({ description: 'The value; null for an empty cell. Left out with confirm' }))),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
        confirm: Type.Optional(Type.Boolean({ description: 'true: confirm the parsed value as is (an uncertain cell)' })),
      }),
      response: { 201: CorrectionSchema, ...WriteErrors },
    },
  }, async (req, reply) => {
    const editor = requireEditor(req);
    return whenFree(reply, () => reply.code(201).send(corrections.correct(editor, req.params.id, req.body)));
  });

  app.post('/api/reports/:id/corrections/:cid/revert', {
    schema: {
      tags: ['corrections'],
      summary: 'Revert a correction: the parsed value returns (a needs-review correction is dismissed). Same checks as correcting; audited.',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), cid: Type.Integer({ minimum: 1, description: 'Correction id' }) }),
      response: { 200: CorrectionSchema, ...WriteErrors },
    },
  }, async (req, reply) => {
    const editor = requireEditor(req);
    return whenFree(reply, () => corrections.revert(editor, req.params.id, req.params.cid));
  });

  app.get('/api/reports/:id/history', {
    schema: {
      tags: ['corrections'],
      summary: 'Every correction of a report, oldest first: active, superseded, reverted, and needs_review (a changed file no longer reads the value the correction replaced)',
      params: IdParams,
      response: { 200: History, 404: ErrorBody },
    },
  }, async (req) => corrections.history(req.params.id));

  app.get('/api/audit', {
    schema: {
      tags: ['corrections'],
      summary: 'The audit log (signed in): every accepted write — who, when, what, before and after — newest first',
      querystring: Type.Object({
        limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries with a smaller id (the next page)' })),
        report: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this report’s entries' })),
      }),
      response: { 200: Audit, 401: ErrorBody },
    },
  }, async (req) => {
    requireEditor(req);
    return corrections.audit({ limit: req.query.limit, before: req.query.before, reportId: req.query.report });
  });
}
