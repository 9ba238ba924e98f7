import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireEditor } from '../auth.ts';
import { ErrorBody, Nullable, NullableString } from '../schemas.ts';
import { ArchiveError, tooLarge, UploadBusyError, type UploadedFile, type UploadService } from '../../upload/upload.service.ts';
import { mib } from '../../upload/archive.ts';
import { HttpError } from '../httpErrors.ts';

const NullableInt = Nullable(Type.Integer());
const Result = Type.Object({
  name: Type.String({ description: 'Relative path as uploaded; archive entries as archive.zip/entry' }),
  status: Type.Union([Type.Literal('stored'), Type.Literal('failed'), Type.Literal('skipped'), Type.Literal('held')]),
  reason: NullableString,
  reasonZh: NullableString,
  size: Type.Integer(),
  sha256: NullableString,
  format: NullableString,
  reportId: NullableInt,
  duplicateOf: Nullable(Type.Object({ id: Type.Integer(), fileName: Type.String(), organ: NullableString, year: NullableInt })),
  organ: NullableString,
  year: NullableInt,
  region: Nullable(Type.Object({ status: NullableString, code: NullableString, name: NullableString, township: NullableString, county: NullableString, city: NullableString, province: NullableString })),
  checks: Type.Array(Type.Object({ rule: Type.Integer(), status: Type.String() })),
  failedRules: Type.Array(Type.Integer()),
  uncertain: Type.Array(Type.String()),
});
const Answer = Type.Object({ stored: Type.Integer(), failed: Type.Integer(), skipped: Type.Integer(), held: Type.Integer(), seconds: Type.Number(), results: Type.Array(Result) });
const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Report id' }) });

export interface UploadRouteOptions {
  /** Uploads per editor and window (default 20 per minute). */
  rateLimit?: { max: number; timeWindow: number };
}

const busy = (message: string) => ({ statusCode: 503, error: 'Service Unavailable', code: 'busy', message: `the database is busy (${message}); nothing was stored, try again in a few seconds` });

/**
 * Uploads from the browser (signed-in editors, Origin this server's — the accounts scope's gate),
 * the upload record of a report, and withdrawing an uploaded report.
 */
export async function uploadRoutes(fastify: FastifyInstance, uploads: UploadService, opts: UploadRouteOptions = {}) {
  const limits = uploads.limits;
  await fastify.register(fastifyMultipart, {
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: limits.maxFiles + 10, fieldSize: 4096, parts: 2 * limits.maxFiles + 10 },
  });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/uploads', {
    config: { rateLimit: { max: opts.rateLimit?.max ?? 20, timeWindow: opts.rateLimit?.timeWindow ?? 60_000, keyGenerator: (req) => (req.editor ? `editor:${req.editor.name}` : `ip:${req.ip}`) } },
    schema: {
      tags: ['uploads'],
      summary: 'Upload report files, folders or .zip archives (multipart/form-data: each file part optionally preceded by a field `path` holding its relative path, a region hint). Signed in; Origin this server’s. Each file is typed by its bytes, stored as uploads/<sha256>.<ext>, parsed and stored as `pnpm ingest` does; duplicates (same content) are skipped, reports outside the editor’s region held back. Audited.',
      consumes: ['multipart/form-data'],
      response: { 200: Answer, ...Errors },
    },
  }, async (req, reply) => {
    const editor = requireEditor(req);
    if (!req.isMultipart()) throw new HttpError(400, 'Bad Request', 'send the files as multipart/form-data');
    const files: UploadedFile[] = [];
    let total = 0;
    let nextName: string | null = null;
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'path' && typeof part.value === 'string') nextName = part.value;
          continue;
        }
        const bytes = await part.toBuffer();
        total += bytes.length;
        if (total > limits.maxUploadBytes) throw tooLarge(`the upload is larger than ${mib(limits.maxUploadBytes)} (the limit of one upload): send it in parts; nothing was stored`);
        files.push({ name: nextName ?? part.filename ?? `file${files.length + 1}`, bytes });
        nextName = null;
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(`a file is larger than ${mib(limits.maxFileBytes)} (the limit of one file); nothing was stored`);
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw tooLarge(`more than ${limits.maxFiles} files in one upload; nothing was stored`);
      throw e;
    }
    if (!files.length) throw new HttpError(400, 'Bad Request', 'no file in the upload');
    try {
      return await uploads.upload(editor, files);
    } catch (e) {
      if (e instanceof ArchiveError) throw new HttpError(e.status, e.status === 413 ? 'Payload Too Large' : 'Bad Request', `${e.message}; nothing was stored`);
      if (e instanceof UploadBusyError) return reply.code(503).header('retry-after', '5').send(busy(e.message));
      if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return reply.code(503).header('retry-after', '5').send(busy('a write is in progress'));
      throw e;
    }
  });

  app.get('/api/reports/:id/upload', {
    schema: {
      tags: ['uploads'],
      summary: 'Who uploaded a report from the browser, when, and as what name (null for a report ingested from a folder)',
      params: IdParams,
      response: { 200: Type.Object({ upload: Nullable(Type.Object({ by: Type.String(), at: Type.String(), name: Type.String(), sha256: NullableString })) }) },
    },
  }, async (req) => ({ upload: uploads.uploadOf(req.params.id) }));

  app.post('/api/reports/:id/withdraw', {
    schema: {
      tags: ['uploads'],
      summary: 'Withdraw a report you uploaded: it and its values leave every view and CSV, its stored file is deleted; the audit log keeps the upload and records the withdrawal',
      params: IdParams,
      response: { 200: Type.Object({ reportId: Type.Integer(), withdrawn: Type.Boolean(), name: Type.String() }), ...Errors },
    },
  }, async (req, reply) => {
    const editor = requireEditor(req);
    try {
      return await uploads.withdraw(editor, req.params.id);
    } catch (e) {
      if (e instanceof UploadBusyError) return reply.code(503).header('retry-after', '5').send(busy(e.message));
      throw e;
    }
  });
}
