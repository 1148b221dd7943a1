// Appending to and verifying the hash-chained audit log. Appends happen inside the command's
// transaction, so an entry exists exactly when its write does.
import { createHash } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { prepared } from './db/prepared';
import { canonicalJson } from '../domain/canonical-json';
import type { Db } from './db/client';
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

export function appendAudit(db: Db, entry: AuditInput): number {
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

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problem: { seq: number; reason: string } | null;
}

export function verifyAudit(db: Db): VerifyResult {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const fail = (seq: number, reason: string): VerifyResult => ({
    ok: false,
    checked,
    problem: { seq, reason },
  });
  // Streamed: the log grows for years and must not be loaded whole.
  const rows = db.$client
    .prepare(
      `SELECT seq, id, office_id AS officeId, at, actor, actor_user_id AS actorUserId, door,
              command, records, summary, outcome, prev_hash AS prevHash, hash
         FROM audit_log ORDER BY seq`,
    )
    .iterate() as IterableIterator<
    Omit<AuditInput, 'records'> & { seq: number; prevHash: string; hash: string; records: string }
  >;
  for (const raw of rows) {
    const row = { ...raw, records: JSON.parse(raw.records) as string[] };
    if (row.seq !== expectedSeq) {
      return fail(expectedSeq, `entry ${expectedSeq} is missing (next entry found is ${row.seq})`);
    }
    if (row.prevHash !== prevHash) {
      return fail(row.seq, `entry ${row.seq} does not link to the entry before it`);
    }
    const { seq, prevHash: _prev, hash, ...entry } = row;
    if (entryHash(prevHash, seq, entry) !== hash) {
      return fail(row.seq, `entry ${row.seq} was changed after it was written`);
    }
    prevHash = hash;
    expectedSeq += 1;
    checked += 1;
  }
  const headRow = db.select().from(localMeta).where(eq(localMeta.key, HEAD_KEY)).get();
  if (headRow) {
    const head = JSON.parse(headRow.value) as { seq: number; hash: string };
    if (head.seq !== checked || head.hash !== prevHash) {
      return fail(
        head.seq,
        `the log ends at entry ${checked} but entry ${head.seq} was written: newer entries were removed`,
      );
    }
  } else if (checked > 0) {
    return fail(checked, 'the record of the newest entry is missing');
  }
  return { ok: true, checked, problem: null };
}
