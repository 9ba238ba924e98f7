import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody, NullableString } from '../schemas.ts';
import type { SourcesService } from '../services/sources.service.ts';
import { sendJson, type RouteContext } from './context.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Report id' }) });
const SourceRow = Type.Object({
  line: Type.Integer({ description: 'Line (1-based) of the text read from the file where the row begins' }),
  where: NullableString,
  label: Type.String({ description: 'The row label as printed' }),
  cells: Type.Array(Type.String(), { description: 'The row’s value cells as printed' }),
  box: Type.Union([
    Type.Object({
      page: Type.Integer(),
      row: Type.Array(Type.Number(), { description: '[x0, top, x1, bottom] in points from the page’s top left' }),
      cells: Type.Union([Type.Array(Type.Array(Type.Number())), Type.Null()], { description: 'Each value cell’s [x0, x1], where known' }),
    }),
    Type.Null(),
  ], { description: 'Where a PDF prints the row' }),
});
const ReportSources = Type.Object({
  reportId: Type.Integer(),
  fileName: Type.String(),
  format: NullableString,
  available: Type.Boolean({ description: 'False for a report ingested before provenance was kept, or a failed file' }),
  fileAvailable: Type.Boolean({ description: 'The original file is still where it was ingested' }),
  flattened: Type.Boolean({ description: 'Rows rebuilt from a crawler’s one-line text: lines are of the rebuilt text' }),
  rows: Type.Array(SourceRow),
  cells: Type.Record(Type.String(), Type.Object({ row: Type.Integer(), cell: Type.Integer(), raw: Type.String(), column: Type.String() }), { description: 'Field id → its printed row, its cell there, the cell as printed, its column' }),
  narrative: Type.Array(Type.Object({ field: Type.String(), text: Type.String(), line: Type.Integer() })),
  pageDpi: Type.Integer({ description: 'Resolution of the page images: a point is pageDpi/72 pixels' }),
  headers: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Each table’s header lines as printed (t2, t3, t4): its column labels as the report gives them' }),
});

/** Where a report's numbers come from: printed rows and cells, the original file, a PDF's pages. */
export function sourcesRoutes(fastify: FastifyInstance, ctx: RouteContext, sources: SourcesService) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/reports/:id/sources', {
    schema: {
      tags: ['reports'],
      summary: 'Where each number of a report was read: the printed row (label and every cell as printed), the cell, the line of the file’s text (and PDF page); narrative values with their sentence',
      params: IdParams,
      response: { 200: ReportSources, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req, reply) => sendJson(reply, ctx, `sources:${req.params.id}`, () => sources.sources(req.params.id)));

  app.get('/api/reports/:id/file', {
    schema: { tags: ['reports'], summary: 'The original file of a report, read-only, from where it was ingested', params: IdParams, response: { 400: ErrorBody, 404: ErrorBody } },
  }, async (req, reply) => {
    const f = sources.file(req.params.id);
    // Shown in the browser where it can (PDF, text), never run: a saved web page is sent as text.
    const type = f.contentType.startsWith('text/html') || f.contentType.includes('xhtml') ? 'text/plain; charset=utf-8' : f.contentType;
    return reply
      .header('content-type', type)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(f.bytes as never); // bytes as they are: no serializer runs on a Buffer
  });

  app.get('/api/reports/:id/pages/:page', {
    schema: {
      tags: ['reports'],
      summary: 'A page of a PDF report as a PNG image (rendered by poppler, cached)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), page: Type.Integer({ minimum: 1, maximum: 10_000 }) }),
      response: { 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req, reply) => reply.header('content-type', 'image/png').header('cache-control', 'private, max-age=3600').send((await sources.pagePng(req.params.id, req.params.page)) as never));
}
