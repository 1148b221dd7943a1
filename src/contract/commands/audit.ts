// The audit log: every write, who did it and when; hash-chained so edits and deletions show.
import { z } from 'zod';
import { AUDIT_OUTCOMES } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';
import { empty } from './common';

const readers = ['admin', 'manager'] as const;

export const auditEntry = z.object({
  seq: z.number().int(),
  id: f.id,
  at: z.string(),
  actor: z.string(),
  actorUserId: z.string().nullable(),
  door: z.string(),
  command: z.string(),
  records: z.array(z.string()),
  summary: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** Signing in and out, locking and unlocking: many a day, so the log can hide them or show only them. */
export const SIGN_IN_COMMANDS = ['auth.login', 'auth.logout', 'auth.lock', 'auth.unlock'] as const;

export const auditListInput = z
  .object({
    from: f.isoInstant.optional(),
    to: f.isoInstant.optional(),
    actor: z.string().trim().max(64).optional(),
    command: z.string().trim().max(64).optional(),
    text: z.string().trim().max(200).optional(),
    /** Only what was done, or only what was refused (failed sign-ins). */
    outcome: z.enum(['ok', 'refused']).optional(),
    /** Sign-ins and sign-outs, locks and unlocks: only them, or everything but them. */
    signIns: z.enum(['only', 'hide']).optional(),
    /** Entries with a sequence number below this one (paging backwards from the newest). */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditListInput = z.input<typeof auditListInput>;

export const auditCommands = {
  'audit.list': defineCommand({
    name: 'audit.list',
    summary:
      'Audit entries, newest first, filtered by time, user, command, text, outcome (done or refused) and sign-ins.',
    input: auditListInput,
    output: z.object({ entries: z.array(auditEntry), nextBeforeSeq: z.number().int().nullable() }),
    access: readers,
    kind: 'query',
  }),
  'audit.verify': defineCommand({
    name: 'audit.verify',
    summary:
      'Recompute the hash chain of the whole audit log and report every broken entry, oldest first.',
    input: empty,
    output: z.object({
      ok: z.boolean(),
      /** Entries read. */
      checked: z.number().int(),
      /** Every problem found, oldest first; empty when the log is intact. */
      problems: z.array(z.object({ seq: z.number().int(), reason: z.string() })),
    }),
    access: readers,
    kind: 'query',
  }),
};
