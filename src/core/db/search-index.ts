// Quick search for imported customers, added after the import's transaction in small steps.
//
// The search index is trigram FTS5, kept by triggers (resources/migrations 0001, 0015). Indexing
// 100,000 names costs several seconds; inside the import's one transaction that would hold the
// database, and the event loop, for all of it. The rows themselves still go in all-or-nothing;
// only their search entries follow, a few hundred per transaction, so other commands run between
// steps. Until then the new customers are in every list but not yet in quick search.
import type { RawDb } from './client';

/** Held only inside an import's transaction: new customers are not indexed by the trigger. */
const DEFERRED = 'search_deferred';
/**
 * `search_catch_up:<id>`, one per import: committed with its rows, removed once they are indexed.
 * Found at start, an import's indexing was interrupted.
 */
const CATCH_UP = 'search_catch_up:';

/**
 * Run `write` (inside the caller's transaction) with indexing of new customers deferred, and
 * note that import `importId` owes its search entries.
 */
export function withSearchDeferred<T>(raw: RawDb, importId: string, write: () => T): T {
  const put = raw.prepare('INSERT OR REPLACE INTO local_meta (key, value) VALUES (?, ?)');
  put.run(DEFERRED, '1');
  const value = write();
  raw.prepare('DELETE FROM local_meta WHERE key = ?').run(DEFERRED);
  put.run(CATCH_UP + importId, '1');
  return value;
}

/**
 * Index these customers (live ones without a search entry yet), in one transaction, with two
 * set statements: keys, then their text. A no-op update per customer, running the update trigger,
 * cost three times as much (the row rewritten, the old entry looked up), about a third of a
 * 100,000-row import (docs/performance.md). The text is the triggers' own
 * (resources/migrations 0001, 0015); a test compares an imported customer's entry with one the
 * trigger wrote (test/integration/imports-long.test.ts).
 */
export function indexCustomers(raw: RawDb, ids: readonly string[]): void {
  raw.transaction(() => {
    // Keys get rowids above the current largest: those are the entries to write.
    const after = raw.prepare('SELECT coalesce(max(rowid), 0) FROM search_keys').pluck().get();
    raw
      .prepare(
        `INSERT INTO search_keys (entity, entity_id)
         SELECT 'customer', c.id FROM json_each(?) j JOIN customers c ON c.id = j.value
          WHERE c.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM search_keys k WHERE k.entity_id = c.id)`,
      )
      .run(JSON.stringify(ids));
    raw
      .prepare(
        `INSERT INTO search_index (rowid, text)
         SELECT k.rowid,
           c.account_number || ' ' || c.first_name || ' ' || c.last_name || ' ' ||
           coalesce(c.business_name, '') || ' ' || replace(coalesce(c.phone, ''), '+', '') || ' ' ||
           replace(coalesce(c.phone2, ''), '+', '') || ' ' || coalesce(c.national_id, '')
         FROM search_keys k JOIN customers c ON c.id = k.entity_id
         WHERE k.rowid > ?`,
      )
      .run(after);
  })();
}

export function searchCaughtUp(raw: RawDb, importId: string): void {
  raw.prepare('DELETE FROM local_meta WHERE key = ?').run(CATCH_UP + importId);
}

/**
 * At start: finish an import's indexing that GridDesk stopped in the middle of. Returns how many
 * customers were indexed (0 on a normal start, which costs one key lookup).
 */
export function finishSearchCatchUp(raw: RawDb): number {
  const owed = raw
    .prepare("SELECT key FROM local_meta WHERE key LIKE 'search\\_catch\\_up:%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  if (owed.length === 0) return 0;
  const missing = raw
    .prepare(
      `SELECT id FROM customers c WHERE deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM search_keys k WHERE k.entity_id = c.id)`,
    )
    .pluck()
    .all() as string[];
  indexCustomers(raw, missing);
  const done = raw.prepare('DELETE FROM local_meta WHERE key = ?');
  for (const key of owed) done.run(key);
  return missing.length;
}
