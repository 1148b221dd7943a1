// How a large import is written without holding the database (and so every cashier) for seconds,
// yet stays all or nothing. Writing 100,000 customers in one transaction takes about 4 s on the
// office laptop, and every other command waits for it. Instead:
//
//  1. The checked rows are sealed and stored in `import_journal`, a chunk per small transaction,
//     with a turn for other commands between chunks. Until step 2 they are not an import at all:
//     chunks without a pending note are litter, removed at the next start.
//  2. One small transaction, with the import's audit entry, reserves the account numbers and
//     writes the pending note. This is the moment the import happens: from here it will be
//     written completely, even if GridDesk stops.
//  3. Each chunk is written into the live tables and deleted from the journal in one
//     transaction, oldest first, with a turn for other commands between chunks. The last one
//     removes the pending note. A chunk is applied exactly once: its rows and its removal commit
//     together.
//
// If GridDesk stops during step 3, the next start finishes the remaining chunks before anything
// else opens (imports.ts, finishInterruptedImports). So an import is either not there at all or
// there in full; for the few seconds of step 3 other users may see its customers appear.
// See docs/architecture.md, "Long jobs".
import type { RawDb } from '../../db/client';
import { sealContext } from '../../adapters/secret-box';
import type { Deps } from '../../context';

/** What step 2 commits; kept in local_meta under `import_pending:<id>` until step 3 ends. */
export interface PendingImport {
  id: string;
  kind: string;
  fileName: string;
  /** Who imported: device events written in step 3 name them, even after a restart. */
  actor: string;
  /** The account number of the first new customer (customers imports); null otherwise. */
  firstAccount: number | null;
}

/** A chunk's records and the account number of its first one (null for devices). */
export interface Chunk<R> {
  seq: number;
  accountFrom: number | null;
  records: R[];
}

const PENDING = 'import_pending:';

function seal(deps: Pick<Deps, 'secrets'>, importId: string, seq: number, value: unknown): string {
  return deps.secrets.seal(
    Buffer.from(JSON.stringify(value), 'utf8'),
    sealContext.importChunk(importId, seq),
  );
}

function open<R>(deps: Pick<Deps, 'secrets'>, importId: string, seq: number, sealed: string): R[] {
  return JSON.parse(
    deps.secrets.open(sealed, sealContext.importChunk(importId, seq)).toString('utf8'),
  ) as R[];
}

/** Step 1: store the records in chunks of `size`, a transaction each, `turn(chunks stored)` after each. */
export async function journalChunks<R>(
  deps: Pick<Deps, 'raw' | 'secrets'>,
  importId: string,
  records: readonly R[],
  size: number,
  turn: (stored: number) => Promise<void>,
): Promise<number> {
  const insert = deps.raw.prepare(
    'INSERT INTO import_journal (import_id, seq, payload) VALUES (?, ?, ?)',
  );
  let seq = 0;
  for (let from = 0; from < records.length; from += size, seq += 1) {
    const payload = seal(deps, importId, seq, records.slice(from, from + size));
    deps.raw.transaction(() => insert.run(importId, seq, payload)).immediate();
    await turn(seq + 1);
  }
  return seq;
}

/** Step 2, inside the command's transaction (with its audit entry): the import now happens. */
export function commitImport(raw: RawDb, pending: PendingImport): void {
  raw
    .prepare('INSERT INTO local_meta (key, value) VALUES (?, ?)')
    .run(PENDING + pending.id, JSON.stringify(pending));
}

/**
 * Step 3 for one chunk: write it with `apply` and remove it from the journal, in one transaction.
 * Returns false when no chunk is left, after removing the pending note.
 */
export function applyNextChunk<R>(
  deps: Pick<Deps, 'raw' | 'secrets'>,
  pending: PendingImport,
  size: number,
  apply: (chunk: Chunk<R>) => void,
): boolean {
  const { raw } = deps;
  return raw
    .transaction(() => {
      const row = raw
        .prepare('SELECT seq, payload FROM import_journal WHERE import_id = ? ORDER BY seq LIMIT 1')
        .get(pending.id) as { seq: number; payload: string } | undefined;
      if (!row) {
        raw.prepare('DELETE FROM local_meta WHERE key = ?').run(PENDING + pending.id);
        return false;
      }
      apply({
        seq: row.seq,
        accountFrom: pending.firstAccount === null ? null : pending.firstAccount + row.seq * size,
        records: open<R>(deps, pending.id, row.seq, row.payload),
      });
      raw
        .prepare('DELETE FROM import_journal WHERE import_id = ? AND seq = ?')
        .run(pending.id, row.seq);
      return true;
    })
    .immediate();
}

/** Imports committed (step 2) but not finished (step 3), oldest first. */
export function pendingImports(raw: RawDb): PendingImport[] {
  return (
    raw
      .prepare("SELECT value FROM local_meta WHERE key LIKE 'import\\_pending:%' ESCAPE '\\'")
      .pluck()
      .all() as string[]
  ).map((value) => JSON.parse(value) as PendingImport);
}

/** At start: chunks of an import that never reached step 2 are dropped. Returns how many. */
export function dropUncommittedChunks(raw: RawDb): number {
  const committed = pendingImports(raw).map((p) => p.id);
  return raw
    .prepare(`DELETE FROM import_journal WHERE import_id NOT IN (SELECT value FROM json_each(?))`)
    .run(JSON.stringify(committed)).changes;
}
