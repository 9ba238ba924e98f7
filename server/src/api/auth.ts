import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from './httpErrors.ts';
import type { AccountsService, Editor } from './services/accounts.service.ts';

declare module 'fastify' {
  interface Session {
    userId?: number;
  }
  interface FastifyRequest {
    /** The signed-in editor, or null. */
    editor: Editor | null;
  }
}

export interface AuthOptions {
  accounts: AccountsService;
  /** Signs the session cookie; at least 32 characters. */
  secret: string;
  /** Every read needs a session too (NIANBAO_PRIVATE=1). */
  private?: boolean;
  /** The server's own origin as browsers send it (`https://nianbao.example.org`); default: from each request's Host. */
  origin?: string;
  /** Sign-in attempts per client address and window (default 10 per minute). */
  signInLimit?: { max: number; timeWindow: number };
  /** Session lifetime (ms, default 12 h). */
  maxAgeMs?: number;
}

export const SESSION_COOKIE = 'nianbao_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Answered without a session in private mode: signing in, health, the API's own description. */
const PUBLIC_IN_PRIVATE = /^\/api\/(session|health|openapi\.json|docs)(\/|$|\?)/;

function normalOrigin(s: string): string | null {
  try {
    const u = new URL(s);
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

/** The request's Origin is the server's own (writes only; a missing Origin is not). */
export function sameOrigin(req: FastifyRequest, configured?: string): boolean {
  const sent = req.headers.origin;
  if (typeof sent !== 'string') return false;
  const own = configured ? normalOrigin(configured) : normalOrigin(`${req.protocol}://${req.host}`);
  return own !== null && normalOrigin(sent) === own;
}

/**
 * Sessions and the gates in front of the routes: an HttpOnly, SameSite=Strict session cookie
 * (@fastify/session, stored in SQLite), the editor resolved from it on each request, every
 * non-GET `/api/` request refused (403) unless its Origin is the server's own, and in private
 * mode every `/api/` read refused (401) without a session. Sign-in's rate limit is on its route.
 */
export async function installAuth(app: FastifyInstance, opts: AuthOptions) {
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: opts.secret,
    cookieName: SESSION_COOKIE,
    store: opts.accounts.sessionStore(),
    saveUninitialized: false,
    // Saved when signing in, not on every request (each save would be a write).
    rolling: false,
    // Secure when the server is known to be served over https (its configured origin); not 'auto',
    // which would also lower SameSite to Lax on http.
    cookie: { httpOnly: true, sameSite: 'strict', secure: opts.origin?.startsWith('https:') ?? false, path: '/', maxAge: opts.maxAgeMs ?? 12 * 3600_000 },
  });
  await app.register(fastifyRateLimit, { global: false });
  app.decorateRequest('editor', null);
  app.addHook('onRequest', (req, _reply, done) => {
    const userId = req.session.userId;
    // Looked up on each request: a removed editor is signed out at once, a changed region applies at once.
    if (typeof userId === 'number') req.editor = opts.accounts.byId(userId);
    const api = req.url.startsWith('/api/');
    if (api && !SAFE_METHODS.has(req.method) && !sameOrigin(req, opts.origin)) {
      return done(forbidden(`cross-origin write refused: the Origin header must be this server's own origin`));
    }
    if (api && opts.private && !req.editor && !PUBLIC_IN_PRIVATE.test(req.url)) return done(unauthorized('this server is private: sign in first (POST /api/session)'));
    done();
  });
}

/**
 * Sessions and the routes that need them. Public (the default): in a scope of their own, so the
 * read routes run no session code at all. Private: over the whole app, before the read routes.
 */
export async function installAccounts(app: FastifyInstance, opts: AuthOptions, routes: (scope: FastifyInstance) => void | Promise<void>) {
  if (opts.private) {
    await installAuth(app, opts);
    await routes(app);
  } else {
    await app.register(async (scope) => {
      await installAuth(scope, opts);
      await routes(scope);
    });
  }
}

/** The signed-in editor, or 401. */
export function requireEditor(req: FastifyRequest): Editor {
  if (!req.editor) throw unauthorized();
  return req.editor;
}
