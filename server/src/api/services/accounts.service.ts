import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import { divisions } from '../../resolve/divisions.ts';
import { dummyHash, hashPassword, newPassword, verifyPassword } from '../../auth/password.ts';
import type { AccountsRepository, UserRow } from '../repositories/accounts.repository.ts';

/** An editor as the API shows one. */
export interface Editor {
  id: number;
  name: string;
  region: { code: string; name: string; level: string } | null;
}

/** A report's place, as far as it is known: the editor's region must be one of these codes. */
export interface Placed {
  divisionCode: string | null;
  townshipCode: string | null;
  countyCode: string | null;
  cityCode: string | null;
  provinceCode: string | null;
}

const NAME = /^[\p{L}\p{N}_.@-]{1,64}$/u;

/** Editors (added by `pnpm user`), sign-in, and the session store over the database. */
export class AccountsService {
  constructor(private readonly repo: AccountsRepository) {}

  /** Adds an editor with a new random password, shown once. */
  async add(name: string, regionCode: string | null, by = 'cli'): Promise<{ user: Editor; password: string }> {
    if (!NAME.test(name)) throw new Error(`user name "${name}": 1–64 letters, digits, _ . @ -`);
    if (regionCode !== null && !divisions().byCode.has(regionCode)) throw new Error(`region ${regionCode}: no such division code`);
    if (this.repo.byName(name)) throw new Error(`user ${name} exists already (remove it first to issue a new password)`);
    const password = newPassword();
    const row = this.repo.add({ name, passwordHash: await hashPassword(password), regionCode }, by);
    return { user: editor(row), password };
  }

  remove(name: string, by = 'cli'): boolean {
    return this.repo.remove(name, by);
  }

  list(): (Editor & { createdAt: string; sessions: number })[] {
    return this.repo.list().map((u) => ({ ...editor(u), createdAt: u.createdAt, sessions: u.sessions }));
  }

  /** The editor with this name and password, or null (the same time either way). */
  async signIn(name: string, password: string): Promise<Editor | null> {
    const u = this.repo.byName(name);
    const ok = await verifyPassword(password, u?.passwordHash ?? (await dummyHash()));
    return u && ok ? editor(u) : null;
  }

  byId(id: number): Editor | null {
    const u = this.repo.byId(id);
    return u ? editor(u) : null;
  }

  audit(userName: string, action: string, after?: unknown) {
    this.repo.audit({ userName, action, after });
  }

  /** Whether the editor may write to a report placed here: no region, or the report lies inside it. */
  static mayEdit(e: Editor, r: Placed): boolean {
    if (!e.region) return true;
    const code = e.region.code;
    return [r.divisionCode, r.townshipCode, r.countyCode, r.cityCode, r.provinceCode].includes(code);
  }

  /** @fastify/session's store: only signed-in sessions are stored (their user's removal ends them). */
  sessionStore(): SessionStore {
    const repo = this.repo;
    let sweep = 0;
    return {
      set(sid: string, session: Session, cb: (err?: unknown) => void) {
        try {
          const userId = (session as { userId?: number }).userId;
          if (typeof userId === 'number') {
            const expires = session.cookie.expires ? new Date(session.cookie.expires).getTime() : Date.now() + (session.cookie.originalMaxAge ?? 12 * 3600_000);
            repo.setSession(sid, userId, JSON.stringify(session), expires);
          }
          if (++sweep % 100 === 0) repo.deleteExpiredSessions(Date.now());
          cb();
        } catch (e) {
          cb(e);
        }
      },
      get(sid: string, cb: (err: unknown, result?: Session | null) => void) {
        try {
          const s = repo.getSession(sid, Date.now());
          cb(null, s ? (JSON.parse(s.data) as Session) : null);
        } catch (e) {
          cb(e);
        }
      },
      destroy(sid: string, cb: (err?: unknown) => void) {
        try {
          repo.deleteSession(sid);
          cb();
        } catch (e) {
          cb(e);
        }
      },
    };
  }
}

function editor(u: UserRow): Editor {
  const d = u.regionCode ? divisions().byCode.get(u.regionCode) : undefined;
  return { id: u.id, name: u.name, region: u.regionCode ? { code: u.regionCode, name: d?.name ?? u.regionCode, level: d?.level ?? 'unknown' } : null };
}
