import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from '../store/db.ts';
import { installAccounts, type AuthOptions } from './auth.ts';
import { ResultCache } from './cache.ts';
import { warmUp } from './warmup.ts';
import { installErrorHandler } from './errors.ts';
import { AccountsRepository } from './repositories/accounts.repository.ts';
import { CorrectionsRepository } from './repositories/corrections.repository.ts';
import { MetricsRepository } from './repositories/metrics.repository.ts';
import { RegionsRepository } from './repositories/regions.repository.ts';
import { QualityRepository } from './repositories/quality.repository.ts';
import { ReportsRepository } from './repositories/reports.repository.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import { correctionsRoutes } from './routes/corrections.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { uploadRoutes } from './routes/upload.routes.ts';
import { UploadService, type UploadLimits } from '../upload/upload.service.ts';
import type { RouteContext } from './routes/context.ts';
import { qualityRoutes } from './routes/quality.routes.ts';
import { rankingsRoutes } from './routes/rankings.routes.ts';
import { regionsRoutes } from './routes/regions.routes.ts';
import { reportsRoutes } from './routes/reports.routes.ts';
import { sourcesRoutes } from './routes/sources.routes.ts';
import { SourcesRepository } from './repositories/sources.repository.ts';
import { SourcesService } from './services/sources.service.ts';
import { AccountsService } from './services/accounts.service.ts';
import { CorrectionsService } from './services/corrections.service.ts';
import { ExportService } from './services/export.service.ts';
import { QualityService } from './services/quality.service.ts';
import { RankingsService } from './services/rankings.service.ts';
import { RegionsService } from './services/regions.service.ts';
import { ReportsService } from './services/reports.service.ts';

export interface AppOptions {
  /** The database, opened read-only by the server (openReadOnly). */
  db: Db;
  /** Built dashboard to serve at `/` (SPA: unknown non-API paths get its index.html). */
  webDist?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Memoise computed answers until the database changes (default on). */
  cache?: boolean;
  /**
   * After an ingest run changes the database, compute the first visit's answers again (warmup.ts)
   * once it has been unchanged for this many ms, so the next visitor does not pay for them. Off by default.
   */
  rewarmAfterMs?: number;
  /**
   * The same database opened writable (openWritable), for editors' sessions, corrections and the
   * audit log only: the read path keeps to `db`. Without it the server has no accounts and no writes.
   */
  writeDb?: Db;
  /** Sessions and their gates (with writeDb): the cookie's secret, private mode, own origin, sign-in limit. */
  auth?: Omit<AuthOptions, 'accounts'>;
  /**
   * Uploads from the browser (with writeDb): where files are stored (default `uploads/` beside the
   * database), size limits, uploads per editor a minute, parse threads, how long to wait for an ingest.
   */
  uploads?: { dir?: string; limits?: Partial<UploadLimits>; rateLimit?: { max: number; timeWindow: number }; workers?: number; lockWaitMs?: number; overrides?: Map<string, string> };
}

/** The API (and, when built, the dashboard) over one database. Routes only read. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });
  installErrorHandler(app);

  const cache = new ResultCache(opts.db, { enabled: opts.cache ?? true });
  // A look at SQLite's data_version (at most every RECHECK_MS): an ingest run since the last look
  // clears every memoised answer before this request's is computed. A callback hook, not an
  // async one: no promise per request.
  app.addHook('onRequest', (_req, _reply, done) => {
    cache.revalidate();
    done();
  });
  if (opts.rewarmAfterMs !== undefined && (opts.cache ?? true)) rewarmWhenQuiet(app, cache, opts.rewarmAfterMs);
  const regionsRepo = new RegionsRepository(opts.db);
  const metricsRepo = new MetricsRepository(opts.db);
  const reportsRepo = new ReportsRepository(opts.db);
  // Editors' corrections: read through `db`, written through their own connection (writeDb).
  const correctionsReader = new CorrectionsRepository(opts.db);
  const regions = new RegionsService(regionsRepo, cache);
  // Every route calls its year `year`: one check for all, after the schema has made it a number.
  app.addHook('preHandler', (req, _reply, done) => {
    const year = (req.query as { year?: unknown } | undefined)?.year;
    try {
      if (typeof year === 'number') regions.requireYear(year);
      done();
    } catch (e) {
      done(e as Error);
    }
  });
  const corrections = new CorrectionsService(new CorrectionsRepository(opts.writeDb ?? opts.db), correctionsReader, cache);
  const accounts = opts.writeDb ? new AccountsService(new AccountsRepository(opts.writeDb)) : null;
  if (opts.auth?.private && !accounts) throw new Error('private mode needs writeDb (sessions are stored in the database)');
  const ctx: RouteContext = {
    cache,
    regions,
    rankings: new RankingsService(metricsRepo, regions, cache),
    reports: new ReportsService(reportsRepo, metricsRepo, regions, cache, (id) => corrections.marks(id)),
    quality: new QualityService(new QualityRepository(opts.db), regions, cache),
    exporter: new ExportService(reportsRepo, regions),
  };

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Nianbao API',
        description: 'Township 政府信息公开工作年度报告 figures: metrics, regions, league tables, aggregates, trends, reports, data quality. Every list also as CSV (UTF-8 with BOM; `lang=en` for an English header).',
        version: '0.1.0',
      },
      tags: [
        { name: 'catalog' }, { name: 'regions' }, { name: 'rankings' }, { name: 'reports' }, { name: 'quality' }, { name: 'export' }, { name: 'session' }, { name: 'corrections' }, { name: 'uploads' }, { name: 'meta' },
      ],
    },
  });
  // Sign-in, corrections, history and audit (with writeDb); in private mode their gate covers every read route too.
  if (accounts) {
    const writeDb = opts.writeDb!;
    const uploads = new UploadService({
      dbPath: writeDb.$client.name, uploadsDir: opts.uploads?.dir, limits: opts.uploads?.limits, workers: opts.uploads?.workers, lockWaitMs: opts.uploads?.lockWaitMs,
      overrides: opts.uploads?.overrides, reader: opts.db, changed: () => cache.revalidate(true),
    });
    const auth = { ...(opts.auth ?? { secret: randomBytes(32).toString('hex') }), accounts };
    await installAccounts(app, auth, (scope) => {
      sessionRoutes(scope, accounts, auth);
      correctionsRoutes(scope, corrections);
      return uploadRoutes(scope, uploads!, { rateLimit: opts.uploads?.rateLimit });
    });
  }
  catalogRoutes(app, ctx);
  regionsRoutes(app, ctx);
  rankingsRoutes(app, ctx);
  reportsRoutes(app, ctx);
  qualityRoutes(app, ctx);
  sourcesRoutes(app, ctx, new SourcesService(new SourcesRepository(opts.db)));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  if (opts.webDist && existsSync(opts.webDist)) {
    await app.register(fastifyStatic, { root: opts.webDist, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ statusCode: 404, error: 'Not Found', code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));
  }
  return app;
}

/**
 * Looks at the database every `quietMs`; once it has changed and then stayed unchanged for a
 * whole interval, computes the first visit's answers again. Quiet first: an ingest commits every
 * few hundred reports, and warming between its commits would be thrown away.
 */
function rewarmWhenQuiet(app: FastifyInstance, cache: ResultCache, quietMs: number) {
  let last = cache.seenVersion;
  let pending = false;
  const timer = setInterval(() => {
    cache.revalidate();
    if (cache.seenVersion !== last) {
      last = cache.seenVersion;
      pending = true;
    } else if (pending) {
      pending = false;
      void warmUp(app).catch(() => {});
    }
  }, quietMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
