import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AuthOptions } from '../auth.ts';
import { unauthorized } from '../httpErrors.ts';
import { ErrorBody, Nullable } from '../schemas.ts';
import type { AccountsService } from '../services/accounts.service.ts';

export const EditorSchema = Type.Object({
  name: Type.String(),
  region: Nullable(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }, { description: 'The region the editor may correct reports of (any level); null: everywhere' })),
});
const SessionAnswer = Type.Object({
  editor: Nullable(EditorSchema),
  private: Type.Boolean({ description: 'Whether reading needs a session (NIANBAO_PRIVATE=1)' }),
});

/** Sign-in, sign-out, who is signed in. */
export function sessionRoutes(fastify: FastifyInstance, accounts: AccountsService, opts: Pick<AuthOptions, 'private' | 'signInLimit'>) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const view = (e: { name: string; region: { code: string; name: string; level: string } | null } | null) => ({ editor: e && { name: e.name, region: e.region }, private: Boolean(opts.private) });

  app.get('/api/session', {
    schema: { tags: ['session'], summary: 'Who is signed in (null when nobody), and whether reading needs a session', response: { 200: SessionAnswer } },
  }, async (req) => view(req.editor));

  app.post('/api/session', {
    config: { rateLimit: opts.signInLimit ?? { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['session'],
      summary: 'Sign in with an editor’s name and password (users are added by `pnpm user add`); sets the HttpOnly, SameSite=Strict session cookie. Rate-limited per client address (429). The Origin header must be this server’s.',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      response: { 200: SessionAnswer, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
    },
  }, async (req) => {
    const editor = await accounts.signIn(req.body.name, req.body.password);
    if (!editor) throw unauthorized('wrong name or password');
    // A new session id at sign-in: an id planted before cannot be carried into the signed-in session.
    await req.session.regenerate();
    req.session.userId = editor.id;
    req.editor = editor;
    accounts.audit(editor.name, 'session.sign_in');
    return view(editor);
  });

  app.delete('/api/session', {
    schema: { tags: ['session'], summary: 'Sign out: the session ends on the server and its cookie is cleared. The Origin header must be this server’s.', response: { 200: SessionAnswer, 403: ErrorBody } },
  }, async (req) => {
    const editor = req.editor;
    if (editor) accounts.audit(editor.name, 'session.sign_out');
    await req.session.destroy();
    return view(null);
  });
}
