import { LRUCache } from 'lru-cache';
import type { Db } from '../store/db.ts';

/**
 * Memo of computed results (ranked league tables, aggregates, rendered CSV) for a read-only
 * server: the same question gets the same answer until the database changes. SQLite's
 * `data_version` changes when another connection (an ingest run) commits, which clears the memo,
 * so results are never staler than the database.
 */
export class ResultCache {
  private readonly lru: LRUCache<string, { value: unknown }>;
  private version: number;

  constructor(private readonly db: Db, opts: { maxEntries?: number; enabled?: boolean } = {}) {
    this.lru = new LRUCache({ max: opts.maxEntries ?? 5000 });
    this.enabled = opts.enabled ?? true;
    this.version = this.dataVersion();
  }

  readonly enabled: boolean;

  private dataVersion(): number {
    return this.db.$client.pragma('data_version', { simple: true }) as number;
  }

  /** Clears the memo if the database changed since the last look. */
  private revalidate() {
    const v = this.dataVersion();
    if (v !== this.version) {
      this.version = v;
      this.lru.clear();
    }
  }

  get<T>(key: string, compute: () => T): T {
    if (!this.enabled) return compute();
    this.revalidate();
    const hit = this.lru.get(key);
    if (hit) return hit.value as T;
    const value = compute();
    this.lru.set(key, { value });
    return value;
  }
}
