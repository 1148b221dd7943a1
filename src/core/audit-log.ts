// Appending to and verifying the hash-chained audit log. Appends happen inside the command's
// transaction, so an entry exists exactly when its write does.
import { createHash, randomBytes } from 'node:crypto';
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

const CHAIN_KEY = 'audit_chain';

/**
 * This installation's chain id, made at its first entry. Random, so two offices' chains never
 * share an id; kept in local_meta (never travels). Read each time (one prepared lookup): a
 * restore or a join changes the database under the same connection object.
 */
function ownChain(db: Db): string {
  const read = prepared(db, 'auditChain', (d) =>
    d
      .select({ value: localMeta.value })
      .from(localMeta)
      .where(eq(localMeta.key, CHAIN_KEY))
      .prepare(),
  );
  const found = read.get()?.value;
  if (found) return found;
  const id = randomBytes(16).toString('hex');
  db.insert(localMeta).values({ key: CHAIN_KEY, value: id }).run();
  return id;
}

/** Appends to this installation's chain; returns the entry's place in it. */
export function appendAudit(db: Db, given: AuditInput): number {
  const entry = storable(given);
  const chainId = ownChain(db);
  // This chain's newest entry, not the newest row: entries of other offices arrive by sync.
  const last = prepared(db, 'auditHead', (d) =>
    d
      .select({ seq: auditLog.chainSeq, hash: auditLog.hash })
      .from(auditLog)
      .where(eq(auditLog.chainId, sql.placeholder('chain')))
      .orderBy(desc(auditLog.chainSeq))
      .limit(1)
      .prepare(),
  ).get({ chain: chainId });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, seq, entry);
  const insert = prepared(db, 'auditInsert', (d) =>
    d
      .insert(auditLog)
      .values({
        chainId: sql.placeholder('chainId'),
        chainSeq: sql.placeholder('seq'),
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
  insert.run({ ...entry, chainId, seq, prevHash, hash });
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
  /** The entry's place in its chain. */
  seq: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Every broken place, this office's chain first, then each other office's, oldest first. */
  problems: VerifyProblem[];
}

type StoredRow = Omit<AuditInput, 'records'> & {
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
  records: string;
};

/**
 * Walks every chain and reports every problem, not only the first. Each installation writes its
 * own chain; entries of other offices arrive by sync in their chain's order (a bundle applies one
 * office's changes in order, without gaps), so each chain is walked on its own and other offices'
 * entries never read as breaks in this one. Each entry is checked on its own (does its hash match
 * its content and its stored link?) and against the entry before it in its chain (does its link
 * name that entry's stored hash?), then the walk goes on from the stored hash. So an edited entry
 * is reported once, and an entry edited later with its hash recomputed still shows where its
 * successor no longer links to it. Only this office's chain has a head kept apart (local_meta), so
 * the removal of another chain's newest entries cannot be seen from here.
 */
export function verifyAudit(db: ReadDb): VerifyResult {
  const problems: VerifyProblem[] = [];
  const own = db.select().from(localMeta).where(eq(localMeta.key, CHAIN_KEY)).get()?.value ?? null;
  // Each other chain is named by its office's code (an installation's first entries may be
  // refused set-up attempts, written before it had an office).
  const officeOfChain = new Map<string, string>();
  const named = db.$client
    .prepare(
      `SELECT DISTINCT a.chain_id AS chain, o.code FROM audit_log a JOIN offices o ON o.id = a.office_id`,
    )
    .all() as { chain: string; code: string }[];
  for (const n of named) officeOfChain.set(n.chain, n.code);
  let checked = 0;
  let chain: string | null = null;
  let label = '';
  let expectedSeq = 1;
  let prevHash: string | null = GENESIS_HASH;
  let ownLast = { seq: 0, hash: GENESIS_HASH as string | null };
  // Streamed: the log grows for years and must not be loaded whole. This chain first.
  const rows = db.$client
    .prepare(
      `SELECT chain_id AS chainId, chain_seq AS seq, id, office_id AS officeId, at, actor,
              actor_user_id AS actorUserId, door, command, records, summary, outcome,
              prev_hash AS prevHash, hash
         FROM audit_log ORDER BY chain_id IS NOT ?, chain_id, chain_seq`,
    )
    .iterate(own) as IterableIterator<StoredRow>;
  for (const raw of rows) {
    checked += 1;
    if (raw.chainId !== chain) {
      chain = raw.chainId;
      expectedSeq = 1;
      prevHash = GENESIS_HASH;
      label = chain === own ? '' : ` of office ${officeOfChain.get(chain) ?? raw.officeId}`;
    }
    const name = (n: number) => `entry ${n}${label}`;
    if (raw.seq !== expectedSeq) {
      const missing =
        raw.seq === expectedSeq + 1
          ? `${name(expectedSeq)} is missing`
          : `entries ${expectedSeq} to ${raw.seq - 1}${label} are missing`;
      problems.push({ seq: expectedSeq, reason: `${missing} (next entry found is ${raw.seq})` });
      // The entry before this one is gone: its link cannot be checked, only its own hash.
      prevHash = null;
    }
    if (prevHash !== null && raw.prevHash !== prevHash) {
      problems.push({
        seq: raw.seq,
        reason: `${name(raw.seq)} does not link to the entry before it`,
      });
    }
    const { chainId, seq, prevHash: storedPrev, hash, records, ...rest } = raw;
    const recordIds = parseRecords(records);
    if (
      recordIds === null ||
      entryHash(storedPrev, seq, { ...rest, records: recordIds }) !== hash
    ) {
      problems.push({ seq, reason: `${name(seq)} was changed after it was written` });
    }
    prevHash = hash;
    expectedSeq = seq + 1;
    if (chainId === own) ownLast = { seq, hash: prevHash };
  }
  const lastSeq = ownLast.seq;
  const headRow = db.select().from(localMeta).where(eq(localMeta.key, HEAD_KEY)).get();
  if (headRow) {
    const head = parseHead(headRow.value);
    if (!head) {
      problems.push({ seq: lastSeq, reason: 'the record of the newest entry is damaged' });
    } else if (head.seq !== lastSeq || head.hash !== ownLast.hash) {
      problems.push({
        seq: head.seq,
        reason: `the log ends at entry ${lastSeq} but entry ${head.seq} was written: newer entries were removed`,
      });
    }
  } else if (lastSeq > 0) {
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
