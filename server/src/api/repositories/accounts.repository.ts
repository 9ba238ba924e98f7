import { asc, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../store/db.ts';
import { auditLog, sessions, users } from '../../store/schema.ts';

export type UserRow = typeof users.$inferSelect;

/** Editors and their sessions (writable connection). */
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  byName(name: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.name, name)).get();
  }

  byId(id: number): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  list(now = Date.now()): (UserRow & { sessions: number })[] {
    const open = new Map(
      this.db.select({ userId: sessions.userId, n: count() }).from(sessions).where(gt(sessions.expiresAt, now)).groupBy(sessions.userId).all().map((r) => [r.userId, r.n]),
    );
    return this.db.select().from(users).orderBy(asc(users.name)).all().map((u) => ({ ...u, sessions: open.get(u.id) ?? 0 }));
  }

  /** Adds a user and audits it, in one transaction. */
  add(u: { name: string; passwordHash: string; regionCode: string | null }, by: string): UserRow {
    return this.db.transaction((tx) => {
      const at = new Date().toISOString();
      const row = tx.insert(users).values({ ...u, createdAt: at }).returning().get();
      tx.insert(auditLog).values({ at, userName: by, action: 'user.add', after: JSON.stringify({ name: u.name, regionCode: u.regionCode }) }).run();
      return row;
    });
  }

  /** Removes a user (their sessions go with them) and audits it; false when there is no such user. */
  remove(name: string, by: string): boolean {
    return this.db.transaction((tx) => {
      const u = tx.select().from(users).where(eq(users.name, name)).get();
      if (!u) return false;
      tx.delete(users).where(eq(users.id, u.id)).run();
      tx.insert(auditLog).values({ at: new Date().toISOString(), userName: by, action: 'user.remove', before: JSON.stringify({ name: u.name, regionCode: u.regionCode }) }).run();
      return true;
    });
  }

  // Sessions (the @fastify/session store).
  getSession(sid: string, now: number): { data: string; userId: number } | undefined {
    const s = this.db.select().from(sessions).where(eq(sessions.sid, sid)).get();
    if (!s) return undefined;
    if (s.expiresAt <= now) {
      this.db.delete(sessions).where(eq(sessions.sid, sid)).run();
      return undefined;
    }
    return s;
  }

  setSession(sid: string, userId: number, data: string, expiresAt: number): void {
    this.db
      .insert(sessions)
      .values({ sid, userId, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { userId, data, expiresAt } })
      .run();
  }

  deleteSession(sid: string): void {
    this.db.delete(sessions).where(eq(sessions.sid, sid)).run();
  }

  deleteExpiredSessions(now: number): void {
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  }

  audit(entry: { userName: string; action: string; before?: unknown; after?: unknown }): void {
    this.db.insert(auditLog).values({
      at: new Date().toISOString(), userName: entry.userName, action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before), after: entry.after === undefined ? null : JSON.stringify(entry.after),
    }).run();
  }
}
