import { LRUCache } from 'lru-cache';
import type { Db } from '../store/db.ts';

/**
 * Memo of computed results (ranked league tables, aggregates, rendered CSV) for a read-only
 * server: the same question gets the same answer until the database changes. SQLite's
 * `data_version` changes when another connection (an ingest run) commits, which clears the memo.
 * It is read at most once every RECHECK_MS: the look costs 3–8 µs, a third of a trivial request,
 * so answers may be up to RECHECK_MS staler than the database, never more.
 */
/** How often, at most, a request looks whether the database changed. */
export const RECHECK_MS = 25;

export class ResultCache {
  private readonly lru: LRUCache<string, { value: unknown }>;
  private version: number;

  private checkedAt = -Infinity;
  private readonly recheckMs: number;

  constructor(db: Db, opts: { maxEntries?: number; maxBytes?: number; enabled?: boolean; recheckMs?: number } = {}) {
    this.recheckMs = opts.recheckMs ?? RECHECK_MS;
    this.dataVersionStmt = db.$client.prepare('PRAGMA data_version').pluck();
    // Bounded by an estimate of memory, not entry count: a national league is ~40,000 rows.
    this.lru = new LRUCache({ max: opts.maxEntries ?? 20_000, maxSize: opts.maxBytes ?? 256 * 1024 * 1024, sizeCalculation: ({ value }) => estimateBytes(value) });
    this.enabled = opts.enabled ?? true;
    this.version = this.dataVersion();
  }

  readonly enabled: boolean;

  private readonly dataVersionStmt: { get: () => unknown };

  private dataVersion(): number {
    return this.dataVersionStmt.get() as number;
  }

  /**
   * Clears the memo if the database changed since the last look; called once per request, and
   * with `force` right after the server's own write (its writable connection commits; this one sees a new data_version).
   */
  revalidate(force = false) {
    const now = performance.now();
    if (!force && now - this.checkedAt < this.recheckMs) return;
    this.checkedAt = now;
    const v = this.dataVersion();
    if (v !== this.version) {
      this.version = v;
      this.lru.clear();
      this.seenOnce.clear();
    }
  }

  /** The database's change counter as last looked at (changes with every commit of another connection). */
  get seenVersion(): number {
    return this.version;
  }

  /**
   * Like `get`, but memoised even when answer caching is disabled: for structures every request
   * needs (the region directory), which are part of the server's state, not cached answers.
   */
  keep<T>(key: string, compute: () => T): T {
    return this.lookup(`keep:${key}`, compute);
  }

  get<T>(key: string, compute: () => T): T {
    if (!this.enabled) return compute();
    return this.lookup(key, compute);
  }

  /** A memoised answer if there is one (never computes). */
  peek<T>(key: string): T | undefined {
    return this.enabled ? (this.lru.get(key)?.value as T | undefined) : undefined;
  }

  /**
   * Like `get`, but an answer is kept only when asked for a second time (the keys of recent
   * first asks are remembered): for questions with a long tail, such as any one of 200,000
   * reports, where keeping every first answer would fill the memo with answers nobody asks again
   * and make the garbage collector churn through them.
   */
  getOnSecondAsk<T>(key: string, compute: () => T): T {
    if (!this.enabled) return compute();
    const hit = this.lru.get(key);
    if (hit) return hit.value as T;
    if (!this.seenOnce.has(key)) {
      this.seenOnce.set(key, true);
      return compute();
    }
    this.seenOnce.delete(key);
    return this.lookup(key, compute);
  }

  private readonly seenOnce = new LRUCache<string, true>({ max: 100_000 });

  private lookup<T>(key: string, compute: () => T): T {
    const hit = this.lru.get(key);
    if (hit) return hit.value as T;
    const value = compute();
    this.lru.set(key, { value });
    return value;
  }
}

/** Rough size of a memoised value: bytes by length (with room for a gzipped copy), strings by length, row lists by row count. */
function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 64 + value.length * 2;
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
  if (Array.isArray(value)) return 64 + value.length * 400;
  if (value && typeof value === 'object') {
    let n = 256;
    for (const v of Object.values(value)) {
      if (Array.isArray(v)) n += v.length * 400;
      else if (ArrayBuffer.isView(v)) n += Math.ceil(v.byteLength * 1.3);
    }
    return n;
  }
  return 64;
}
