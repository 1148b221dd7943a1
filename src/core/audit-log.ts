// Appending to and verifying the hash-chained audit log. Appends happen inside the command's
// transaction, so an entry exists exactly when its write does.
import { createHash } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { prepared } from './db/prepared';
import { canonicalJson } from '../domain/canonical-json';
import { wellFormed } from '../domain/text';
import type { Db, ReadDb } from './db/client';
import { auditLog, localMeta } from './db/schema';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

export interface AuditInput {
  id: string;
  officeId: string;
  at: string;
  actor: string;
  actorUserId: string | null;
  door: string;
  command: string;
  records: string[];
  summary: string;
  outcome: 'ok' | 'refused';
}

export function entryHash(prevHash: string, seq: number, entry: AuditInput): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ seq, ...entry }))
    .digest('hex');
}

/**
 * The entry as SQLite will hand it back. Contract input is already refused when ill-formed, but a
 * summary may quote text from elsewhere (a device's answer, a file's cell); the hash must cover
 * exactly what is stored or the chain would read as broken for ever from this entry.
 */
function storable(entry: AuditInput): AuditInput {
  return {
    ...entry,
    actor: wellFormed(entry.actor),
    command: wellFormed(entry.command),
    summary: wellFormed(entry.summary),
    records: entry.records.map(wellFormed),
  };
}

export function appendAudit(db: Db, given: AuditInput): number {
  const entry = storable(given);
  const last = prepared(db, 'auditHead', (d) =>
    d
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1)
      .prepare(),
  ).get();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, seq, entry);
  const insert = prepared(db, 'auditInsert', (d) =>
    d
      .insert(auditLog)
      .values({
        seq: sql.placeholder('seq'),
        id: sql.placeholder('id'),
        officeId: sql.placeholder('officeId'),
        at: sql.placeholder('at'),
        actor: sql.placeholder('actor'),
        actorUserId: sql.placeholder('actorUserId'),
        door: sql.placeholder('door'),
        command: sql.placeholder('command'),
        records: sql.placeholder('records'),
        summary: sql.placeholder('summary'),
        outcome: sql.placeholder('outcome'),
        prevHash: sql.placeholder('prevHash'),
        hash: sql.placeholder('hash'),
      })
      .prepare(),
  );
  insert.run({ ...entry, seq, prevHash, hash });
  // The head is kept apart from the log so that removing the newest entries also shows.
  prepared(db, 'auditHeadWrite', (d) =>
    d
      .insert(localMeta)
      .values({ key: HEAD_KEY, value: sql.placeholder('head') })
      .onConflictDoUpdate({ target: localMeta.key, set: { value: sql`excluded.value` } })
      .prepare(),
  ).run({ head: JSON.stringify({ seq, hash }) });
  return seq;
}

export interface VerifyProblem {
  seq: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Every broken place in the chain, oldest first: one bad entry must not hide later ones. */
  problems: VerifyProblem[];
}

type StoredRow = Omit<AuditInput, 'records'> & {
  seq: number;
  prevHash: string;
  hash: string;
  records: string;
};

/**
 * Walks the whole chain and reports every problem, not only the first. Each entry is checked on
 * its own (does its hash match its content and its stored link?) and against the entry before it
 * (does its link name that entry's stored hash?), then the walk goes on from the stored hash. So
 * an edited entry is reported once, and an entry edited later with its hash recomputed still
 * shows where its successor no longer links to it.
 */
export function verifyAudit(db: ReadDb): VerifyResult {
  const problems: VerifyProblem[] = [];
  let expectedSeq = 1;
  let prevHash: string | null = GENESIS_HASH;
  let checked = 0;
  // Streamed: the log grows for years and must not be loaded whole.
  const rows = db.$client
    .prepare(
      `SELECT seq, id, office_id AS officeId, at, actor, actor_user_id AS actorUserId, door,
              command, records, summary, outcome, prev_hash AS prevHash, hash
         FROM audit_log ORDER BY seq`,
    )
    .iterate() as IterableIterator<StoredRow>;
  for (const raw of rows) {
    checked += 1;
    if (raw.seq !== expectedSeq) {
      const missing =
        raw.seq === expectedSeq + 1
          ? `entry ${expectedSeq} is missing`
          : `entries ${expectedSeq} to ${raw.seq - 1} are missing`;
      problems.push({ seq: expectedSeq, reason: `${missing} (next entry found is ${raw.seq})` });
      // The entry before this one is gone: its link cannot be checked, only its own hash.
      prevHash = null;
    }
    if (prevHash !== null && raw.prevHash !== prevHash) {
      problems.push({
        seq: raw.seq,
        reason: `entry ${raw.seq} does not link to the entry before it`,
      });
    }
    const { seq, prevHash: storedPrev, hash, records, ...rest } = raw;
    const recordIds = parseRecords(records);
    if (
      recordIds === null ||
      entryHash(storedPrev, seq, { ...rest, records: recordIds }) !== hash
    ) {
      problems.push({ seq, reason: `entry ${seq} was changed after it was written` });
    }
    prevHash = hash;
    expectedSeq = seq + 1;
  }
  const lastSeq = expectedSeq - 1;
  const headRow = db.select().from(localMeta).where(eq(localMeta.key, HEAD_KEY)).get();
  if (headRow) {
    const head = parseHead(headRow.value);
    if (!head) {
      problems.push({ seq: lastSeq, reason: 'the record of the newest entry is damaged' });
    } else if (head.seq !== lastSeq || head.hash !== prevHash) {
      problems.push({
        seq: head.seq,
        reason: `the log ends at entry ${lastSeq} but entry ${head.seq} was written: newer entries were removed`,
      });
    }
  } else if (checked > 0) {
    problems.push({ seq: lastSeq, reason: 'the record of the newest entry is missing' });
  }
  return { ok: problems.length === 0, checked, problems };
}

/** An entry's records column; null when it is no longer the JSON list it was written as. */
function parseRecords(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

function parseHead(text: string): { seq: number; hash: string } | null {
  try {
    const value = JSON.parse(text) as { seq?: unknown; hash?: unknown };
    return typeof value.seq === 'number' && typeof value.hash === 'string'
      ? { seq: value.seq, hash: value.hash }
      : null;
  } catch {
    return null;
  }
}
