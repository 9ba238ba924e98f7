import type { FastifyInstance } from 'fastify';
import { openReadOnly, type Db } from '../../store/db.ts';
import { buildApp } from '../app.ts';
import { buildFixture, type Fixture } from './fixture.ts';

export interface ServedFixture {
  fx: Fixture;
  db: Db;
  app: FastifyInstance;
  /** Closes the app and the database and deletes the fixture's files. */
  close: () => Promise<void>;
}

/** The fixture database opened read-only and served by the app, as the API tests use it. */
export async function serveFixture(opts: { webDist?: (fx: Fixture) => string } = {}): Promise<ServedFixture> {
  const fx = await buildFixture();
  const webDist = opts.webDist?.(fx);
  const db = openReadOnly(fx.dbPath);
  const app = await buildApp({ db, ...(webDist ? { webDist } : {}) });
  return {
    fx, db, app,
    close: async () => {
      await app.close();
      db.$client.close();
      fx.cleanup();
    },
  };
}
